package io.tango.toolkit.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.tango.api.Blob;
import io.tango.api.TangoRequest;
import io.tango.api.TangoResponse;
import io.tango.api.Tensor;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TangoMessageJsonTest {
    private static final ObjectMapper MAPPER = JsonMapper.builder().addModule(new TangoJsonModule()).build();

    private static String requestError(String json) {
        MismatchedInputException error = org.junit.jupiter.api.Assertions.assertThrows(MismatchedInputException.class,
                () -> MAPPER.readValue(json, TangoRequest.class));
        return error.getOriginalMessage();
    }

    @Test
    void aRequestIsInputsAndParams() throws JsonProcessingException {
        TangoRequest request = TangoRequest.builder()
                .input("x", Tensor.ofLongs(new long[] {1, 2}, 2))
                .input("image", Blob.ofUtf8("image/png", "hi?"))
                .parameter("temperature", 0.5)
                .accept("text/plain")
                .build();

        assertThat(MAPPER.writeValueAsString(request))
                .isEqualTo("{\"inputs\":{\"x\":[1,2],\"image\":\"aGk/\"},\"params\":{\"temperature\":0.5}}");
    }

    @Test
    void aRequestWithoutParametersHasNoParams() throws JsonProcessingException {
        assertThat(MAPPER.writeValueAsString(TangoRequest.of(Map.of("x", List.of(1)))))
                .isEqualTo("{\"inputs\":{\"x\":[1]}}");
    }

    @Test
    void aRequestWithParamsReadsBackAsPlainValues() throws JsonProcessingException {
        TangoRequest request = MAPPER.readValue("{\"inputs\":{\"x\":[[1,2]],\"y\":\"a\"},\"params\":{\"k\":3}}",
                TangoRequest.class);

        assertThat(request).isEqualTo(new TangoRequest(Map.of("x", List.of(List.of(1, 2)), "y", "a"), Map.of("k", 3),
                java.util.Optional.empty()));
        assertThat(request.inputs().keySet()).containsExactly("x", "y");
    }

    @Test
    void aRequestWithAnotherFieldIsRejected() {
        assertThat(requestError("{\"inputs\":{},\"instances\":[]}"))
                .isEqualTo("unknown field 'instances'; a request has 'inputs' and optionally 'params'");
    }

    @Test
    void aRequestWithoutInputsIsRejected() {
        assertThat(requestError("{\"params\":{}}"))
                .isEqualTo("a request is an object with 'inputs' and optionally 'params', got an object");
    }

    @Test
    void paramsThatAreNotAnObjectAreRejected() {
        assertThat(requestError("{\"inputs\":{\"x\":1},\"params\":[1]}"))
                .isEqualTo("'params' must be an object from name to value, got an array of 1");
    }

    @Test
    void aNullInputIsRejected() {
        assertThat(requestError("{\"inputs\":{\"x\":null}}")).isEqualTo("'inputs.x' is null");
    }

    @Test
    void oneOutputIsThePredictionsWhateverItsName() throws JsonProcessingException {
        TangoResponse response = TangoResponse.of(Map.of("label", Tensor.ofFloats(new float[] {0.25f}, 1)));

        assertThat(MAPPER.writeValueAsString(response)).isEqualTo("{\"predictions\":[0.25]}");
    }

    @Test
    void namedOutputsAreAnObjectUnderPredictionsAndRoundTrip() throws JsonProcessingException {
        Map<String, Object> outputs = new LinkedHashMap<>();
        outputs.put("label", List.of(0));
        outputs.put("probability", Tensor.ofDoubles(new double[] {0.25, 0.75}, 1, 2));
        String json = MAPPER.writeValueAsString(TangoResponse.of(outputs));

        assertThat(json).isEqualTo("{\"predictions\":{\"label\":[0],\"probability\":[[0.25,0.75]]}}");
        assertThat(MAPPER.readValue(json, TangoResponse.class).outputs())
                .isEqualTo(Map.of("label", List.of(0), "probability", List.of(List.of(0.25, 0.75))));
    }

    @Test
    void metadataEntriesAreMoreTopLevelKeysAndRoundTrip() throws JsonProcessingException {
        TangoResponse response = new TangoResponse(Map.of("predictions", List.of(1)), TangoResponse.JSON,
                Map.of("model_version", "3"));
        String json = MAPPER.writeValueAsString(response);

        assertThat(json).isEqualTo("{\"predictions\":[1],\"model_version\":\"3\"}");
        assertThat(MAPPER.readValue(json, TangoResponse.class)).isEqualTo(response);
    }

    @Test
    void anAnswerWithoutPredictionsIsOneOutputPerKey() throws JsonProcessingException {
        TangoResponse response = MAPPER.readValue("{\"choices\":[\"hi\"],\"usage\":{\"tokens\":2},\"none\":null}",
                TangoResponse.class);

        assertThat(response.outputs()).isEqualTo(Map.of("choices", List.of("hi"), "usage", Map.of("tokens", 2)));
        assertThat(response.metadata()).isEmpty();
    }

    @Test
    void anEmptyObjectUnderPredictionsIsThePredictionsOutput() throws JsonProcessingException {
        assertThat(MAPPER.readValue("{\"predictions\":{}}", TangoResponse.class).outputs())
                .isEqualTo(Map.of("predictions", Map.of()));
    }

    @Test
    void anAnswerThatIsNotAnObjectIsThePredictionsOutput() throws JsonProcessingException {
        assertThat(MAPPER.readValue("[1,2]", TangoResponse.class).outputs()).isEqualTo(Map.of("predictions", List.of(1, 2)));
    }

    @Test
    void aJsonNullReadByTheMapperIsANullResponse() throws JsonProcessingException {
        assertThat(MAPPER.readValue("null", TangoResponse.class)).isNull();
    }

    @Test
    void aNullAnswerIsAResponseWithoutOutputs() {
        assertThat(TangoMessageJson.response(com.fasterxml.jackson.databind.node.NullNode.getInstance()))
                .isEqualTo(new TangoResponse(Map.of(), TangoResponse.JSON, Map.of()));
    }
}
