package io.tango.toolkit.oip;

import io.tango.api.DataType;
import io.tango.api.InvalidRequestException;
import io.tango.api.Tensor;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * What the hostile-input properties of the OIP decoders share: random valid tensors (to start from), shapes, the
 * messages the decoders promise, and the check that a decoder either reads or refuses with an
 * {@link InvalidRequestException} naming where the problem is. The property classes extend it for its
 * {@link Provide} methods.
 */
abstract class OipHostileCases {
    /** Where every refusal's message starts: the document, a field's path, a header or the binary part. */
    static final Pattern NAMES_THE_PROBLEM = Pattern.compile("^(the inference (request|response)( header)? "
            + "|(inputs|outputs|parameters|id|model_name|model_version)[ .\\[]|raw_(input|output)_contents"
            + "|Inference-Header-Content-Length is |the body has \\d+ bytes of binary data)");

    static final String DATATYPES = "BOOL, UINT8, UINT16, UINT32, UINT64, INT8, INT16, INT32, INT64, FP16, FP32, FP64,"
            + " BYTES, BF16";

    // ---- arbitraries the properties name -----------------------------------------------------------------------

    @Provide
    Arbitrary<List<OipTensor>> anyTensorLists() {
        return tensorLists(Arbitraries.of(OipDatatype.class));
    }

    /** @return the datatypes JSON and typed contents carry (all but FP16 and BF16) */
    @Provide
    Arbitrary<OipDatatype> typedDatatypes() {
        return Arbitraries.of(OipDatatype.class).filter(OipDatatype::isJsonAllowed);
    }

    /** @return the datatypes of fixed element size (all but BYTES) */
    @Provide
    Arbitrary<OipDatatype> fixedSizeDatatypes() {
        return Arbitraries.of(OipDatatype.class).filter(datatype -> datatype != OipDatatype.BYTES);
    }

    /** @return small shapes (rank 0 to 3, dimensions 0 to 4) */
    @Provide
    Arbitrary<long[]> smallShapes() {
        return smallShapeArbitrary();
    }

    /**
     * @return shapes of rank 1 to 4 whose element count exceeds {@link Integer#MAX_VALUE} (no 0 in them), or that
     *     have a 0 and other dimensions multiplying past {@link Long#MAX_VALUE}
     */
    @Provide
    Arbitrary<long[]> overflowingShapes() {
        Arbitrary<Long> dimension = Arbitraries.oneOf(Arbitraries.longs().between(1, 100_000),
                Arbitraries.longs().between(1, Long.MAX_VALUE), Arbitraries.of(Integer.MAX_VALUE + 1L, Long.MAX_VALUE,
                        1L << 31, 1L << 32, 3_037_000_500L));
        Arbitrary<long[]> nonZero = dimension.array(long[].class).ofMinSize(1).ofMaxSize(4)
                .filter(shape -> product(shape).compareTo(BigInteger.valueOf(Integer.MAX_VALUE)) > 0);
        Arbitrary<long[]> withZero = Combinators.combine(dimension.array(long[].class).ofMinSize(2).ofMaxSize(4),
                        Arbitraries.integers().between(0, 4))
                .as((shape, at) -> {
                    long[] withAZero = new long[shape.length + 1];
                    int position = Math.min(at, shape.length);
                    System.arraycopy(shape, 0, withAZero, 0, position);
                    System.arraycopy(shape, position, withAZero, position + 1, shape.length - position);
                    return withAZero;
                })
                .filter(shape -> product(shape).compareTo(BigInteger.valueOf(Long.MAX_VALUE)) > 0);
        return Arbitraries.frequencyOf(Tuple.of(3, nonZero), Tuple.of(1, withZero));
    }

    /** @return strings that are not OIP datatypes: near misses (case, spaces, other protocols' names) and noise */
    @Provide
    Arbitrary<String> unknownDatatypes() {
        return Arbitraries.oneOf(
                Arbitraries.of(OipDatatype.class).map(datatype -> datatype.wireName().toLowerCase()),
                Arbitraries.of(OipDatatype.class).map(datatype -> " " + datatype.wireName()),
                Arbitraries.of("FP8", "INT128", "STRING", "FLOAT32", "TYPE_FP32", "BFLOAT16", "bool", "Bytes", "OBJECT"),
                Arbitraries.strings().ofMaxLength(80),
                Arbitraries.strings().withCharRange('A', 'Z').ofMinLength(1).ofMaxLength(8))
                .filter(text -> OipDatatype.fromWireName(text).isEmpty());
    }

