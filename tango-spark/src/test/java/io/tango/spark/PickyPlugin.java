package io.tango.spark;

import io.tango.api.spi.ModelFinderFactory;
import io.tango.api.spi.ModelInitializerFactory;
import io.tango.testkit.PluginJarBuilder;

import java.nio.file.Path;

/**
 * A small plugin compiled by the test, for what the Iris model cannot show: a model that rejects rows (negative
 * {@code x}), a FLOAT32 input fed from a double column (MLflow's cast), a tensor input {@code v} of shape [-1, 2] fed
 * from an array column and a column input {@code w} of shape [-1, 1] fed from a plain column. Its finder knows the key
 * {@value #KEY}; its model answers {@code y = x + v[0] + v[1] + w} (FLOAT64, shape [-1, 1]) and refuses inputs of
 * other types or shapes, so the casts are proven by the model itself.
 */
final class PickyPlugin {
    /** The model's key. */
    static final String KEY = "picky";
    /** The same model, described by the finder without a signature: only the loaded model has it. */
    static final String UNSIGNED_KEY = "picky-unsigned";
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
                            public static final ModelSignature SIGNATURE = new ModelSignature(
                                    List.of(FieldSpec.of("x", DataType.FLOAT32, -1), FieldSpec.of("v", DataType.INT64, -1, 2),
                                            FieldSpec.of("w", DataType.FLOAT64, -1, 1)),
                                    List.of(FieldSpec.of("y", DataType.FLOAT64, -1, 1)));
                            public String type() { return "PICKY"; }
                            public ModelFinder create(TangoConfig config, String instanceName) {
                                return key -> switch (key.value()) {
                                    case "picky" -> Optional.of(ModelDescriptor.builder(key, "picky", "picky").signature(SIGNATURE).build());
                                    // Described without a signature: only the loaded model knows it.
                                    case "picky-unsigned" -> Optional.of(ModelDescriptor.builder(key, "picky", "picky").build());
                                    default -> Optional.empty();
                                };
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
                            PickyModel(ModelDescriptor descriptor) {
                                this.descriptor = descriptor.toBuilder().signature(PickyFinderFactory.SIGNATURE).build();
                            }
                            public ModelDescriptor descriptor() { return descriptor; }
                            public TangoRequest mapRequest(TangoRequest request, WorkingSession session) { return request; }
                            public TangoResponse mapResponse(TangoResponse response) { return response; }
                            public TangoResponse invoke(TangoRequest request) {
                                Tensor x = (Tensor) request.input("x").orElseThrow();
                                Tensor v = (Tensor) request.input("v").orElseThrow();
                                Tensor w = (Tensor) request.input("w").orElseThrow();
                                if (x.type() != DataType.FLOAT32 || v.type() != DataType.INT64 || w.type() != DataType.FLOAT64
                                        || w.shape().length != 2 || w.shape()[1] != 1) {
                                    throw new InvalidRequestException("x must be FLOAT32, v INT64 and w FLOAT64 [n, 1], got " + x
                                            + ", " + v + " and " + w);
                                }
                                double[] ws = w.toDoubleArray();
                                float[] xs = x.toFloatArray();
                                long[] vs = v.toLongArray();
                                double[] y = new double[xs.length];
                                for (int i = 0; i < xs.length; i++) {
                                    if (xs[i] < 0) {
                                        throw new InvalidRequestException("x must be >= 0, got " + xs[i]);
                                    }
                                    y[i] = xs[i] + vs[2 * i] + vs[2 * i + 1] + ws[i];
                                }
                                return TangoResponse.of(Map.of("y", Tensor.ofDoubles(y, xs.length, 1)));
                            }
                        }
                        """)
                .service(ModelFinderFactory.class, "picky.PickyFinderFactory")
                .service(ModelInitializerFactory.class, "picky.PickyInitializerFactory")
                .build(plugins.resolve("picky").resolve("picky.jar"));
        return plugins;
    }
}
