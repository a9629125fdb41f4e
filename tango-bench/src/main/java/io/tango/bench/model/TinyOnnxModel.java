package io.tango.bench.model;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * The model every comparison runs: a linear regression {@code y = x · w + b} over four features, as an ONNX graph
 * (input {@code x} FLOAT {@code [batch, 4]}, output {@code y} FLOAT {@code [batch, 1]}). Tiny on purpose: the
 * benchmarks measure what sits around the model, not the model.
 *
 * <p>The same file is fed to ONNX Runtime directly, to TANGO, and (saved by {@code mlflow.onnx.save_model}) to
 * {@code mlflow models serve}.
 */
public final class TinyOnnxModel {
    /** The graph's input. */
    public static final String INPUT = "x";
    /** The graph's output. */
    public static final String OUTPUT = "y";
    /** The feature columns of the HTTP requests, in order. */
    public static final List<String> COLUMNS = List.of("sepal_length", "sepal_width", "petal_length", "petal_width");
    /** The weights of the four features. */
    private static final float[] WEIGHTS = {0.5f, -0.25f, 1.5f, 2.0f};
    private static final float BIAS = 0.125f;
    /** The one row every request carries. */
    private static final float[] ROW = {5.1f, 3.5f, 1.4f, 0.2f};

    private TinyOnnxModel() {}

    /** @return a copy of the row every request carries */
    public static float[] row() {
        return ROW.clone();
    }

    /** @return the model's answer for {@link #row()}, computed in Java */
    public static float expected() {
        return predict(ROW);
    }

    /**
     * The model's formula in Java, what every benchmark checks the answers it measures against.
     *
     * @param features the four features of one row
     * @return {@code features · w + b}
     * @throws IllegalArgumentException if there are not four features
     */
    public static float predict(float[] features) {
        requireNonNull(features, "features is null");
        if (features.length != WEIGHTS.length) {
            throw new IllegalArgumentException("expected " + WEIGHTS.length + " features, got " + features.length);
        }
        float sum = BIAS;
        for (int i = 0; i < features.length; i++) {
            sum += features[i] * WEIGHTS[i];
        }
        return sum;
    }

    /**
     * The MLflow scoring request for {@link #row()}, compact: {@code dataframe_split} with the four named columns.
     *
     * @return the JSON body
     */
    public static String scoringBody() {
        StringBuilder body = new StringBuilder("{\"dataframe_split\":{\"columns\":[");
        for (int i = 0; i < COLUMNS.size(); i++) {
            body.append(i == 0 ? "" : ",").append('"').append(COLUMNS.get(i)).append('"');
        }
        body.append("],\"data\":[[");
        for (int i = 0; i < ROW.length; i++) {
            body.append(i == 0 ? "" : ",").append(ROW[i]);
        }
        return body.append("]]}}").toString();
    }

    /**
     * The same request as {@link #scoringBody()}, as a TANGO request whose only input is {@code dataframe_split} (which
     * MLflow clients send as given).
     *
     * @return the request's single input: {@code columns} and {@code data}
     */
    public static Map<String, Object> dataframeSplit() {
        List<Object> values = new ArrayList<>();
        for (float value : ROW) {
            values.add(Double.parseDouble(Float.toString(value)));
        }
        Map<String, Object> split = new LinkedHashMap<>();
        split.put("columns", COLUMNS);
        split.put("data", List.of(values));
        return split;
    }

    /**
     * Writes the model and prints the scoring body and the expected prediction, one per line (for {@code bench/run.sh}).
     *
     * @param args the file to write
     */
    public static void main(String[] args) {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: TinyOnnxModel <model.onnx>");
        }
        write(Path.of(args[0]));
        System.out.println(scoringBody());
        System.out.println(expected());
    }

    /**
     * Writes the model.
     *
     * @param file where to write it; its folder is created
     * @return {@code file}
     */
    public static Path write(Path file) {
        return OnnxFiles.write(file, bytes());
    }

    /** @return the ONNX model, serialized */
    public static byte[] bytes() {
        TensorProto.Builder w = TensorProto.newBuilder().setName("w").setDataType(TensorProto.DataType.FLOAT.getNumber())
                .addDims(WEIGHTS.length).addDims(1);
        for (float weight : WEIGHTS) {
            w.addFloatData(weight);
        }
        TensorProto b = TensorProto.newBuilder().setName("b").setDataType(TensorProto.DataType.FLOAT.getNumber())
                .addDims(1).addFloatData(BIAS).build();
        GraphProto graph = GraphProto.newBuilder().setName("tiny_linear")
                .addInitializer(w).addInitializer(b)
                .addNode(NodeProto.newBuilder().setOpType("MatMul").addInput(INPUT).addInput("w").addOutput("xw"))
                .addNode(NodeProto.newBuilder().setOpType("Add").addInput("xw").addInput("b").addOutput(OUTPUT))
                .addInput(OnnxFiles.floatRows(INPUT, "batch", WEIGHTS.length))
                .addOutput(OnnxFiles.floatRows(OUTPUT, "batch", 1))
                .build();
        return ModelProto.newBuilder().setIrVersion(8).setProducerName("tango-bench").setGraph(graph)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(13))
                .build().toByteArray();
    }
}
