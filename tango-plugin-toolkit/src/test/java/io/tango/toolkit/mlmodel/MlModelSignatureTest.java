package io.tango.toolkit.mlmodel;

import io.tango.api.DataType;
import io.tango.api.FieldSpec;
import io.tango.api.ModelSignature;
import io.tango.api.TangoException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * One MLmodel file, one signature: every MLflow column type and numpy dtype, tensor shapes, unnamed specs, the input
 * example, and hostile documents refused with a typed error.
 */
class MlModelSignatureTest {

    private static ModelSignature signature(String inputs, String outputs) {
        return MlModel.parse("signature:\n  inputs: '" + inputs + "'\n  outputs: '" + outputs + "'\n", "test")
                .signature();
    }

    private static FieldSpec onlyInput(String spec) {
        List<FieldSpec> inputs = signature("[" + spec + "]", "[]").inputs();
        assertThat(inputs).hasSize(1);
        return inputs.get(0);
    }

    @ParameterizedTest
    @CsvSource({"boolean, BOOLEAN", "integer, INT32", "long, INT64", "float, FLOAT32", "double, FLOAT64",
            "string, STRING", "binary, BYTES", "datetime, STRING", "array, OBJECT", "object, OBJECT", "map, OBJECT",
            "any, UNKNOWN", "decimal, UNKNOWN"})
    void eachColumnTypeIsOneValuePerRowOfItsTangoType(String type, DataType expected) {
        assertThat(onlyInput("{\"type\": \"" + type + "\", \"name\": \"c\"}"))
                .isEqualTo(FieldSpec.of("c", expected, -1));
    }

    @ParameterizedTest
    @CsvSource({"bool, BOOLEAN", "int8, INT8", "int16, INT16", "int32, INT32", "int64, INT64", "uint8, UINT8",
            "uint16, UINT16", "uint32, UINT32", "uint64, UINT64", "float16, FLOAT16", "float32, FLOAT32",
            "float64, FLOAT64", "str, STRING", "str256, STRING", "object, STRING", "bytes, BYTES", "bytes80, BYTES",
            "datetime64[ns], STRING", "complex128, UNKNOWN"})
    void eachNumpyDtypeIsItsTangoType(String dtype, DataType expected) {
        assertThat(onlyInput("{\"type\": \"tensor\", \"tensor-spec\": {\"dtype\": \"" + dtype
                + "\", \"shape\": [-1, 4]}, \"name\": \"t\"}"))
                .isEqualTo(FieldSpec.of("t", expected, -1, 4));
    }

    @Test
    void aTensorKeepsItsShapeWithDynamicDimensionsAsMinusOne() {
        assertThat(onlyInput("{\"type\": \"tensor\", \"tensor-spec\": {\"dtype\": \"uint8\", \"shape\": [-1, 28, 28, -1]}}"))
                .isEqualTo(FieldSpec.of("0", DataType.UINT8, -1, 28, 28, -1));
        assertThat(onlyInput("{\"type\": \"tensor\", \"tensor-spec\": {\"dtype\": \"float32\", \"shape\": []}}").shape())
                .isEmpty();
    }

    @Test
    void unnamedSpecsAreNamedByTheirPositionAsMlflowAddressesThem() {
        ModelSignature signature = signature(
                "[{\"type\": \"double\"}, {\"type\": \"double\"}]",
                "[{\"type\": \"tensor\", \"tensor-spec\": {\"dtype\": \"int64\", \"shape\": [-1]}}]");

        assertThat(signature.inputs()).containsExactly(
                FieldSpec.of("0", DataType.FLOAT64, -1), FieldSpec.of("1", DataType.FLOAT64, -1));
        assertThat(signature.outputs()).containsExactly(FieldSpec.of("0", DataType.INT64, -1));
    }

    @Test
    void aSignatureWrittenAsAYamlListReadsLikeItsJsonString() {
        ModelSignature fromYaml = MlModel.parse("""
                signature:
                  inputs: [{type: double, name: x}]
                  outputs: [{type: tensor, tensor-spec: {dtype: float32, shape: [-1, 3]}, name: p}]
                """, "test").signature();

        assertThat(fromYaml).isEqualTo(signature("[{\"type\": \"double\", \"name\": \"x\"}]",
                "[{\"type\": \"tensor\", \"tensor-spec\": {\"dtype\": \"float32\", \"shape\": [-1, 3]}, \"name\": \"p\"}]"));
    }

