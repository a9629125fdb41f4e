package io.tango.bench.model;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import com.google.protobuf.ByteString;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Locale;
import java.util.StringJoiner;

import static java.util.Objects.requireNonNull;

/**
 * The model of the OIP serving comparisons: {@code y = x W + b}, {@code x} FP32 {@code [-1, 4]} to {@code y} FP32
 * {@code [-1, 3]}, the bytes tango-testkit's {@code triton_peer.py} writes as {@code linear.onnx} (same weights, same
 * fields in the same order: ONNX IR 8, opset 13, {@code W} and {@code b} as raw little-endian floats). TANGO serves this
 * file; Triton runs the script's own copy; KServe's peer computes the same formula in NumPy and MLServer's serves a
 * scikit-learn {@code LinearRegression} with these weights.
 */
public final class LinearOnnxModel {
    /** The graph's input. */
    public static final String INPUT = "x";
    /** The graph's output. */
    public static final String OUTPUT = "y";
    /** {@code W}, 4 rows of 3: triton_peer.py's {@code WEIGHTS}. */
    private static final float[][] WEIGHTS = {{0.5f, -1.0f, 0.25f}, {1.0f, 0.0f, -0.5f}, {-0.25f, 0.75f, 1.0f},
            {0.1f, 0.2f, 0.3f}};
    private static final float[] BIAS = {0.1f, -0.2f, 0.3f};
    /** The one row every request carries. */
    private static final float[] ROW = {1.0f, 2.0f, 3.0f, 4.0f};

    private LinearOnnxModel() {}

    /** @return a copy of the row every request carries */
    public static float[] row() {
        return ROW.clone();
    }

    /** @return the model's answer for {@link #row()}, computed in Java */
    public static float[] expected() {
        return predict(ROW);
    }

    /**
     * The model's formula in Java: what every server's answer is checked against.
     *
     * @param features the four features of one row
     * @return {@code features W + b}, three values
     * @throws IllegalArgumentException if there are not four features
     */
    public static float[] predict(float[] features) {
        requireNonNull(features, "features is null");
        if (features.length != WEIGHTS.length) {
            throw new IllegalArgumentException("expected " + WEIGHTS.length + " features, got " + features.length);
        }
        float[] y = BIAS.clone();
        for (int column = 0; column < y.length; column++) {
            float sum = 0;
            for (int i = 0; i < features.length; i++) {
                sum += features[i] * WEIGHTS[i][column];
            }
            y[column] += sum;
        }
        return y;
    }

    /** @return the OIP REST JSON request for {@link #row()}: one input {@code x}, FP32, shape {@code [1, 4]} */
    public static String oipJsonBody() {
        return "{\"inputs\":[{\"name\":\"" + INPUT + "\",\"shape\":[1," + ROW.length + "],\"datatype\":\"FP32\",\"data\":"
                + list(ROW) + "}]}";
    }

    /** @return MLflow's scoring request for {@link #row()}: {@code {"inputs": {"x": [[…]]}}} */
    public static String scoringBody() {
        return "{\"inputs\":{\"" + INPUT + "\":[" + list(ROW) + "]}}";
    }

    /**
     * Writes the model and prints the OIP JSON body, the MLflow scoring body and the expected values (comma-separated),
     * one per line, for {@code bench/run.sh}.
     *
     * @param args the file to write
     */
    public static void main(String[] args) {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: LinearOnnxModel <linear.onnx>");
        }
        write(Path.of(args[0]));
        System.out.println(oipJsonBody());
        System.out.println(scoringBody());
        System.out.println(list(expected()).replace("[", "").replace("]", ""));
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

    /** @return the ONNX model, serialized exactly as triton_peer.py's {@code linear_onnx()} does */
    public static byte[] bytes() {
        float[] flat = new float[WEIGHTS.length * BIAS.length];
        for (int i = 0; i < WEIGHTS.length; i++) {
            System.arraycopy(WEIGHTS[i], 0, flat, i * BIAS.length, BIAS.length);
        }
        GraphProto graph = GraphProto.newBuilder()
                .addNode(NodeProto.newBuilder().addInput(INPUT).addInput("W").addOutput("xw").setOpType("MatMul"))
                .addNode(NodeProto.newBuilder().addInput("xw").addInput("b").addOutput(OUTPUT).setOpType("Add"))
                .setName("linear")
                .addInitializer(floats("W", flat, WEIGHTS.length, BIAS.length))
                .addInitializer(floats("b", BIAS, BIAS.length))
                .addInput(OnnxFiles.floatRows(INPUT, "N", WEIGHTS.length))
                .addOutput(OnnxFiles.floatRows(OUTPUT, "N", BIAS.length))
                .build();
        return ModelProto.newBuilder().setIrVersion(8).setProducerName("tango-testkit").setGraph(graph)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(13))
                .build().toByteArray();
    }

    private static TensorProto floats(String name, float[] values, long... dims) {
        ByteBuffer raw = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (float value : values) {
            raw.putFloat(value);
        }
        TensorProto.Builder tensor = TensorProto.newBuilder();
        for (long dim : dims) {
            tensor.addDims(dim);
        }
        return tensor.setDataType(TensorProto.DataType.FLOAT.getNumber()).setName(name)
                .setRawData(ByteString.copyFrom(raw.array())).build();
    }

    private static String list(float[] values) {
        StringJoiner joined = new StringJoiner(",", "[", "]");
        for (float value : values) {
            joined.add(String.format(Locale.ROOT, "%s", value));
        }
        return joined.toString();
    }
}
