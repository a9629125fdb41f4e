package io.tango.plugin.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import io.tango.api.Tensor;
import io.tango.plugin.local.deploy.LocalDeploymentClient;
import io.tango.plugin.local.server.ServingSettings;
import io.tango.plugin.local.store.Json;
import io.tango.plugin.local.store.LocalModelStore;
import io.tango.toolkit.oip.OipBinaryExtension;
import io.tango.toolkit.oip.OipInferenceRequest;
import io.tango.toolkit.oip.OipProto;
import io.tango.toolkit.oip.OipTensor;
import io.tango.toolkit.oip.grpc.GRPCInferenceServiceGrpc;
import io.tango.toolkit.oip.grpc.GRPCInferenceServiceGrpc.GRPCInferenceServiceBlockingStub;
import io.tango.toolkit.oip.grpc.InferTensorContents;
import io.tango.toolkit.oip.grpc.ModelInferRequest;
import io.tango.toolkit.oip.grpc.ModelInferRequest.InferInputTensor;
import io.tango.toolkit.oip.grpc.ModelInferResponse;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.statistics.Statistics;

import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static io.tango.plugin.local.OipAnswers.assertError;
import static io.tango.plugin.local.OipAnswers.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Hostile Open Inference Protocol requests sent over the wire to TANGO's server, started in-process with a linear
 * ONNX model ({@code y = x1 + 2 x2 + 3 x3 + 0.5}) on one HTTP port and one gRPC port: a {@code binary_data_size} that
 * lies, an {@code Inference-Header-Content-Length} past the body or not a number, shape and data counts that
 * disagree, shapes whose product overflows, unknown datatypes, JSON nested up to 100,000 deep, tensors that claim
 * gigabytes, raw and typed contents mixed or miscounted, and random corruption of good requests. Each is answered
 * 400 {@code {"error": …}} (gRPC {@code INVALID_ARGUMENT}) with the message saying what was wrong, or (corruption that
 * still makes a good request) with predictions; never a 500, a hang or a dead server: after every property the server
 * still answers a good request over both protocols. 30,000 generated cases, every one a call over the wire (15,000
 * each over REST and gRPC).
 */
class OipHostileRequestPropertyTest {
    /** Enough for a body nested 100,000 deep (200 kB); the cap itself answers 413 and is tested elsewhere. */
    private static final int LIMIT = 1 << 20;
    private static final String INFER = "/v2/models/linear/infer";
    private static final String GOOD = "{\"inputs\": [{\"name\": \"x\", \"shape\": [2, 3], \"datatype\": \"FP32\","
            + " \"data\": [1, 1, 1, 0, 0, 1]}]}";
    private static final String DATATYPES = "BOOL, UINT8, UINT16, UINT32, UINT64, INT8, INT16, INT32, INT64, FP16, FP32,"
            + " FP64, BYTES, BF16";
    private static final List<String> WIRE_NAMES = Arrays.asList(DATATYPES.split(", "));
    private static final String JSON_BYTES = "[]{}\",:-0123456789";
    private static final String TOO_DEEP = "the inference request is refused before it is read: Document nesting depth"
            + " (101) exceeds the maximum allowed (100, from `StreamReadConstraints.getMaxNestingDepth()`)";

    private static Path root;
    private static LocalDeploymentClient client;
    private static URI url;
    private static ManagedChannel channel;
    private static GRPCInferenceServiceBlockingStub stub;

    @BeforeContainer
    static void serve() throws IOException {
        root = Files.createTempDirectory("tango-oip-hostile-");
        LocalModelStore store = new LocalModelStore(root);
        Fixtures.saveLinear(store, "linear");
        client = new LocalDeploymentClient(store, new LocalModelFinder(store, "test"), Fixtures.loader(),
                new ServingSettings("127.0.0.1", 2, 16, LIMIT), Clock.systemUTC());
        var deployment = client.createDeployment("linear", "linear", Optional.empty(),
                Map.of("serve", "true", "grpc_port", "0"));
        url = deployment.url().orElseThrow();
        channel = NettyChannelBuilder.forAddress("127.0.0.1", Integer.parseInt(deployment.details().get("grpc_port")))
                .usePlaintext().build();
        stub = GRPCInferenceServiceGrpc.newBlockingStub(channel);
    }

