package io.tango.plugin.local;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.tango.api.Blob;
import io.tango.api.DataType;
import io.tango.api.ExplainableTangoModel;
import io.tango.api.InvalidRequestException;
import io.tango.api.ModelDescriptor;
import io.tango.api.ModelKey;
import io.tango.api.TangoException;
import io.tango.api.TangoModel;
import io.tango.api.TangoRequest;
import io.tango.api.TangoResponse;
import io.tango.api.Tensor;
import io.tango.api.deploy.Deployment;
import io.tango.plugin.local.deploy.LocalDeploymentClient;
import io.tango.plugin.local.server.ScoringError;
import io.tango.plugin.local.server.ScoringProtocol;
import io.tango.plugin.local.server.ScoringRequest;
import io.tango.plugin.local.server.ServingSettings;
import io.tango.plugin.local.store.Json;
import io.tango.plugin.local.store.LocalModelStore;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.statistics.Statistics;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile and malformed input to plugin-local never escapes as anything but a typed error, and a served deployment
 * answers it 400 (or 413, 415) with MLflow's error body, never 500: random scoring payloads through the protocol's
 * parser and a real ONNX model trained on iris, some of them over HTTP; random requests against the signatures of two
 * real ONNX models; random model keys and paths against the store, among them folders whose artifacts link or lead
 * out of them. 27,000 cases.
 */
class HostileLocalInputPropertyTest {
    private static final List<String> FEATURES = Fixtures.IRIS_FEATURES;

    private static Path root;
    private static LocalModelStore store;
    private static ExplainableTangoModel<?, ?> iris;
    private static ExplainableTangoModel<?, ?> linear;
    private static LocalModelFinder finder;
    private static LocalDeploymentClient deployments;
    private static URI served;

    @BeforeContainer
    static void trainServeAndLoad() throws IOException {
        root = Files.createTempDirectory("tango-local-hostile-");
        store = new LocalModelStore(root.resolve("store"));
        Fixtures.train(store, "iris", Fixtures.irisArguments());
        finder = new LocalModelFinder(store, "hostile");
        iris = Fixtures.loader().load(finder.find(ModelKey.of("iris")).orElseThrow());
        Path onnx = Files.write(root.resolve("linear.onnx"), Fixtures.linearOnnx(new float[] {1f, 2f, 3f}, 0.5f));
        linear = Fixtures.loader().load(finder.find(ModelKey.of(onnx.toString())).orElseThrow());
        deployments = new LocalDeploymentClient(store, finder, Fixtures.loader(),
                new ServingSettings("127.0.0.1", 2, 64, 64 * 1024), Clock.systemUTC());
        Deployment deployment = deployments.createDeployment("iris", "iris", Optional.empty(), Map.of("serve", "true"));
        served = deployment.url().orElseThrow();
        HostilePaths.create(root);
    }

    @AfterContainer
    static void close() throws IOException {
        deployments.close();
        iris.close();
        linear.close();
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    // ---- MLflow scoring payloads -------------------------------------------------------------------------------

    @Property(tries = 12_000)
    void aScoringPayloadIsAnsweredOrRefusedAsABadRequestNeverAsAServerError(
            @ForAll("payloads") String body, @ForAll("contentTypes") String contentType) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        try {
            ScoringRequest request = ScoringProtocol.parse(bytes, contentType, iris.descriptor());
            TangoResponse response = iris.predict(request.request());
            assertThat(ScoringProtocol.predictions(response, request.format())).isNotEmpty();
            Statistics.label("answer").collect(200);
        } catch (RuntimeException e) {
            ScoringError error = ScoringProtocol.error(e);
            assertThat(e).isInstanceOf(InvalidRequestException.class);
            assertThat(error.status()).as("status of %s", e).isIn(400, 415);
            assertThat(error.code()).isEqualTo("BAD_REQUEST");
            Statistics.label("answer").collect(error.status());
        }
    }

