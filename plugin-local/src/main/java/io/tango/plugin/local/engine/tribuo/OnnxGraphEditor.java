package io.tango.plugin.local.engine.tribuo;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.ByteString;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Completes the ONNX graph Tribuo exports for a linear model into a self-contained tabular model:
 * <ul>
 *   <li>in front, {@code (input - mean) / std}: the standardization the model was trained with, so callers send raw
 *       feature values;</li>
 *   <li>for a classifier, the probability output is renamed {@value #PROBABILITIES} and a {@value #LABEL} output is
 *       added ({@code ArgMax}, then {@code ai.onnx.ml.LabelEncoder} from class index to class name);</li>
 *   <li>for a regressor, the standardized output is scaled back ({@code * std + mean}) and flattened to one value per
 *       row, {@value #PREDICTION}.</li>
 * </ul>
 * Only standard ONNX operators are added (opset 13, ai.onnx.ml 2), so any ONNX runtime serves the result.
 */
final class OnnxGraphEditor {
    static final String LABEL = "label";
    static final String PROBABILITIES = "probabilities";
    static final String PREDICTION = "prediction";

    private static final String STANDARDIZED = "tango_standardized";

    private OnnxGraphEditor() {}

    static ModelProto classifier(ModelProto model, float[] mean, float[] std, List<String> labels) {
        GraphProto graph = model.getGraph();
        String output = graph.getOutput(0).getName();
        GraphProto.Builder builder = standardized(graph, mean, std, output, PROBABILITIES);
        long[] keys = new long[labels.size()];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = i;
        }
        builder.addNode(NodeProto.newBuilder()
                .setName("tango_argmax").setOpType("ArgMax")
                .addInput(PROBABILITIES).addOutput("tango_label_index")
                .addAttribute(intAttribute("axis", 1))
                .addAttribute(intAttribute("keepdims", 0)));
        AttributeProto.Builder keysAttribute = AttributeProto.newBuilder()
                .setName("keys_int64s").setType(AttributeProto.AttributeType.INTS);
        for (long key : keys) {
            keysAttribute.addInts(key);
        }
        AttributeProto.Builder valuesAttribute = AttributeProto.newBuilder()
                .setName("values_strings").setType(AttributeProto.AttributeType.STRINGS);
        for (String label : labels) {
            valuesAttribute.addStrings(ByteString.copyFrom(label, StandardCharsets.UTF_8));
        }
        builder.addNode(NodeProto.newBuilder()
                .setName("tango_label").setOpType("LabelEncoder").setDomain("ai.onnx.ml")
                .addInput("tango_label_index").addOutput(LABEL)
                .addAttribute(keysAttribute)
                .addAttribute(valuesAttribute)
                .addAttribute(AttributeProto.newBuilder().setName("default_string")
                        .setType(AttributeProto.AttributeType.STRING).setS(ByteString.copyFromUtf8(""))));
        builder.clearOutput();
        builder.addOutput(valueInfo(LABEL, TensorProto.DataType.STRING, -1));
        builder.addOutput(valueInfo(PROBABILITIES, TensorProto.DataType.FLOAT, -1, labels.size()));
        return withMlOpset(model.toBuilder().setGraph(builder)).build();
    }

    static ModelProto regressor(ModelProto model, float[] mean, float[] std, float targetMean, float targetStd) {
        GraphProto graph = model.getGraph();
        String output = graph.getOutput(0).getName();
        GraphProto.Builder builder = standardized(graph, mean, std, output, "tango_standardized_prediction");
        builder.addInitializer(floats("tango_target_std", new float[] {targetStd}));
        builder.addInitializer(floats("tango_target_mean", new float[] {targetMean}));
        builder.addInitializer(TensorProto.newBuilder().setName("tango_squeeze_axes")
                .setDataType(TensorProto.DataType.INT64.getNumber()).addDims(1).addInt64Data(1));
        builder.addNode(node("Mul", "tango_scaled", "tango_standardized_prediction", "tango_target_std"));
        builder.addNode(node("Add", "tango_unsqueezed_prediction", "tango_scaled", "tango_target_mean"));
        builder.addNode(node("Squeeze", PREDICTION, "tango_unsqueezed_prediction", "tango_squeeze_axes"));
        builder.clearOutput();
        builder.addOutput(valueInfo(PREDICTION, TensorProto.DataType.FLOAT, -1));
        return model.toBuilder().setGraph(builder).build();
    }

    /** Puts the standardization in front of the graph and renames its output; nodes stay in topological order. */
    private static GraphProto.Builder standardized(GraphProto graph, float[] mean, float[] std, String output, String renamed) {
        String input = graph.getInput(0).getName();
        GraphProto.Builder builder = graph.toBuilder().clearNode();
        builder.addInitializer(floats("tango_mean", mean));
        builder.addInitializer(floats("tango_std", std));
        builder.addNode(node("Sub", "tango_centered", input, "tango_mean"));
        builder.addNode(node("Div", STANDARDIZED, "tango_centered", "tango_std"));
        for (NodeProto node : graph.getNodeList()) {
            NodeProto.Builder copy = node.toBuilder();
            for (int i = 0; i < copy.getInputCount(); i++) {
                if (copy.getInput(i).equals(input)) {
                    copy.setInput(i, STANDARDIZED);
                }
            }
            for (int i = 0; i < copy.getOutputCount(); i++) {
                if (copy.getOutput(i).equals(output)) {
                    copy.setOutput(i, renamed);
                }
            }
            builder.addNode(copy);
        }
        return builder;
    }

    private static ModelProto.Builder withMlOpset(ModelProto.Builder model) {
        boolean present = model.getOpsetImportList().stream().anyMatch(opset -> opset.getDomain().equals("ai.onnx.ml"));
        if (!present) {
            model.addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("ai.onnx.ml").setVersion(2));
        }
        return model;
    }

    private static NodeProto node(String operator, String output, String... inputs) {
        NodeProto.Builder node = NodeProto.newBuilder().setName(output + "_" + operator.toLowerCase(java.util.Locale.ROOT))
                .setOpType(operator).addOutput(output);
        for (String input : inputs) {
            node.addInput(input);
        }
        return node.build();
    }

    private static AttributeProto intAttribute(String name, long value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(value).build();
    }

    private static TensorProto floats(String name, float[] values) {
        TensorProto.Builder tensor = TensorProto.newBuilder().setName(name)
                .setDataType(TensorProto.DataType.FLOAT.getNumber()).addDims(values.length);
        List<Float> boxed = new ArrayList<>(values.length);
        for (float value : values) {
            boxed.add(value);
        }
        return tensor.addAllFloatData(boxed).build();
    }

    private static ValueInfoProto valueInfo(String name, TensorProto.DataType type, long... shape) {
        TensorShapeProto.Builder dims = TensorShapeProto.newBuilder();
        for (long dimension : shape) {
            dims.addDim(dimension < 0
                    ? TensorShapeProto.Dimension.newBuilder().setDimParam("batch")
                    : TensorShapeProto.Dimension.newBuilder().setDimValue(dimension));
        }
        return ValueInfoProto.newBuilder().setName(name)
                .setType(TypeProto.newBuilder().setTensorType(TypeProto.Tensor.newBuilder()
                        .setElemType(type.getNumber()).setShape(dims)))
                .build();
    }
}
