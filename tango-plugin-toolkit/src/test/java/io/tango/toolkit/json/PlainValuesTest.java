package io.tango.toolkit.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.NullNode;
import io.tango.api.Blob;
import io.tango.api.Tensor;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PlainValuesTest {
    private static final ObjectMapper MAPPER = JsonMapper.builder().build();

    @Test
    void columnsBecomeOneRecordPerRowInColumnOrder() {
        Map<String, Object> columns = new LinkedHashMap<>();
        columns.put("b", List.of(1, 2));
        columns.put("a", List.of("x", "y"));

        List<Map<String, Object>> records = PlainValues.rowRecords(columns);

        assertThat(records).containsExactly(Map.of("b", 1, "a", "x"), Map.of("b", 2, "a", "y"));
        assertThat(records.get(0).keySet()).containsExactly("b", "a");
    }

    @Test
    void columnsOfDifferentLengthsAreNotRows() {
        Map<String, Object> columns = new LinkedHashMap<>();
        columns.put("b", List.of(1, 2));
        columns.put("a", List.of("x"));

        assertThatThrownBy(() -> PlainValues.rowRecords(columns))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("column 'a' has 1 rows where the columns before it have 2");
    }

    @Test
    void aColumnThatIsNotAListIsNotRows() {
        assertThatThrownBy(() -> PlainValues.rowRecords(Map.of("a", 1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("column 'a' is not a list");
    }

    @Test
    void aTensorBecomesItsNestedLists() {
        assertThat(PlainValues.of(Tensor.ofInts(new int[] {1, 2, 3, 4}, 2, 2))).isEqualTo(List.of(List.of(1, 2), List.of(3, 4)));
    }

    @Test
    void aBlobBecomesBase64Text() {
        assertThat(PlainValues.of(Blob.ofUtf8("text/plain", "hi?"))).isEqualTo("aGk/");
    }

    @Test
    void valuesInsideListsAndMapsAreConvertedAndKeysBecomeStrings() {
        Map<Object, Object> value = Map.of(7, List.of(Tensor.ofStrings(List.of("a"), 1), Blob.ofUtf8("text/plain", "hi?")));

        assertThat(PlainValues.of(value)).isEqualTo(Map.of("7", List.of(List.of("a"), "aGk/")));
    }

    @Test
    void scalarsAndNullStayAsTheyAre() {
        assertThat(Arrays.asList(PlainValues.of(1.5f), PlainValues.of("x"), PlainValues.of(null)))
                .containsExactly(1.5f, "x", null);
    }

    @Test
    void jsonBecomesMapsListsAndBoxedScalars() throws JsonProcessingException {
        Object value = PlainValues.fromJson(MAPPER.readTree("{\"b\":[1,2.5,\"x\",true,null],\"a\":{}}"));

        assertThat(value).isEqualTo(Map.of("b", Arrays.asList(1, 2.5, "x", true, null), "a", Map.of()));
        assertThat(List.<Object>copyOf(((Map<?, ?>) value).keySet())).containsExactly("b", "a");
    }

    @Test
    void integersAreBoxedBySize() throws JsonProcessingException {
        assertThat(List.<Object>copyOf((List<?>) PlainValues.fromJson(MAPPER.readTree("[1,5000000000,123456789012345678901234567890]"))))
                .containsExactly(1, 5_000_000_000L, new BigInteger("123456789012345678901234567890"));
    }

    @Test
    void nonNumericNumbersAreDoublesAndNullsInsideContainersStayNull() throws JsonProcessingException {
        ObjectMapper lenient = JsonMapper.builder().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();

        Object value = PlainValues.fromJson(lenient.readTree("{\"n\":[NaN,-Infinity,-0.0],\"o\":{\"k\":null}}"));

        assertThat(value).isEqualTo(Map.of("n", List.of(Double.NaN, Double.NEGATIVE_INFINITY, -0.0),
                "o", Collections.singletonMap("k", null)));
    }

    @Test
    void nullMissingAndJsonNullAreNull() {
        assertThat(Arrays.asList(PlainValues.fromJson(null), PlainValues.fromJson(NullNode.getInstance()),
                PlainValues.fromJson(MissingNode.getInstance()))).containsExactly(null, null, null);
    }
}
