package io.tango.spark;

import io.tango.api.spi.ModelFinderFactory;
import io.tango.api.spi.ModelInitializerFactory;
import io.tango.testkit.PluginJarBuilder;

import java.nio.file.Path;

/**
 * A small plugin compiled by the test, for what the Iris model cannot show: a model that rejects rows (negative
 * {@code x}), a FLOAT32 input fed from a double column (MLflow's cast) and a tensor input {@code v} of shape [-1, 2]
 * fed from an array column. Its finder knows the key {@value #KEY}; its model answers {@code y = x + v[0] + v[1]}
 * (FLOAT64) and refuses any input that is not FLOAT32 and INT64, so the casts are proven by the model itself.
 */
final class PickyPlugin {
    /** The model's key. */
    static final String KEY = "picky";
    /** The configuration that finds and loads the model. */
    static final String CONFIG = """
            model_management:
              finders:
                default: {type: PICKY}
              initializers:
                default: {type: PICKY}
            """;

    private PickyPlugin() {}

    /**
     * @param plugins a plugin directory; gets {@code picky/picky.jar}
     * @return {@code plugins}
     */
    static Path build(Path plugins) {
        PluginJarBuilder.named("picky")
                .source("picky.PickyFinderFactory", """
                        package picky;
                        import io.tango.api.*;
                        import io.tango.api.config.TangoConfig;
                        import io.tango.api.spi.ModelFinderFactory;
                        import java.util.List;
                        import java.util.Optional;
                        public class PickyFinderFactory implements ModelFinderFactory {
                            public String type() { return "PICKY"; }
                            public ModelFinder create(TangoConfig config, String instanceName) {
                                return key -> key.value().equals("picky")
                                        ? Optional.of(ModelDescriptor.builder(key, "picky", "picky")
                                                .signature(new ModelSignature(
                                                        List.of(FieldSpec.of("x", DataType.FLOAT32, -1), FieldSpec.of("v", DataType.INT64, -1, 2)),
                                                        List.of(FieldSpec.of("y", DataType.FLOAT64, -1))))
                                                .build())
                                        : Optional.empty();
                            }
                        }
                        """)
                .source("picky.PickyInitializerFactory", """
                        package picky;
                        import io.tango.api.*;
                        import io.tango.api.config.TangoConfig;
                        import io.tango.api.spi.ModelInitializerFactory;
                        import java.util.Optional;
                        public class PickyInitializerFactory implements ModelInitializerFactory {
                            public String type() { return "PICKY"; }
                            public ModelInitializer create(TangoConfig config, String instanceName) {
                                return descriptor -> Optional.<TangoModel<?, ?>>of(new PickyModel(descriptor));
                            }
                        }
                        """)
                .source("picky.PickyModel", """
                        package picky;
                        import io.tango.api.*;
                        import java.util.Map;
                        public class PickyModel implements TangoModel<TangoRequest, TangoResponse> {
                            private final ModelDescriptor descriptor;
                            PickyModel(ModelDescriptor descriptor) { this.descriptor = descriptor; }
                            public ModelDescriptor descriptor() { return descriptor; }
                            public TangoRequest mapRequest(TangoRequest request, WorkingSession session) { return request; }
                            public TangoResponse mapResponse(TangoResponse response) { return response; }
                            public TangoResponse invoke(TangoRequest request) {
                                Tensor x = (Tensor) request.input("x").orElseThrow();
                                Tensor v = (Tensor) request.input("v").orElseThrow();
                                if (x.type() != DataType.FLOAT32 || v.type() != DataType.INT64) {
                                    throw new InvalidRequestException("x must be FLOAT32 and v INT64, got " + x + " and " + v);
                                }
                                float[] xs = x.toFloatArray();
                                long[] vs = v.toLongArray();
                                double[] y = new double[xs.length];
                                for (int i = 0; i < xs.length; i++) {
                                    if (xs[i] < 0) {
                                        throw new InvalidRequestException("x must be >= 0, got " + xs[i]);
                                    }
                                    y[i] = xs[i] + vs[2 * i] + vs[2 * i + 1];
                                }
                                return TangoResponse.of(Map.of("y", Tensor.ofDoubles(y, xs.length)));
                            }
                        }
                        """)
                .service(ModelFinderFactory.class, "picky.PickyFinderFactory")
                .service(ModelInitializerFactory.class, "picky.PickyInitializerFactory")
                .build(plugins.resolve("picky").resolve("picky.jar"));
        return plugins;
    }
}