    @AfterContainer
    static void stop() throws IOException, InterruptedException {
        channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
        client.close();
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    // ---- the server survives ----------------------------------------------------------------------------------------

    @AfterProperty
    void theServerStillAnswersAGoodRequestOverBothProtocols() {
        HttpResponse<String> rest = Http.post(url, INFER, "application/json", GOOD);
        assertThat(rest.statusCode()).as(rest.body()).isEqualTo(200);
        assertThat(json(rest.body()).get("outputs").get(0).get("data").toString()).isEqualTo("[6.5,3.5]");

        ModelInferResponse grpc = grpc().modelInfer(OipProto.writeRequest("linear", Optional.empty(),
                new OipInferenceRequest(Optional.empty(), Map.of(), List.of(OipTensor.of("x",
                        Tensor.ofFloats(new float[] {1, 1, 1, 0, 0, 1}, 2, 3))), List.of()), OipProto.Encoding.RAW));
        assertThat(OipProto.readResponse(grpc).outputs().get(0).tensor().toFloatArray()).containsExactly(6.5f, 3.5f);
    }

    private static GRPCInferenceServiceBlockingStub grpc() {
        return stub.withDeadlineAfter(30, TimeUnit.SECONDS);
    }

    // ---- REST -------------------------------------------------------------------------------------------------------

    /**
     * A hostile REST inference request and the message of the 400 it must get.
     *
     * @param headerLength the {@code Inference-Header-Content-Length} to send, null for a JSON body
     */
    record RestCase(String kind, byte[] body, String headerLength, String expected) {
        HttpResponse<byte[]> send() {
            return headerLength == null ? Http.postBytes(url, INFER, body, "Content-Type", "application/json")
                    : Http.postBytes(url, INFER, body, "Content-Type", "application/octet-stream",
                            OipBinaryExtension.HEADER, headerLength);
        }

        @Override
        public String toString() {
            return kind + " (" + body.length + " bytes, header " + headerLength + "): " + expected;
        }
    }

    @Property(tries = 10_000)
    void hostileRestRequestsAreAnswered400WithWhatWasWrong(@ForAll("restCases") RestCase hostile) {
        Statistics.label("kind").collect(hostile.kind());

        assertError(hostile.send(), 400, hostile.expected());
    }

    @Provide
    Arbitrary<RestCase> restCases() {
        return Arbitraries.oneOf(countMismatches(), overflowingShapes().map(OipHostileRequestPropertyTest::overflowing),
                unknownDatatypes().map(OipHostileRequestPropertyTest::unknownDatatype), deepNesting(), claimedGigabytes(),
                lyingBinarySizes(), lyingHeaderLengths());
    }

    private static byte[] request(ObjectNode input) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.putArray("inputs").add(input);
        return Json.compact(root).getBytes(StandardCharsets.UTF_8);
    }

    private static ObjectNode input(String datatype, long[] shape) {
        ObjectNode input = Json.MAPPER.createObjectNode().put("name", "x").put("datatype", datatype);
        ArrayNode dimensions = input.putArray("shape");
        Arrays.stream(shape).forEach(dimensions::add);
        return input;
    }

    private static Arbitrary<RestCase> countMismatches() {
        Arbitrary<long[]> shapes = Arbitraries.longs().between(0, 4).array(long[].class).ofMinSize(1).ofMaxSize(3);
        return Combinators.combine(Arbitraries.of("FP32", "FP64", "INT32", "INT64", "UINT8", "BOOL", "BYTES"), shapes,
                Arbitraries.integers().between(0, 30)).as((datatype, shape, given) -> {
                    int needed = (int) Arrays.stream(shape).reduce(1, (a, b) -> a * b);
                    int elements = given == needed ? needed + 1 : given;
                    ObjectNode input = input(datatype, shape);
                    ArrayNode data = input.putArray("data");
                    for (int i = 0; i < elements; i++) {
                        switch (datatype) {
                            case "BOOL" -> data.add(true);
                            case "BYTES" -> data.add("s" + i);
                            case "FP32", "FP64" -> data.add(i + 0.5);
                            default -> data.add(i);
                        }
                    }
                    return new RestCase("count", request(input), null, "inputs[0].shape " + Arrays.toString(shape)
                            + " needs " + needed + " elements, data has " + elements);
                });
    }

