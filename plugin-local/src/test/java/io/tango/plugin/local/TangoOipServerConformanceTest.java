package io.tango.plugin.local;

import io.tango.api.FieldSpec;
import io.tango.api.ModelSignature;
import io.tango.api.deploy.Deployment;
import io.tango.plugin.local.deploy.LocalDeploymentClient;
import io.tango.plugin.local.engine.EngineSettings;
import io.tango.plugin.local.engine.ModelEngines;
import io.tango.plugin.local.server.ServingSettings;
import io.tango.plugin.local.store.LocalModelStore;
import io.tango.plugin.local.store.ModelDraft;
import io.tango.testkit.oip.KnownDeviation;
import io.tango.testkit.oip.OipConformanceTest;
import io.tango.toolkit.oip.OipDatatype;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * The OIP conformance kit, which the real Triton, KServe and MLServer also run, against TANGO's own server: one
 * deployment of an {@link OipIdentityEngine} model over all 14 OIP datatypes, REST and gRPC on ports of 127.0.0.1.
 */
class TangoOipServerConformanceTest extends OipConformanceTest {

    private static final String VERSION = "1";

    private LocalDeploymentClient client;
    private URI url;
    private String grpcTarget;

    @BeforeAll
    void serveTheIdentityModel(@TempDir Path root) {
        LocalModelStore store = new LocalModelStore(root);
        store.save("identity", Optional.empty(), directory -> {
            Files.writeString(directory.resolve("identity.txt"), "answers in_<type> as out_<type>");
            return new ModelDraft(OipIdentityEngine.NAME, "identity.txt",
                    new ModelSignature(fields("in_"), fields("out_")), Map.of());
        }, () -> true);
        LocalModelLoader loader = new LocalModelLoader(new ModelEngines(List.of(new OipIdentityEngine())),
                EngineSettings.defaults());
        client = new LocalDeploymentClient(store, new LocalModelFinder(store, "test"), loader,
                new ServingSettings("127.0.0.1", 2, 16, 1 << 20), Clock.systemUTC());
        Deployment identity = client.createDeployment("identity", "identity", Optional.empty(),
                Map.of("serve", "true", "grpc_port", "0"));
        url = identity.url().orElseThrow();
        grpcTarget = "127.0.0.1:" + identity.details().get("grpc_port");
    }

    @AfterAll
    void stop() {
        if (client != null) {
            client.close();
        }
    }

    private static List<FieldSpec> fields(String prefix) {
        return Arrays.stream(OipDatatype.values())
                .map(type -> FieldSpec.of(prefix + type.wireName().toLowerCase(Locale.ROOT), type.dataType(), -1, -1))
                .toList();
    }

    @Override
    protected URI restBaseUrl() {
        return url;
    }

    @Override
    protected String grpcTarget() {
        return grpcTarget;
    }

    @Override
    protected Set<OipDatatype> identityDatatypes() {
        return EnumSet.allOf(OipDatatype.class);
    }

    @Override
    protected String identityVersion() {
        return VERSION;
    }

    /**
     * TANGO's server leaves checking input names and datatypes to the model's engine (ONNX Runtime's does); the
     * identity engine takes any input, so what it is sent comes back.
     */
    @Override
    protected Set<KnownDeviation> knownDeviations() {
        return EnumSet.of(KnownDeviation.INPUTS_NOT_CHECKED_AGAINST_METADATA);
    }
}
