package io.tango.api;

/**
 * Conversions between {@code float} and the two 16-bit floating-point formats of {@link DataType#FLOAT16} and
 * {@link DataType#BFLOAT16}, each held in the low 16 bits of a {@code short}. Widening to {@code float} is exact;
 * narrowing rounds to the nearest representable value, ties to even, as IEEE 754 does by default. Stateless and
 * thread-safe.
 */
public final class HalfFloats {
    private HalfFloats() {}

    /**
     * @param bits an IEEE 754 binary16 value
     * @return the same value as a float, exactly: ±0, subnormals, ±infinity and NaN (keeping its payload) included
     */
    public static float float16ToFloat(short bits) {
        int sign = (bits & 0x8000) << 16;
        int exponent = (bits >>> 10) & 0x1f;
        int fraction = bits & 0x3ff;
        if (exponent == 0) {
            // Zero or subnormal: fraction × 2^-24, exact in a float.
            float magnitude = fraction * 0x1p-24f;
            return sign != 0 ? -magnitude : magnitude;
        }
        if (exponent == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f800000 | fraction << 13);
        }
        return Float.intBitsToFloat(sign | (exponent - 15 + 127) << 23 | fraction << 13);
    }

    /**
     * @param value a float
     * @return the nearest binary16 value, ties to even; magnitudes past the largest finite half (65504) by half a unit
     *     or more become infinity, those below half the smallest subnormal (2^-25) become ±0, NaN stays NaN
     */
    public static short floatToFloat16(float value) {
        int bits = Float.floatToRawIntBits(value);
        int sign = (bits >>> 16) & 0x8000;
        int exponent = (bits >>> 23) & 0xff;
        int fraction = bits & 0x7fffff;
        if (exponent == 0xff) {
            // Infinity, or NaN with the top of its payload kept and the quiet bit set so it stays a NaN.
            return (short) (sign | 0x7c00 | (fraction != 0 ? 0x200 | fraction >>> 13 : 0));
        }
        int halfExponent = exponent - 127 + 15;
        if (halfExponent >= 0x1f) {
            return (short) (sign | 0x7c00);
        }
        if (halfExponent >= 1) {
            int half = halfExponent << 10 | fraction >>> 13;
            // A carry out of the fraction moves into the exponent, up to infinity: the encoding makes that right.
            return (short) (sign | roundHalfEven(half, fraction & 0x1fff, 0x1000));
        }
        if (exponent == 0) {
            return (short) sign; // a float subnormal is far below half the smallest half subnormal
        }
        // Subnormal half: the value in units of 2^-24 is (1.fraction × 2^23) >> (126 - exponent).
        int shift = 126 - exponent;
        if (shift > 24) {
            return (short) sign;
        }
        int significand = fraction | 0x800000;
        int half = significand >>> shift;
        return (short) (sign | roundHalfEven(half, significand & ((1 << shift) - 1), 1 << (shift - 1)));
    }

    /**
     * @param bits a bfloat16 value
     * @return the same value as a float, exactly
     */
    public static float bfloat16ToFloat(short bits) {
        return Float.intBitsToFloat((bits & 0xffff) << 16);
    }

    /**
     * @param value a float
     * @return the nearest bfloat16 value, ties to even; NaN stays NaN, finite values too large become infinity
     */
    public static short floatToBfloat16(float value) {
        int bits = Float.floatToRawIntBits(value);
        if (Float.isNaN(value)) {
            return (short) (bits >>> 16 | 0x40);
        }
        return (short) (roundHalfEven(bits >>> 16, bits & 0xffff, 0x8000));
    }

    private static int roundHalfEven(int truncated, int remainder, int halfway) {
        if (remainder > halfway || remainder == halfway && (truncated & 1) == 1) {
            return truncated + 1;
        }
        return truncated;
    }
}
