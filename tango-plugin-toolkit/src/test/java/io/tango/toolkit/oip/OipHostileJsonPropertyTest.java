package io.tango.toolkit.oip;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tango.api.InvalidRequestException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.statistics.Statistics;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

import static io.tango.toolkit.oip.OipHostileCases.DATATYPES;
import static io.tango.toolkit.oip.OipHostileCases.binaryOf;
import static io.tango.toolkit.oip.OipHostileCases.count;
import static io.tango.toolkit.oip.OipHostileCases.overflowMessage;
import static io.tango.toolkit.oip.OipHostileCases.quoted;
import static io.tango.toolkit.oip.OipHostileCases.readOrRefused;
import static io.tango.toolkit.oip.OipHostileCases.tensor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Hostile OIP REST documents against the toolkit's decoders, {@link OipJson} and {@link OipBinaryExtension}, for
 * requests (what TANGO's server reads) and responses (what plugin-oip reads): a {@code binary_data_size} that lies, a
 * header length past the body or beside the JSON, BYTES lengths that lie, shape and data counts that disagree, shapes
 * whose product overflows, unknown datatypes, JSON nested up to 100,000 deep, tensors that claim gigabytes, and random
 * corruption of valid bodies. Each case is read or refused with exactly an {@link InvalidRequestException} whose
 * message says what was wrong; nothing else escapes (no OutOfMemoryError, StackOverflowError, NPE, index error).
 * 28,000 generated cases.
 */
class OipHostileJsonPropertyTest extends OipHostileCases {
    private static final ObjectMapper JSON = new ObjectMapper();

    // ---- helpers -------------------------------------------------------------------------------------------------

    private static String role(boolean response) {
        return response ? "outputs" : "inputs";
    }

    private static String document(boolean response) {
        return response ? "the inference response" : "the inference request";
    }

    /** A document whose only tensor is {@code tensor}. */
    private static byte[] document(boolean response, JsonNode tensor) {
        ObjectNode root = JSON.createObjectNode();
        if (response) {
            root.put("model_name", "m");
        }
        root.putArray(role(response)).add(tensor);
        return bytes(root);
    }

    private static byte[] bytes(JsonNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ObjectNode tree(byte[] json) {
        try {
            return (ObjectNode) JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The JSON node of a tensor of {@code datatype} with {@code elements} valid elements, its shape {@code [elements]}. */
    private static ObjectNode jsonTensor(OipDatatype datatype, int elements, long seed) {
        OipInferenceRequest request = new OipInferenceRequest(Optional.empty(), Map.of(),
                List.of(OipTensor.of("x", tensor(datatype, new long[] {elements}, seed))), List.of());
        return (ObjectNode) tree(OipJson.writeRequest(request)).get("inputs").get(0);
    }

    private static Object readJson(boolean response, byte[] json) {
        return response ? OipJson.readResponse(json) : OipJson.readRequest(json);
    }

    private static Object readBinary(boolean response, byte[] body, long headerLength) {
        return response ? OipBinaryExtension.readResponse(body, headerLength)
                : OipBinaryExtension.readRequest(body, headerLength);
    }

    /**
     * @param binarySeed which tensors go binary (FP16 and BF16 always do); -1 for none
     */
    private static OipBinaryExtension.Body binaryBody(boolean response, List<OipTensor> tensors, long binarySeed) {
        Random chooser = new Random(binarySeed);
        boolean[] binary = new boolean[tensors.size()];
        for (int i = 0; i < binary.length; i++) {
            binary[i] = binarySeed != -1 && chooser.nextBoolean();
        }
        List<String> names = tensors.stream().map(OipTensor::name).toList();
        if (response) {
            return OipBinaryExtension.writeResponse(new OipInferenceResponse("m", Optional.of("1"), Optional.of("r"),
                    Map.of(), tensors), tensor -> binary[names.indexOf(tensor.name())]);
        }
        return OipBinaryExtension.writeRequest(new OipInferenceRequest(Optional.of("r"), Map.of("p", 1L), tensors,
                List.of()), tensor -> binary[names.indexOf(tensor.name())]);
    }

    /** A body of {@code header} followed by {@code binary}. */
    private static byte[] concat(byte[] header, byte[] binary) {
        byte[] body = Arrays.copyOf(header, header.length + binary.length);
        System.arraycopy(binary, 0, body, header.length, binary.length);
        return body;
    }

    /** The header of a document with one tensor sent as binary data, claiming {@code size} bytes. */
    private static byte[] binaryHeader(boolean response, OipDatatype datatype, long[] shape, long size) {
        ObjectNode tensor = JSON.createObjectNode().put("name", "x").put("datatype", datatype.wireName());
        ArrayNode dimensions = tensor.putArray("shape");
        Arrays.stream(shape).forEach(dimensions::add);
        tensor.putObject("parameters").put("binary_data_size", size);
        return document(response, tensor);
    }

    // ---- what valid documents give --------------------------------------------------------------------------------

    @Property(tries = 2_000)
    void validDocumentsSurviveJsonAndTheBinaryExtension(@ForAll boolean response,
            @ForAll("jsonTensorLists") List<OipTensor> jsonTensors, @ForAll("anyTensorLists") List<OipTensor> tensors,
            @ForAll long binarySeed) {
        if (response) {
            OipInferenceResponse sent = new OipInferenceResponse("m", Optional.empty(), Optional.of("r"), Map.of(), jsonTensors);
            assertThat(OipJson.readResponse(OipJson.writeResponse(sent))).isEqualTo(sent);
        } else {
            OipInferenceRequest sent = new OipInferenceRequest(Optional.empty(), Map.of("k", "v"), jsonTensors, List.of());
            assertThat(OipJson.readRequest(OipJson.writeRequest(sent))).isEqualTo(sent);
        }
        OipBinaryExtension.Body body = binaryBody(response, tensors, binarySeed);
        Object read = readBinary(response, body.bytes(), body.headerLength());
        List<OipTensor> decoded = read instanceof OipInferenceResponse answer ? answer.outputs()
                : ((OipInferenceRequest) read).inputs();
        assertThat(decoded).isEqualTo(tensors);
    }

    @Provide
    Arbitrary<List<OipTensor>> jsonTensorLists() {
        return OipHostileCases.tensorLists(typedDatatypes());
    }


    // ---- shape and data disagree ----------------------------------------------------------------------------------

    @Property(tries = 3_000)
    void dataCountsThatDisagreeWithTheShapeAreRefused(@ForAll boolean response,
            @ForAll("typedDatatypes") OipDatatype datatype, @ForAll("smallShapes") long[] shape,
            @ForAll @IntRange(min = 0, max = 70) int given, @ForAll long seed) {
        int needed = count(shape);
        if (given == needed) {
            given = needed + 1;
        }
        ObjectNode tensor = jsonTensor(datatype, given, seed);
        ArrayNode dimensions = tensor.putArray("shape");
        Arrays.stream(shape).forEach(dimensions::add);

        byte[] json = document(response, tensor);

        assertThatThrownBy(() -> readJson(response, json)).isExactlyInstanceOf(InvalidRequestException.class)
                .hasMessage(role(response) + "[0].shape " + Arrays.toString(shape) + " needs " + needed
                        + " elements, data has " + given);
    }

    // ---- shapes whose product overflows ---------------------------------------------------------------------------

    @Property(tries = 3_000)
    void shapesWhoseProductOverflowsAreRefusedBeforeAnythingIsAllocated(@ForAll boolean response,
            @ForAll boolean binary, @ForAll("typedDatatypes") OipDatatype datatype,
            @ForAll("overflowingShapes") long[] shape, @ForAll long seed) {
        byte[] body;
        int headerLength;
        if (binary) {
            byte[] header = binaryHeader(response, datatype, shape, 8);
            body = concat(header, new byte[8]);
            headerLength = header.length;
        } else {
            ObjectNode tensor = jsonTensor(datatype, 1, seed);
            ArrayNode dimensions = tensor.putArray("shape");
            Arrays.stream(shape).forEach(dimensions::add);
            body = document(response, tensor);
            headerLength = body.length;
        }

        assertThatThrownBy(() -> readBinary(response, body, headerLength)).isExactlyInstanceOf(InvalidRequestException.class)
                .hasMessage(overflowMessage(role(response) + "[0].shape", shape));
    }

    // ---- unknown datatypes ----------------------------------------------------------------------------------------

    @Property(tries = 2_000)
    void unknownDatatypesAreRefusedWithTheListOfDatatypes(@ForAll boolean response,
            @ForAll("unknownDatatypes") String datatype) {
        ObjectNode tensor = JSON.createObjectNode().put("name", "x").put("datatype", datatype);
        tensor.putArray("shape").add(1);
        tensor.putArray("data").add(1);
        byte[] json = document(response, tensor);

        assertThatThrownBy(() -> readJson(response, json)).isExactlyInstanceOf(InvalidRequestException.class)
                .hasMessage(role(response) + "[0].datatype '" + quoted(datatype) + "' is not an OIP datatype; the"
                        + " datatypes are " + DATATYPES);
    }

    // ---- deep nesting ---------------------------------------------------------------------------------------------

    @Property(tries = 1_000)
    void jsonNestedDeeperThanAHundredLevelsIsRefusedBeforeItIsBuilt(@ForAll boolean response,
            @ForAll boolean binary, @ForAll("depths") int depth, @ForAll boolean arrays,
            @ForAll @IntRange(min = 0, max = 3) int place) {
        String nested = arrays ? "[".repeat(depth) + "1" + "]".repeat(depth) : "{\"a\":".repeat(depth) + "1" + "}".repeat(depth);
        String text = switch (place) {
            case 0 -> "{\"" + role(response) + "\": [{\"name\": \"x\", \"datatype\": \"FP32\", \"shape\": [1], \"data\": "
                    + nested + "}]}";
            case 1 -> "{\"parameters\": {\"p\": " + nested + "}, \"" + role(response) + "\": []}";
            case 2 -> "{\"unknown\": " + nested + ", \"" + role(response) + "\": []}";
            default -> nested;
        };
        byte[] body = text.getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> {
            if (binary) {
                readBinary(response, body, body.length);
            } else {
                readJson(response, body);
            }
        }).isExactlyInstanceOf(InvalidRequestException.class)
                .hasMessage(document(response) + (binary ? " header" : "") + " is refused before it is read: Document"
                        + " nesting depth (101) exceeds the maximum allowed (100, from"
                        + " `StreamReadConstraints.getMaxNestingDepth()`)");
    }

    @Provide
    Arbitrary<Integer> depths() {
        return Arbitraries.oneOf(Arbitraries.integers().between(101, 5_000), Arbitraries.of(101, 1_000, 100_000));
    }

    // ---- tensors that claim gigabytes -----------------------------------------------------------------------------

    @Property(tries = 2_000)
    void tensorsThatClaimGigabytesAreRefusedWithoutAllocatingThem(@ForAll boolean response,
            @ForAll @IntRange(min = 0, max = 2) int form, @ForAll("typedDatatypes") OipDatatype datatype,
            @ForAll @LongRange(min = 1L << 30, max = 16L << 30) long claimedBytes,
            @ForAll @IntRange(min = 1, max = 4) int given, @ForAll boolean twoDimensions, @ForAll long seed) {
        long elements = Math.max(1, claimedBytes / Math.max(1, datatype.elementSize()));
        long[] shape = twoDimensions ? new long[] {2, (elements + 1) / 2} : new long[] {elements};
        long count = Arrays.stream(shape).reduce(1, Math::multiplyExact);
        String path = role(response) + "[0]";
        byte[] body;
        int headerLength;
        String expected;
        if (form == 0) {
            ObjectNode tensor = jsonTensor(datatype, given, seed);
            ArrayNode dimensions = tensor.putArray("shape");
            Arrays.stream(shape).forEach(dimensions::add);
            body = document(response, tensor);
            headerLength = body.length;
            expected = count > Integer.MAX_VALUE ? overflowMessage(path + ".shape", shape)
                    : path + ".shape " + Arrays.toString(shape) + " needs " + count + " elements, data has " + given;
        } else {
            long claimedSize = form == 1 ? claimedBytes : 8;
            byte[] header = binaryHeader(response, datatype, shape, claimedSize);
            body = concat(header, new byte[8]);
            headerLength = header.length;
            if (form == 1) {
                expected = path + ".parameters.binary_data_size is " + claimedBytes + " but only 8 bytes of binary"
                        + " data remain after the JSON header and the tensors before it";
            } else if (count > Integer.MAX_VALUE) {
                expected = overflowMessage(path + ".shape", shape);
            } else if (datatype == OipDatatype.BYTES) {
                expected = path + ".shape " + Arrays.toString(shape) + " needs " + count + " BYTES elements, but"
                        + " binary_data_size 8 holds at most 2";
            } else {
                expected = path + ".parameters.binary_data_size is 8 but shape " + Arrays.toString(shape) + " of "
                        + datatype + " needs " + count * datatype.elementSize() + " bytes";
            }
        }

        assertThatThrownBy(() -> readBinary(response, body, headerLength)).isExactlyInstanceOf(InvalidRequestException.class)
                .hasMessage(expected);
    }

    // ---- binary_data_size that lies -------------------------------------------------------------------------------

    @Property(tries = 3_000)
    void aBinaryDataSizeThatLiesIsRefused(@ForAll boolean response, @ForAll("fixedSizeDatatypes") OipDatatype datatype,
            @ForAll("smallShapes") long[] shape, @ForAll @IntRange(min = -300, max = 300) int lie, @ForAll long seed) {
        OipTensor tensor = OipTensor.of("x", tensor(datatype, shape, seed));
        byte[] data = binaryOf(tensor);
        int truth = data.length;
        long claimed = lie == 0 ? truth + 1 : truth + lie;
        byte[] header = binaryHeader(response, datatype, shape, claimed);
        byte[] body = concat(header, data);
        String size = role(response) + "[0].parameters.binary_data_size is " + claimed;

        String expected = claimed < 0 ? size + "; it must be an integer >= 0"
                : claimed > truth ? size + " but only " + truth + " bytes of binary data remain after the JSON header"
                        + " and the tensors before it"
                : size + " but shape " + Arrays.toString(shape) + " of " + datatype + " needs " + truth + " bytes";
        assertThatThrownBy(() -> readBinary(response, body, header.length)).isExactlyInstanceOf(InvalidRequestException.class)
                .hasMessage(expected);
    }

    // ---- BYTES lengths that lie -----------------------------------------------------------------------------------

    @Property(tries = 2_000)
    void aBytesElementLengthThatLiesIsRefused(@ForAll boolean response, @ForAll @IntRange(min = 1, max = 6) int elements,
            @ForAll long seed, @ForAll @IntRange(min = 0, max = 5) int which, @ForAll("lengths") int lie) {
        OipTensor tensor = OipTensor.of("x", tensor(OipDatatype.BYTES, new long[] {elements}, seed));
        byte[] data = OipHostileCases.lieAboutALength(binaryOf(tensor), which % elements, lie);
        byte[] header = binaryHeader(response, OipDatatype.BYTES, new long[] {elements}, data.length);
        byte[] body = concat(header, data);
        String path = role(response) + "\\[0]";

        refusedOrReadAsOtherElements(() -> {
            Object read = readBinary(response, body, header.length);
            return read instanceof OipInferenceResponse answer ? answer.outputs() : ((OipInferenceRequest) read).inputs();
        }, tensor, role(response) + "\\[0]", "its binary_data_size of " + data.length,
                role(response) + "\\[0].parameters.binary_data_size is " + data.length, elements);
    }

    // ---- Inference-Header-Content-Length that lies ----------------------------------------------------------------

    @Property(tries = 2_000)
    void aHeaderLengthOutsideTheBodyIsRefused(@ForAll boolean response, @ForAll("anyTensorLists") List<OipTensor> tensors,
            @ForAll long binarySeed, @ForAll("outsideLengths") long beyond) {
        OipBinaryExtension.Body body = binaryBody(response, tensors, binarySeed);
        long headerLength = beyond < 0 ? beyond : body.bytes().length + beyond;

        assertThatThrownBy(() -> readBinary(response, body.bytes(), headerLength))
                .isExactlyInstanceOf(InvalidRequestException.class)
                .hasMessage("Inference-Header-Content-Length is " + headerLength + " but the body has "
                        + body.bytes().length + " bytes; it must be between 0 and the body's length");
    }

    @Provide
    Arbitrary<Long> outsideLengths() {
        return Arbitraries.oneOf(Arbitraries.longs().between(1, 1000), Arbitraries.longs().between(1, Long.MAX_VALUE / 2),
                Arbitraries.longs().between(Long.MIN_VALUE, -1), Arbitraries.of(-1L, Long.MIN_VALUE, 1L << 32));
    }

    @Property(tries = 2_000)
    void aHeaderLengthThatMissesTheEndOfTheJsonIsRefused(@ForAll boolean response,
            @ForAll("anyTensorLists") List<OipTensor> tensors, @ForAll long binarySeed,
            @ForAll @IntRange(min = -400, max = 400) int miss) {
        OipBinaryExtension.Body body = binaryBody(response, tensors, binarySeed);
        long headerLength = Math.max(0, Math.min(body.bytes().length, body.headerLength() + (miss == 0 ? -1 : miss)));
        if (headerLength == body.headerLength()) {
            headerLength = body.headerLength() - 1;
        }
        long length = headerLength;

        assertThatThrownBy(() -> readBinary(response, body.bytes(), length)).isExactlyInstanceOf(InvalidRequestException.class)
                .hasMessageMatching("(" + document(response) + " header (is not valid JSON: |is empty; it must be a JSON"
                        + " object)|" + role(response) + "\\[\\d]\\.parameters\\.binary_data_size is \\d+ but"
                        + "|the body has \\d+ bytes of binary data that no tensor's binary_data_size accounts for).*");
    }

    // ---- anything else --------------------------------------------------------------------------------------------

    @Property(tries = 5_000)
    void anyCorruptionOfAValidBodyIsReadOrRefusedAsAnInvalidRequest(@ForAll boolean response, @ForAll boolean binary,
            @ForAll("anyTensorLists") List<OipTensor> tensors, @ForAll long binarySeed, @ForAll long corruption) {
        OipBinaryExtension.Body body = binary ? binaryBody(response, tensors, binarySeed)
                : binaryBody(response, tensors.stream().filter(t -> t.datatype().isJsonAllowed()).toList(), -1);
        byte[] bytes = body.bytes();
        int headerLength = body.headerLength();
        Random random = new Random(corruption);
        for (int mutations = 1 + random.nextInt(3); mutations > 0 && bytes.length > 0; mutations--) {
            int at = random.nextInt(bytes.length);
            switch (random.nextInt(4)) {
                case 0 -> bytes[at] = (byte) random.nextInt(256);
                case 1 -> bytes[at] = (byte) "[]{}\",:-0123456789eE.".charAt(random.nextInt(21));
                case 2 -> {
                    bytes = Arrays.copyOf(bytes, at);
                    headerLength = Math.min(headerLength, at);
                }
                default -> {
                    byte[] longer = new byte[bytes.length + 1];
                    System.arraycopy(bytes, 0, longer, 0, at);
                    longer[at] = (byte) random.nextInt(256);
                    System.arraycopy(bytes, at, longer, at + 1, bytes.length - at);
                    bytes = longer;
                }
            }
        }
        byte[] corrupt = bytes;
        long length = headerLength;

        boolean refused = readOrRefused(() -> binary && length < corrupt.length ? readBinary(response, corrupt, length)
                : readJson(response, corrupt));

        Statistics.label("refused").collect(refused);
    }

    @Property(tries = 1_000)
    void randomBytesAreRefusedAsAnInvalidRequest(@ForAll boolean response, @ForAll("noise") byte[] body,
            @ForAll @LongRange(min = -2, max = 300) long headerLength) {
        boolean refused = readOrRefused(() -> headerLength < 0 ? readJson(response, body)
                : readBinary(response, body, headerLength));

        assertThat(refused).isTrue();
    }

    @Provide
    Arbitrary<byte[]> noise() {
        return Arbitraries.oneOf(Arbitraries.bytes().array(byte[].class).ofMaxSize(300),
                Arbitraries.strings().withChars("{}[]\",:0123456789.eE-+ntrufals \\").ofMaxLength(200)
                        .map(text -> text.getBytes(StandardCharsets.UTF_8)));
    }
}
