package io.tango.plugin.oip;

import io.tango.api.LoadedModel;
import io.tango.api.TangoRequest;
import io.tango.api.Tensor;
import io.tango.runtime.ComponentKind;
import io.tango.runtime.TangoRuntime;
import io.tango.runtime.plugin.ProviderReport;
import io.tango.runtime.plugin.ProviderStatus;
import io.tango.testkit.contract.IsolatedPlugin;
import io.tango.testkit.oip.KServeServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged plugin ({@code target/plugin-oip-*.jar} and its runtime dependencies, grpc-netty among them) loaded
 * from a plugin directory in isolation, with class-path scanning off, predicting over REST and gRPC from a real
 * KServe 0.21.
 */
class OipPluginDirectoryIT {
    private static final String PLUGIN = "plugin-oip";

    @TempDir
    static Path work;

    private static IsolatedPlugin plugin;
    private static KServeServer server;
    private static TangoRuntime runtime;

    @BeforeAll
    static void start() throws IOException {
        // The distribution's plugins/oip folder: the plugin's jar beside target/plugin-deps.
        Path folder = Files.createDirectories(work.resolve(PLUGIN));
        Path jar = Path.of(System.getProperty("tango.plugin.jar.dir"), System.getProperty("tango.plugin.jar.name"));
        Files.copy(jar, folder.resolve(jar.getFileName()));
        try (Stream<Path> dependencies = Files.list(Path.of(System.getProperty("tango.plugin.deps.dir")))) {
            for (Path dependency : dependencies.toList()) {
                Files.copy(dependency, folder.resolve(dependency.getFileName()));
            }
        }
        plugin = IsolatedPlugin.fromFolder(folder);
        server = KServeServer.start(work.resolve("kserve"));
        runtime = plugin.runtimeBuilder()
                .configYaml("""
                        model_management:
                          finders:
                            default:
                              type: OIP
                          initializers:
                            default:
                              type: OIP
                          job_predictors:
                            oip:
                              type: OIP
                          registries:
                            kserve:
                              type: OIP
                              config:
                                base_url: %1$s
                          model_servers:
                            kserve:
                              type: OIP
                              config:
                                base_url: %1$s
                                model: linear
                        """.formatted(server.restBaseUrl()))
                .build();
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable closeable : new AutoCloseable[] {runtime, server, plugin}) {
            if (closeable != null) {
                try {
                    closeable.close();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        }
    }

    @Test
    void loadsEveryFactoryFromThePluginDirectory() {
        List<ProviderReport> oip = runtime.pluginReport().providers().stream()
                .filter(provider -> provider.type().equals(Optional.of("OIP")))
                .toList();

        assertThat(oip).extracting(ProviderReport::kind).containsExactlyInAnyOrder(ComponentKind.FINDER,
                ComponentKind.INITIALIZER, ComponentKind.JOB_PREDICTOR, ComponentKind.REGISTRY, ComponentKind.MODEL_SERVER);
        assertThat(oip).allSatisfy(provider -> {
            assertThat(provider.plugin()).isEqualTo(PLUGIN);
            assertThat(provider.status()).isEqualTo(ProviderStatus.LOADED);
        });
        assertThat(runtime.pluginReport().problems()).isEmpty();
    }

    @Test
    void predictsOverRestAndGrpcWithTheIsolatedPlugin() {
        TangoRequest request = TangoRequest.of(Map.of("x", List.of(List.of(1.0, 2.0, 3.0, 4.0))));
        for (String key : List.of("oip://" + server.restBaseUrl().getRawAuthority() + "/linear",
                "oip+grpc://" + server.grpcTarget() + "/linear")) {
            LoadedModel model = runtime.modelManager().load(key);

            assertThat(model).isNotInstanceOf(OipModel.class);
            Object y = model.predict(request).output("y").orElseThrow();
            assertThat(y.getClass().getName()).isEqualTo(Tensor.class.getName());
            assertThat(((Tensor) y).toFloatArray()).containsExactly(new float[] {2.25f, 1.85f, 3.75f},
                    org.assertj.core.data.Offset.offset(1e-5f));
        }
    }
}
