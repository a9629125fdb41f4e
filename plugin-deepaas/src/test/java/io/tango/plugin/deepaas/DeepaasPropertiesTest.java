package io.tango.plugin.deepaas;

import com.fasterxml.jackson.databind.JsonNode;
import io.tango.api.Blob;
import io.tango.api.DataType;
import io.tango.api.FieldSpec;
import io.tango.api.InvalidRequestException;
import io.tango.api.ModelDescriptor;
import io.tango.api.ModelKey;
import io.tango.api.TangoException;
import io.tango.api.TangoRequest;
import io.tango.api.TangoResponse;
import io.tango.api.WorkingSession;
import io.tango.plugin.deepaas.client.DeepaasArgument;
import io.tango.plugin.deepaas.client.DeepaasClient;
import io.tango.plugin.deepaas.client.DeepaasClientSettings;
import io.tango.plugin.deepaas.client.DeepaasServers;
import io.tango.plugin.deepaas.client.DeepaasModelApi;
import io.tango.plugin.deepaas.client.DeepaasTraining;
import io.tango.plugin.deepaas.client.Json;
import io.tango.plugin.deepaas.client.OpenApiReader;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.lifecycle.AfterContainer;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Generated and mutated DEEPaaS answers and requests: OpenAPI documents (missing paths, wrong types, huge and odd
 * names, reference cycles, nulls), model metadata and training documents, prediction answers, and TANGO requests
 * against generated argument declarations. Whatever they hold, the plugin's reading and mapping code ends with a
 * result or a typed TANGO error, never a raw exception. 30,000 cases in all.
 */
class DeepaasPropertiesTest {
    private static final URI SERVER = URI.create("http://127.0.0.1:5000");
    private static final DeepaasServers HTTP = new DeepaasServers(DeepaasClientSettings.DEFAULT, "properties-test");
    private static final DeepaasClient CLIENT = HTTP.client(SERVER);
    private static final String MODEL = "demo";

    @AfterContainer
    static void close() {
        HTTP.close();
    }

    // ---- OpenAPI documents -------------------------------------------------------------------------------------

    @Property(tries = 4_000, edgeCases = EdgeCasesMode.NONE)
    void anyMutatedOpenApiDocumentIsReadWithoutARawException(@ForAll("openApiDocuments") String document) {
        JsonNode swagger = reparse(document);
        DeepaasModelApi api = OpenApiReader.read(swagger, "", MODEL);
        OpenApiReader.describes(swagger, "", MODEL);
        DeepaasModelDescription description = DeepaasDescriber.describe(CLIENT, MODEL, Map.of("name", MODEL), swagger);
        ModelDescriptor descriptor = description.toDescriptor(ModelKey.of("deepaas:/" + MODEL), "finder properties");
        assertThat(descriptor.signature().inputs()).hasSameSizeAs(api.predictArguments());
        assertThat(api.predictArguments()).allSatisfy(argument -> assertThat(argument.name()).isNotEmpty());
    }

    @Property(tries = 3_000, edgeCases = EdgeCasesMode.NONE)
    void anyJsonAtAllAsTheOpenApiDocumentIsReadWithoutARawException(@ForAll("json") Object document) {
        JsonNode swagger = reparse(Json.write(document));
        OpenApiReader.read(swagger, "/api", MODEL);
        DeepaasDescriber.describe(CLIENT, MODEL, Map.of(), swagger).toDescriptor(ModelKey.of("m"), "properties");
    }

    // ---- model metadata, list entries and trainings ------------------------------------------------------------

    @Property(tries = 7_000, edgeCases = EdgeCasesMode.NONE)
    void anyModelEntryOrMetadataIsDescribedWithoutARawException(@ForAll("metadata") Map<String, Object> metadata) {
        Map<String, Object> entry = Json.toMap(reparse(Json.write(metadata)));
        String key = DeepaasClient.urlKey(entry);
        assertThat(key).isNotNull();
        DeepaasModelDescription description = new DeepaasModelDescription(SERVER, key, entry, List.of(), List.of(), List.of());
        description.displayName();
        description.toDescriptor(ModelKey.of("deepaas:/m"), "properties");
    }