    /** @return BYTES element lengths to claim: small, any, extreme */
    @Provide
    Arbitrary<Integer> lengths() {
        return Arbitraries.oneOf(Arbitraries.integers().between(0, 40), Arbitraries.integers(),
                Arbitraries.of(-1, Integer.MAX_VALUE, Integer.MIN_VALUE));
    }

    // ---- tensors ----------------------------------------------------------------------------------------------------

    /** A tensor of {@code datatype} and {@code shape} whose elements come from {@code seed}. */
    static Tensor tensor(OipDatatype datatype, long[] shape, long seed) {
        Random random = new Random(seed);
        int count = Math.toIntExact(Arrays.stream(shape).reduce(1, Math::multiplyExact));
        return switch (datatype) {
            case BOOL -> {
                boolean[] values = new boolean[count];
                for (int i = 0; i < count; i++) {
                    values[i] = random.nextBoolean();
                }
                yield Tensor.ofBooleans(values, shape);
            }
            case FP16, BF16, FP32 -> {
                float[] values = new float[count];
                for (int i = 0; i < count; i++) {
                    values[i] = (random.nextInt(2001) - 1000) / 8f;
                }
                yield Tensor.ofFloats(datatype.dataType(), values, shape);
            }
            case FP64 -> {
                double[] values = new double[count];
                for (int i = 0; i < count; i++) {
                    values[i] = random.nextGaussian() * 1e6;
                }
                yield Tensor.ofDoubles(values, shape);
            }
            case BYTES -> {
                List<String> values = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    values.add(text(random));
                }
                yield Tensor.ofStrings(values, shape);
            }
            default -> {
                long[] values = new long[count];
                int bits = datatype.elementSize() * 8;
                for (int i = 0; i < count; i++) {
                    long value = random.nextLong();
                    values[i] = bits == 64 ? value : datatype.dataType().isUnsigned() ? value >>> (64 - bits) : value >> (64 - bits);
                }
                yield Tensor.ofIntegers(datatype.dataType(), values, shape);
            }
        };
    }

    private static final int[] ALPHABET = "ab z0é✓\"\\\n\u0000日本😀".codePoints().toArray();

    private static String text(Random random) {
        StringBuilder text = new StringBuilder();
        int length = random.nextInt(6);
        for (int i = 0; i < length; i++) {
            text.appendCodePoint(ALPHABET[random.nextInt(ALPHABET.length)]);
        }
        return text.toString();
    }

    /** @return the tensor's binary form: little-endian elements, or BYTES elements behind their lengths */
    static byte[] binaryOf(OipTensor tensor) {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        OipTensors.toBinary(tensor.tensor(), sink);
        return sink.toByteArray();
    }

    /**
     * @param data a BYTES tensor's binary form
     * @param element which element's length to change
     * @param lie the length to claim; one more than the truth if it is the truth
     * @return {@code data}, changed
     */
    static byte[] lieAboutALength(byte[] data, int element, int lie) {
        ByteBuffer view = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        int offset = 0;
        for (int i = 0; i < element; i++) {
            offset += 4 + view.getInt(offset);
        }
        int truth = view.getInt(offset);
        view.putInt(offset, lie == truth ? truth + 1 : lie);
        return data;
    }

    static Arbitrary<long[]> smallShapeArbitrary() {
        return Arbitraries.longs().between(0, 4).array(long[].class).ofMaxSize(3);
    }

    /** @return tensors of any of {@code datatypes}, small shape, random elements */
    static Arbitrary<OipTensor> tensors(Arbitrary<OipDatatype> datatypes) {
        return Combinators.combine(Arbitraries.of("x", "y", "input_0", "é"), datatypes, smallShapeArbitrary(),
                Arbitraries.longs()).as((name, datatype, shape, seed) -> OipTensor.of(name, tensor(datatype, shape, seed)));
    }

    /** @return 1 to 3 tensors of distinct names */
    static Arbitrary<List<OipTensor>> tensorLists(Arbitrary<OipDatatype> datatypes) {
        return tensors(datatypes).list().ofMinSize(1).ofMaxSize(3).uniqueElements(OipTensor::name);
    }

    // ---- shapes and messages ------------------------------------------------------------------------------------

    /** @return the product of the dimensions other than 0 */
    static BigInteger product(long[] shape) {
        BigInteger product = BigInteger.ONE;
        for (long dimension : shape) {
            if (dimension != 0) {
                product = product.multiply(BigInteger.valueOf(dimension));
            }
        }
        return product;
    }

    /** @return the element count of a small shape */
    static int count(long[] shape) {
        return Arrays.stream(shape).anyMatch(dimension -> dimension == 0) ? 0 : product(shape).intValueExact();
    }

    /** @return the message a shape from {@link #overflowingShapes()} gets at {@code path} (e.g. {@code inputs[0].shape}) */
    static String overflowMessage(String path, long[] shape) {
        if (Arrays.stream(shape).anyMatch(dimension -> dimension == 0)) {
            return path + " " + Arrays.toString(shape) + " has dimensions other than 0 whose product exceeds "
                    + Long.MAX_VALUE + "; no tensor has such a shape";
        }
        return path + " " + Arrays.toString(shape) + " has more than " + Integer.MAX_VALUE
                + " elements, more than one tensor holds";
    }

    /** @return a name as refusals quote it: its first 40 characters and an ellipsis when longer */
    static String quoted(String text) {
        return text.length() > 40 ? text.substring(0, 40) + "…" : text;
    }

    /**
     * A decoder given a BYTES tensor one of whose lengths lies either refuses it, naming the element, or (rarely: a
     * shorter length can make the bytes after it read as further elements that fit exactly) reads other elements.
     *
     * @param read the decoding
     * @param original the tensor before the lie
     * @param path the tensor's path as a regex, e.g. {@code inputs\\[0]}
     * @param within where the bytes are as a regex: {@code its binary_data_size of 12} or {@code raw_input_contents\\[0] of 12 bytes}
     * @param sizeIs the size statement as a regex: {@code inputs\\[0].parameters.binary_data_size is 12} or
     *     {@code raw_input_contents\\[0] has 12 bytes}
     * @param elements the tensor's element count
     */
    static void refusedOrReadAsOtherElements(Supplier<List<OipTensor>> read, OipTensor original, String path,
            String within, String sizeIs, int elements) {
        try {
            assertThat(read.get()).isNotEqualTo(List.of(original));
            Statistics.label("outcome").collect("read as other elements");
        } catch (InvalidRequestException e) {
            Statistics.label("outcome").collect("refused");
            assertThat(e).isExactlyInstanceOf(InvalidRequestException.class)
                    .hasMessageMatching("(" + path + " binary BYTES element \\d claims \\d+ bytes, but only \\d+ remain in "
                            + within
                            + "|" + path + " binary data ends inside the length of BYTES element \\d"
                            + "|" + sizeIs + " but its " + elements + " BYTES elements take \\d+ bytes"
                            + "|" + path + " BYTES element \\d is not valid UTF-8; TANGO carries BYTES tensors as text"
                            + " \\(STRING\\))");
        }
    }

    /**
     * Reads or refuses; a refusal must be exactly an {@link InvalidRequestException} whose message names the
     * problem's place. Anything else thrown (an NPE, an index out of bounds, an OutOfMemoryError) fails the property.
     *
     * @return whether it was refused
     */
    static boolean readOrRefused(Supplier<?> read) {
        try {
            assertThat(read.get()).isNotNull();
            return false;
        } catch (InvalidRequestException e) {
            assertThat(e).hasMessageMatching(NAMES_THE_PROBLEM.pattern() + "(?s).*");
            return true;
        } catch (Throwable e) {
            return fail("expected a read or an InvalidRequestException, got " + e, e);
        }
    }
}