    /** Shapes of rank 2 to 3 whose element count exceeds {@link Integer#MAX_VALUE}. */
    private static Arbitrary<long[]> overflowingShapes() {
        Arbitrary<Long> dimension = Arbitraries.oneOf(Arbitraries.longs().between(2, 1 << 20),
                Arbitraries.longs().between(1L << 31, Long.MAX_VALUE), Arbitraries.of(3_037_000_500L, Long.MAX_VALUE));
        return dimension.array(long[].class).ofMinSize(2).ofMaxSize(3).filter(shape -> Arrays.stream(shape)
                .mapToObj(BigInteger::valueOf).reduce(BigInteger.ONE, BigInteger::multiply)
                .compareTo(BigInteger.valueOf(Integer.MAX_VALUE)) > 0);
    }

    private static String overflowMessage(long[] shape) {
        return "inputs[0].shape " + Arrays.toString(shape) + " has more than 2147483647 elements, more than one tensor"
                + " holds";
    }

    private static RestCase overflowing(long[] shape) {
        ObjectNode input = input("FP32", shape);
        input.putArray("data").add(1);
        return new RestCase("overflow", request(input), null, overflowMessage(shape));
    }

    private static Arbitrary<String> unknownDatatypes() {
        return Arbitraries.oneOf(Arbitraries.of(WIRE_NAMES).map(String::toLowerCase),
                Arbitraries.of("FP8", "STRING", "FLOAT32", "TYPE_FP32", "fp32 ", "INT128"),
                Arbitraries.strings().ofMaxLength(60))
                // A lone surrogate has no UTF-8 form: the wire would carry '?' instead, not this name.
                .filter(name -> !WIRE_NAMES.contains(name) && name.chars().noneMatch(c -> Character.isSurrogate((char) c)));
    }

    private static String quoted(String text) {
        return text.length() > 40 ? text.substring(0, 40) + "…" : text;
    }

    private static RestCase unknownDatatype(String datatype) {
        ObjectNode input = input(datatype, new long[] {1});
        input.putArray("data").add(1);
        return new RestCase("datatype", request(input), null, "inputs[0].datatype '" + quoted(datatype)
                + "' is not an OIP datatype; the datatypes are " + DATATYPES);
    }

    private static Arbitrary<RestCase> deepNesting() {
        return Combinators.combine(Arbitraries.oneOf(Arbitraries.integers().between(101, 3_000),
                Arbitraries.of(100_000)), Arbitraries.of(true, false)).as((depth, arrays) -> {
                    String nested = arrays ? "[".repeat(depth) + "1" + "]".repeat(depth)
                            : "{\"a\":".repeat(depth) + "1" + "}".repeat(depth);
                    String body = "{\"inputs\": [{\"name\": \"x\", \"datatype\": \"FP32\", \"shape\": [1], \"data\": "
                            + nested + "}]}";
                    return new RestCase("nesting", body.getBytes(StandardCharsets.UTF_8), null, TOO_DEEP);
                });
    }

    private static Arbitrary<RestCase> claimedGigabytes() {
        return Combinators.combine(Arbitraries.of("FP32", "FP64", "INT8"),
                Arbitraries.longs().between(1L << 30, 16L << 30)).as((datatype, bytes) -> {
                    long count = bytes / (datatype.equals("INT8") ? 1 : datatype.equals("FP32") ? 4 : 8);
                    long[] shape = {count};
                    ObjectNode input = input(datatype, shape);
                    input.putArray("data").add(1);
                    return new RestCase("gigabytes", request(input), null, count > Integer.MAX_VALUE
                            ? overflowMessage(shape) : "inputs[0].shape [" + count + "] needs " + count
                            + " elements, data has 1");
                });
    }