    @Property(tries = 3_000, edgeCases = EdgeCasesMode.NONE)
    void anyTrainingDocumentIsReadOrRefusedWithItsDocumentedError(@ForAll("trainingDocuments") Object document) {
        JsonNode node = reparse(Json.write(document));
        DeepaasTraining training;
        try {
            training = DeepaasTraining.of(node);
        } catch (IllegalArgumentException e) {
            // The documented contract; DeepaasClient turns it into a RemoteServiceException.
            assertThat(e).hasMessageStartingWith("not a DEEPaaS training document: ");
            assertThat(e.getMessage().length()).isLessThanOrEqualTo(600);
            return;
        }
        TrainingStates.info("deepaas:" + training.uuid(), MODEL, training, Instant.now());
    }

    @Property(tries = 2_000, edgeCases = EdgeCasesMode.NONE)
    void anyPredictionAnswerIsMappedOrRefusedTyped(@ForAll("json") Object answer, @ForAll("contentTypes") String type) {
        DeepaasModel model = new DeepaasModel(descriptor(), CLIENT, new DeepaasModelApi(MODEL, List.of(), List.of(),
                List.of(), true, true, false), true);
        byte[] bytes = Json.write(answer).getBytes(StandardCharsets.UTF_8);
        try {
            TangoResponse response = model.mapResponse(Blob.of(type, bytes));
            assertThat(response.contentType()).isEqualTo(type);
        } catch (TangoException e) {
            assertThat(e).hasMessageContaining("predict with model 'demo'");
        }
    }

    // ---- request mapping -------------------------------------------------------------------------------------

    @Property(tries = 9_000, edgeCases = EdgeCasesMode.NONE)
    void anyRequestIsMappedOrRefusedWithAnInvalidRequestException(
            @ForAll("declarations") List<DeepaasArgument> declared, @ForAll("requests") TangoRequest request) {
        DeepaasModel model = new DeepaasModel(descriptor(), CLIENT, new DeepaasModelApi(MODEL, declared, List.of(),
                List.of(), true, true, false), true);
        try {
            DeepaasPredictRequest mapped = model.mapRequest(request, WorkingSession.none());
            assertThat(mapped.body().contentType()).startsWith("multipart/form-data; boundary=");
        } catch (InvalidRequestException e) {
            assertThat(e).hasMessageStartingWith("Invalid predict request for DEEPaaS model 'demo': ");
        }
    }

    @Property(tries = 2_000, edgeCases = EdgeCasesMode.NONE)
    void anyRequestIsSentUncheckedWhenChecksAreOff(@ForAll("requests") TangoRequest request) {
        DeepaasModel model = new DeepaasModel(descriptor(), CLIENT, new DeepaasModelApi(MODEL, List.of(), List.of(),
                List.of(), true, true, false), false);
        try {
            assertThat(model.mapRequest(request, WorkingSession.none()).body().bytes()).isNotEmpty();
        } catch (InvalidRequestException e) {
            // Unchecked still means encodable (a file or tensor inside a list or map has no JSON form) and unambiguous.
            assertThat(e.getMessage()).satisfiesAnyOf(
                    message -> assertThat(message).startsWith("Invalid request: argument '")
                            .endsWith("' holds a Blob or Tensor inside a list or map, which has no JSON form;"
                                    + " pass files as arguments of their own"),
                    message -> assertThat(message).startsWith("Invalid predict request for DEEPaaS model 'demo':"
                            + " argument '").endsWith("' is given both as an input and as a parameter"));
        }
    }

    // ---- generators ------------------------------------------------------------------------------------------

    private static ModelDescriptor descriptor() {
        return ModelDescriptor.builder(ModelKey.of("deepaas:/demo"), MODEL, "deepaas").endpoint(SERVER).build();
    }

