package io.tango.plugin.oip;

import io.tango.api.LoadedModel;
import io.tango.api.TangoRequest;
import io.tango.api.Tensor;
import io.tango.runtime.ComponentKind;
import io.tango.runtime.TangoRuntime;
import io.tango.runtime.plugin.ProviderReport;
import io.tango.runtime.plugin.ProviderStatus;
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
import java.util.function.Predicate;
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

    private static KServeServer server;
    private static TangoRuntime runtime;

    @BeforeAll
    static void start() throws IOException {
        Path plugin = Files.createDirectories(work.resolve("plugins").resolve(PLUGIN));
        copyJars(Path.of(System.getProperty("tango.plugin.jar.dir")), plugin, name -> name.startsWith(PLUGIN + "-")
                && !name.endsWith("-sources.jar") && !name.endsWith("-tests.jar") && !name.endsWith("-javadoc.jar"));
        copyJars(Path.of(System.getProperty("tango.plugin.deps.dir")), plugin, name -> true);
        server = KServeServer.start(work.resolve("kserve"));
        runtime = TangoRuntime.builder()
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
                .pluginDirectory(work.resolve("plugins"))
                .scanClassPath(false)
                .build();
    }

    @AfterAll
    static void stop() {
        if (runtime != null) {
            runtime.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private static void copyJars(Path from, Path to, Predicate<String> wanted) throws IOException {
        try (Stream<Path> jars = Files.list(from)) {
            for (Path jar : jars.filter(path -> path.toString().endsWith(".jar"))
                    .filter(path -> wanted.test(path.getFileName().toString())).toList()) {
                Files.copy(jar, to.resolve(jar.getFileName()));
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
