package io.tango.api;

import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Unsigned integer and half-precision tensors: held as their bit patterns, read back as their values. */
class TensorNarrowTypesTest {

    @Test
    void aUint8TensorGivesItsValuesAsIntegersAbove127() {
        Tensor tensor = Tensor.ofIntegers(DataType.UINT8, new long[] {0, 128, 255}, 3);

        assertThat(tensor.toNestedList()).isEqualTo(List.of(0, 128, 255));
        assertThat(tensor.toLongArray()).containsExactly(0, 128, 255);
        assertThat(tensor.toDoubleArray()).containsExactly(0, 128, 255);
        assertThat(tensor.data().get(2)).isEqualTo((byte) 0xff);
    }

    @Test
    void aUint16TensorGivesItsValuesAsIntegers() {
        Tensor tensor = Tensor.ofIntegers(DataType.UINT16, new long[] {65535, 32768}, 2);

        assertThat(tensor.toNestedList()).isEqualTo(List.of(65535, 32768));
        assertThat(tensor.toLongArray()).containsExactly(65535, 32768);
    }

    @Test
    void aUint32TensorGivesItsValuesAsLongs() {
        Tensor tensor = Tensor.ofIntegers(DataType.UINT32, new long[] {4294967295L, 2147483648L}, 1, 2);

        assertThat(tensor.toNestedList()).isEqualTo(List.of(List.of(4294967295L, 2147483648L)));
        assertThat(tensor.toFloatArray()).containsExactly(4.2949673E9f, 2.1474836E9f);
    }

    @Test
    void aUint64TensorGivesLongsWhereTheyFitAndBigIntegersBeyond() {
        Tensor tensor = Tensor.ofIntegers(DataType.UINT64, new long[] {Long.MAX_VALUE, -1L, 0}, 3);

        assertThat(tensor.toNestedList()).isEqualTo(
                List.of(Long.MAX_VALUE, new BigInteger("18446744073709551615"), 0L));
        assertThat(tensor.toDoubleArray()).containsExactly(9.223372036854775807E18, 1.8446744073709551615E19, 0.0);
    }

    @Test
    void aUint64BeyondLongMaxDoesNotBecomeANegativeLong() {
        Tensor tensor = Tensor.ofIntegers(DataType.UINT64, new long[] {5, Long.MIN_VALUE}, 2);

        assertThatThrownBy(tensor::toLongArray)
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("element 1 of a UINT64 tensor is 9223372036854775808, beyond a signed 64-bit long");
    }