    private static JsonNode reparse(String json) {
        try {
            return Json.parse(json.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new AssertionError("the generator wrote JSON that does not parse: " + json, e);
        }
    }

    /** Names: ordinary, empty, huge, odd characters, percent escapes, path-like. */
    @Provide
    Arbitrary<String> names() {
        return Arbitraries.frequencyOf(
                Tuple.of(10, Arbitraries.of("text", "accept", "petal_length", "file", "", " ", "%zz", "%2F", "a/b", "..",
                        "名前", "\u0000", "\"quoted\"", "line\nbreak", "null", "$ref")),
                Tuple.of(10, Arbitraries.strings().ofMinLength(0).ofMaxLength(20)),
                Tuple.of(1, Arbitraries.integers().between(1000, 5000).map("n"::repeat)));
    }

    @Provide
    Arbitrary<Object> scalars() {
        return Arbitraries.oneOf(
                Arbitraries.just(null),
                Arbitraries.of(true, false),
                Arbitraries.integers(),
                Arbitraries.longs(),
                Arbitraries.doubles(),
                Arbitraries.of(new BigDecimal("1e400"), new BigDecimal("-1e400"), new BigDecimal("1e-400"),
                        new BigDecimal("123456789012345678901234567890.5"), new BigInteger("99999999999999999999999"),
                        Double.MAX_VALUE, -0.0),
                names().map(name -> (Object) name));
    }

    @Provide
    Arbitrary<Object> json() {
        return Arbitraries.recursive(this::scalars, this::containers, 0, 3);
    }

    private Arbitrary<Object> containers(Arbitrary<Object> inner) {
        return Arbitraries.oneOf(
                inner.list().ofMaxSize(3).map(list -> (Object) list),
                Arbitraries.maps(names(), inner).ofMaxSize(3).map(map -> (Object) map));
    }

    private Arbitrary<Object> plausibleOr(Arbitrary<?> plausible) {
        return Arbitraries.frequencyOf(
                Tuple.of(4, plausible.map(value -> (Object) value)),
                Tuple.of(1, json()));
    }

    /** A Swagger parameter, each field plausible or any JSON, and fields left out at random. */
    @Provide
    Arbitrary<Object> parameters() {
        Arbitrary<Object> type = plausibleOr(Arbitraries.of("integer", "number", "string", "boolean", "file", "array",
                "object", "nonsense"));
        Arbitrary<Object> location = plausibleOr(Arbitraries.of("formData", "query", "header", "path", "body"));
        Arbitrary<Object> bound = plausibleOr(Arbitraries.oneOf(Arbitraries.integers().map(i -> (Object) i),
                Arbitraries.doubles().map(d -> (Object) d),
                Arbitraries.of(new BigDecimal("1e400"), new BigDecimal("-1e400"), new BigDecimal("1e-400"))));
        Arbitrary<Object> choices = plausibleOr(json().list().ofMaxSize(5));
        Arbitrary<Object> items = plausibleOr(Combinators.combine(type, choices)
                .as((itemType, itemChoices) -> Map.of("type", itemType == null ? "string" : itemType,
                        "enum", itemChoices == null ? List.of() : itemChoices)));
        return Combinators.combine(names(), type, location, bound, bound, choices, items,
                        Arbitraries.integers().between(0, 1023))
                .as((name, t, in, minimum, maximum, enumValues, itemSchema, mask) -> {
                    Map<String, Object> parameter = new LinkedHashMap<>();
                    putIf(parameter, mask, 0, "name", name);
                    putIf(parameter, mask, 1, "in", in);
                    putIf(parameter, mask, 2, "type", t);
                    putIf(parameter, mask, 3, "required", (mask & 1024) == 0);
                    putIf(parameter, mask, 4, "minimum", minimum);
                    putIf(parameter, mask, 5, "maximum", maximum);
                    putIf(parameter, mask, 6, "enum", enumValues);
                    putIf(parameter, mask, 7, "items", itemSchema);
                    putIf(parameter, mask, 8, "default", minimum);
                    putIf(parameter, mask, 9, "exclusiveMinimum", (mask & 3) == 0);
                    return (Object) parameter;
                });
    }

    private static void putIf(Map<String, Object> map, int mask, int bit, String key, Object value) {
        if ((mask & (1 << bit)) != 0) {
            map.put(key, value);
        }
    }

    /**
     * A DEEPaaS-shaped document, mutated: paths present or missing, parameters as a list, an object or anything,
     * response schemas referencing definitions (also in cycles), nulls.
     */
    @Provide
    Arbitrary<String> openApiDocuments() {
        Arbitrary<Object> parameterList = plausibleOr(parameters().list().ofMaxSize(4));
        Arbitrary<Object> schema = plausibleOr(Arbitraries.of(
                Map.of("$ref", "#/definitions/Prediction"),
                Map.of("$ref", "#/definitions/A"),
                Map.of("$ref", "#/definitions/Missing"),
                Map.of("$ref", 7),
                Map.of("type", "object", "properties", Map.of("labels", Map.of("type", "array",
                        "items", Map.of("$ref", "#/definitions/A"))), "required", List.of("labels", 3))));
        Arbitrary<Object> definitions = plausibleOr(Arbitraries.of(
                Map.of("A", Map.of("$ref", "#/definitions/B"), "B", Map.of("$ref", "#/definitions/A")),
                Map.of("A", Map.of("type", "object", "properties", Map.of("a", Map.of("$ref", "#/definitions/A"))))));
        return Combinators.combine(parameterList, parameterList, schema, definitions, Arbitraries.integers().between(0, 63),
                        names())
                .as((predictParameters, trainParameters, responseSchema, defs, mask, extraPath) -> {
                    Map<String, Object> predict = new LinkedHashMap<>();
                    putIf(predict, mask | 1, 0, "parameters", predictParameters);
                    Map<String, Object> responses = new LinkedHashMap<>();
                    responses.put("200", mapWith("schema", responseSchema));
                    putIf(predict, mask, 1, "responses", responses);
                    Map<String, Object> paths = new LinkedHashMap<>();
                    putIf(paths, mask | 4, 2, "/v2/models/demo/predict/", mapWith("post", predict));
                    putIf(paths, mask, 3, "/v2/models/demo/train/", mapWith("post", mapWith("parameters", trainParameters)));
                    paths.put("/v2/models/" + extraPath + "/predict/", mapWith("post", null));
                    Map<String, Object> document = new LinkedHashMap<>();
                    document.put("swagger", "2.0");
                    putIf(document, mask | 16, 4, "paths", paths);
                    putIf(document, mask, 5, "definitions", defs);
                    return Json.write(document);
                });
    }

    private static Map<String, Object> mapWith(String key, Object value) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put(key, value);
        return map;
    }