    private static RestCase binary(String kind, long[] shape, long claimed, byte[] data, String headerLength,
            String expected) {
        ObjectNode input = input("FP32", shape);
        input.putObject("parameters").put("binary_data_size", claimed);
        byte[] header = request(input);
        byte[] body = Arrays.copyOf(header, header.length + data.length);
        System.arraycopy(data, 0, body, header.length, data.length);
        return new RestCase(kind, body, headerLength == null ? Integer.toString(header.length) : headerLength, expected);
    }

    private static Arbitrary<RestCase> lyingBinarySizes() {
        Arbitrary<RestCase> small = Combinators.combine(Arbitraries.integers().between(0, 8),
                Arbitraries.integers().between(-40, 40)).as((elements, lie) -> {
                    int truth = elements * 4;
                    long claimed = truth + (lie == 0 ? 1 : lie);
                    String size = "inputs[0].parameters.binary_data_size is " + claimed;
                    String expected = claimed < 0 ? size + "; it must be an integer >= 0"
                            : claimed > truth ? size + " but only " + truth + " bytes of binary data remain after the"
                                    + " JSON header and the tensors before it"
                            : size + " but shape [" + elements + "] of FP32 needs " + truth + " bytes";
                    return binary("binary_data_size", new long[] {elements}, claimed, new byte[truth], null, expected);
                });
        Arbitrary<RestCase> huge = Arbitraries.longs().between(1L << 30, 16L << 30).map(claimed -> binary(
                "binary_data_size 1-16 GB", new long[] {claimed / 4}, claimed, new byte[8], null,
                "inputs[0].parameters.binary_data_size is " + claimed + " but only 8 bytes of binary data remain after"
                        + " the JSON header and the tensors before it"));
        return Arbitraries.oneOf(small, huge);
    }

    private static Arbitrary<RestCase> lyingHeaderLengths() {
        Arbitrary<RestCase> outside = Arbitraries.oneOf(Arbitraries.longs().between(1, 1_000),
                Arbitraries.longs().between(Long.MIN_VALUE, -1), Arbitraries.longs().between(1, Long.MAX_VALUE / 2))
                .map(offset -> {
                    RestCase good = binary("", new long[] {2}, 8, new byte[8], null, "");
                    long length = offset < 0 ? offset : good.body().length + offset;
                    return new RestCase("header length", good.body(), Long.toString(length),
                            "Inference-Header-Content-Length is " + length + " but the body has " + good.body().length
                                    + " bytes; it must be between 0 and the body's length");
                });
        Arbitrary<RestCase> notANumber = Arbitraries.of("abc", "1e3", "0x10", "99999999999999999999", "12 34", "+-1")
                .map(text -> binary("header not a number", new long[] {2}, 8, new byte[8], text,
                        "Inference-Header-Content-Length is '" + text + "'; it must be the length of the JSON part of"
                                + " the body in bytes"));
        return Arbitraries.frequencyOf(Tuple.of(5, outside), Tuple.of(1, notANumber));
    }

    @Property(tries = 5_000)
    void corruptRestRequestsAreAnsweredWithPredictionsOr400NeverAServerError(@ForAll boolean binary,
            @ForAll long corruption) {
        byte[] body;
        int headerLength;
        if (binary) {
            OipBinaryExtension.Body good = OipBinaryExtension.writeRequest(new OipInferenceRequest(Optional.empty(),
                    Map.of(), List.of(OipTensor.of("x", Tensor.ofFloats(new float[] {1, 1, 1, 0, 0, 1}, 2, 3))),
                    List.of()), input -> true);
            body = good.bytes();
            headerLength = good.headerLength();
        } else {
            body = GOOD.getBytes(StandardCharsets.UTF_8);
            headerLength = -1;
        }
        Random random = new Random(corruption);
        for (int mutations = 1 + random.nextInt(3); mutations > 0 && body.length > 0; mutations--) {
            int at = random.nextInt(body.length);
            if (random.nextInt(4) == 0) {
                body = Arrays.copyOf(body, at);
            } else {
                body[at] = (byte) (random.nextBoolean() ? random.nextInt(256) : JSON_BYTES.charAt(random.nextInt(JSON_BYTES.length())));
            }
        }
        HttpResponse<byte[]> response = headerLength < 0 ? Http.postBytes(url, INFER, body, "Content-Type", "application/json")
                : Http.postBytes(url, INFER, body, OipBinaryExtension.HEADER, Integer.toString(headerLength));

        Statistics.label("status").collect(response.statusCode());
        assertThat(response.statusCode()).as(new String(response.body(), StandardCharsets.UTF_8)).isIn(200, 400);
        JsonNode answer = json(response.body());
        if (response.statusCode() == 400) {
            assertThat(answer.size()).isEqualTo(1);
            assertThat(answer.get("error").asText()).isNotBlank();
        } else {
            assertThat(answer.get("outputs").get(0).get("name").asText()).isEqualTo("y");
        }
    }

