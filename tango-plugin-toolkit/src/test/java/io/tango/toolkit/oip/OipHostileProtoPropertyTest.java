package io.tango.toolkit.oip;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.tango.api.InvalidRequestException;
import io.tango.toolkit.oip.OipProto.Encoding;
import io.tango.toolkit.oip.grpc.InferTensorContents;
import io.tango.toolkit.oip.grpc.ModelInferRequest;
import io.tango.toolkit.oip.grpc.ModelInferResponse;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.statistics.Statistics;

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
 * Hostile OIP gRPC messages against {@link OipProto}, for inference requests (what TANGO's gRPC server reads) and
 * responses (what plugin-oip reads): typed contents whose count disagrees with the shape, sit in another datatype's
 * field or leave their datatype's range; raw contents whose size lies, whose BYTES lengths lie, that miss a tensor or
 * mix with typed contents; shapes that overflow or are negative; unknown datatypes; tensors that claim gigabytes; and
 * random corruption of valid messages' bytes. Each is read or refused with exactly an {@link InvalidRequestException}
 * whose message says what was wrong. 22,500 generated cases.
 */
class OipHostileProtoPropertyTest extends OipHostileCases {

    // ---- helpers -------------------------------------------------------------------------------------------------

    /** A message (request or response) of one tensor, in the encoding asked. */
    private record Message(boolean response, ModelInferRequest request, ModelInferResponse answer) {
        static Message of(boolean response, List<OipTensor> tensors, Encoding encoding) {
            if (response) {
                return new Message(true, null, OipProto.writeResponse(new OipInferenceResponse("m", Optional.empty(),
                        Optional.empty(), Map.of(), tensors), encoding));
            }
            return new Message(false, OipProto.writeRequest("m", Optional.empty(), new OipInferenceRequest(
                    Optional.empty(), Map.of(), tensors, List.of()), encoding), null);
        }

        static Message of(boolean response, OipTensor tensor, Encoding encoding) {
            return of(response, List.of(tensor), encoding);
        }

        String role() {
            return response ? "outputs" : "inputs";
        }

        String rawField() {
            return response ? "raw_output_contents" : "raw_input_contents";
        }

        Message withShape(long[] shape) {
            List<Long> dimensions = Arrays.stream(shape).boxed().toList();
            if (response) {
                ModelInferResponse.Builder builder = answer.toBuilder();
                builder.getOutputsBuilder(0).clearShape().addAllShape(dimensions);
                return new Message(true, null, builder.build());
            }
            ModelInferRequest.Builder builder = request.toBuilder();
            builder.getInputsBuilder(0).clearShape().addAllShape(dimensions);
            return new Message(false, builder.build(), null);
        }

        Message withDatatype(String datatype) {
            if (response) {
                ModelInferResponse.Builder builder = answer.toBuilder();
                builder.getOutputsBuilder(0).setDatatype(datatype);
                return new Message(true, null, builder.build());
            }
            ModelInferRequest.Builder builder = request.toBuilder();
            builder.getInputsBuilder(0).setDatatype(datatype);
            return new Message(false, builder.build(), null);
        }

        Message withRaw(List<ByteString> raw) {
            if (response) {
                return new Message(true, null, answer.toBuilder().clearRawOutputContents().addAllRawOutputContents(raw).build());
            }
            return new Message(false, request.toBuilder().clearRawInputContents().addAllRawInputContents(raw).build(), null);
        }

        Message withContents(int tensor, InferTensorContents contents) {
            if (response) {
                ModelInferResponse.Builder builder = answer.toBuilder();
                builder.getOutputsBuilder(tensor).setContents(contents);
                return new Message(true, null, builder.build());
            }
            ModelInferRequest.Builder builder = request.toBuilder();
            builder.getInputsBuilder(tensor).setContents(contents);
            return new Message(false, builder.build(), null);
        }

        InferTensorContents contents() {
            return response ? answer.getOutputs(0).getContents() : request.getInputs(0).getContents();
        }

        List<OipTensor> read() {
            return response ? OipProto.readResponse(answer).outputs() : OipProto.readRequest(request).inputs();
        }

        byte[] bytes() {
            return response ? answer.toByteArray() : request.toByteArray();
        }
    }

    private static void assertRefused(Message message, String expected) {
        assertThatThrownBy(message::read).isExactlyInstanceOf(InvalidRequestException.class).hasMessage(expected);
    }

    /** The typed field of each datatype, as the specification names it: written out here, not taken from OipProto. */
    private static String field(OipDatatype datatype) {
        return switch (datatype) {
            case BOOL -> "bool_contents";
            case INT8, INT16, INT32 -> "int_contents";
            case INT64 -> "int64_contents";
            case UINT8, UINT16, UINT32 -> "uint_contents";
            case UINT64 -> "uint64_contents";
            case FP32 -> "fp32_contents";
            case FP64 -> "fp64_contents";
            default -> "bytes_contents";
        };
    }

    private static final List<String> FIELDS = List.of("bool_contents", "int_contents", "int64_contents",
            "uint_contents", "uint64_contents", "fp32_contents", "fp64_contents", "bytes_contents");

    /** Contents with {@code count} elements in {@code field}. */
    private static InferTensorContents contents(String field, int count) {
        InferTensorContents.Builder contents = InferTensorContents.newBuilder();
        for (int i = 0; i < count; i++) {
            switch (field) {
                case "bool_contents" -> contents.addBoolContents(true);
                case "int_contents" -> contents.addIntContents(i);
                case "int64_contents" -> contents.addInt64Contents(i);
                case "uint_contents" -> contents.addUintContents(i);
                case "uint64_contents" -> contents.addUint64Contents(i);
                case "fp32_contents" -> contents.addFp32Contents(i);
                case "fp64_contents" -> contents.addFp64Contents(i);
                default -> contents.addBytesContents(ByteString.copyFromUtf8("e" + i));
            }
        }
        return contents.build();
    }

    // ---- what valid messages give ---------------------------------------------------------------------------------

    @Property(tries = 1_500)
    void validMessagesSurviveBothEncodings(@ForAll boolean response, @ForAll Encoding encoding,
            @ForAll("anyTensorLists") List<OipTensor> tensors) {
        Message message = Message.of(response, tensors, encoding);

        assertThat(message.read()).isEqualTo(tensors);
    }

    // ---- typed contents -------------------------------------------------------------------------------------------

    @Property(tries = 2_500)
    void typedCountsThatDisagreeWithTheShapeAreRefused(@ForAll boolean response,
            @ForAll("typedDatatypes") OipDatatype datatype, @ForAll("smallShapes") long[] shape,
            @ForAll @IntRange(min = 0, max = 70) int given, @ForAll long seed) {
        int needed = count(shape);
        int elements = given == needed ? needed + 1 : given;
        Message message = Message.of(response, OipTensor.of("x", tensor(datatype, new long[] {elements}, seed)),
                Encoding.TYPED).withShape(shape);

        assertRefused(message, message.role() + "[0].contents." + field(datatype) + " has " + elements
                + " elements but shape " + Arrays.toString(shape) + " needs " + needed);
    }

    @Property(tries = 1_500)
    void typedContentsInTheFieldOfAnotherDatatypeAreRefused(@ForAll boolean response,
            @ForAll("typedDatatypes") OipDatatype datatype, @ForAll @IntRange(min = 0, max = 7) int other,
            @ForAll @IntRange(min = 1, max = 5) int elements, @ForAll long seed) {
        String wrong = FIELDS.get(other).equals(field(datatype)) ? FIELDS.get((other + 1) % FIELDS.size()) : FIELDS.get(other);
        Message message = Message.of(response, OipTensor.of("x", tensor(datatype, new long[] {2}, seed)), Encoding.TYPED);
        InferTensorContents mixed = message.contents().toBuilder().mergeFrom(contents(wrong, elements)).build();

        String article = datatype.name().startsWith("I") || datatype.name().startsWith("F") ? "an " : "a ";
        assertRefused(message.withContents(0, mixed), message.role() + "[0].contents." + wrong + " has " + elements
                + " elements, but " + article + datatype + " tensor's elements go in " + field(datatype));
    }

    @Property(tries = 1_500)
    void typedElementsOutsideTheirDatatypesRangeAreRefused(@ForAll boolean response,
            @ForAll("narrowIntegers") OipDatatype datatype, @ForAll @IntRange(min = 0, max = 3) int index,
            @ForAll("outOfRange") long excess) {
        boolean unsigned = datatype.name().startsWith("U");
        long bits = datatype.elementSize() * 8L;
        long minimum = unsigned ? 0 : -(1L << (bits - 1));
        long maximum = unsigned ? (1L << bits) - 1 : (1L << (bits - 1)) - 1;
        // uint_contents holds no negative numbers: an unsigned element can only be too large (up to 2^32-1).
        long value = unsigned ? Math.min(0xffffffffL, maximum + Math.abs(excess))
                : Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, excess > 0 ? maximum + excess : minimum + excess));
        InferTensorContents.Builder contents = InferTensorContents.newBuilder();
        for (int i = 0; i < 4; i++) {
            int element = i == index ? (int) value : 0;
            if (unsigned) {
                contents.addUintContents(element);
            } else {
                contents.addIntContents(element);
            }
        }
        Message message = Message.of(response, OipTensor.of("x", tensor(datatype, new long[] {4}, 1)), Encoding.TYPED)
                .withContents(0, contents.build());

        String article = datatype.name().startsWith("I") ? "an " : "a ";
        assertRefused(message, message.role() + "[0].contents." + field(datatype) + "[" + index + "] is " + value + "; "
                + article + datatype + " element is an integer from " + minimum + " to " + maximum);
    }

    @Provide
    Arbitrary<OipDatatype> narrowIntegers() {
        return Arbitraries.of(OipDatatype.INT8, OipDatatype.INT16, OipDatatype.UINT8, OipDatatype.UINT16);
    }

    @Provide
    Arbitrary<Long> outOfRange() {
        return Arbitraries.oneOf(Arbitraries.longs().between(1, 1000), Arbitraries.longs().between(-1000, -1),
                Arbitraries.longs().between(1, 1L << 33), Arbitraries.longs().between(-(1L << 33), -1));
    }

    // ---- raw contents ---------------------------------------------------------------------------------------------

    @Property(tries = 2_500)
    void rawContentsWhoseSizeLiesAreRefused(@ForAll boolean response, @ForAll("fixedSizeDatatypes") OipDatatype datatype,
            @ForAll("smallShapes") long[] shape, @ForAll @IntRange(min = -300, max = 300) int lie, @ForAll long seed) {
        OipTensor tensor = OipTensor.of("x", tensor(datatype, shape, seed));
        int truth = binaryOf(tensor).length;
        int size = Math.max(0, lie == 0 ? truth + 1 : truth + lie);
        size = size == truth ? truth + 1 : size;
        Message message = Message.of(response, tensor, Encoding.RAW).withRaw(List.of(ByteString.copyFrom(new byte[size])));

        assertRefused(message, message.rawField() + "[0] has " + size + " bytes but " + message.role() + "[0].shape "
                + Arrays.toString(shape) + " of " + datatype + " needs " + truth + " bytes");
    }

    @Property(tries = 1_000)
    void aRawBytesLengthThatLiesIsRefused(@ForAll boolean response, @ForAll @IntRange(min = 1, max = 6) int elements,
            @ForAll long seed, @ForAll @IntRange(min = 0, max = 5) int which, @ForAll("lengths") int lie) {
        OipTensor tensor = OipTensor.of("x", tensor(OipDatatype.BYTES, new long[] {elements}, seed));
        byte[] data = OipHostileCases.lieAboutALength(binaryOf(tensor), which % elements, lie);
        Message message = Message.of(response, tensor, Encoding.RAW).withRaw(List.of(ByteString.copyFrom(data)));
        String raw = message.rawField() + "\\[0]";
        refusedOrReadAsOtherElements(message::read, tensor, message.role() + "\\[0]", raw + " of " + data.length + " bytes",
                raw + " has " + data.length + " bytes", elements);
    }

    @Property(tries = 2_000)
    void rawContentsThatMissATensorOrMixWithTypedContentsAreRefused(@ForAll boolean response,
            @ForAll("anyTensorLists") List<OipTensor> tensors, @ForAll @IntRange(min = 1, max = 6) int rawEntries,
            @ForAll boolean mix, @ForAll @IntRange(min = 0, max = 2) int typedAt) {
        Message message = Message.of(response, tensors, Encoding.RAW);
        String tensorsName = response ? "outputs" : "inputs";
        if (mix) {
            int at = typedAt % tensors.size();
            assertRefused(message.withContents(at, contents("int_contents", 1)), tensorsName + "[" + at + "].contents is"
                    + " given, but the message has " + message.rawField() + "; a message carries its tensors either raw"
                    + " or typed, never both");
        } else {
            int entries = rawEntries == tensors.size() ? rawEntries + 1 : rawEntries;
            List<ByteString> raw = Arrays.asList(new ByteString[entries]);
            raw.replaceAll(empty -> ByteString.EMPTY);
            assertRefused(message.withRaw(raw), message.rawField() + " has " + entries + " entries but the message has "
                    + tensors.size() + " " + tensorsName + "; raw contents give one entry per tensor, in order");
        }
    }

    // ---- shapes and datatypes -------------------------------------------------------------------------------------

    @Property(tries = 2_000)
    void shapesThatOverflowAreRefusedBeforeAnythingIsAllocated(@ForAll boolean response, @ForAll Encoding encoding,
            @ForAll("typedDatatypes") OipDatatype datatype, @ForAll("overflowingShapes") long[] shape, @ForAll long seed) {
        Message message = Message.of(response, OipTensor.of("x", tensor(datatype, new long[] {1}, seed)), encoding)
                .withShape(shape);

        assertRefused(message, overflowMessage(message.role() + "[0].shape", shape));
    }

    @Property(tries = 1_000)
    void negativeDimensionsAreRefused(@ForAll boolean response, @ForAll Encoding encoding,
            @ForAll("smallShapes") long[] shape, @ForAll @IntRange(min = 0, max = 3) int at,
            @ForAll @LongRange(min = Long.MIN_VALUE, max = -1) long dimension) {
        int position = Math.min(at, shape.length);
        long[] negative = new long[shape.length + 1];
        System.arraycopy(shape, 0, negative, 0, position);
        negative[position] = dimension;
        System.arraycopy(shape, position, negative, position + 1, shape.length - position);
        Message message = Message.of(response, OipTensor.of("x", tensor(OipDatatype.FP32, new long[] {1}, 0)), encoding)
                .withShape(negative);

        assertRefused(message, message.role() + "[0].shape[" + position + "] is " + dimension
                + "; a dimension is an integer >= 0");
    }

    @Property(tries = 1_500)
    void unknownDatatypesAreRefusedWithTheListOfDatatypes(@ForAll boolean response, @ForAll Encoding encoding,
            @ForAll("unknownDatatypes") String datatype) {
        Message message = Message.of(response, OipTensor.of("x", tensor(OipDatatype.INT32, new long[] {1}, 0)), encoding)
                .withDatatype(datatype);

        assertRefused(message, message.role() + "[0].datatype " + (datatype.isEmpty() ? "is empty"
                : "'" + quoted(datatype) + "' is not an OIP datatype") + "; the datatypes are " + DATATYPES);
    }

    // ---- tensors that claim gigabytes -----------------------------------------------------------------------------

    @Property(tries = 1_500)
    void tensorsThatClaimGigabytesAreRefusedWithoutAllocatingThem(@ForAll boolean response, @ForAll Encoding encoding,
            @ForAll("typedDatatypes") OipDatatype datatype,
            @ForAll @LongRange(min = 1L << 30, max = 16L << 30) long claimedBytes,
            @ForAll @IntRange(min = 1, max = 4) int given, @ForAll long seed) {
        long count = Math.max(1, claimedBytes / Math.max(1, datatype.elementSize()));
        long[] shape = {count};
        Message message = Message.of(response, OipTensor.of("x", tensor(datatype, new long[] {given}, seed)), encoding)
                .withShape(shape);
        String path = message.role() + "[0]";
        int size = binaryOf(OipTensor.of("x", tensor(datatype, new long[] {given}, seed))).length;

        String expected;
        if (count > Integer.MAX_VALUE) {
            expected = overflowMessage(path + ".shape", shape);
        } else if (encoding == Encoding.TYPED) {
            expected = path + ".contents." + field(datatype) + " has " + given + " elements but shape "
                    + Arrays.toString(shape) + " needs " + count;
        } else if (datatype == OipDatatype.BYTES) {
            expected = path + ".shape " + Arrays.toString(shape) + " needs " + count + " BYTES elements, but "
                    + message.rawField() + "[0] of " + size + " bytes holds at most " + size / 4;
        } else {
            expected = message.rawField() + "[0] has " + size + " bytes but " + path + ".shape " + Arrays.toString(shape)
                    + " of " + datatype + " needs " + count * datatype.elementSize() + " bytes";
        }
        assertRefused(message, expected);
    }

    // ---- anything else --------------------------------------------------------------------------------------------

    @Property(tries = 4_000)
    void anyCorruptionOfAValidMessageIsReadOrRefusedAsAnInvalidRequest(@ForAll boolean response,
            @ForAll Encoding encoding, @ForAll("anyTensorLists") List<OipTensor> tensors, @ForAll long corruption) {
        byte[] bytes = Message.of(response, tensors, encoding).bytes();
        Random random = new Random(corruption);
        Message corrupt = null;
        while (corrupt == null) {
            // Bytes that are no message never reach TANGO (gRPC's parser refuses them): mutate until they parse.
            byte[] mutated = bytes.clone();
            for (int mutations = 1 + random.nextInt(3); mutations > 0; mutations--) {
                int at = random.nextInt(mutated.length);
                mutated[at] = (byte) (random.nextBoolean() ? mutated[at] ^ (1 << random.nextInt(8)) : random.nextInt(256));
            }
            try {
                corrupt = response ? new Message(true, null, ModelInferResponse.parseFrom(mutated))
                        : new Message(false, ModelInferRequest.parseFrom(mutated), null);
            } catch (InvalidProtocolBufferException e) {
                Statistics.label("unparsable mutations skipped").collect(true);
            }
        }

        boolean refused = readOrRefused(corrupt::read);

        Statistics.label("outcome").collect(refused ? "refused" : "read");
    }
}