    @Test
    void aValueOutsideItsIntegerTypesRangeIsRefusedWithItsIndex() {
        assertThatThrownBy(() -> Tensor.ofIntegers(DataType.UINT8, new long[] {1, 256}, 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("element 1 is 256, outside UINT8's range 0 to 255");
        assertThatThrownBy(() -> Tensor.ofIntegers(DataType.UINT32, new long[] {-1}, 1))
                .hasMessage("element 0 is -1, outside UINT32's range 0 to 4294967295");
        assertThatThrownBy(() -> Tensor.ofIntegers(DataType.INT8, new long[] {-129}, 1))
                .hasMessage("element 0 is -129, outside INT8's range -128 to 127");
        assertThatThrownBy(() -> Tensor.ofIntegers(DataType.FLOAT32, new long[] {1}, 1))
                .hasMessage("FLOAT32 is not an integer type");
    }

    @Test
    void ofIntegersGivesTheSameTensorAsTheTypedFactories() {
        assertThat(Tensor.ofIntegers(DataType.INT32, new long[] {-7, 9}, 2)).isEqualTo(Tensor.ofInts(new int[] {-7, 9}, 2));
        assertThat(Tensor.ofIntegers(DataType.INT64, new long[] {Long.MIN_VALUE}, 1))
                .isEqualTo(Tensor.ofLongs(new long[] {Long.MIN_VALUE}, 1));
    }

    @Test
    void aWrappedBufferOfEachNewTypeIsReadAtItsElementSize() {
        assertThat(Tensor.wrap(DataType.UINT16, buffer(4).putShort((short) 0xffff).putShort((short) 1).flip(), 2)
                .toNestedList()).isEqualTo(List.of(65535, 1));
        assertThat(Tensor.wrap(DataType.UINT32, buffer(4).putInt(-2).flip(), 1).toNestedList())
                .isEqualTo(List.of(4294967294L));
        assertThat(Tensor.wrap(DataType.UINT64, buffer(8).putLong(-2).flip()).toNestedList())
                .isEqualTo(new BigInteger("18446744073709551614"));
        assertThat(Tensor.wrap(DataType.FLOAT16, buffer(4).putShort((short) 0x3c00).putShort((short) 0xc000).flip(), 2)
                .toNestedList()).isEqualTo(List.of(1.0f, -2.0f));
        assertThat(Tensor.wrap(DataType.BFLOAT16, buffer(2).putShort((short) 0x3fc0).flip(), 1).toNestedList())
                .isEqualTo(List.of(1.5f));
    }

    @Test
    void aWrappedBufferWhoseLengthIsNotAWholeNumberOfElementsIsRefused() {
        assertThatThrownBy(() -> Tensor.wrap(DataType.FLOAT16, buffer(6).flip().limit(6), 4))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("tensor of shape [4] needs 4 elements, got 3");
    }

    @Test
    void aFloat16TensorHoldsSpecialValuesAndSubnormalsExactly() {
        float[] values = {0.0f, -0.0f, 65504f, -65504f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 0x1p-24f,
                1023 * 0x1p-24f, 0x1p-14f, 0.099975586f};
        Tensor tensor = Tensor.ofFloats(DataType.FLOAT16, values, 2, 5);

        assertThat(tensor.type()).isEqualTo(DataType.FLOAT16);
        assertThat(tensor.data().remaining()).isEqualTo(20);
        assertThat(tensor.toFloatArray()).containsExactly(values);
        assertThat(Float.floatToRawIntBits(tensor.toFloatArray()[1])).isEqualTo(0x80000000);
        assertThat(tensor.toDoubleArray()[6]).isEqualTo(0x1p-24);
    }

    @Test
    void aFloat16TensorRoundsToNearestEvenAndKeepsNaN() {
        Tensor tensor = Tensor.ofFloats(DataType.FLOAT16, new float[] {0.1f, 1.00048828125f, 70000f, Float.NaN}, 4);

        assertThat(tensor.toFloatArray()).containsExactly(0.099975586f, 1.0f, Float.POSITIVE_INFINITY, Float.NaN);
        assertThat(tensor.data().getShort(0)).isEqualTo((short) 0x2e66);
    }

    @Test
    void aBfloat16TensorRoundsToNearestEvenAndKeepsSpecialValues() {
        float[] values = {1.0f, -0.0f, 3.0e38f, Float.NEGATIVE_INFINITY, Float.NaN, 0x1p-133f};
        Tensor tensor = Tensor.ofFloats(DataType.BFLOAT16, values, 6);

        assertThat(tensor.toFloatArray())
                .containsExactly(1.0f, -0.0f, 3.0040553E38f, Float.NEGATIVE_INFINITY, Float.NaN, 0x1p-133f);
        assertThat(tensor.toNestedList()).isEqualTo(List.of(1.0f, -0.0f, 3.0040553E38f, Float.NEGATIVE_INFINITY,
                Float.NaN, 0x1p-133f));
    }

    @Test
    void halfPrecisionTensorsDoNotConvertToIntegers() {
        assertThatThrownBy(() -> Tensor.ofFloats(DataType.FLOAT16, new float[] {1f}, 1).toLongArray())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("a FLOAT16 tensor does not convert to integers without loss");
        assertThatThrownBy(() -> Tensor.ofFloats(DataType.INT8, new float[] {1f}, 1))
                .hasMessage("INT8 is not FLOAT16, BFLOAT16 or FLOAT32");
    }

    @Test
    void theNewTypesAreNumericAndSortedIntoIntegersAndFloatingPoint() {
        assertThat(List.of(DataType.UINT8, DataType.UINT16, DataType.UINT32, DataType.UINT64))
                .allMatch(DataType::isNumeric).allMatch(DataType::isInteger).allMatch(DataType::isUnsigned)
                .noneMatch(DataType::isFloatingPoint);
        assertThat(List.of(DataType.INT8, DataType.INT16, DataType.INT32, DataType.INT64))
                .allMatch(DataType::isInteger).noneMatch(DataType::isUnsigned);
        assertThat(List.of(DataType.FLOAT16, DataType.BFLOAT16))
                .allMatch(DataType::isNumeric).allMatch(DataType::isFloatingPoint).noneMatch(DataType::isInteger);
        assertThat(List.of(DataType.BOOLEAN, DataType.STRING, DataType.BYTES, DataType.OBJECT, DataType.UNKNOWN))
                .noneMatch(DataType::isNumeric);
    }

    private static ByteBuffer buffer(int bytes) {
        return ByteBuffer.allocate(bytes).order(ByteOrder.nativeOrder());
    }
}
