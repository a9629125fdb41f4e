package io.tango.plugin.mlflow.scoring;

import io.tango.api.Blob;
import io.tango.api.InvalidRequestException;
import io.tango.api.TangoRequest;
import io.tango.api.TangoResponse;
import io.tango.api.Tensor;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ScoringPayloadsTest {
    private static final TangoRequest TABLE = TangoRequest.builder()
            .input("a", List.of(1, 2))
            .input("b", List.of("x", "y"))
            .build();

    private static String body(TangoRequest request, ScoringInputFormat format) {
        Blob blob = ScoringPayloads.toBody(request, format);
        assertThat(blob.contentType()).isEqualTo("application/json");
        return blob.asUtf8();
    }

    @Test
    void sendsATableAsDataframeSplitWhenAutomatic() {
        assertThat(body(TABLE, ScoringInputFormat.AUTO))
                .isEqualTo("{\"dataframe_split\":{\"columns\":[\"a\",\"b\"],\"data\":[[1,\"x\"],[2,\"y\"]]}}");
    }

    @Test
    void sendsATableAsDataframeRecords() {
        assertThat(body(TABLE, ScoringInputFormat.DATAFRAME_RECORDS))
                .isEqualTo("{\"dataframe_records\":[{\"a\":1,\"b\":\"x\"},{\"a\":2,\"b\":\"y\"}]}");
    }

    @Test
    void sendsATableAsInstances() {
        assertThat(body(TABLE, ScoringInputFormat.INSTANCES))
                .isEqualTo("{\"instances\":[{\"a\":1,\"b\":\"x\"},{\"a\":2,\"b\":\"y\"}]}");
    }

    @Test
    void sendsTheRowsOfASingleInputAsInstances() {
        TangoRequest rows = TangoRequest.of(Map.of("input", List.of(List.of(1.0, 2.0), List.of(3.0, 4.0))));

        assertThat(body(rows, ScoringInputFormat.INSTANCES)).isEqualTo("{\"instances\":[[1.0,2.0],[3.0,4.0]]}");
    }

    @Test
    void sendsATableAsInputs() {
        assertThat(body(TABLE, ScoringInputFormat.INPUTS)).isEqualTo("{\"inputs\":{\"a\":[1,2],\"b\":[\"x\",\"y\"]}}");
    }

    @Test
    void sendsTensorsAsInputsWhenAutomatic() {
        TangoRequest tensor = TangoRequest.of(Map.of("input", Tensor.ofFloats(new float[] {1, 2, 3, 4}, 2, 2)));

        assertThat(body(tensor, ScoringInputFormat.AUTO)).isEqualTo("{\"inputs\":{\"input\":[[1.0,2.0],[3.0,4.0]]}}");
    }

    @Test
    void sendsARequestNamedAfterAFormatAsGiven() {
        TangoRequest records = TangoRequest.of(Map.of("dataframe_records", List.of(Map.of("a", 1))));

        assertThat(body(records, ScoringInputFormat.INPUTS)).isEqualTo("{\"dataframe_records\":[{\"a\":1}]}");
    }

    @Test
    void sendsParametersAsParams() {
        TangoRequest request = new TangoRequest(TABLE.inputs(), Map.of("temperature", 0.5), Optional.empty());

        assertThat(body(request, ScoringInputFormat.INPUTS))
                .isEqualTo("{\"inputs\":{\"a\":[1,2],\"b\":[\"x\",\"y\"]},\"params\":{\"temperature\":0.5}}");
    }

    @Test
    void sendsBlobsAsBase64() {
        TangoRequest request = TangoRequest.of(Map.of("image", List.of(Blob.of("image/png", new byte[] {1, 2, 3}))));

        assertThat(body(request, ScoringInputFormat.AUTO))
                .isEqualTo("{\"dataframe_split\":{\"columns\":[\"image\"],\"data\":[[\"AQID\"]]}}");
    }

    @Test
    void refusesADataframeOfColumnsOfDifferentLengths() {
        TangoRequest ragged = TangoRequest.builder().input("a", List.of(1, 2)).input("b", List.of(3)).build();

        assertThatThrownBy(() -> ScoringPayloads.toBody(ragged, ScoringInputFormat.DATAFRAME_SPLIT))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("MLflow's dataframe_split format needs a tabular request: every input a list of scalar "
                        + "values (one input per column), all of one length; got inputs a (list of 2), b (list of 1)");
    }

    @Test
    void refusesARequestWithoutInputs() {
        assertThatThrownBy(() -> ScoringPayloads.toBody(TangoRequest.of(Map.of()), ScoringInputFormat.AUTO))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("the request has no inputs; an MLflow scoring server needs at least one");
    }

    @Test
    void readsPredictions() {
        TangoResponse response = ScoringPayloads.fromBody(Blob.ofUtf8("application/json", "{\"predictions\": [0, 2]}"), "s");

        assertThat(response.outputs()).containsExactly(Map.entry("predictions", List.of(0, 2)));
        assertThat(response.contentType()).isEqualTo("application/json");
    }

    @Test
    void readsNamedOutputsAsOneOutputEach() {
        TangoResponse response = ScoringPayloads.fromBody(Blob.ofUtf8("application/json",
                "{\"predictions\": {\"label\": [1], \"probabilities\": [[0.1, 0.9]]}, \"model_version\": \"3\"}"), "s");

        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("label", List.of(1));
        expected.put("probabilities", List.of(List.of(0.1, 0.9)));
        assertThat(response.outputs()).containsExactlyEntriesOf(expected);
        assertThat(response.metadata()).containsExactly(Map.entry("model_version", "3"));
    }

    @Test
    void readsNotANumber() {
        TangoResponse response = ScoringPayloads.fromBody(Blob.ofUtf8("application/json", "{\"predictions\": [NaN]}"), "s");

        assertThat(response.outputs().get("predictions")).isEqualTo(List.of(Double.NaN));
    }

    @Test
    void readsAnAnswerWithoutPredictionsKeyByKey() {
        TangoResponse response = ScoringPayloads.fromBody(Blob.ofUtf8("application/json", "{\"choices\": [\"hi\"]}"), "s");

        assertThat(response.outputs()).containsExactly(Map.entry("choices", List.of("hi")));
    }
}