    /** Model list entries and metadata: DEEPaaS's fields with plausible or any values, links of any shape. */
    @Provide
    Arbitrary<Map<String, Object>> metadata() {
        Arbitrary<Object> href = plausibleOr(Arbitraries.oneOf(
                names().map(name -> "/v2/models/" + name + "/"),
                names().map(name -> "http://h/v2/models/" + name),
                Arbitraries.of("", "/", "%", "/v2/models/%zz", "/v2/models/a+b%2")));
        Arbitrary<Object> link = plausibleOr(Combinators.combine(plausibleOr(Arbitraries.of("self", "help")), href)
                .as((rel, target) -> {
                    Map<String, Object> map = new LinkedHashMap<>();
                    map.put("rel", rel);
                    map.put("href", target);
                    return map;
                }));
        return Combinators.combine(plausibleOr(names()), plausibleOr(names()), plausibleOr(link.list().ofMaxSize(3)),
                        Arbitraries.maps(names(), json()).ofMaxSize(5))
                .as((id, name, links, more) -> {
                    Map<String, Object> map = new LinkedHashMap<>(more);
                    map.put("id", id);
                    map.put("name", name);
                    map.put("version", id);
                    map.put("links", links);
                    return map;
                });
    }

    @Provide
    Arbitrary<Object> trainingDocuments() {
        Arbitrary<Object> date = plausibleOr(Arbitraries.of("2024-01-01 12:00:00.123456", "2024-01-01 12:00:00",
                "9999-12-31 23:59:59.999999999", "0000-01-01 00:00:00", "yesterday", ""));
        return Combinators.combine(plausibleOr(names()), plausibleOr(Arbitraries.of("running", "done", "error",
                        "cancelled", "completed", "??")), date, date, plausibleOr(Arbitraries.maps(names(), json()).ofMaxSize(3)),
                        json())
                .as((uuid, status, started, finished, args, output) -> {
                    Map<String, Object> result = new LinkedHashMap<>();
                    result.put("output", output);
                    result.put("finish_date", finished);
                    result.put("duration", started);
                    Map<String, Object> document = new LinkedHashMap<>();
                    document.put("uuid", uuid);
                    document.put("status", status);
                    document.put("date", started);
                    document.put("args", args);
                    document.put("result", result);
                    document.put("message", output);
                    return (Object) document;
                });
    }