    // ---- gRPC -------------------------------------------------------------------------------------------------------

    /** A hostile ModelInfer message and the description of the INVALID_ARGUMENT it must get. */
    record GrpcCase(String kind, ModelInferRequest message, String expected) {
        @Override
        public String toString() {
            return kind + ": " + expected;
        }
    }

    @Property(tries = 10_000)
    void hostileGrpcRequestsAreAnsweredInvalidArgumentWithWhatWasWrong(@ForAll("grpcCases") GrpcCase hostile) {
        Statistics.label("kind").collect(hostile.kind());

        StatusRuntimeException error = catchThrowableOfType(StatusRuntimeException.class,
                () -> grpc().modelInfer(hostile.message()));

        assertThat(error).as("answered instead of refused").isNotNull();
        assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(error.getStatus().getDescription()).isEqualTo(hostile.expected());
    }

    private static InferInputTensor.Builder tensor(String name, String datatype, long... shape) {
        return InferInputTensor.newBuilder().setName(name).setDatatype(datatype)
                .addAllShape(Arrays.stream(shape).boxed().toList());
    }

    private static ModelInferRequest.Builder message() {
        return ModelInferRequest.newBuilder().setModelName("linear");
    }

    private static ModelInferRequest raw(InferInputTensor.Builder tensor, int bytes) {
        return message().addInputs(tensor).addRawInputContents(ByteString.copyFrom(new byte[bytes])).build();
    }

    private static ModelInferRequest typed(InferInputTensor.Builder tensor, int elements) {
        InferTensorContents.Builder contents = InferTensorContents.newBuilder();
        for (int i = 0; i < elements; i++) {
            contents.addFp32Contents(i);
        }
        return message().addInputs(tensor.setContents(contents)).build();
    }

