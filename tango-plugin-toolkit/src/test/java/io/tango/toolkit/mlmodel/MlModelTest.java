package io.tango.toolkit.mlmodel;

import io.tango.api.DataType;
import io.tango.api.FieldSpec;
import io.tango.api.TangoException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MlModelTest {
    private static final String ONNX = """
            artifact_path: model
            flavors:
              onnx:
                code: null
                data: model.onnx
                onnx_version: 1.23.2
                providers: [CUDAExecutionProvider, CPUExecutionProvider]
              python_function:
                data: model.onnx
                env:
                  conda: conda.yaml
                  virtualenv: python_env.yaml
                loader_module: mlflow.onnx
            mlflow_version: 3.17.2
            model_id: m-abc
            saved_input_example_info:
              artifact_path: input_example.json
              type: json_object
            signature:
              inputs: '[{"type": "tensor", "tensor-spec": {"dtype": "float32", "shape": [-1, 4]}, "name": "input"}]'
              outputs: '[{"type": "tensor", "tensor-spec": {"dtype": "float32", "shape": [-1, 1]}, "name": "variable"}]'
              params: '[{"name": "temperature", "type": "float", "default": 0.5, "shape": null}]'
            """;

    @Test
    void readsTheOnnxFlavor() {
        MlModel model = MlModel.parse(ONNX, "test");

        assertThat(model.flavors()).containsOnlyKeys("onnx", "python_function");
        assertThat(model.onnxFile()).contains("model.onnx");
        assertThat(model.pyfuncLoaderModule()).contains("mlflow.onnx");
        assertThat(model.text("model_id")).contains("m-abc");
        assertThat(model.inputExampleFile()).contains("input_example.json");
    }

    @Test
    void readsATensorSignature() {
        MlModel model = MlModel.parse(ONNX, "test");

        assertThat(model.signature().inputs())
                .containsExactly(new FieldSpec("input", DataType.FLOAT32, List.of(-1L, 4L), true, "", Optional.empty(), List.of()));
        assertThat(model.signature().outputs())
                .containsExactly(new FieldSpec("variable", DataType.FLOAT32, List.of(-1L, 1L), true, "", Optional.empty(), List.of()));
        assertThat(model.signatureParams()).contains("[{\"name\": \"temperature\", \"type\": \"float\", \"default\": 0.5, \"shape\": null}]");
    }

    @Test
    void readsAColumnSignatureWithOptionalColumns() {
        MlModel model = MlModel.parse("""
                flavors: {python_function: {loader_module: mlflow.sklearn}}
                signature:
                  inputs: '[{"type": "double", "name": "x", "required": true}, {"type": "string", "name": "y", "required": false}, {"type": "long", "name": "z"}]'
                """, "test");

        assertThat(model.signature().inputs()).extracting(FieldSpec::name, FieldSpec::type, FieldSpec::required).containsExactly(
                org.assertj.core.groups.Tuple.tuple("x", DataType.FLOAT64, true),
                org.assertj.core.groups.Tuple.tuple("y", DataType.STRING, false),
                org.assertj.core.groups.Tuple.tuple("z", DataType.INT64, true));
        assertThat(model.signature().outputs()).isEmpty();
    }

    @Test
    void refusesASignatureMixingNamedAndUnnamedColumnsAsMlflowDoes() {
        MlModel model = MlModel.parse("""
                flavors: {python_function: {loader_module: mlflow.sklearn}}
                signature:
                  inputs: '[{"type": "double", "name": "x", "required": true}, {"type": "string", "name": "y", "required": false}, {"type": "long"}]'
                """, "test");

        assertThatThrownBy(model::signature)
                .isExactlyInstanceOf(TangoException.class)
                .hasMessage("MLmodel file of test has a corrupt signature: inputs mixes named and unnamed specs, which"
                        + " MLflow does not allow");
    }

    @Test
    void hasAnUnknownSignatureWithoutOne() {
        assertThat(MlModel.parse("flavors: {python_function: {}}", "test").signature().isUnknown()).isTrue();
    }

    @Test
    void parsesTheSignaturesJsonInItsMap() {
        Map<String, Object> map = MlModel.parse(ONNX, "test").asMap();

        assertThat(((Map<?, ?>) map.get("signature")).get("inputs")).isEqualTo(List.of(Map.of("type", "tensor",
                "tensor-spec", Map.of("dtype", "float32", "shape", List.of(-1, 4)), "name", "input")));
    }

    @Test
    void rejectsAFileThatIsNoMap() {
        assertThatThrownBy(() -> MlModel.parse("- a\n- b\n", "models:/x/1"))
                .isInstanceOf(TangoException.class)
                .hasMessage("MLmodel file of models:/x/1 is not a YAML map");
    }
}