    @Property(tries = 1_000)
    void aServedDeploymentAnswersAnyPayloadWithPredictionsOrMlflowsErrorBody(
            @ForAll("payloads") String body, @ForAll("contentTypes") String contentType) throws JsonProcessingException {
        HttpResponse<String> response = Http.post(served, "/invocations", contentType, body);
        JsonNode answer = Json.MAPPER.readTree(response.body());
        Statistics.label("status").collect(response.statusCode());
        if (response.statusCode() == 200) {
            assertThat(answer.has("predictions")).isTrue();
        } else {
            assertThat(response.statusCode()).as("%s", response.body()).isIn(400, 413, 415);
            assertThat(answer.get("error_code").asText()).isIn("BAD_REQUEST", "REQUEST_LIMIT_EXCEEDED");
            assertThat(answer.get("message").asText()).isNotBlank();
            assertThat(answer.size()).isEqualTo(2);
        }
    }

    @Provide
    Arbitrary<String> contentTypes() {
        return Arbitraries.frequencyOf(
                Tuple.of(12, Arbitraries.just("application/json")),
                Tuple.of(1, Arbitraries.of("application/json; charset=utf-8", "application/json; charset=latin-1",
                        "text/csv", "text/plain", "application/json; format=pandas-split", "", "APPLICATION/JSON",
                        "multipart/form-data; boundary=x", ";;", "text/csv; charset=utf-8")));
    }

    @Provide
    Arbitrary<String> payloads() {
        Arbitrary<String> structured = payloadObjects().map(HostileLocalInputPropertyTest::json);
        return Arbitraries.frequencyOf(
                Tuple.of(8, nearlyValidPayloads().map(HostileLocalInputPropertyTest::json)),
                Tuple.of(6, structured),
                Tuple.of(2, Combinators.combine(structured, Arbitraries.integers().between(0, 200))
                        .as((text, cut) -> text.substring(0, Math.min(cut, text.length())))),
                Tuple.of(1, Arbitraries.strings().ofMaxLength(40)),
                Tuple.of(1, Arbitraries.strings().withChars("{}[]\",:0123456789.eE-+ntrufals\\").ofMaxLength(40)),
                Tuple.of(1, Arbitraries.of("", "null", "[]", "{}", "1", "\"x\"", "[[[[[[[[[[", "{\"inputs\":",
                        "sepal_length,sepal_width\n1,2\n", "a,b\n\"x\n", "a,a\n1,2\n", "\u0000", "{\"inputs\": NaN}",
                        "{\"inputs\": [1e999999]}", "{\"inputs\": {\"x\": [" + "[".repeat(2000) + "]}",
                        "{\"params\": {}}", "{\"inputs\": [1], \"inputs\": [2]}")));
    }

