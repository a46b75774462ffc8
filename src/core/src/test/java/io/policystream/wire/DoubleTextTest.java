package io.policystream.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.core.io.NumberOutput;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link DoubleText} writes every double exactly as the params JSON always wrote it: the text of
 * Jackson's fast double writer, the oracle here. Each property runs over a seeded generator of
 * doubles; a failure names the double by its bits.
 */
class DoubleTextTest {
    private static final int RANDOM_CASES = 1_000_000;

    @Test
    void shouldWriteTheSpecialValuesAsJavaDoes() {
        assertThat(text(0.0)).isEqualTo("0.0");
        assertThat(text(-0.0)).isEqualTo("-0.0");
        assertThat(text(1.0)).isEqualTo("1.0");
        assertThat(text(-2.5)).isEqualTo("-2.5");
        assertThat(text(0.001)).isEqualTo("0.001");
        assertThat(text(9.999999999999998E-4)).isEqualTo("9.999999999999998E-4");
        assertThat(text(1234567.0)).isEqualTo("1234567.0");
        assertThat(text(1.0E7)).isEqualTo("1.0E7");
        assertThat(text(0.1)).isEqualTo("0.1");
        assertThat(text(1.0 / 3)).isEqualTo("0.3333333333333333");
        assertThat(text(2.0E-3)).isEqualTo("0.002");
        assertThat(text(Double.MIN_VALUE)).isEqualTo("4.9E-324");
        assertThat(text(-Double.MAX_VALUE)).isEqualTo("-1.7976931348623157E308");
        assertThat(text(Double.MIN_NORMAL)).isEqualTo("2.2250738585072014E-308");
        // 2e23 is where the JDK 17 Double.toString gives 2.0000000000000002E23: the shortest is 2.0E23.
        assertThat(text(2.0E23)).isEqualTo("2.0E23");
    }

    @Test
    void shouldMatchTheLibraryAtTheEdgesOfEveryBinaryAndDecimalExponent() {
        for (int e = -1074; e <= 1023; e++) {
            double p = Math.scalb(1.0, e);
            check(p);
            check(Math.nextUp(p));
            check(Math.nextDown(p));
            check(-p);
        }
        for (int e = -325; e <= 308; e++) {
            double p = Double.parseDouble("1e" + e);
            check(p);
            check(Math.nextUp(p));
            check(Math.nextDown(p));
            check(Double.parseDouble("9.999999999999999e" + e));
            check(Double.parseDouble("5e" + e));
        }
        for (long bits = 1; bits <= 100; bits++) {
            check(Double.longBitsToDouble(bits));
            check(Double.longBitsToDouble(0x7fefffffffffffffL - bits));
            check(Double.longBitsToDouble(0x0010000000000000L - bits));
        }
    }

    @Test
    void shouldMatchTheLibraryOnIntegers() {
        for (long n = 0; n <= 200_000; n++) {
            check(n);
        }
        for (long n = (1L << 53) - 1000; n <= (1L << 53) + 1000; n++) {
            check(n);
        }
        for (int i = 0; i < 19; i++) {
            long p = (long) Math.pow(10, i);
            check(p);
            check(p - 1);
            check(p + 1);
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {17L, 2026_12_03L})
    void shouldMatchTheLibraryOnRandomBitPatterns(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        checkAll(() -> {
            double d;
            do {
                d = Double.longBitsToDouble(random.nextLong());
            } while (!Double.isFinite(d));
            return d;
        });
    }

    /** What params hold: weights near zero at every scale, as initialisation and Adam leave them. */
    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {5L, 2026_12_04L})
    void shouldMatchTheLibraryOnParamsLikeNumbers(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        checkAll(() -> {
            double scale = Math.pow(10, random.nextInt(-12, 9));
            return (random.nextDouble() * 2 - 1) * scale;
        });
    }

    /** Doubles read from short decimals, where the shortest text must give the decimal back. */
    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {11L})
    void shouldMatchTheLibraryOnShortDecimals(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        checkAll(() -> Double.parseDouble(random.nextInt(1, 100_000) + "e" + random.nextInt(-330, 310)));
    }

    @Test
    void shouldWriteAtTheGivenOffsetWithinMaxLength() {
        byte[] buffer = new byte[40];
        buffer[2] = 'x';
        int end = DoubleText.write(-2.2250738585072014E-308, buffer, 3);

        assertThat(end - 3).isEqualTo(DoubleText.MAX_LENGTH);
        assertThat(new String(buffer, 3, end - 3, StandardCharsets.US_ASCII)).isEqualTo("-2.2250738585072014E-308");
        assertThat(buffer[2]).isEqualTo((byte) 'x');
    }

    @Test
    void shouldRefuseNumbersJsonCannotHold() {
        byte[] buffer = new byte[DoubleText.MAX_LENGTH];
        for (double d : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
            assertThatThrownBy(() -> DoubleText.write(d, buffer, 0))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("not a finite number");
        }
    }

    /** The table of powers of ten is the library's, entry for entry (read through reflection). */
    @Test
    void shouldHoldTheLibrarysPowersOfTen() throws ReflectiveOperationException {
        Class<?> math = Class.forName("com.fasterxml.jackson.core.io.schubfach.MathUtils");
        Method g1 = math.getDeclaredMethod("g1", int.class);
        Method g0 = math.getDeclaredMethod("g0", int.class);
        g1.setAccessible(true);
        g0.setAccessible(true);
        java.lang.reflect.Field table = DoubleText.class.getDeclaredField("G");
        table.setAccessible(true);
        long[] g = (long[]) table.get(null);
        for (int k = -324; k <= 292; k++) {
            int i = (k + 324) * 2;
            assertThat(new long[] {g[i], g[i + 1]}).as("10^%d", -k)
                    .containsExactly((long) g1.invoke(null, k), (long) g0.invoke(null, k));
        }
    }

    private static void checkAll(DoubleSupplier doubles) {
        for (int i = 0; i < RANDOM_CASES; i++) {
            check(doubles.getAsDouble());
        }
    }

    /** Checks one double; the generators' overflows (1e309, nextUp(MAX_VALUE)) are not numbers JSON holds. */
    private static void check(double d) {
        if (!Double.isFinite(d)) {
            return;
        }
        String expected = NumberOutput.toString(d, true);
        String actual = text(d);
        if (!actual.equals(expected)) {
            assertThat(actual).as("bits %016x", Double.doubleToRawLongBits(d)).isEqualTo(expected);
        }
        if (Double.doubleToRawLongBits(Double.parseDouble(actual)) != Double.doubleToRawLongBits(d)) {
            fail("%s (bits %016x) reads back as %s", actual, Double.doubleToRawLongBits(d), Double.parseDouble(actual));
        }
    }

    private static String text(double d) {
        byte[] buffer = new byte[DoubleText.MAX_LENGTH];
        return new String(buffer, 0, DoubleText.write(d, buffer, 0), StandardCharsets.US_ASCII);
    }
}
