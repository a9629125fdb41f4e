package io.tango.toolkit.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.tango.api.DataType;
import io.tango.api.Tensor;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TensorJsonTest {
    private static final ObjectMapper MAPPER = JsonMapper.builder().addModule(new TangoJsonModule()).build();
    private static final ObjectMapper NAN_TOKENS = JsonMapper.builder()
            .addModule(new TangoJsonModule())
            .disable(JsonWriteFeature.WRITE_NAN_AS_STRINGS)
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();

    private static String write(Object value) throws JsonProcessingException {
        return MAPPER.writeValueAsString(value);
    }

    private static Tensor read(String json) throws JsonProcessingException {
        return MAPPER.readValue(json, Tensor.class);
    }

    /** @return the message of the IllegalArgumentException reading {@code json} throws */
    private static String rejection(String json) throws JsonProcessingException {
        com.fasterxml.jackson.databind.JsonNode node = MAPPER.readTree(json);
        return org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> TensorJson.read(node))
                .getMessage();
    }

    private static ByteBuffer buffer(int bytes) {
        return ByteBuffer.allocate(bytes).order(ByteOrder.nativeOrder());
    }

    @Test
    void aBooleanTensorRoundTrips() throws JsonProcessingException {
        Tensor tensor = Tensor.ofBooleans(new boolean[] {true, false}, 2);

        assertThat(write(tensor)).isEqualTo("[true,false]");
        assertThat(read(write(tensor))).isEqualTo(tensor);
    }

    @Test
    void anInt8TensorIsWrittenAsIntegersAndReadBackAsInt64() throws JsonProcessingException {
        Tensor tensor = Tensor.wrap(DataType.INT8, buffer(2).put((byte) 1).put((byte) -2).flip(), 2);

        assertThat(write(tensor)).isEqualTo("[1,-2]");
        assertThat(read(write(tensor))).isEqualTo(Tensor.ofLongs(new long[] {1, -2}, 2));
    }

    @Test
    void anInt16TensorIsWrittenAsIntegersAndReadBackAsInt64() throws JsonProcessingException {
        Tensor tensor = Tensor.wrap(DataType.INT16, buffer(4).putShort((short) 300).putShort((short) -7).flip(), 2);

        assertThat(write(tensor)).isEqualTo("[300,-7]");
        assertThat(read(write(tensor))).isEqualTo(Tensor.ofLongs(new long[] {300, -7}, 2));
    }

    @Test
    void unsignedTensorsAreWrittenAsTheirUnsignedValues() throws JsonProcessingException {
        assertThat(write(Tensor.ofIntegers(DataType.UINT8, new long[] {255, 0}, 2))).isEqualTo("[255,0]");
        assertThat(write(Tensor.ofIntegers(DataType.UINT16, new long[] {65535}, 1))).isEqualTo("[65535]");
        assertThat(write(Tensor.ofIntegers(DataType.UINT32, new long[] {4294967295L}, 1))).isEqualTo("[4294967295]");
        assertThat(write(Tensor.ofIntegers(DataType.UINT64, new long[] {-1L, 7}, 1, 2)))
                .isEqualTo("[[18446744073709551615,7]]");
    }

    @Test
    void halfPrecisionTensorsAreWrittenAsTheFloatsTheyHold() throws JsonProcessingException {
        assertThat(write(Tensor.ofFloats(DataType.FLOAT16, new float[] {0.1f, -2.5f}, 2))).isEqualTo("[0.099975586,-2.5]");
        assertThat(write(Tensor.ofFloats(DataType.BFLOAT16, new float[] {-0.375f, 65504f}, 2))).isEqualTo("[-0.375,65536.0]");
    }

    @Test
    void anInt32TensorIsWrittenAsIntegersAndReadBackAsInt64() throws JsonProcessingException {
        Tensor tensor = Tensor.ofInts(new int[] {Integer.MAX_VALUE, -1}, 2);

        assertThat(write(tensor)).isEqualTo("[2147483647,-1]");
        assertThat(read(write(tensor))).isEqualTo(Tensor.ofLongs(new long[] {Integer.MAX_VALUE, -1}, 2));
    }

    @Test
    void anInt64TensorRoundTrips() throws JsonProcessingException {
        Tensor tensor = Tensor.ofLongs(new long[] {Long.MAX_VALUE, Long.MIN_VALUE}, 2);

        assertThat(write(tensor)).isEqualTo("[9223372036854775807,-9223372036854775808]");
        assertThat(read(write(tensor))).isEqualTo(tensor);
    }

    @Test
    void aFloat32TensorIsWrittenWithItsShortestDigitsAndReadBackAsFloat64() throws JsonProcessingException {
        Tensor tensor = Tensor.ofFloats(new float[] {0.1f, 2f}, 2);

        assertThat(write(tensor)).isEqualTo("[0.1,2.0]");
        assertThat(read(write(tensor))).isEqualTo(Tensor.ofDoubles(new double[] {0.1, 2.0}, 2));
    }

    @Test
    void aFloat64TensorRoundTripsEvenWithIntegralValues() throws JsonProcessingException {
        Tensor tensor = Tensor.ofDoubles(new double[] {0.1, 3.0}, 2);

        assertThat(write(tensor)).isEqualTo("[0.1,3.0]");
        assertThat(read(write(tensor))).isEqualTo(tensor);
    }

    @Test
    void aStringTensorRoundTrips() throws JsonProcessingException {
        Tensor tensor = Tensor.ofStrings(List.of("a", "\"b\""), 2);

        assertThat(write(tensor)).isEqualTo("[\"a\",\"\\\"b\\\"\"]");
        assertThat(read(write(tensor))).isEqualTo(tensor);
    }

    @Test
    void aMatrixIsNestedArraysByShape() throws JsonProcessingException {
        Tensor tensor = Tensor.ofLongs(new long[] {1, 2, 3, 4, 5, 6}, 2, 3);

        assertThat(write(tensor)).isEqualTo("[[1,2,3],[4,5,6]]");
        assertThat(read(write(tensor)).shape()).containsExactly(2, 3);
    }

    @Test
    void aScalarIsABareValue() throws JsonProcessingException {
        Tensor tensor = Tensor.ofDoubles(new double[] {2.5});

        assertThat(write(tensor)).isEqualTo("2.5");
        assertThat(read(write(tensor))).isEqualTo(tensor);
    }

    @Test
    void aStringScalarIsABareString() throws JsonProcessingException {
        assertThat(read("\"cat\"")).isEqualTo(Tensor.ofStrings(List.of("cat")));
    }

    @Test
    void aZeroLengthInnerDimensionRoundTripsAsFloat64() throws JsonProcessingException {
        Tensor tensor = Tensor.ofDoubles(new double[0], 2, 0);

        assertThat(write(tensor)).isEqualTo("[[],[]]");
        assertThat(read(write(tensor))).isEqualTo(tensor);
    }

    @Test
    void aZeroLengthOuterDimensionIsWrittenOnlyDownToIt() throws JsonProcessingException {
        Tensor tensor = Tensor.ofLongs(new long[0], 0, 3);

        assertThat(write(tensor)).isEqualTo("[]");
        assertThat(read("[]")).isEqualTo(Tensor.ofDoubles(new double[0], 0));
    }

    @Test
    void anIntegerAmongFractionsGivesFloat64() throws JsonProcessingException {
        assertThat(read("[1, 2.5]")).isEqualTo(Tensor.ofDoubles(new double[] {1, 2.5}, 2));
    }

    @Test
    void anExponentGivesFloat64() throws JsonProcessingException {
        assertThat(read("[1e3]")).isEqualTo(Tensor.ofDoubles(new double[] {1000}, 1));
    }

    @Test
    void nonFiniteFloatsAreStringsWithJacksonsDefaults() throws JsonProcessingException {
        Tensor tensor = Tensor.ofDoubles(new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}, 3);

        assertThat(write(tensor)).isEqualTo("[\"NaN\",\"Infinity\",\"-Infinity\"]");
    }

    @Test
    void nonFiniteFloatsAreBareTokensWhenTheMapperWritesThem() throws JsonProcessingException {
        Tensor tensor = Tensor.ofDoubles(new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}, 3);

        assertThat(NAN_TOKENS.writeValueAsString(tensor)).isEqualTo("[NaN,Infinity,-Infinity]");
    }

    @Test
    void bareNonFiniteTokensReadBackAsFloat64() throws JsonProcessingException {
        Tensor tensor = NAN_TOKENS.readValue("[NaN,Infinity,-Infinity]", Tensor.class);

        assertThat(tensor.type()).isEqualTo(DataType.FLOAT64);
        assertThat(tensor.toDoubleArray())
                .containsExactly(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY);
    }

    @Test
    void aTensorInsideAMapIsWrittenInPlace() throws JsonProcessingException {
        assertThat(write(Map.of("x", Tensor.ofInts(new int[] {1, 2}, 1, 2)))).isEqualTo("{\"x\":[[1,2]]}");
    }

    @Test
    void aShortRowIsRaggedAndNamed() throws JsonProcessingException {
        assertThat(rejection("[[1,2,3],[4,5]]")).isEqualTo("ragged array: $[1] has 2 elements where $[0] has 3");
    }

    @Test
    void aValueWhereARowWasExpectedIsRagged() throws JsonProcessingException {
        assertThat(rejection("[[1,2],3]")).isEqualTo("ragged array: $[1] is a number where $[0] is an array of 2");
    }

    @Test
    void aRowWhereAValueWasExpectedIsRagged() throws JsonProcessingException {
        assertThat(rejection("[[1],[[2]]]"))
                .isEqualTo("ragged array: $[1][0] is an array of 1 where $[0][0] is a value");
    }

    @Test
    void aRaggedArrayReadByTheMapperIsAMismatchedInputWithTheSameMessage() {
        assertThatThrownBy(() -> read("[[1,2,3],[4,5]]"))
                .isInstanceOf(MismatchedInputException.class)
                .extracting(e -> ((MismatchedInputException) e).getOriginalMessage())
                .isEqualTo("ragged array: $[1] has 2 elements where $[0] has 3");
    }

    @Test
    void mixedElementTypesAreRejectedWithBothPaths() throws JsonProcessingException {
        assertThat(rejection("[[1,2],[3,\"x\"]]"))
                .isEqualTo("mixed element types: $[1][1] is a string but $[0][0] is a number");
    }

    @Test
    void aNullElementIsRejected() throws JsonProcessingException {
        assertThat(rejection("[1,null]")).isEqualTo("$[1] is null; a tensor holds booleans, numbers or strings");
    }

    @Test
    void anObjectElementIsRejected() throws JsonProcessingException {
        assertThat(rejection("[{\"a\":1}]"))
                .isEqualTo("$[0] is an object; a tensor holds booleans, numbers or strings");
    }

    @Test
    void anIntegerBeyond64BitsIsRejected() throws JsonProcessingException {
        assertThat(rejection("[1,123456789012345678901234567890]"))
                .isEqualTo("$[1] is 123456789012345678901234567890, which does not fit a 64-bit integer");
    }

    @Test
    void aJsonNullIsANullTensor() throws JsonProcessingException {
        assertThat(read("null")).isNull();
    }
}
