package io.tango.plugin.mlflow.scoring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tango.api.Blob;
import io.tango.api.InvalidRequestException;
import io.tango.api.RemoteServiceException;
import io.tango.api.TangoRequest;
import io.tango.api.TangoResponse;
import io.tango.api.Tensor;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * MLflow scoring payloads, both ways, over generated requests and answers: a request becomes a JSON body in exactly
 * one of MLflow's formats ({@code dataframe_split}, {@code dataframe_records}, {@code instances}, {@code inputs}) or
 * is refused with an {@link InvalidRequestException}; any answer, even bytes that are not JSON, becomes a response
 * or a {@link RemoteServiceException}. Nothing else is ever thrown. 17,000 cases.
 */
class ScoringPayloadsPropertyTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> FORMAT_KEYS = Set.of("dataframe_split", "dataframe_records", "instances", "inputs");
    private static final String SERVICE = "MLflow scoring server at http://127.0.0.1:5001";
    /** Numbers beyond a long and a double's precision, as JSON allows. */
    private static final java.math.BigInteger BIG = java.math.BigInteger.TEN.pow(30);

    // Requests to bodies.

    @Property(tries = 6_000)
    void aRequestBecomesOneMlflowFormatOrIsRefusedAsInvalid(
            @ForAll("requests") TangoRequest request, @ForAll ScoringInputFormat format) throws IOException {
        Blob body;
        try {
            body = ScoringPayloads.toBody(request, format);
        } catch (InvalidRequestException e) {
            assertThat(e.getMessage()).isNotBlank();
            return;
        }
        assertThat(body.contentType()).isEqualTo("application/json");
        JsonNode root = JSON.readTree(body.bytes());
        List<String> keys = new ArrayList<>();
        root.fieldNames().forEachRemaining(keys::add);
        List<String> formats = keys.stream().filter(FORMAT_KEYS::contains).toList();
        assertThat(formats).hasSize(1);
        assertThat(keys).isSubsetOf(formats.get(0), "params");
        assertThat(root.has("params")).isEqualTo(!request.parameters().isEmpty());
        if (format != ScoringInputFormat.AUTO && !(request.inputs().size() == 1
                && FORMAT_KEYS.contains(request.inputs().keySet().iterator().next()))) {
            assertThat(formats).containsExactly(format.key());
        }
    }

    @Property(tries = 3_000)
    void aTableIsSentAsADataFrameSplitOfItsColumnsAndRows(@ForAll("tables") Map<String, List<Object>> table)
            throws IOException {
        JsonNode split = JSON.readTree(ScoringPayloads.toBody(TangoRequest.of(table), ScoringInputFormat.AUTO).bytes())
                .get("dataframe_split");

        List<String> columns = new ArrayList<>();
        split.get("columns").forEach(column -> columns.add(column.asText()));
        assertThat(columns).containsExactlyElementsOf(table.keySet());
        int rows = table.values().iterator().next().size();
        assertThat(split.get("data")).hasSize(rows);
        split.get("data").forEach(row -> assertThat(row).hasSize(table.size()));
    }

    // Answers to responses.

    @Property(tries = 4_000)
    void anyJsonAnswerBecomesAResponse(@ForAll("jsonValues") Object answer) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(answer);

        TangoResponse response = ScoringPayloads.fromBody(Blob.of("application/json", bytes), SERVICE);

        assertThat(response.contentType()).isEqualTo("application/json");
        if (!(answer instanceof Map<?, ?>)) {
            if (answer == null) {
                assertThat(response.outputs()).isEmpty();
            } else {
                assertThat(response.outputs()).containsOnlyKeys("predictions");
            }
        }
    }

    @Property(tries = 2_000)
    void predictionsInMlflowsEnvelopeAreTheOutput(@ForAll("jsonValues") Object predictions) throws IOException {
        Map<String, Object> envelope = new LinkedHashMap<>();
        envelope.put("predictions", predictions);
        byte[] bytes = JSON.writeValueAsBytes(envelope);

        TangoResponse response = ScoringPayloads.fromBody(Blob.of("application/json", bytes), SERVICE);

        if (predictions instanceof Map<?, ?> named && !named.isEmpty()) {
            assertThat(response.outputs().keySet()).isSubsetOf(keysOf(named));
        } else if (predictions != null) {
            assertThat(response.outputs()).containsOnlyKeys("predictions");
        }
    }

    @Property(tries = 2_000)
    void anyBytesBecomeAResponseOrARemoteServiceError(@ForAll("hostileBodies") byte[] bytes, @ForAll("contentTypes") String type) {
        try {
            ScoringPayloads.fromBody(Blob.of(type, bytes), SERVICE);
        } catch (RemoteServiceException e) {
            assertThat(e.getMessage()).startsWith(SERVICE + " answered HTTP 200: the answer to POST /invocations is not"
                    + " JSON (" + type + ", " + bytes.length + " bytes");
            assertThat(e.isRetriable()).isFalse();
        }
    }

    @Example
    void anAnswerNestedTooDeeplyIsARemoteServiceError() {
        byte[] deep = ("[".repeat(100_000) + "]".repeat(100_000)).getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> ScoringPayloads.fromBody(Blob.of("application/json", deep), SERVICE))
                .isExactlyInstanceOf(RemoteServiceException.class)
                .hasMessageStartingWith(SERVICE + " answered HTTP 200: the answer to POST /invocations is not JSON"
                        + " (application/json, 200000 bytes");
    }

    private static Set<String> keysOf(Map<?, ?> map) {
        Set<String> keys = new java.util.HashSet<>();
        map.keySet().forEach(key -> keys.add(String.valueOf(key)));
        return keys;
    }

    // Generators.

    @Provide
    Arbitrary<TangoRequest> requests() {
        Arbitrary<String> names = Arbitraries.oneOf(
                Arbitraries.of("dataframe_split", "dataframe_records", "instances", "inputs", "params", "x", ""),
                Arbitraries.strings().ofMaxLength(12));
        Arbitrary<Map<String, Object>> inputs = Arbitraries.maps(names, inputValues()).ofMaxSize(4);
        Arbitrary<Map<String, Object>> parameters = Arbitraries.maps(Arbitraries.strings().ofMaxLength(8),
                scalars().filter(value -> value != null)).ofMaxSize(3);
        return Combinators.combine(inputs, parameters).as((in, params) -> {
            TangoRequest.Builder builder = TangoRequest.builder();
            in.forEach(builder::input);
            params.forEach(builder::parameter);
            return builder.build();
        });
    }

    private static Arbitrary<Object> inputValues() {
        return Arbitraries.oneOf(
                scalars().filter(value -> value != null),
                scalars().list().ofMaxSize(5).map(list -> (Object) list),
                scalars().list().ofMaxSize(3).list().ofMaxSize(3).map(list -> (Object) list),
                Arbitraries.maps(Arbitraries.strings().ofMaxLength(5), scalars()).ofMaxSize(3).map(map -> (Object) map),
                tensors(),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(16).map(bytes -> (Object) Blob.of("image/png", bytes)));
    }

    private static Arbitrary<Object> tensors() {
        Arbitrary<Object> floats = Arbitraries.floats().array(float[].class).ofMinSize(1).ofMaxSize(6)
                .map(values -> (Object) Tensor.ofFloats(values, values.length));
        Arbitrary<Object> matrices = Arbitraries.integers().between(1, 3).flatMap(rows -> Arbitraries.integers()
                .between(1, 3).flatMap(columns -> Arbitraries.longs().array(long[].class).ofSize(rows * columns)
                        .map(values -> (Object) Tensor.ofLongs(values, rows, columns))));
        Arbitrary<Object> strings = Arbitraries.strings().ofMaxLength(6).list().ofMinSize(1).ofMaxSize(4)
                .map(values -> (Object) Tensor.ofStrings(values, values.size()));
        return Arbitraries.oneOf(floats, matrices, strings);
    }

    private static Arbitrary<Object> scalars() {
        return Arbitraries.oneOf(
                Arbitraries.integers().map(value -> (Object) value),
                Arbitraries.longs().map(value -> (Object) value),
                Arbitraries.doubles().map(value -> (Object) value),
                Arbitraries.of(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY).map(value -> (Object) value),
                Arbitraries.strings().ofMaxLength(10).map(value -> (Object) value),
                Arbitraries.of(true, false).map(value -> (Object) value),
                Arbitraries.just(null),
                Arbitraries.bigIntegers().between(BIG.negate(), BIG).map(value -> (Object) value),
                Arbitraries.bigDecimals().between(new java.math.BigDecimal(BIG).negate(), new java.math.BigDecimal(BIG))
                        .ofScale(6).map(value -> (Object) value));
    }

    @Provide
    Arbitrary<Map<String, List<Object>>> tables() {
        return Arbitraries.integers().between(0, 6).flatMap(rows -> Arbitraries.maps(
                Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(8)
                        .filter(name -> !FORMAT_KEYS.contains(name)),
                Arbitraries.oneOf(Arbitraries.doubles().map(value -> (Object) value),
                        Arbitraries.strings().ofMaxLength(5).map(value -> (Object) value)).list().ofSize(rows))
                .ofMinSize(2).ofMaxSize(5));
    }

    @Provide
    Arbitrary<Object> jsonValues() {
        return jsonValue(3);
    }

    private static Arbitrary<Object> jsonValue(int depth) {
        Arbitrary<Object> leaves = Arbitraries.oneOf(
                Arbitraries.integers().map(value -> (Object) value),
                Arbitraries.doubles().map(value -> (Object) value),
                Arbitraries.bigIntegers().between(BIG.negate(), BIG)
                        .map(value -> (Object) value),
                Arbitraries.strings().ofMaxLength(10).map(value -> (Object) value),
                Arbitraries.of(true, false).map(value -> (Object) value),
                Arbitraries.just(null));
        if (depth == 0) {
            return leaves;
        }
        Arbitrary<Object> lists = Arbitraries.lazy(() -> jsonValue(depth - 1)).list().ofMaxSize(4).map(list -> (Object) list);
        Arbitrary<Object> maps = Arbitraries.maps(
                Arbitraries.oneOf(Arbitraries.of("predictions", "outputs", ""), Arbitraries.strings().ofMaxLength(6)),
                Arbitraries.lazy(() -> jsonValue(depth - 1))).ofMaxSize(4).map(map -> (Object) map);
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, leaves), net.jqwik.api.Tuple.of(2, lists), net.jqwik.api.Tuple.of(2, maps));
    }

    @Provide
    Arbitrary<byte[]> hostileBodies() {
        Arbitrary<byte[]> texts = Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(40),
                Arbitraries.of("", " ", "null", "{", "[", "{\"predictions\": ", "{\"predictions\": [1, 2,",
                        "<html><body>Welcome to nginx!</body></html>", "\uFEFF{}", "{\"a\":1}{\"b\":2}", "NaN",
                        "{\"predictions\": [1e999999]}", "1".repeat(5000)))
                .map(text -> text.getBytes(StandardCharsets.UTF_8));
        return Arbitraries.oneOf(texts, Arbitraries.bytes().array(byte[].class).ofMaxSize(64));
    }

    @Provide
    Arbitrary<String> contentTypes() {
        return Arbitraries.of("application/json", "text/html", "text/csv", "application/octet-stream");
    }
}
