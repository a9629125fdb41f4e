package io.tango.plugin.local;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import io.tango.api.DataType;
import io.tango.api.FieldSpec;
import io.tango.api.ModelSignature;
import io.tango.plugin.local.engine.EngineSettings;
import io.tango.plugin.local.engine.ModelEngines;
import io.tango.plugin.local.engine.TabularData;
import io.tango.plugin.local.engine.TrainingMonitor;
import io.tango.plugin.local.engine.TrainingTask;
import io.tango.plugin.local.engine.onnx.OnnxModelEngine;
import io.tango.plugin.local.engine.tribuo.TribuoModelEngine;
import io.tango.plugin.local.store.LocalModelStore;
import io.tango.plugin.local.store.ModelDraft;
import io.tango.plugin.local.store.StoredModel;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Real data and real models for tests: trained by the tribuo engine, or built from ONNX messages with known weights. */
final class Fixtures {
    static final List<String> IRIS_FEATURES = List.of("sepal_length", "sepal_width", "petal_length", "petal_width");

    private Fixtures() {}

    /** @return a data set of {@code src/test/resources/datasets} */
    static Path dataset(String fileName) {
        try {
            return Path.of(Fixtures.class.getResource("/datasets/" + fileName).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static TabularData table(String fileName) {
        try (Reader reader = Files.newBufferedReader(dataset(fileName), StandardCharsets.UTF_8)) {
            return TabularData.readCsv(fileName, reader);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static LocalModelLoader loader() {
        return new LocalModelLoader(ModelEngines.discover(), EngineSettings.defaults());
    }

    static Map<String, Object> irisArguments() {
        return Map.of("data", dataset("iris.csv").toString(), "target", "species", "epochs", 30);
    }

    static Map<String, Object> diabetesArguments() {
        return Map.of("data", dataset("diabetes.csv").toString(), "target", "progression", "epochs", 30);
    }

    /** Trains with the tribuo engine straight into the store. */
    static StoredModel train(LocalModelStore store, String name, Map<String, Object> arguments) {
        TribuoModelEngine engine = new TribuoModelEngine();
        return store.save(name, Optional.empty(),
                directory -> engine.train(new TrainingTask(name, arguments, directory, TrainingMonitor.none())), () -> true);
    }

    /**
     * Saves {@link #linearOnnx} with weights {@code [1, 2, 3]} and bias {@code 0.5} as a new version of {@code name}
     * in the store, engine {@code onnx}, signature {@code x} FLOAT32 {@code [-1, 3]} to {@code y} FLOAT32
     * {@code [-1, 1]}: {@code y = x1 + 2 x2 + 3 x3 + 0.5}, exact in float.
     */
    static StoredModel saveLinear(LocalModelStore store, String name) {
        return store.save(name, Optional.empty(), directory -> {
            Files.write(directory.resolve("model.onnx"), linearOnnx(new float[] {1f, 2f, 3f}, 0.5f));
            return new ModelDraft(OnnxModelEngine.NAME, "model.onnx", new ModelSignature(
                    List.of(FieldSpec.of("x", DataType.FLOAT32, -1, 3)), List.of(FieldSpec.of("y", DataType.FLOAT32, -1, 1))),
                    Map.of());
        }, () -> true);
    }

    /** The first {@code rows} rows of iris as one list per feature column. */
    static Map<String, Object> irisColumns(int rows) {
        TabularData iris = table("iris.csv");
        Map<String, Object> columns = new LinkedHashMap<>();
        for (String feature : IRIS_FEATURES) {
            columns.put(feature, iris.column(feature).subList(0, rows));
        }
        return columns;
    }

    /** @return rows {@code from} (inclusive) to {@code to} (exclusive) of iris's features */
    static List<double[]> irisRows(int from, int to) {
        TabularData iris = table("iris.csv");
        List<double[]> rows = new ArrayList<>();
        for (int r = from; r < to; r++) {
            double[] row = new double[IRIS_FEATURES.size()];
            for (int f = 0; f < row.length; f++) {
                row[f] = ((Number) iris.rows().get(r).get(iris.indexOf(IRIS_FEATURES.get(f)))).doubleValue();
            }
            rows.add(row);
        }
        return rows;
    }

    /**
     * A linear regression ONNX graph with known weights: {@code y = x · weights + bias}, input {@code x} FLOAT
     * {@code [-1, n]}, output {@code y} FLOAT {@code [-1, 1]}.
     */
    static byte[] linearOnnx(float[] weights, float bias) {
        TensorProto.Builder w = TensorProto.newBuilder().setName("w").setDataType(TensorProto.DataType.FLOAT.getNumber())
                .addDims(weights.length).addDims(1);
        for (float weight : weights) {
            w.addFloatData(weight);
        }
        TensorProto b = TensorProto.newBuilder().setName("b").setDataType(TensorProto.DataType.FLOAT.getNumber())
                .addDims(1).addFloatData(bias).build();
        GraphProto graph = GraphProto.newBuilder().setName("linear")
                .addInitializer(w).addInitializer(b)
                .addNode(NodeProto.newBuilder().setOpType("MatMul").addInput("x").addInput("w").addOutput("xw"))
                .addNode(NodeProto.newBuilder().setOpType("Add").addInput("xw").addInput("b").addOutput("y"))
                .addInput(valueInfo("x", weights.length))
                .addOutput(valueInfo("y", 1))
                .build();
        return ModelProto.newBuilder().setIrVersion(8).setProducerName("plugin-local tests").setGraph(graph)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(13))
                .build().toByteArray();
    }

    /**
     * An ONNX graph that gives its input back: input {@code x}, output {@code y}, both of ONNX element type
     * {@code elementType} (a {@link TensorProto.DataType}) and shape {@code [-1, width]}.
     */
    static byte[] identityOnnx(TensorProto.DataType elementType, long width) {
        return oneNodeOnnx(NodeProto.newBuilder().setOpType("Identity"), elementType, elementType, width);
    }

    /**
     * An ONNX graph that casts its FLOAT input {@code x} {@code [-1, width]} to output {@code y} of ONNX element type
     * {@code to}.
     */
    static byte[] castOnnx(TensorProto.DataType to, long width) {
        return oneNodeOnnx(NodeProto.newBuilder().setOpType("Cast").addAttribute(AttributeProto.newBuilder().setName("to")
                .setType(AttributeProto.AttributeType.INT).setI(to.getNumber())), TensorProto.DataType.FLOAT, to, width);
    }

    /** A graph of one node from input {@code x} to output {@code y}, both {@code [-1, width]}. */
    private static byte[] oneNodeOnnx(NodeProto.Builder node, TensorProto.DataType in, TensorProto.DataType out, long width) {
        GraphProto graph = GraphProto.newBuilder().setName(node.getOpType().toLowerCase(Locale.ROOT))
                .addNode(node.addInput("x").addOutput("y"))
                .addInput(valueInfo("x", in, width))
                .addOutput(valueInfo("y", out, width))
                .build();
        return ModelProto.newBuilder().setIrVersion(8).setProducerName("plugin-local tests").setGraph(graph)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(13))
                .build().toByteArray();
    }

    private static ValueInfoProto valueInfo(String name, long width) {
        return valueInfo(name, TensorProto.DataType.FLOAT, width);
    }

    private static ValueInfoProto valueInfo(String name, TensorProto.DataType elementType, long width) {
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(TypeProto.Tensor.newBuilder()
                .setElemType(elementType.getNumber())
                .setShape(TensorShapeProto.newBuilder()
                        .addDim(TensorShapeProto.Dimension.newBuilder().setDimParam("batch"))
                        .addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(width)))))
                .build();
    }
}
