package io.tango.api;

import io.tango.api.config.ConfigOption;
import io.tango.api.job.JobIds;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ValuesTest {

    @Test
    void modelKeyHasASchemeButADriveLetterIsNotOne() {
        assertThat(ModelKey.of("models:/iris@champion").scheme()).contains("models");
        assertThat(ModelKey.of("deepaas://127.0.0.1:5000/demo").scheme()).contains("deepaas");
        assertThat(ModelKey.of("iris/3").scheme()).isEmpty();
        assertThat(ModelKey.of("C:/models/iris").scheme()).isEmpty();
    }

    @Test
    void requestIsDeeplyImmutable() {
        List<Object> column = new ArrayList<>(List.of(1.0, 2.0));
        TangoRequest request = TangoRequest.builder().input("x", column).build();
        column.add(3.0);
        assertThat(request.inputs().get("x")).isEqualTo(List.of(1.0, 2.0));
        assertThatThrownBy(() -> ((List<Object>) request.inputs().get("x")).add(4.0))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void requestKeepsInputOrder() {
        TangoRequest request = TangoRequest.builder().input("b", 1).input("a", 2).input("c", 3).build();
        assertThat(request.inputs().keySet()).containsExactly("b", "a", "c");
    }

    @Test
    void requestRejectsAValueOfAnUnsupportedType() {
        assertThatThrownBy(() -> TangoRequest.builder().input("when", new java.util.Date()).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("input 'when' has a value of unsupported type java.util.Date;"
                        + " use String, Boolean, a Number, a List, a Map with string keys, a Tensor or a Blob");
    }

    @Test
    void tensorChecksItsShapeAndNestsByIt() {
        Tensor tensor = Tensor.ofFloats(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
        assertThat(tensor.toNestedList()).isEqualTo(List.of(List.of(1f, 2f, 3f), List.of(4f, 5f, 6f)));
        assertThatThrownBy(() -> Tensor.ofFloats(new float[] {1, 2, 3}, 2, 2))
                .hasMessage("tensor of shape [2, 2] needs 4 elements, got 3");
    }

    @Test
    void tensorsWithTheSameContentAreEqual() {
        assertThat(Tensor.ofLongs(new long[] {1, 2}, 2)).isEqualTo(Tensor.ofLongs(new long[] {1, 2}, 2));
        assertThat(Tensor.ofLongs(new long[] {1, 2}, 2)).isNotEqualTo(Tensor.ofLongs(new long[] {1, 2}, 1, 2));
    }

    @Test
    void remoteServiceErrorSaysWhoAnsweredWhat() {
        RemoteServiceException error = new RemoteServiceException("MLflow at http://127.0.0.1:5000", 404,
                "RESOURCE_DOES_NOT_EXIST", false, "Registered Model with name=iris not found");
        assertThat(error).hasMessage("MLflow at http://127.0.0.1:5000 answered HTTP 404 RESOURCE_DOES_NOT_EXIST:"
                + " Registered Model with name=iris not found");
        assertThat(error.httpStatus()).hasValue(404);
        assertThat(new RemoteServiceException("DEEPaaS at http://127.0.0.1:1", null, null, true, "connection refused"))
                .hasMessage("DEEPaaS at http://127.0.0.1:1 failed: connection refused");
    }

    @Test
    void configOptionRefusesABadKeyAndARequiredDefault() {
        assertThatThrownBy(() -> ConfigOption.string("loadPath"))
                .hasMessage("option key 'loadPath' must be lower-case words joined by '_', e.g. 'load_path'");
        assertThatThrownBy(() -> ConfigOption.string("root").withDefault("/m").asRequired())
                .hasMessage("required option 'root' cannot have a default");
    }

    @Test
    void secretOptionHidesItsDefault() {
        assertThat(ConfigOption.string("token").withDefault("s3cr3t").asSecret().toString())
                .isEqualTo("token (string, default ****, secret)");
    }

    @Test
    void jobIdsCarryTheirOwner() {
        assertThat(JobIds.of("gpu", "42")).isEqualTo("gpu:42");
        assertThat(JobIds.owner("gpu:42")).contains("gpu");
        assertThat(JobIds.owner("42")).isEmpty();
        assertThatThrownBy(() -> JobIds.of("a:b", "1")).hasMessage("instance name 'a:b' must be non-empty and have no ':'");
    }

    @Test
    void invalidConfigListsEveryProblem() {
        InvalidConfigException error = new InvalidConfigException(List.of(
                new io.tango.api.config.ConfigProblem("a.b", "is required"),
                new io.tango.api.config.ConfigProblem("a.c", "expected an integer, got 'x'")));
        assertThat(error).hasMessage("Invalid configuration (2 problems):\n  - a.b: is required\n  - a.c: expected an integer, got 'x'");
    }

    @Test
    void descriptorRejectsAFormatThatIsNotAnIdentifier() {
        assertThatThrownBy(() -> ModelDescriptor.builder(ModelKey.of("iris"), "iris", "ONNX Model").build())
                .hasMessage("format 'ONNX Model' must be a lower-case identifier, e.g. 'onnx'");
        assertThat(ModelDescriptor.builder(ModelKey.of("iris"), "iris", "onnx").metadata(Map.of("a", "1")).build().metadata())
                .containsEntry("a", "1");
    }
}
