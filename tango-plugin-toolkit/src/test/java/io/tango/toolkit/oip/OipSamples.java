package io.tango.toolkit.oip;

import io.tango.api.DataType;
import io.tango.api.Tensor;

import java.util.List;

/** One tensor per OIP datatype, holding the edge values of its type. */
final class OipSamples {
    private OipSamples() {}

    static Tensor of(OipDatatype datatype) {
        return switch (datatype) {
            case BOOL -> Tensor.ofBooleans(new boolean[] {true, false, true}, 3);
            case UINT8 -> Tensor.ofIntegers(DataType.UINT8, new long[] {0, 255, 128}, 1, 3);
            case UINT16 -> Tensor.ofIntegers(DataType.UINT16, new long[] {0, 65535}, 2);
            case UINT32 -> Tensor.ofIntegers(DataType.UINT32, new long[] {0, 4294967295L}, 2, 1);
            case UINT64 -> Tensor.ofIntegers(DataType.UINT64, new long[] {0, Long.MAX_VALUE, -1L}, 3);
            case INT8 -> Tensor.ofIntegers(DataType.INT8, new long[] {-128, 127}, 2);
            case INT16 -> Tensor.ofIntegers(DataType.INT16, new long[] {-32768, 32767}, 2);
            case INT32 -> Tensor.ofInts(new int[] {Integer.MIN_VALUE, Integer.MAX_VALUE}, 2);
            case INT64 -> Tensor.ofLongs(new long[] {Long.MIN_VALUE, Long.MAX_VALUE, 0, 1}, 2, 2);
            case FP16 -> Tensor.ofFloats(DataType.FLOAT16, new float[] {0f, -0f, 65504f, 0x1p-24f,
                    Float.POSITIVE_INFINITY, Float.NaN}, 2, 3);
            case FP32 -> Tensor.ofFloats(new float[] {1.1f, -0.0f, Float.MAX_VALUE, Float.MIN_VALUE,
                    Float.NEGATIVE_INFINITY, Float.NaN}, 3, 2);
            case FP64 -> Tensor.ofDoubles(new double[] {0.1, Double.MAX_VALUE, Double.MIN_VALUE,
                    Double.NEGATIVE_INFINITY, Double.NaN}, 5);
            case BYTES -> Tensor.ofStrings(List.of("", "ab", "é✓"), 3);
            case BF16 -> Tensor.ofFloats(DataType.BFLOAT16, new float[] {1.5f, Float.NEGATIVE_INFINITY, Float.NaN,
                    -0.0f}, 4);
        };
    }
}
