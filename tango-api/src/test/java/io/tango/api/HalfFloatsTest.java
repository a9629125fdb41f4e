package io.tango.api;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** FLOAT16 and BFLOAT16 to and from float: exact widening, round-to-nearest-even narrowing, special values kept. */
class HalfFloatsTest {

    @ParameterizedTest
    @CsvSource({
            "0x0000, 0.0", "0x3c00, 1.0", "0xc000, -2.0", "0x3555, 0.33325195", "0x7bff, 65504.0",
            "0x0001, 5.9604645E-8", "0x03ff, 6.097555E-5", "0x0400, 6.1035156E-5", "0x8001, -5.9604645E-8",
            "0x7c00, Infinity", "0xfc00, -Infinity"})
    void aFloat16PatternWidensToItsExactValue(String bits, float expected) {
        assertThat(HalfFloats.float16ToFloat(parse(bits))).isEqualTo(expected);
    }

    @Test
    void negativeZeroKeepsItsSignBothWays() {
        assertThat(Float.floatToRawIntBits(HalfFloats.float16ToFloat((short) 0x8000))).isEqualTo(0x80000000);
        assertThat(HalfFloats.floatToFloat16(-0.0f)).isEqualTo((short) 0x8000);
        assertThat(Float.floatToRawIntBits(HalfFloats.bfloat16ToFloat((short) 0x8000))).isEqualTo(0x80000000);
        assertThat(HalfFloats.floatToBfloat16(-0.0f)).isEqualTo((short) 0x8000);
    }

    @Test
    void everyFloat16PatternButNaNSurvivesARoundTripThroughFloat() {
        assertEveryPatternButNaNSurvives(HalfFloats::float16ToFloat, HalfFloats::floatToFloat16);
    }

    @Test
    void everyBfloat16PatternButNaNSurvivesARoundTripThroughFloat() {
        assertEveryPatternButNaNSurvives(HalfFloats::bfloat16ToFloat, HalfFloats::floatToBfloat16);
    }

    private static void assertEveryPatternButNaNSurvives(ShortToFloat widen, FloatToShort narrow) {
        for (int bits = 0; bits <= 0xffff; bits++) {
            float value = widen.apply((short) bits);
            if (Float.isNaN(value)) {
                assertThat(widen.apply(narrow.apply(value))).as("0x%04x", bits).isNaN();
            } else {
                assertThat(narrow.apply(value)).as("0x%04x", bits).isEqualTo((short) bits);
            }
        }
    }

    private interface ShortToFloat {
        float apply(short bits);
    }

    private interface FloatToShort {
        short apply(float value);
    }

    @ParameterizedTest
    @CsvSource({
            // 1 + 2^-11 lies halfway between 1 (even) and 1 + 2^-10: ties go to the even pattern.
            "1.00048828125, 0x3c00",
            // 1 + 3·2^-11 lies halfway between 0x3c01 (odd) and 0x3c02 (even).
            "1.00146484375, 0x3c02",
            // just above the first halfway point rounds up.
            "1.0004892349243164, 0x3c01",
            "65519.0, 0x7bff", "65520.0, 0x7c00", "1.0E6, 0x7c00", "-1.0E6, 0xfc00",
            // 2^-25 is half the smallest subnormal: ties to even, so zero; 1.5 · 2^-25 rounds up to it.
            "2.9802322E-8, 0x0000", "4.4703484E-8, 0x0001",
            // 3 · 2^-25 is halfway between subnormals 1 and 2: the even one.
            "8.940696716308594E-8, 0x0002", "1.0E-10, 0x0000", "-1.0E-10, 0x8000",
            // the largest subnormal plus half a unit rounds into the smallest normal.
            "6.1005354E-5, 0x0400",
            "Infinity, 0x7c00", "-Infinity, 0xfc00", "NaN, 0x7e00"})
    void aFloatNarrowsToTheNearestFloat16TiesToEven(float value, String expected) {
        assertThat(HalfFloats.floatToFloat16(value)).isEqualTo(parse(expected));
    }

    @ParameterizedTest
    @CsvSource({
            "1.0, 0x3f80", "-2.0, 0xc000",
            // 1 + 2^-8 is halfway between 0x3f80 (even) and 0x3f81; 1 + 3·2^-8 halfway between 0x3f81 and 0x3f82.
            "1.00390625, 0x3f80", "1.01171875, 0x3f82", "1.0039064, 0x3f81",
            "3.4028235E38, 0x7f80", "-3.4028235E38, 0xff80", "Infinity, 0x7f80", "NaN, 0x7fc0"})
    void aFloatNarrowsToTheNearestBfloat16TiesToEven(float value, String expected) {
        assertThat(HalfFloats.floatToBfloat16(value)).isEqualTo(parse(expected));
    }

    @Test
    void aNaNWithAPayloadOnlyInItsLowBitsStaysANaN() {
        float quietless = Float.intBitsToFloat(0x7f800001);

        assertThat(HalfFloats.float16ToFloat(HalfFloats.floatToFloat16(quietless))).isNaN();
        assertThat(HalfFloats.bfloat16ToFloat(HalfFloats.floatToBfloat16(quietless))).isNaN();
    }

    private static short parse(String hex) {
        return (short) Integer.parseInt(hex.substring(2), 16);
    }
}
