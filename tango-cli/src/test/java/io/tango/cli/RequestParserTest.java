package io.tango.cli;

import io.tango.api.DataType;
import io.tango.api.FieldSpec;
import io.tango.api.InvalidRequestException;
import io.tango.api.ModelSignature;
import io.tango.api.TangoRequest;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Requests in TANGO's form and MLflow's four scoring formats. */
class RequestParserTest {
    @Test
    void readsNamedInputs() {
        TangoRequest request = RequestParser.parse("{\"a\": [1, 2], \"b\": \"text\"}", "test");

        assertThat(request.inputs()).isEqualTo(Map.of("a", List.of(1, 2), "b", "text"));
        assertThat(request.parameters()).isEmpty();
    }

    @Test
    void readsDataframeSplitAsOneInputPerColumn() {
        TangoRequest request = RequestParser.parse(
                "{\"dataframe_split\": {\"columns\": [\"a\", \"b\"], \"data\": [[1, 2.5], [3, 4.5]]}, \"params\": {\"k\": 3}}", "test");

        assertThat(request.inputs()).containsExactly(Map.entry("a", List.of(1, 3)), Map.entry("b", List.of(2.5, 4.5)));
        assertThat(request.parameters()).isEqualTo(Map.of("k", 3));
    }

    @Test
    void readsDataframeRecordsWithMissingValuesAsNulls() {
        TangoRequest request = RequestParser.parse("{\"dataframe_records\": [{\"a\": 1}, {\"a\": 2, \"b\": 5}]}", "test");

        assertThat(request.inputs()).containsExactly(Map.entry("a", List.of(1, 2)), Map.entry("b", Arrays.asList(null, 5)));
    }

    @Test
    void readsABareArrayOfRecords() {
        assertThat(RequestParser.parse("[{\"a\": 1}, {\"a\": 2}]", "test").inputs()).isEqualTo(Map.of("a", List.of(1, 2)));
    }

    @Test
    void readsNamedTensors() {
        assertThat(RequestParser.parse("{\"inputs\": {\"x\": [[1.0, 2.0]]}}", "test").inputs())
                .isEqualTo(Map.of("x", List.of(List.of(1.0, 2.0))));
    }

    @Test
    void readsAnUnnamedTensorAsTheInputNamedInputs() {
        assertThat(RequestParser.parse("{\"instances\": [[1.0, 2.0]]}", "test").inputs())
                .isEqualTo(Map.of(RequestParser.UNNAMED_INPUT, List.of(List.of(1.0, 2.0))));
    }

    @Test
    void readsInstancesOfRecordsAsColumns() {
        assertThat(RequestParser.parse("{\"instances\": [{\"a\": 1}, {\"a\": 2}]}", "test").inputs()).isEqualTo(Map.of("a", List.of(1, 2)));
    }

    @Test
    void bindsAnUnnamedTensorToTheOnlyDeclaredInput() {
        TangoRequest request = RequestParser.parse("{\"inputs\": [[1.0, 2.0]]}", "test");

        assertThat(RequestParser.bindUnnamed(request, signature("x")).inputs()).isEqualTo(Map.of("x", List.of(List.of(1.0, 2.0))));
    }

    @Test
    void bindsUnnamedRowsToTheDeclaredColumnsByPosition() {
        TangoRequest request = RequestParser.parse("{\"instances\": [[1.0, 2.0], [3.0, 4.0]]}", "test");

        assertThat(RequestParser.bindUnnamed(request, signature("a", "b")).inputs())
                .containsExactly(Map.entry("a", List.of(1.0, 3.0)), Map.entry("b", List.of(2.0, 4.0)));
    }

    @Test
    void leavesNamedInputsAsTheyAre() {
        TangoRequest request = RequestParser.parse("{\"a\": [1.0]}", "test");

        assertThat(RequestParser.bindUnnamed(request, signature("a", "b"))).isSameAs(request);
    }

    private static ModelSignature signature(String... inputs) {
        return new ModelSignature(java.util.Arrays.stream(inputs).map(name -> FieldSpec.of(name, DataType.FLOAT64, -1)).toList(), List.of());
    }

    @Test
    void rejectsTwoFormatsAtOnce() {
        assertThatThrownBy(() -> RequestParser.parse("{\"inputs\": [1], \"instances\": [1]}", "test"))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("the request from test mixes inputs and instances; give exactly one of dataframe_split, dataframe_records, inputs, instances");
    }

    @Test
    void rejectsARowOfTheWrongLength() {
        assertThatThrownBy(() -> RequestParser.parse("{\"dataframe_split\": {\"columns\": [\"a\", \"b\"], \"data\": [[1]]}}", "test"))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("row 0 of 'dataframe_split' in the request from test must be a list of 2 values (one per column), got a list");
    }

    @Test
    void rejectsKeysBesideAFormat() {
        assertThatThrownBy(() -> RequestParser.parse("{\"inputs\": [1], \"extra\": 1}", "test"))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("the request from test has unknown keys [extra] beside 'inputs'; only 'params' may go with it");
    }

    @Test
    void rejectsAScalar() {
        assertThatThrownBy(() -> RequestParser.parse("42", "test"))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("the request from test must be a JSON object (or an array of records), got integer 42");
    }

    @Test
    void rejectsAnEmptyRequest() {
        assertThatThrownBy(() -> RequestParser.parse("{}", "test"))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("the request from test has no inputs");
    }
}