    @Provide
    Arbitrary<String> contentTypes() {
        return Arbitraries.of("application/json", "application/problem+json", "APPLICATION/JSON", "text/plain",
                "image/png", "application/octet-stream");
    }

    /** Declared arguments: any type and shape, choices, bounds (also exclusive, also inverted), header or form. */
    @Provide
    Arbitrary<List<DeepaasArgument>> declarations() {
        Arbitrary<Optional<BigDecimal>> bound = Arbitraries.oneOf(
                Arbitraries.just(Optional.empty()),
                Arbitraries.bigDecimals().between(new BigDecimal("-1e6"), new BigDecimal("1e6")).map(Optional::of),
                Arbitraries.of(Optional.of(new BigDecimal("1e-400")), Optional.of(new BigDecimal("-1e400"))));
        Arbitrary<DeepaasArgument> argument = Combinators.combine(
                        Arbitraries.oneOf(Arbitraries.of("text", "accept", "n", "x", "files", "flag"), names()),
                        Arbitraries.of(DataType.class), Arbitraries.of(true, false), Arbitraries.of(true, false),
                        Arbitraries.of(List.<String>of(), List.of("a", "b"), List.of("1", "2", "3"), List.of("true"),
                                List.of("application/json", "text/plain")),
                        bound, bound, Arbitraries.of("formData", "query", "header"))
                .as((name, type, list, required, choices, minimum, maximum, location) -> new DeepaasArgument(
                        new FieldSpec(name, type, list ? List.of(-1L) : List.of(), required, "", Optional.empty(),
                                choices),
                        location, minimum, required, maximum, !required));
        return argument.list().ofMaxSize(6);
    }

    @Provide
    Arbitrary<Object> values() {
        Arbitrary<Object> scalar = Arbitraries.oneOf(
                Arbitraries.of(true, false),
                Arbitraries.integers(),
                Arbitraries.longs(),
                Arbitraries.doubles(),
                Arbitraries.of(Double.NaN, Double.POSITIVE_INFINITY, -0.0, Float.MAX_VALUE, (short) 3, (byte) -1),
                Arbitraries.of(new BigDecimal("1e-999999999"), new BigDecimal("1e999999999"), new BigDecimal("0.10"),
                        new BigInteger("123456789012345678901234567890")),
                Arbitraries.of("1", "2.5", " 3 ", "1e999999999", "1e-999999999", "0x1p3", "NaN", "-Infinity", "yes",
                        "off", "a", "", "application/json", "text/plain", "1d"),
                names().map(name -> (Object) name),
                Arbitraries.of(Blob.ofUtf8("text/plain", "x"), Blob.ofFile("image/png", "a\"b\r\n.png", new byte[3]))
                        .map(blob -> (Object) blob));
        return Arbitraries.recursive(() -> scalar, inner -> Arbitraries.oneOf(
                inner.list().ofMaxSize(3).map(list -> (Object) list),
                Arbitraries.maps(Arbitraries.strings().ofMaxLength(5), inner).ofMaxSize(3).map(map -> (Object) map)),
                0, 2);
    }

    @Provide
    Arbitrary<TangoRequest> requests() {
        Arbitrary<String> name = Arbitraries.oneOf(Arbitraries.of("text", "accept", "n", "x", "files", "flag"), names());
        return Combinators.combine(Arbitraries.maps(name, values()).ofMaxSize(5),
                        Arbitraries.maps(name, values()).ofMaxSize(2),
                        Arbitraries.of(Optional.<String>empty(), Optional.of("application/json"), Optional.of("text/plain"),
                                Optional.of("*/*"), Optional.of("")))
                .as((inputs, parameters, accept) -> {
                    TangoRequest.Builder builder = TangoRequest.builder();
                    inputs.forEach(builder::input);
                    parameters.forEach(builder::parameter);
                    accept.ifPresent(builder::accept);
                    return builder.build();
                });
    }

}