    private Arbitrary<Map<String, Object>> payloadObjects() {
        Arbitrary<String> columnName = Arbitraries.oneOf(Arbitraries.of(FEATURES), Arbitraries.of("x", "", "species"),
                Arbitraries.strings().ofMaxLength(6));
        Arbitrary<Object> cell = cells();
        Arbitrary<Object> row = Arbitraries.oneOf(cell.list().ofMaxSize(5).map(list -> (Object) list), cell);
        Arbitrary<Object> rows = Arbitraries.oneOf(row.list().ofMaxSize(4).map(list -> (Object) list),
                cell.list().ofSize(4).list().ofMaxSize(4).map(list -> (Object) list), cell);
        Arbitrary<Object> split = Combinators.combine(columnName.list().ofMaxSize(5), rows, Arbitraries.of(true, false))
                .as((columns, data, named) -> {
                    Map<String, Object> frame = new LinkedHashMap<>();
                    if (named) {
                        frame.put("columns", columns);
                    }
                    frame.put("data", data);
                    return (Object) frame;
                });
        Arbitrary<Object> record = Arbitraries.maps(columnName, cell).ofMaxSize(5).map(map -> (Object) map);
        Arbitrary<Object> records = Arbitraries.oneOf(record.list().ofMaxSize(4).map(list -> (Object) list), record, cell);
        Arbitrary<Object> named = Arbitraries.maps(columnName, rows).ofMaxSize(5).map(map -> (Object) map);
        Arbitrary<Object> anything = Arbitraries.oneOf(split, records, named, rows, cell);
        Arbitrary<String> field = Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.of(ScoringProtocol.INPUT_FIELDS)),
                Tuple.of(1, Arbitraries.of("params", "columns", "data", "")));
        return Combinators.combine(field, anything, field, anything, Arbitraries.integers().between(1, 3),
                Arbitraries.maps(columnName, cell).ofMaxSize(2))
                .as((first, firstValue, second, secondValue, fields, params) -> {
                    Map<String, Object> payload = new LinkedHashMap<>();
                    payload.put(first, firstValue);
                    if (fields >= 2) {
                        payload.put(second, secondValue);
                    }
                    if (fields == 3) {
                        payload.put("params", params);
                    }
                    return payload;
                });
    }

    /**
     * The four forms MLflow accepts, built for the iris model's columns, each with a chance of one defect: a row one
     * value short or long, a value that is not a number, a column missing, repeated or unknown, a column of another
     * length.
     */
    private static Arbitrary<Map<String, Object>> nearlyValidPayloads() {
        Arbitrary<Double> number = Arbitraries.doubles().between(0, 8).ofScale(1);
        Arbitrary<List<Double>> validRow = number.list().ofSize(FEATURES.size());
        Arbitrary<List<Object>> row = Arbitraries.frequencyOf(
                Tuple.of(8, validRow.map(values -> (List<Object>) new ArrayList<Object>(values))),
                Tuple.of(1, number.list().ofMinSize(0).ofMaxSize(6).map(values -> (List<Object>) new ArrayList<Object>(values))),
                Tuple.of(1, Combinators.combine(validRow, Arbitraries.integers().between(0, 3), cells())
                        .as((values, at, cell) -> {
                            List<Object> broken = new ArrayList<>(values);
                            broken.set(at, cell);
                            return broken;
                        })));
        Arbitrary<List<List<Object>>> rows = row.list().ofMinSize(0).ofMaxSize(4);
        Arbitrary<List<String>> columns = Arbitraries.frequencyOf(
                Tuple.of(8, Arbitraries.just(FEATURES)),
                Tuple.of(1, Arbitraries.of(FEATURES).list().ofMinSize(0).ofMaxSize(5)),
                Tuple.of(1, Arbitraries.shuffle(FEATURES)),
                Tuple.of(1, Arbitraries.just(List.of("sepal_length", "sepal_width", "petal_length", "x"))));
        Arbitrary<Map<String, Object>> split = Combinators.combine(columns, rows).as((names, data) -> {
            Map<String, Object> frame = new LinkedHashMap<>();
            frame.put("columns", names);
            frame.put("data", data);
            return Map.of("dataframe_split", frame);
        });
        Arbitrary<Map<String, Object>> records = Combinators.combine(columns, rows).as((names, data) -> {
            List<Map<String, Object>> list = new ArrayList<>();
            for (List<Object> values : data) {
                Map<String, Object> record = new LinkedHashMap<>();
                for (int c = 0; c < Math.min(names.size(), values.size()); c++) {
                    record.put(names.get(c), values.get(c));
                }
                list.add(record);
            }
            return Map.of("dataframe_records", list);
        });
        Arbitrary<Map<String, Object>> instances = rows.map(data -> Map.of("instances", data));
        Arbitrary<Map<String, Object>> inputs = Combinators.combine(columns, rows, Arbitraries.of(true, false))
                .as((names, data, scalar) -> {
                    Map<String, Object> named = new LinkedHashMap<>();
                    for (int c = 0; c < names.size(); c++) {
                        List<Object> column = new ArrayList<>();
                        for (List<Object> values : data) {
                            column.add(c < values.size() ? values.get(c) : null);
                        }
                        named.put(names.get(c), scalar && !column.isEmpty() ? column.get(0) : column);
                    }
                    return Map.of("inputs", named);
                });
        return Arbitraries.oneOf(split, records, instances, inputs);
    }

    private static Arbitrary<Object> cells() {
        return Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.doubles().between(-10, 10).map(d -> (Object) d)),
                Tuple.of(2, Arbitraries.integers().map(i -> (Object) i)),
                Tuple.of(1, Arbitraries.of(Double.MAX_VALUE, -Double.MIN_VALUE, 1e300, Long.MAX_VALUE, Long.MIN_VALUE,
                        new java.math.BigInteger("123456789012345678901234567890"), 0, -0.0).map(n -> (Object) n)),
                Tuple.of(1, Arbitraries.strings().ofMaxLength(5).map(s -> (Object) s)),
                Tuple.of(1, Arbitraries.of(true, false).map(b -> (Object) b)),
                Tuple.of(1, Arbitraries.just(null)),
                Tuple.of(1, Arbitraries.of(List.of(), Map.of(), List.of(1.0), Map.of("a", 1)).map(v -> (Object) v)));
    }

    private static String json(Object value) {
        try {
            return Json.MAPPER.writer().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- request mapping against real ONNX signatures -----------------------------------------------------------

    @Property(tries = 8_000)
    void aRequestIsPredictedOrRefusedNamingWhatIsWrong(@ForAll("requests") TangoRequest request, @ForAll boolean useIris) {
        TangoModel<?, ?> model = useIris ? iris : linear;
        try {
            TangoResponse response = model.predict(request);
            assertThat(response.outputs()).isNotEmpty();
            Statistics.label("outcome").collect("predicted");
        } catch (InvalidRequestException e) {
            assertThat(e.getMessage()).isNotBlank();
            Statistics.label("outcome").collect("refused");
        }
    }

    @Provide
    Arbitrary<TangoRequest> requests() {
        return Arbitraries.frequencyOf(Tuple.of(1, nearlyValidRequests()), Tuple.of(1, hostileRequests()));
    }

    /** Columns for iris and rows for the linear model's {@code x [-1, 3]}, some ragged, short or holding other values. */
    private static Arbitrary<TangoRequest> nearlyValidRequests() {
        Arbitrary<Object> number = Arbitraries.frequencyOf(
                Tuple.of(12, Arbitraries.doubles().between(-5, 5).map(d -> (Object) d)),
                Tuple.of(1, cells()));
        Arbitrary<Object> column = Arbitraries.frequencyOf(
                Tuple.of(6, number.list().ofMinSize(1).ofMaxSize(4).map(list -> (Object) list)),
                Tuple.of(1, number),
                Tuple.of(1, number.list().ofMaxSize(2).list().ofMaxSize(2).map(list -> (Object) list)))
                .filter(java.util.Objects::nonNull);
        Arbitrary<TangoRequest> irisColumns = Combinators.combine(column, column, column, column,
                Arbitraries.integers().between(0, 5)).as((a, b, c, d, drop) -> {
                    Map<String, Object> inputs = new LinkedHashMap<>();
                    List<Object> values = List.of(a, b, c, d);
                    for (int i = 0; i < FEATURES.size(); i++) {
                        if (i != drop) {
                            inputs.put(FEATURES.get(i), values.get(i));
                        }
                    }
                    if (drop == 5) {
                        inputs.put("petal_colour", a);
                    }
                    return inputs.isEmpty() ? TangoRequest.of(Map.of("x", 1.0)) : TangoRequest.of(inputs);
                });
        Arbitrary<Object> linearRow = Arbitraries.frequencyOf(
                Tuple.of(8, number.list().ofSize(3).map(list -> (Object) list)),
                Tuple.of(1, number.list().ofMaxSize(4).map(list -> (Object) list)),
                Tuple.of(1, number));
        Arbitrary<TangoRequest> linearRows = Arbitraries.frequencyOf(
                Tuple.of(6, linearRow.list().ofMinSize(1).ofMaxSize(4).map(list -> (Object) list)),
                Tuple.of(1, linearRow),
                Tuple.of(1, linearRow.list().ofMaxSize(2).list().ofMaxSize(2).map(list -> (Object) list)))
                .filter(java.util.Objects::nonNull)
                .map(rows -> TangoRequest.of(Map.of("x", rows)));
        return Arbitraries.oneOf(irisColumns, linearRows);
    }

    private static Arbitrary<TangoRequest> hostileRequests() {
        Arbitrary<String> name = Arbitraries.oneOf(Arbitraries.of(FEATURES), Arbitraries.of("x", "float_input", "y", ""),
                Arbitraries.strings().ofMaxLength(5));
        Arbitrary<Object> value = Arbitraries.oneOf(tensors(), nested(2),
                Arbitraries.of(Blob.ofUtf8("text/plain", "x"), Map.of("a", List.of(1.0))).map(v -> (Object) v))
                .filter(java.util.Objects::nonNull);
        Arbitrary<Map<String, Object>> inputs = Arbitraries.maps(name, value).ofMaxSize(5);
        Arbitrary<Map<String, Object>> parameters = Arbitraries.maps(name, cells().filter(java.util.Objects::nonNull))
                .ofMaxSize(2);
        return Combinators.combine(inputs, parameters)
                .as((given, params) -> new TangoRequest(given, params, Optional.empty()));
    }

    private static Arbitrary<Object> nested(int depth) {
        Arbitrary<Object> leaf = cells();
        if (depth == 0) {
            return leaf;
        }
        Arbitrary<Object> inner = nested(depth - 1);
        return Arbitraries.frequencyOf(
                Tuple.of(2, leaf),
                Tuple.of(3, inner.list().ofMaxSize(4).map(list -> (Object) list)),
                Tuple.of(3, Arbitraries.doubles().between(-5, 5).list().ofSize(4).list().ofMaxSize(3)
                        .map(list -> (Object) list)),
                Tuple.of(1, Arbitraries.doubles().between(-5, 5).list().ofSize(3).list().ofMaxSize(3)
                        .map(list -> (Object) list)));
    }

    private static Arbitrary<Object> tensors() {
        Arbitrary<long[]> shape = Arbitraries.longs().between(0, 4).array(long[].class).ofMaxSize(3);
        return Combinators.combine(Arbitraries.of(DataType.FLOAT32, DataType.FLOAT64, DataType.INT32, DataType.INT64,
                DataType.BOOLEAN, DataType.STRING, DataType.INT8, DataType.INT16), shape)
                .as(HostileLocalInputPropertyTest::tensor);
    }

    private static Object tensor(DataType type, long[] shape) {
        int size = 1;
        for (long dimension : shape) {
            size *= (int) dimension;
        }
        return switch (type) {
            case FLOAT32 -> Tensor.ofFloats(new float[size], shape);
            case FLOAT64 -> Tensor.ofDoubles(new double[size], shape);
            case INT32 -> Tensor.ofInts(new int[size], shape);
            case INT64 -> Tensor.ofLongs(new long[size], shape);
            case BOOLEAN -> Tensor.ofBooleans(new boolean[size], shape);
            case STRING -> Tensor.ofStrings(java.util.Collections.nCopies(size, "s"), shape);
            default -> Tensor.wrap(type, java.nio.ByteBuffer.allocate(size * (type == DataType.INT8 ? 1 : 2))
                    .order(java.nio.ByteOrder.nativeOrder()), shape);
        };
    }

    // ---- model keys and paths ---------------------------------------------------------------------------------------

    @Property(tries = 6_000)
    void aModelKeyOrPathIsFoundOrNotFoundOrRefusedTyped(@ForAll("keys") String key) {
        try {
            Optional<ModelDescriptor> found = finder.find(ModelKey.of(key));
            found.ifPresent(descriptor -> assertThat(descriptor.artifactPath()).isPresent());
            Statistics.label("outcome").collect(found.isPresent() ? "found" : "not found");
        } catch (TangoException e) {
            assertThat(e.getMessage()).isNotBlank();
            Statistics.label("outcome").collect(e.getClass().getSimpleName());
        }
        assertThat(HostilePaths.outsideIsUntouched(root)).isTrue();
    }

    @Provide
    Arbitrary<String> keys() {
        return Arbitraries.oneOf(
                Arbitraries.of("iris", "iris@latest", "iris/1", "iris/2", "iris@champion", "iris/../iris", "../iris",
                        "iris/1/..", "./iris", "/", ".", "..", "~", "~/", "file:", "file:///", "file://host/x", "file:/%00",
                        "models:/iris/1", "iris/1/extra", "IRIS", "iris\u0000", "C:\\iris", "\\\\server\\share\\x"),
                Arbitraries.of(HostilePaths.keys(root)),
                Arbitraries.strings().withChars("iris/@.~:\\%1 ").ofMaxLength(10),
                Arbitraries.strings().ofMaxLength(12));
    }
}