    @Test
    void readsTheInputExampleReference() {
        MlModel model = MlModel.parse("""
                saved_input_example_info:
                  artifact_path: input_example.json
                  type: dataframe
                  pandas_orient: split
                  serving_input_path: serving_input_example.json
                """, "test");

        assertThat(model.inputExample()).contains(new InputExample("input_example.json",
                java.util.Optional.of("dataframe"), java.util.Optional.of("serving_input_example.json")));
        assertThat(MlModel.parse("flavors: {}", "test").inputExample()).isEmpty();
    }

    @Test
    void readsAModelFolder(@TempDir Path folder) throws IOException {
        assertThat(MlModel.isModelFolder(folder)).isFalse();
        Files.writeString(folder.resolve("MLmodel"), "flavors:\n  onnx: {data: model.onnx}\n");

        assertThat(MlModel.isModelFolder(folder)).isTrue();
        assertThat(MlModel.read(folder).onnxFile()).contains("model.onnx");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "[{\"type\": \"double\", \"name\": \"x\"}, {\"type\": \"tensor\", \"tensor-spec\": {\"dtype\": \"float32\", \"shape\": [-1]}, \"name\": \"t\"}]"
                    + "| inputs mixes column and tensor specs, which MLflow does not allow",
            "[{\"type\": \"tensor\", \"tensor-spec\": {\"dtype\": \"float32\", \"shape\": [-2]}, \"name\": \"t\"}]"
                    + "| inputs[0].tensor-spec.shape has the dimension -2; dimensions are sizes, or -1 for a dynamic one",
            "[{\"type\": \"tensor\", \"tensor-spec\": {\"dtype\": \"float32\", \"shape\": [1.5]}, \"name\": \"t\"}]"
                    + "| inputs[0].tensor-spec.shape has the dimension 1.5; dimensions are sizes, or -1 for a dynamic one",
            "[{\"type\": \"tensor\", \"tensor-spec\": {\"dtype\": \"float32\"}, \"name\": \"t\"}]"
                    + "| inputs[0].tensor-spec.shape is missing or not a list",
            "[{\"type\": \"tensor\", \"name\": \"t\"}]| inputs[0].tensor-spec.dtype is missing or not a text",
            "[{\"name\": \"x\"}]| inputs[0].type is missing or not a text",
            "[{\"type\": \"double\", \"name\": 7}]| inputs[0].name is not a non-empty text",
            "[{\"type\": \"double\", \"name\": \"x\", \"required\": \"yes\"}]| inputs[0].required is neither true nor false",
            "[1, 2]| inputs[0] is not a spec object",
            "{}| inputs is object, not a list of specs",
            "[{\"type\": | inputs is not valid JSON"})
    void aHostileSignatureIsATypedErrorSayingWhatIsWrong(String inputs, String problem) {
        MlModel model = MlModel.parse("signature:\n  inputs: '" + inputs + "'\n", "models:/x/1");

        assertThatThrownBy(model::signature)
                .isExactlyInstanceOf(TangoException.class)
                .hasMessage("MLmodel file of models:/x/1 has a corrupt signature: " + problem);
    }

    @Test
    void hostileDocumentsAreTypedErrors() {
        assertThatThrownBy(() -> MlModel.parse("flavors: [", "models:/x/1"))
                .isExactlyInstanceOf(TangoException.class)
                .hasMessageStartingWith("MLmodel file of models:/x/1 is not valid YAML: ");
        assertThatThrownBy(() -> MlModel.parse("just text", "models:/x/1"))
                .isExactlyInstanceOf(TangoException.class)
                .hasMessage("MLmodel file of models:/x/1 is not a YAML map");
        assertThatThrownBy(() -> MlModel.parse("signature: [1]", "models:/x/1").signature())
                .isExactlyInstanceOf(TangoException.class)
                .hasMessage("MLmodel file of models:/x/1 has a corrupt signature: signature is not a map");
    }

    @Test
    void aYamlAliasBombIsReadWithoutExpandingItsAliases() {
        StringBuilder bomb = new StringBuilder("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        for (char level = 'b'; level <= 'k'; level++) {
            char previous = (char) (level - 1);
            bomb.append(level).append(": &").append(level).append(" [")
                    .append(String.join(",", Collections.nCopies(9, "*" + previous))).append("]\n");
        }

        MlModel model = MlModel.parse(bomb.toString(), "models:/bomb/1");

        // Expanded, the last list would hold 9^11 strings; unexpanded, the whole file is a few hundred characters.
        assertThat(model.asMap()).containsOnlyKeys("a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k");
        assertThat(model.asMap().toString()).hasSizeLessThan(10_000);
    }
}
