package io.tango.testkit.oip;

import static io.tango.testkit.oip.KnownDeviation.BINARY_ANSWER_WITHOUT_CONTENT_TYPE;
import static io.tango.testkit.oip.KnownDeviation.BINARY_DATA_NOT_ADVERTISED;
import static io.tango.testkit.oip.KnownDeviation.DATA_COUNT_MISMATCH_IS_500;
import static io.tango.testkit.oip.KnownDeviation.DATA_COUNT_NOT_CHECKED;
import static io.tango.testkit.oip.KnownDeviation.GRPC_UNKNOWN_DATATYPE_IS_INTERNAL;
import static io.tango.testkit.oip.KnownDeviation.INPUTS_NOT_CHECKED_AGAINST_METADATA;
import static io.tango.testkit.oip.KnownDeviation.MALFORMED_JSON_IS_422;
import static io.tango.testkit.oip.KnownDeviation.MALFORMED_JSON_IS_500;
import static io.tango.testkit.oip.KnownDeviation.METADATA_VERSIONS_EMPTY;
import static io.tango.testkit.oip.KnownDeviation.NO_BINARY_TENSOR_DATA;
import static io.tango.testkit.oip.KnownDeviation.NO_MODEL_VERSIONS;
import static io.tango.testkit.oip.KnownDeviation.NO_REPOSITORY_INDEX;
import static io.tango.testkit.oip.KnownDeviation.NULL_FIELDS;
import static io.tango.testkit.oip.KnownDeviation.REPOSITORY_INDEX_EMPTY;
import static io.tango.testkit.oip.KnownDeviation.REPOSITORY_UNKNOWN_LOAD_IS_500;
import static io.tango.testkit.oip.KnownDeviation.REPOSITORY_UNKNOWN_LOAD_IS_503;
import static io.tango.testkit.oip.KnownDeviation.REPOSITORY_UNKNOWN_UNLOAD_IS_200;
import static io.tango.testkit.oip.KnownDeviation.RESPONSE_ID_ALWAYS_PRESENT;
import static io.tango.testkit.oip.KnownDeviation.UNKNOWN_MODEL_READY_IS_400;
import static io.tango.testkit.oip.KnownDeviation.UNKNOWN_DATATYPE_IS_422;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.tango.toolkit.oip.OipDatatype;
import io.tango.toolkit.oip.grpc.GRPCInferenceServiceGrpc;
import io.tango.toolkit.oip.grpc.InferParameter;
import io.tango.toolkit.oip.grpc.ModelInferRequest;
import io.tango.toolkit.oip.grpc.ModelInferResponse;
import io.tango.toolkit.oip.grpc.ModelMetadataRequest;
import io.tango.toolkit.oip.grpc.ModelMetadataResponse;
import io.tango.toolkit.oip.grpc.ModelReadyRequest;
import io.tango.toolkit.oip.grpc.ServerLiveRequest;
import io.tango.toolkit.oip.grpc.ServerMetadataRequest;
import io.tango.toolkit.oip.grpc.ServerMetadataResponse;
import io.tango.toolkit.oip.grpc.ServerReadyRequest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Conformance tests of an Open Inference Protocol (KServe v2) server, over REST (JSON and the binary tensor data
 * extension) and gRPC: every endpoint, every datatype the server's identity model carries as a round trip, requested
 * outputs, parameters, the id, and the error shapes. A subclass starts one server for its class and gives its REST
 * base URL, its gRPC target and what its identity model carries.
 *
 * <p>The identity model ({@link #identityModel()}) answers each input {@code in_<datatype>} (lower-case wire name,
 * shape {@code [-1, -1]}) as the output {@code out_<datatype>}; every request sends a {@code [2, 2]} tensor of values
 * at the edges of the datatype's range.
 *
 * <p>The checks follow the specification. Where a server departs from it, the subclass declares the departure as a
 * {@link KnownDeviation}; the kit then asserts the deviant behaviour as observed instead of the strict one (for that
 * server only). One instance per class ({@link TestInstance.Lifecycle#PER_CLASS}); the gRPC channel is made on first
 * use and closed after the class.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class OipConformanceTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);
    private static final String BINARY_HEADER = "Inference-Header-Content-Length";
    private static final String UNKNOWN_MODEL = "tango-no-such-model";

    /** HTTP/1.1 as OIP's clients speak it: KServe's uvicorn loses the body of a request that offers an h2c upgrade. */
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private ManagedChannel channel;

    /** @return the server's REST base URL, such as {@code http://127.0.0.1:8000} ({@code /v2/...} goes after it) */
    protected abstract URI restBaseUrl();

    /** @return the server's gRPC target, such as {@code 127.0.0.1:8001} (plaintext) */
    protected abstract String grpcTarget();

    /** @return the datatypes the identity model carries (each as {@code in_<type>} to {@code out_<type>}) */
    protected abstract Set<OipDatatype> identityDatatypes();

    /**
     * @return the version the identity model is served under (used in {@code /versions/{v}} paths); with
     *     {@link KnownDeviation#NO_MODEL_VERSIONS}, any version to try
     */
    protected abstract String identityVersion();

    /** @return the identity model's name; {@value OipPeerServer#IDENTITY} unless overridden */
    protected String identityModel() {
        return OipPeerServer.IDENTITY;
    }

    /** @return the server's departures from the specification; none unless overridden */
    protected Set<KnownDeviation> knownDeviations() {
        return Set.of();
    }

    @AfterAll
    void closeChannel() throws InterruptedException {
        if (channel != null) {
            channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
        }
    }

    // ---------------------------------------------------------------- REST: health and metadata

    @Test
    void serverLiveAnswers200() {
        assertHealthy(get("/v2/health/live"), "live");
    }

    @Test
    void serverReadyAnswers200() {
        assertHealthy(get("/v2/health/ready"), "ready");
    }

    @Test
    void modelReadyAnswers200() {
        assertHealthy(get(modelPath() + "/ready"), "ready");
    }

    @Test
    void serverMetadataHasNameVersionAndExtensions() {
        JsonNode metadata = okJson(get("/v2"));

        assertThat(metadata.path("name").isTextual()).as("name in %s", metadata).isTrue();
        assertThat(metadata.path("version").isTextual()).as("version in %s", metadata).isTrue();
        assertThat(metadata.path("extensions").isArray()).as("extensions in %s", metadata).isTrue();
        boolean advertised = texts(metadata.path("extensions")).contains("binary_tensor_data");
        if (deviates(BINARY_DATA_NOT_ADVERTISED) || deviates(NO_BINARY_TENSOR_DATA)) {
            assertThat(advertised).as("binary_tensor_data advertised in %s", metadata).isFalse();
        } else {
            assertThat(advertised).as("binary_tensor_data advertised in %s", metadata).isTrue();
        }
    }

    @Test
    void modelMetadataListsTheIdentityTensors() {
        JsonNode metadata = okJson(get(modelPath()));

        assertThat(metadata.path("name").asText()).isEqualTo(identityModel());
        assertThat(metadata.path("platform").isTextual()).as("platform in %s", metadata).isTrue();
        for (OipDatatype type : identityDatatypes()) {
            assertThat(tensor(metadata.path("inputs"), OipSamples.input(type)))
                    .as("input %s in %s", OipSamples.input(type), metadata)
                    .isEqualTo(metadataTensor(OipSamples.input(type), type));
            assertThat(tensor(metadata.path("outputs"), OipSamples.output(type)))
                    .as("output %s in %s", OipSamples.output(type), metadata)
                    .isEqualTo(metadataTensor(OipSamples.output(type), type));
        }
    }

    @Test
    void modelMetadataListsTheVersion() {
        JsonNode versions = okJson(get(modelPath())).path("versions");

        if (deviates(NO_MODEL_VERSIONS)) {
            assertThat(versions.isNull()).as("versions %s", versions).isTrue();
        } else if (deviates(METADATA_VERSIONS_EMPTY)) {
            assertThat(versions.isArray() && versions.isEmpty()).as("versions %s", versions).isTrue();
        } else {
            assertThat(texts(versions)).contains(identityVersion());
        }
    }

    @Test
    void versionedPathsAnswerLikeUnversionedOnes() {
        String versioned = modelPath() + "/versions/" + identityVersion();
        Answer metadata = get(versioned);
        Answer ready = get(versioned + "/ready");
        Answer infer = post(versioned + "/infer", identityRequest(OipDatatype.INT32));

        if (deviates(NO_MODEL_VERSIONS)) {
            for (Answer answer : List.of(metadata, ready, infer)) {
                assertError(answer, 501).isEqualTo("Model versioning not supported yet.");
            }
            return;
        }
        assertThat(okJson(metadata).path("name").asText()).isEqualTo(identityModel());
        assertThat(ready.status()).as("ready %s", ready).isEqualTo(200);
        JsonNode response = okJson(infer);
        assertThat(response.path("model_name").asText()).isEqualTo(identityModel());
        assertThat(response.path("model_version").asText()).isEqualTo(identityVersion());
    }

    // ---------------------------------------------------------------- REST: unknown models and versions

    @Test
    void unknownModelMetadataIs404() {
        assertError(get("/v2/models/" + UNKNOWN_MODEL), 404).contains(UNKNOWN_MODEL);
    }

    @Test
    void unknownModelReadyIs404() {
        Answer answer = get("/v2/models/" + UNKNOWN_MODEL + "/ready");
        if (deviates(UNKNOWN_MODEL_READY_IS_400)) {
            assertError(answer, 400).isEqualTo("Model version not ready");
        } else {
            assertError(answer, 404).contains(UNKNOWN_MODEL);
        }
    }

    @Test
    void unknownModelInferIs404() {
        assertError(post("/v2/models/" + UNKNOWN_MODEL + "/infer", identityRequest(OipDatatype.INT32)), 404)
                .contains(UNKNOWN_MODEL);
    }

    @Test
    void unknownVersionIs404() {
        Answer answer = get(modelPath() + "/versions/987654");
        if (deviates(NO_MODEL_VERSIONS)) {
            assertError(answer, 501).isEqualTo("Model versioning not supported yet.");
        } else {
            assertError(answer, 404).contains("987654");
        }
    }

    // ---------------------------------------------------------------- REST: inference with JSON

    @ParameterizedTest(name = "{0}")
    @MethodSource("jsonDatatypes")
    void jsonRoundTrip(OipDatatype type) {
        JsonNode response = okJson(post(inferPath(), identityRequest(type)));

        assertThat(response.path("model_name").asText()).isEqualTo(identityModel());
        JsonNode outputs = response.path("outputs");
        assertThat(names(outputs)).containsExactly(OipSamples.output(type));
        JsonNode output = outputs.get(0);
        assertThat(output.path("datatype").asText()).isEqualTo(type.wireName());
        assertThat(longs(output.path("shape"))).isEqualTo(OipSamples.SHAPE);
        assertThat(OipSamples.fromJson(type, output.path("data"))).isEqualTo(OipSamples.values(type));
    }

    @Test
    void requestedOutputsAreTheOnlyOnesAnswered() {
        ObjectNode request = identityRequest(OipDatatype.INT32, OipDatatype.FP64);
        request.putArray("outputs").addObject().put("name", OipSamples.output(OipDatatype.FP64));

        JsonNode outputs = okJson(post(inferPath(), request)).path("outputs");

        assertThat(names(outputs)).containsExactly(OipSamples.output(OipDatatype.FP64));
    }

    @Test
    void everyOutputIsAnsweredWhenNoneIsRequested() {
        JsonNode outputs = okJson(post(inferPath(), identityRequest(OipDatatype.INT32, OipDatatype.FP64)))
                .path("outputs");

        assertThat(names(outputs)).containsExactlyInAnyOrder(OipSamples.output(OipDatatype.INT32),
                OipSamples.output(OipDatatype.FP64));
    }

    @Test
    void unknownRequestedOutputIs400() {
        ObjectNode request = identityRequest(OipDatatype.INT32);
        request.putArray("outputs").addObject().put("name", "out_no_such_output");

        assertError(post(inferPath(), request), 400).contains("out_no_such_output");
    }

    @Test
    void requestInputAndOutputParametersAreAccepted() {
        ObjectNode request = identityRequest(OipDatatype.INT32);
        request.putObject("parameters").put("tango_text", "x").put("tango_number", 7).put("tango_flag", true);
        ((ObjectNode) request.path("inputs").get(0)).putObject("parameters").put("tango_input", "y");
        ObjectNode output = request.putArray("outputs").addObject().put("name", OipSamples.output(OipDatatype.INT32));
        output.putObject("parameters").put("tango_output", 1);

        JsonNode outputs = okJson(post(inferPath(), request)).path("outputs");

        assertThat(OipSamples.fromJson(OipDatatype.INT32, outputs.get(0).path("data")))
                .isEqualTo(OipSamples.values(OipDatatype.INT32));
    }

    @Test
    void theRequestIdIsEchoed() {
        ObjectNode request = identityRequest(OipDatatype.INT32).put("id", "tango-request-42");

        assertThat(okJson(post(inferPath(), request)).path("id").asText()).isEqualTo("tango-request-42");
    }

    @Test
    void aResponseHasNoIdWhenTheRequestHadNone() {
        JsonNode response = okJson(post(inferPath(), identityRequest(OipDatatype.INT32)));

        if (deviates(RESPONSE_ID_ALWAYS_PRESENT)) {
            assertThat(response.path("id").asText()).as("generated id in %s", response).isNotBlank();
        } else {
            assertThat(response.has("id")).as("id in %s", response).isFalse();
        }
    }

    @Test
    void aResponseHasNoNullFields() {
        ObjectNode request = identityRequest(OipDatatype.INT32).put("id", "tango-nulls");
        JsonNode response = okJson(post(inferPath(), request));

        List<String> nulls = nullFields(response, "");
        if (deviates(NULL_FIELDS)) {
            assertThat(nulls).as("null fields of %s", response).isNotEmpty()
                    .allMatch(path -> path.endsWith("model_version") || path.endsWith("parameters"));
        } else {
            assertThat(nulls).as("null fields of %s", response).isEmpty();
        }
    }

    // ---------------------------------------------------------------- REST: error shapes

    @Test
    void aBodyThatIsNotJsonIs400() {
        Answer answer = send(inferPath(), "{\"inputs\": [".getBytes(StandardCharsets.UTF_8), "application/json", -1);
        if (deviates(MALFORMED_JSON_IS_500)) {
            assertError(answer, 500).isNotBlank();
        } else if (deviates(MALFORMED_JSON_IS_422)) {
            assertDetail(answer, "json_invalid");
        } else {
            assertError(answer, 400).isNotBlank();
        }
    }

    @Test
    void anUnknownDatatypeIs400() {
        ObjectNode request = identityRequest(OipDatatype.INT32);
        ((ObjectNode) request.path("inputs").get(0)).put("datatype", "TANGO_NO_SUCH_TYPE");

        Answer answer = post(inferPath(), request);
        if (deviates(UNKNOWN_DATATYPE_IS_422)) {
            assertDetail(answer, "enum");
        } else {
            assertError(answer, 400).isNotBlank();
        }
    }

    @Test
    void dataThatDisagreesWithTheShapeIs400() {
        ObjectNode request = identityRequest(OipDatatype.INT32);
        ((ArrayNode) request.path("inputs").get(0).path("data")).remove(3);

        Answer answer = post(inferPath(), request);
        if (deviates(DATA_COUNT_MISMATCH_IS_500)) {
            assertError(answer, 500).isNotBlank();
        } else if (deviates(DATA_COUNT_NOT_CHECKED)) {
            JsonNode output = okJson(answer).path("outputs").get(0);
            assertThat(longs(output.path("shape"))).isEqualTo(OipSamples.SHAPE);
            assertThat(OipSamples.fromJson(OipDatatype.INT32, output.path("data")))
                    .isEqualTo(OipSamples.values(OipDatatype.INT32).subList(0, 3));
        } else {
            assertError(answer, 400).isNotBlank();
        }
    }

    @Test
    void anInputTheModelDoesNotHaveIs400() {
        ObjectNode request = identityRequest(OipDatatype.INT32);
        ((ObjectNode) request.path("inputs").get(0)).put("name", "in_no_such_input");

        Answer answer = post(inferPath(), request);
        if (deviates(INPUTS_NOT_CHECKED_AGAINST_METADATA)) {
            assertThat(names(okJson(answer).path("outputs"))).containsExactly("out_no_such_input");
        } else {
            assertError(answer, 400).contains("in_no_such_input");
        }
    }

    @Test
    void aDatatypeOtherThanTheDeclaredOneIs400() {
        ObjectNode request = identityRequest(OipDatatype.INT32);
        ((ObjectNode) request.path("inputs").get(0)).put("name", OipSamples.input(OipDatatype.FP64));

        Answer answer = post(inferPath(), request);
        if (deviates(INPUTS_NOT_CHECKED_AGAINST_METADATA)) {
            JsonNode output = okJson(answer).path("outputs").get(0);
            assertThat(output.path("name").asText()).isEqualTo(OipSamples.output(OipDatatype.FP64));
            assertThat(output.path("datatype").asText()).isEqualTo("INT32");
        } else {
            assertError(answer, 400).contains(OipSamples.input(OipDatatype.FP64));
        }
    }

    // ---------------------------------------------------------------- REST: model repository extension

    @Test
    void repositoryIndexListsTheIdentityModelReady() {
        Answer answer = post("/v2/repository/index", MAPPER.createObjectNode());
        if (deviates(NO_REPOSITORY_INDEX)) {
            assertThat(answer.status()).as("status of %s", answer).isEqualTo(404);
            assertThat(parse(answer.body()).path("detail").asText()).isEqualTo("Not Found");
            return;
        }
        JsonNode index = okJson(answer);

        assertThat(index.isArray()).as("index %s", index).isTrue();
        if (deviates(REPOSITORY_INDEX_EMPTY)) {
            assertThat(index).as("index").isEmpty();
            return;
        }
        assertThat(index).as("index").anySatisfy(entry -> {
            assertThat(entry.path("name").asText()).isEqualTo(identityModel());
            assertThat(entry.path("state").asText()).isEqualTo("READY");
        });
    }

    @Test
    void repositoryLoadOfAnUnknownModelIs404() {
        Answer answer = post("/v2/repository/models/" + UNKNOWN_MODEL + "/load", MAPPER.createObjectNode());
        if (deviates(REPOSITORY_UNKNOWN_LOAD_IS_500)) {
            assertError(answer, 500).contains("failed to poll from model repository");
        } else if (deviates(REPOSITORY_UNKNOWN_LOAD_IS_503)) {
            assertError(answer, 503).contains("is not ready");
        } else {
            assertError(answer, 404).contains(UNKNOWN_MODEL);
        }
    }

    @Test
    void repositoryUnloadOfAnUnknownModelIs404() {
        Answer answer = post("/v2/repository/models/" + UNKNOWN_MODEL + "/unload", MAPPER.createObjectNode());
        if (deviates(REPOSITORY_UNKNOWN_UNLOAD_IS_200)) {
            assertThat(answer.status()).as("status of %s", answer).isEqualTo(200);
            assertThat(answer.body()).as("body of %s", answer).isEmpty();
        } else {
            assertError(answer, 404).contains(UNKNOWN_MODEL);
        }
    }

    // ---------------------------------------------------------------- REST: binary tensor data extension

    @ParameterizedTest(name = "{0}")
    @MethodSource("binaryDatatypes")
    void binaryRoundTrip(OipDatatype type) {
        byte[] raw = OipSamples.raw(type);
        ObjectNode header = MAPPER.createObjectNode();
        ObjectNode input = header.putArray("inputs").addObject();
        input.put("name", OipSamples.input(type)).put("datatype", type.wireName());
        OipSamples.SHAPE.forEach(input.putArray("shape")::add);
        input.putObject("parameters").put("binary_data_size", raw.length);
        header.putArray("outputs").addObject().put("name", OipSamples.output(type))
                .putObject("parameters").put("binary_data", true);
        byte[] json = bytes(header);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(json);
        body.writeBytes(raw);

        Answer answer = send(inferPath(), body.toByteArray(), "application/octet-stream", json.length);

        if (deviates(NO_BINARY_TENSOR_DATA)) {
            // the whole body, binary tail included, is read as one JSON string that is not an object
            assertDetail(answer, "model_attributes_type");
            return;
        }
        assertThat(answer.status()).as("binary answer %s", answer).isEqualTo(200);
        if (deviates(BINARY_ANSWER_WITHOUT_CONTENT_TYPE)) {
            assertThat(answer.headers().firstValue("Content-Type")).as("Content-Type of %s", answer).isEmpty();
        } else {
            assertThat(answer.headers().firstValue("Content-Type")).as("Content-Type of %s", answer)
                    .hasValueSatisfying(contentType -> assertThat(contentType).startsWith("application/octet-stream"));
        }
        int headerLength = Integer.parseInt(answer.headers().firstValue(BINARY_HEADER)
                .orElseThrow(() -> new AssertionError("no " + BINARY_HEADER + " in " + answer)));
        JsonNode response = parse(Arrays.copyOf(answer.body(), headerLength));
        JsonNode output = response.path("outputs").get(0);
        assertThat(output.path("name").asText()).isEqualTo(OipSamples.output(type));
        assertThat(output.path("datatype").asText()).isEqualTo(type.wireName());
        assertThat(longs(output.path("shape"))).isEqualTo(OipSamples.SHAPE);
        assertThat(output.path("parameters").path("binary_data_size").asLong()).isEqualTo(raw.length);
        byte[] tensor = Arrays.copyOfRange(answer.body(), headerLength, answer.body().length);
        assertThat(OipSamples.fromRaw(type, tensor)).isEqualTo(OipSamples.values(type));
    }

    // ---------------------------------------------------------------- gRPC

    @Test
    void grpcServerLiveAndReady() {
        assertThat(grpc().serverLive(ServerLiveRequest.getDefaultInstance()).getLive()).isTrue();
        assertThat(grpc().serverReady(ServerReadyRequest.getDefaultInstance()).getReady()).isTrue();
    }

    @Test
    void grpcModelReady() {
        assertThat(grpc().modelReady(ModelReadyRequest.newBuilder().setName(identityModel()).build()).getReady())
                .isTrue();
    }

    @Test
    void grpcServerMetadataIsTheRestOne() {
        ServerMetadataResponse metadata = grpc().serverMetadata(ServerMetadataRequest.getDefaultInstance());
        JsonNode rest = okJson(get("/v2"));

        assertThat(metadata.getName()).isEqualTo(rest.path("name").asText());
        assertThat(metadata.getVersion()).isEqualTo(rest.path("version").asText());
    }

    @Test
    void grpcModelMetadataListsTheIdentityTensors() {
        ModelMetadataResponse metadata = grpc().modelMetadata(
                ModelMetadataRequest.newBuilder().setName(identityModel()).build());

        assertThat(metadata.getName()).isEqualTo(identityModel());
        for (OipDatatype type : identityDatatypes()) {
            assertThat(metadata.getInputsList()).as("inputs").anySatisfy(tensor -> {
                assertThat(tensor.getName()).isEqualTo(OipSamples.input(type));
                assertThat(tensor.getDatatype()).isEqualTo(type.wireName());
                assertThat(tensor.getShapeList()).containsExactly(-1L, -1L);
            });
            assertThat(metadata.getOutputsList()).as("outputs").anySatisfy(tensor -> {
                assertThat(tensor.getName()).isEqualTo(OipSamples.output(type));
                assertThat(tensor.getDatatype()).isEqualTo(type.wireName());
            });
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("typedContentDatatypes")
    void grpcTypedContentsRoundTrip(OipDatatype type) {
        ModelInferRequest request = grpcRequest(type).setId("tango-grpc-" + type)
                .addInputs(grpcInput(type).setContents(OipSamples.contents(type)))
                .build();

        ModelInferResponse response = grpc().modelInfer(request);

        assertGrpcOutput(type, response);
        assertThat(response.getId()).isEqualTo("tango-grpc-" + type);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("grpcDatatypes")
    void grpcRawContentsRoundTrip(OipDatatype type) {
        ModelInferRequest request = grpcRequest(type).addInputs(grpcInput(type))
                .addRawInputContents(ByteString.copyFrom(OipSamples.raw(type)))
                .build();

        assertGrpcOutput(type, grpc().modelInfer(request));
    }

    @Test
    void grpcRequestParametersAreAccepted() {
        ModelInferRequest request = grpcRequest(OipDatatype.INT32)
                .putParameters("tango_text", InferParameter.newBuilder().setStringParam("x").build())
                .putParameters("tango_number", InferParameter.newBuilder().setInt64Param(7).build())
                .putParameters("tango_flag", InferParameter.newBuilder().setBoolParam(true).build())
                .addInputs(grpcInput(OipDatatype.INT32).setContents(OipSamples.contents(OipDatatype.INT32)))
                .build();

        assertGrpcOutput(OipDatatype.INT32, grpc().modelInfer(request));
    }

    @Test
    void grpcUnknownModelIsNotFound() {
        assertThatThrownBy(() -> grpc().modelMetadata(ModelMetadataRequest.newBuilder().setName(UNKNOWN_MODEL).build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));
        ModelInferRequest infer = ModelInferRequest.newBuilder().setModelName(UNKNOWN_MODEL)
                .addInputs(grpcInput(OipDatatype.INT32).setContents(OipSamples.contents(OipDatatype.INT32)))
                .build();
        assertThatThrownBy(() -> grpc().modelInfer(infer))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));
    }

    @Test
    void grpcUnknownDatatypeIsInvalidArgument() {
        ModelInferRequest request = ModelInferRequest.newBuilder().setModelName(identityModel())
                .addInputs(grpcInput(OipDatatype.INT32).setDatatype("TANGO_NO_SUCH_TYPE")
                        .setContents(OipSamples.contents(OipDatatype.INT32)))
                .build();

        Status.Code expected = deviates(GRPC_UNKNOWN_DATATYPE_IS_INTERNAL)
                ? Status.Code.INTERNAL : Status.Code.INVALID_ARGUMENT;
        assertThatThrownBy(() -> grpc().modelInfer(request))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(expected));
    }

    @Test
    void grpcVersionedCalls() {
        ModelMetadataRequest metadata = ModelMetadataRequest.newBuilder().setName(identityModel())
                .setVersion(identityVersion()).build();
        if (deviates(NO_MODEL_VERSIONS)) {
            ModelMetadataResponse answer = grpc().modelMetadata(metadata);
            assertThat(answer.getName()).isEqualTo(identityModel());
            assertThat(answer.getVersionsList()).as("versions").isEmpty();
            return;
        }
        assertThat(grpc().modelMetadata(metadata).getName()).isEqualTo(identityModel());
        assertThat(grpc().modelReady(ModelReadyRequest.newBuilder().setName(identityModel())
                .setVersion(identityVersion()).build()).getReady()).isTrue();
    }

    // ---------------------------------------------------------------- for subclasses

    /**
     * Posts a JSON inference request to another model of the server, for a subclass's own checks.
     *
     * @param model the model's name
     * @param requestJson the request document
     * @return the response document
     * @throws AssertionError if the answer is not 200 with a JSON body
     */
    protected final JsonNode infer(String model, String requestJson) {
        return okJson(send("/v2/models/" + model + "/infer", requestJson.getBytes(StandardCharsets.UTF_8),
                "application/json", -1));
    }

    // ---------------------------------------------------------------- method sources

    Stream<OipDatatype> jsonDatatypes() {
        return sorted().filter(OipDatatype::isJsonAllowed);
    }

    Stream<OipDatatype> binaryDatatypes() {
        return deviates(NO_BINARY_TENSOR_DATA) ? sorted().filter(OipDatatype::isJsonAllowed).limit(1) : sorted();
    }

    Stream<OipDatatype> typedContentDatatypes() {
        return sorted().filter(OipSamples::hasTypedContents);
    }

    Stream<OipDatatype> grpcDatatypes() {
        return sorted();
    }

    private Stream<OipDatatype> sorted() {
        return identityDatatypes().stream().sorted();
    }

    // ---------------------------------------------------------------- helpers

    private boolean deviates(KnownDeviation deviation) {
        return knownDeviations().contains(deviation);
    }

    private String modelPath() {
        return "/v2/models/" + identityModel();
    }

    private String inferPath() {
        return modelPath() + "/infer";
    }

    private ObjectNode identityRequest(OipDatatype... types) {
        ObjectNode request = MAPPER.createObjectNode();
        ArrayNode inputs = request.putArray("inputs");
        for (OipDatatype type : types) {
            ObjectNode input = inputs.addObject();
            input.put("name", OipSamples.input(type)).put("datatype", type.wireName());
            OipSamples.SHAPE.forEach(input.putArray("shape")::add);
            input.set("data", OipSamples.jsonData(type));
        }
        return request;
    }

    private ModelInferRequest.Builder grpcRequest(OipDatatype type) {
        return ModelInferRequest.newBuilder().setModelName(identityModel())
                .addOutputs(ModelInferRequest.InferRequestedOutputTensor.newBuilder().setName(OipSamples.output(type)));
    }

    private static ModelInferRequest.InferInputTensor.Builder grpcInput(OipDatatype type) {
        return ModelInferRequest.InferInputTensor.newBuilder().setName(OipSamples.input(type))
                .setDatatype(type.wireName()).addAllShape(OipSamples.SHAPE);
    }

    private static void assertGrpcOutput(OipDatatype type, ModelInferResponse response) {
        assertThat(response.getOutputsCount()).as("outputs of %s", response).isEqualTo(1);
        ModelInferResponse.InferOutputTensor output = response.getOutputs(0);
        assertThat(output.getName()).isEqualTo(OipSamples.output(type));
        assertThat(output.getDatatype()).isEqualTo(type.wireName());
        assertThat(output.getShapeList()).isEqualTo(OipSamples.SHAPE);
        List<String> values = response.getRawOutputContentsCount() > 0
                ? OipSamples.fromRaw(type, response.getRawOutputContents(0).toByteArray())
                : OipSamples.fromContents(type, output.getContents());
        assertThat(values).isEqualTo(OipSamples.values(type));
    }

    private GRPCInferenceServiceGrpc.GRPCInferenceServiceBlockingStub grpc() {
        synchronized (this) {
            if (channel == null) {
                channel = Grpc.newChannelBuilder(grpcTarget(), InsecureChannelCredentials.create()).build();
            }
        }
        return GRPCInferenceServiceGrpc.newBlockingStub(channel)
                .withDeadlineAfter(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static void assertHealthy(Answer answer, String field) {
        assertThat(answer.status()).as("%s", answer).isEqualTo(200);
        if (answer.body().length > 0) {
            JsonNode body = parse(answer.body());
            assertThat(body.path(field).asBoolean(false)).as("%s in %s", field, answer).isTrue();
        }
    }

    private static org.assertj.core.api.AbstractStringAssert<?> assertError(Answer answer, int status) {
        assertThat(answer.status()).as("status of %s", answer).isEqualTo(status);
        JsonNode body = parse(answer.body());
        assertThat(body.path("error").isTextual()).as("{\"error\": string} in %s", answer).isTrue();
        return assertThat(body.path("error").textValue());
    }

    private static void assertDetail(Answer answer, String type) {
        assertThat(answer.status()).as("status of %s", answer).isEqualTo(422);
        JsonNode detail = parse(answer.body()).path("detail");
        assertThat(detail.isArray()).as("{\"detail\": [...]} in %s", answer).isTrue();
        assertThat(detail.get(0).path("type").asText()).as("detail of %s", answer).isEqualTo(type);
    }

    private static JsonNode okJson(Answer answer) {
        assertThat(answer.status()).as("status of %s", answer).isEqualTo(200);
        return parse(answer.body());
    }

    private static ObjectNode metadataTensor(String name, OipDatatype type) {
        ObjectNode tensor = MAPPER.createObjectNode().put("name", name).put("datatype", type.wireName());
        tensor.putArray("shape").add(-1).add(-1);
        return tensor;
    }

    private static JsonNode tensor(JsonNode tensors, String name) {
        for (JsonNode tensor : tensors) {
            if (name.equals(tensor.path("name").asText())) {
                ObjectNode copy = MAPPER.createObjectNode();
                copy.set("name", tensor.path("name"));
                copy.set("datatype", tensor.path("datatype"));
                copy.set("shape", tensor.path("shape"));
                return copy;
            }
        }
        return null;
    }

    private static List<String> names(JsonNode tensors) {
        List<String> names = new ArrayList<>();
        tensors.forEach(tensor -> names.add(tensor.path("name").asText()));
        return names;
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(element -> texts.add(element.asText()));
        return texts;
    }

    private static List<Long> longs(JsonNode array) {
        List<Long> longs = new ArrayList<>();
        array.forEach(element -> longs.add(element.asLong()));
        return longs;
    }

    private static List<String> nullFields(JsonNode node, String path) {
        List<String> nulls = new ArrayList<>();
        if (node.isNull()) {
            nulls.add(path);
        } else if (node.isObject()) {
            node.fields().forEachRemaining(field -> nulls.addAll(nullFields(field.getValue(),
                    path + "/" + field.getKey())));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                nulls.addAll(nullFields(node.get(i), path + "/" + i));
            }
        }
        return nulls;
    }

    private Answer get(String path) {
        return exchange(HttpRequest.newBuilder(restBaseUrl().resolve(path)).GET());
    }

    private Answer post(String path, JsonNode body) {
        return send(path, bytes(body), "application/json", -1);
    }

    private Answer send(String path, byte[] body, String contentType, int binaryHeaderLength) {
        HttpRequest.Builder request = HttpRequest.newBuilder(restBaseUrl().resolve(path))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (binaryHeaderLength >= 0) {
            request.header(BINARY_HEADER, Integer.toString(binaryHeaderLength));
        }
        return exchange(request);
    }

    private Answer exchange(HttpRequest.Builder request) {
        HttpRequest built = request.timeout(CALL_TIMEOUT).build();
        try {
            HttpResponse<byte[]> response = http.send(built, HttpResponse.BodyHandlers.ofByteArray());
            return new Answer(built.method() + " " + built.uri().getPath(), response.statusCode(), response.headers(),
                    response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(built.method() + " " + built.uri() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during " + built.uri(), e);
        }
    }

    private static byte[] bytes(JsonNode json) {
        try {
            return MAPPER.writeValueAsBytes(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode parse(byte[] body) {
        try {
            return MAPPER.readTree(body);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + new String(body, StandardCharsets.UTF_8), e);
        }
    }

    /** One HTTP exchange; its toString is what a failed assertion shows. */
    private record Answer(String call, int status, HttpHeaders headers, byte[] body) {
        @Override
        public String toString() {
            int shown = Math.min(body.length, 2000);
            return call + " -> " + status + " " + new String(body, 0, shown, StandardCharsets.ISO_8859_1);
        }
    }
}