    @Provide
    Arbitrary<GrpcCase> grpcCases() {
        Arbitrary<long[]> shapes = Arbitraries.longs().between(0, 4).array(long[].class).ofMinSize(1).ofMaxSize(3);
        Arbitrary<GrpcCase> typedCounts = Combinators.combine(shapes, Arbitraries.integers().between(0, 30))
                .as((shape, given) -> {
                    int needed = (int) Arrays.stream(shape).reduce(1, (a, b) -> a * b);
                    int elements = given == needed ? needed + 1 : given;
                    return new GrpcCase("typed count", typed(tensor("x", "FP32", shape), elements),
                            "inputs[0].contents.fp32_contents has " + elements + " elements but shape "
                                    + Arrays.toString(shape) + " needs " + needed);
                });
        Arbitrary<GrpcCase> rawSizes = Combinators.combine(shapes, Arbitraries.integers().between(-30, 30))
                .as((shape, lie) -> {
                    int truth = 4 * (int) Arrays.stream(shape).reduce(1, (a, b) -> a * b);
                    int size = Math.max(0, truth + lie) == truth ? truth + 1 : Math.max(0, truth + lie);
                    return new GrpcCase("raw size", raw(tensor("x", "FP32", shape), size), "raw_input_contents[0] has "
                            + size + " bytes but inputs[0].shape " + Arrays.toString(shape) + " of FP32 needs " + truth
                            + " bytes");
                });
        Arbitrary<GrpcCase> overflows = Combinators.combine(overflowingShapes(), Arbitraries.of(true, false))
                .as((shape, isRaw) -> new GrpcCase("overflow", isRaw ? raw(tensor("x", "FP32", shape), 8)
                        : typed(tensor("x", "FP32", shape), 1), overflowMessage(shape)));
        Arbitrary<GrpcCase> datatypes = unknownDatatypes().map(datatype -> new GrpcCase("datatype",
                raw(tensor("x", datatype, 1), 4), "inputs[0].datatype " + (datatype.isEmpty() ? "is empty"
                        : "'" + quoted(datatype) + "' is not an OIP datatype") + "; the datatypes are " + DATATYPES));
        Arbitrary<GrpcCase> gigabytes = Combinators.combine(Arbitraries.longs().between(1L << 28, Integer.MAX_VALUE),
                Arbitraries.of(true, false)).as((count, isRaw) -> isRaw
                        ? new GrpcCase("gigabytes", raw(tensor("x", "FP32", count), 8), "raw_input_contents[0] has 8"
                                + " bytes but inputs[0].shape [" + count + "] of FP32 needs " + 4 * count + " bytes")
                        : new GrpcCase("gigabytes", typed(tensor("x", "FP32", count), 2), "inputs[0].contents"
                                + ".fp32_contents has 2 elements but shape [" + count + "] needs " + count));
        Arbitrary<GrpcCase> mixed = Arbitraries.integers().between(0, 1).map(at -> {
            ModelInferRequest.Builder message = message().addInputs(tensor("x", "FP32", 1)).addInputs(tensor("z", "FP32", 1))
                    .addRawInputContents(ByteString.copyFrom(new byte[4])).addRawInputContents(ByteString.copyFrom(new byte[4]));
            message.getInputsBuilder(at).setContents(InferTensorContents.newBuilder().addFp32Contents(1));
            return new GrpcCase("mixed", message.build(), "inputs[" + at + "].contents is given, but the message has"
                    + " raw_input_contents; a message carries its tensors either raw or typed, never both");
        });
        Arbitrary<GrpcCase> miscounted = Arbitraries.integers().between(2, 5).map(entries -> {
            ModelInferRequest.Builder message = message().addInputs(tensor("x", "FP32", 1));
            for (int i = 0; i < entries; i++) {
                message.addRawInputContents(ByteString.copyFrom(new byte[4]));
            }
            return new GrpcCase("raw entries", message.build(), "raw_input_contents has " + entries + " entries but the"
                    + " message has 1 inputs; raw contents give one entry per tensor, in order");
        });
        Arbitrary<GrpcCase> negative = Arbitraries.longs().between(Long.MIN_VALUE, -1).map(dimension -> new GrpcCase(
                "negative dimension", raw(tensor("x", "FP32", 2, dimension), 8), "inputs[0].shape[1] is " + dimension
                        + "; a dimension is an integer >= 0"));
        return Arbitraries.oneOf(typedCounts, rawSizes, overflows, datatypes, gigabytes, mixed, miscounted, negative);
    }

    @Property(tries = 5_000)
    void corruptGrpcRequestsAreAnsweredWithPredictionsOrInvalidArgument(@ForAll boolean raw, @ForAll long corruption)
            throws Exception {
        byte[] bytes = OipProto.writeRequest("linear", Optional.empty(), new OipInferenceRequest(Optional.empty(),
                Map.of(), List.of(OipTensor.of("x", Tensor.ofFloats(new float[] {1, 1, 1, 0, 0, 1}, 2, 3))), List.of()),
                raw ? OipProto.Encoding.RAW : OipProto.Encoding.TYPED).toByteArray();
        Random random = new Random(corruption);
        ModelInferRequest message = null;
        while (message == null) {
            byte[] corrupt = bytes.clone();
            int at = random.nextInt(corrupt.length);
            corrupt[at] = (byte) (corrupt[at] ^ (1 << random.nextInt(8)));
            try {
                message = ModelInferRequest.parseFrom(corrupt);
            } catch (com.google.protobuf.InvalidProtocolBufferException e) {
                message = null; // not a message: gRPC's own parser refuses it before TANGO sees it; try another flip
            }
        }
        ModelInferRequest sent = message;

        StatusRuntimeException error = catchThrowableOfType(StatusRuntimeException.class, () -> grpc().modelInfer(sent));

        Statistics.label("status").collect(error == null ? "OK" : error.getStatus().getCode());
        if (error != null) {
            assertThat(error.getStatus().getCode()).as(error.getStatus().toString())
                    .isIn(Status.Code.INVALID_ARGUMENT, Status.Code.NOT_FOUND);
            assertThat(error.getStatus().getDescription()).isNotBlank();
        }
    }

    // ---- the cases the issue lists, one by one ------------------------------------------------------------------

    @Example
    void theHostileRequestsTheIssueListsAreAnswered400OverRest() {
        String tenGigabytes = "{\"inputs\": [{\"name\": \"x\", \"datatype\": \"FP32\", \"shape\": [2684354560],"
                + " \"data\": [1]}]}";
        assertError(Http.post(url, INFER, "application/json", tenGigabytes), 400,
                "inputs[0].shape [2684354560] has more than 2147483647 elements, more than one tensor holds");
        assertError(binary("", new long[] {2}, 12, new byte[8], null, "").send(), 400,
                "inputs[0].parameters.binary_data_size is 12 but only 8 bytes of binary data remain after the JSON"
                        + " header and the tensors before it");
        RestCase pastTheBody = binary("", new long[] {2}, 8, new byte[8], "100000", "");
        assertError(pastTheBody.send(), 400, "Inference-Header-Content-Length is 100000 but the body has "
                + pastTheBody.body().length + " bytes; it must be between 0 and the body's length");
        assertError(Http.post(url, INFER, "application/json", GOOD.replace("1, 1, 1, 0, 0, 1", "1, 1, 1, 0, 0")), 400,
                "inputs[0].shape [2, 3] needs 6 elements, data has 5");
        assertError(Http.post(url, INFER, "application/json", GOOD.replace("[2, 3]", "[4294967296, 4294967296]")), 400,
                "inputs[0].shape [4294967296, 4294967296] has more than 2147483647 elements, more than one tensor holds");
        assertError(Http.post(url, INFER, "application/json", GOOD.replace("FP32", "FLOAT32")), 400,
                "inputs[0].datatype 'FLOAT32' is not an OIP datatype; the datatypes are " + DATATYPES);
        assertError(Http.post(url, INFER, "application/json", GOOD.replace("[1, 1, 1, 0, 0, 1]",
                "[".repeat(100_000) + "]".repeat(100_000))), 400, TOO_DEEP);

        theServerStillAnswersAGoodRequestOverBothProtocols();
    }

    @Example
    void theHostileRequestsTheIssueListsAreAnsweredInvalidArgumentOverGrpc() {
        assertInvalidArgument(raw(tensor("x", "FP32", 2, 3), 20),
                "raw_input_contents[0] has 20 bytes but inputs[0].shape [2, 3] of FP32 needs 24 bytes");
        assertInvalidArgument(typed(tensor("x", "FP32", 2, 3), 5),
                "inputs[0].contents.fp32_contents has 5 elements but shape [2, 3] needs 6");
        assertInvalidArgument(raw(tensor("x", "FP32", 4294967296L, 4294967296L), 8),
                "inputs[0].shape [4294967296, 4294967296] has more than 2147483647 elements, more than one tensor holds");
        assertInvalidArgument(raw(tensor("x", "FLOAT32", 1), 4),
                "inputs[0].datatype 'FLOAT32' is not an OIP datatype; the datatypes are " + DATATYPES);
        assertInvalidArgument(raw(tensor("x", "FP64", 1_342_177_280L), 8),
                "raw_input_contents[0] has 8 bytes but inputs[0].shape [1342177280] of FP64 needs 10737418240 bytes");

        theServerStillAnswersAGoodRequestOverBothProtocols();
    }

    private static void assertInvalidArgument(ModelInferRequest message, String description) {
        StatusRuntimeException error = catchThrowableOfType(StatusRuntimeException.class, () -> grpc().modelInfer(message));
        assertThat(error).isNotNull();
        assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(error.getStatus().getDescription()).isEqualTo(description);
    }
}
