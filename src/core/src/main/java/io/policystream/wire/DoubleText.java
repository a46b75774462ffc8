package io.policystream.wire;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.math.BigInteger;
import java.nio.ByteOrder;

/**
 * Writes a finite double as the shortest decimal that reads back to it, straight into a byte
 * array: the text of the JDK 19+ {@code Double.toString} and of Jackson's fast double writer
 * ({@code StreamWriteFeature.USE_FAST_DOUBLE_WRITER}), which the params JSON has always used.
 *
 * <p>The digits come from R. Giulietti's Schubfach method ("The Schubfach way to render doubles",
 * 2020): of the decimals inside the double's rounding interval it picks the one with the fewest
 * digits, and among those the closest (ties to an even digit). The layout is
 * {@code Double.toString}'s: plain for magnitudes in [1e-3, 1e7) ({@code 0.001}, {@code 1.0},
 * {@code 1234567.0}), else one digit, a point and an exponent ({@code 1.0E7}, {@code 1.5E-4}).
 *
 * <p>Written here rather than taken from the JSON library because the library hands each number
 * over as a new String that the generator copies again: with this writer a 17-256-256-6 version
 * (71,948 numbers) is written in 3.3 ms instead of 6.5, a 4-64-64-2 version in 0.14 ms instead of
 * 0.35 (BENCHMARKS.md). Checked against the library on every class of doubles and millions of
 * random ones ({@code DoubleTextTest}).
 */
final class DoubleText {
    /** The longest text of a double: {@code -2.2250738585072014E-308} is 24 bytes. */
    static final int MAX_LENGTH = 24;

    private static final int P = 53;
    private static final int Q_MIN = -1074;
    private static final int K_MIN = -324;
    private static final int K_MAX = 292;
    /** Subnormal significands below this get one more decimal digit of room (see the paper). */
    private static final long C_TINY = 3;
    private static final long C_MIN = 1L << (P - 1);
    private static final int BQ_MASK = 0x7ff;
    private static final long T_MASK = C_MIN - 1;
    private static final long MASK_63 = Long.MAX_VALUE;
    /** About 2^64 / 10: {@code multiplyHigh(s, TENTH) == s / 10} for the s that occur. */
    private static final long TENTH = 115_292_150_460_684_698L << 4;

    /** 10^k as a 126-bit g1 * 2^63 + g0, rounded up, scaled into [2^125, 2^126): two longs per k. */
    private static final long[] G = powersOfTen();
    private static final long[] POW10 = new long[19];
    private static final byte[] PAIRS = new byte[200];
    /** The four ASCII digits of 0000 to 9999, as big-endian ints. */
    private static final int[] QUADS = new int[10_000];
    private static final VarHandle INT =
            MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);

    static {
        long p = 1;
        for (int i = 0; i < POW10.length; i++) {
            POW10[i] = p;
            p *= 10;
        }
        for (int i = 0; i < QUADS.length; i++) {
            QUADS[i] = ('0' + i / 1000) << 24 | ('0' + i / 100 % 10) << 16 | ('0' + i / 10 % 10) << 8 | ('0' + i % 10);
        }
        for (int i = 0; i < 100; i++) {
            PAIRS[2 * i] = (byte) ('0' + i / 10);
            PAIRS[2 * i + 1] = (byte) ('0' + i % 10);
        }
    }

    private DoubleText() {
    }

    /**
     * Writes {@code v} at {@code dst[at]} and returns the index after its last byte; {@code dst}
     * needs {@link #MAX_LENGTH} bytes of room.
     *
     * @throws IllegalArgumentException for NaN and the infinities, which JSON has no number for
     */
    static int write(double v, byte[] dst, int at) {
        long bits = Double.doubleToRawLongBits(v);
        long t = bits & T_MASK;
        int bq = (int) (bits >>> (P - 1)) & BQ_MASK;
        if (bq == BQ_MASK) {
            throw new IllegalArgumentException("not a finite number: " + v);
        }
        int i = at;
        if (bits < 0) {
            dst[i++] = '-';
        }
        if (bq != 0) {
            int mq = -Q_MIN + 1 - bq;
            long c = C_MIN | t;
            if (0 < mq && mq < P) {
                long f = c >> mq;
                if (f << mq == c) {
                    return layout(f, 0, dst, i);
                }
            }
            return decimal(-mq, c, 0, dst, i);
        }
        if (t != 0) {
            return t < C_TINY ? decimal(Q_MIN, 10 * t, -1, dst, i) : decimal(Q_MIN, t, 0, dst, i);
        }
        dst[i] = '0';
        dst[i + 1] = '.';
        dst[i + 2] = '0';
        return i + 3;
    }

    /** The shortest decimal for c * 2^q, written from {@code at}; dk adjusts the exponent of tiny subnormals. */
    private static int decimal(int q, long c, int dk, byte[] dst, int at) {
        int out = (int) c & 1;
        long cb = c << 2;
        long cbr = cb + 2;
        long cbl;
        int k;
        if (c != C_MIN || q == Q_MIN) {
            cbl = cb - 2;
            k = flog10pow2(q);
        } else {
            cbl = cb - 1;
            k = flog10threeQuartersPow2(q);
        }
        int h = q + flog2pow10(-k) + 2;
        int g = (k - K_MIN) << 1;
        long g1 = G[g];
        long g0 = G[g + 1];
        long vb = roundOdd(g1, g0, cb << h);
        long vbl = roundOdd(g1, g0, cbl << h);
        long vbr = roundOdd(g1, g0, cbr << h);
        long s = vb >> 2;
        if (s >= 100) {
            long sp10 = 10 * Math.multiplyHigh(s, TENTH);
            long tp10 = sp10 + 10;
            boolean upin = vbl + out <= sp10 << 2;
            boolean wpin = (tp10 << 2) + out <= vbr;
            if (upin != wpin) {
                return layout(upin ? sp10 : tp10, k, dst, at);
            }
        }
        long t = s + 1;
        boolean uin = vbl + out <= s << 2;
        boolean win = (t << 2) + out <= vbr;
        if (uin != win) {
            return layout(uin ? s : t, k + dk, dst, at);
        }
        long cmp = vb - ((s + t) << 1);
        return layout(cmp < 0 || cmp == 0 && (s & 1) == 0 ? s : t, k + dk, dst, at);
    }

    /** cp * g / 2^128 rounded to odd: the digits of the scaled value with a sticky last bit. */
    private static long roundOdd(long g1, long g0, long cp) {
        long x1 = Math.multiplyHigh(g0, cp);
        long y0 = g1 * cp;
        long y1 = Math.multiplyHigh(g1, cp);
        long z = (y0 >>> 1) + x1;
        long vbp = y1 + (z >>> 63);
        return vbp | (((z & MASK_63) + MASK_63) >>> 63);
    }

    /** floor(q * log10(2)) for |q| <= 5456721. */
    private static int flog10pow2(int q) {
        return (int) ((q * 661_971_961_083L) >> 41);
    }

    /** floor(q * log10(2) + log10(3/4)) for |q| <= 5456721. */
    private static int flog10threeQuartersPow2(int q) {
        return (int) ((q * 661_971_961_083L - 274_743_187_321L) >> 41);
    }

    /** floor(e * log2(10)) for |e| <= 1838394. */
    private static int flog2pow10(int e) {
        return (int) ((e * 913_124_641_741L) >> 38);
    }

    /**
     * Writes f * 10^e, f > 0, in {@code Double.toString}'s layout: trailing zeros of f dropped,
     * plain when the value is in [1e-3, 1e7), else scientific.
     */
    private static int layout(long f, int e, byte[] dst, int at) {
        while (f % 10 == 0) {
            f /= 10;
            e++;
        }
        int len = digitCount(f);
        int point = e + len; // the value is 0.d1d2...dlen * 10^point
        int i = at;
        if (0 < point && point <= 7) {
            if (len <= point) {
                i = fixed(f, len, dst, i);
                for (int z = len; z < point; z++) {
                    dst[i++] = '0';
                }
                dst[i++] = '.';
                dst[i++] = '0';
                return i;
            }
            long scale = POW10[len - point];
            i = fixed(f / scale, point, dst, i);
            dst[i++] = '.';
            return fixed(f % scale, len - point, dst, i);
        }
        if (-3 < point && point <= 0) {
            dst[i++] = '0';
            dst[i++] = '.';
            for (int z = point; z < 0; z++) {
                dst[i++] = '0';
            }
            return fixed(f, len, dst, i);
        }
        long scale = POW10[len - 1];
        dst[i++] = (byte) ('0' + f / scale);
        dst[i++] = '.';
        if (len == 1) {
            dst[i++] = '0';
        } else {
            i = fixed(f % scale, len - 1, dst, i);
        }
        dst[i++] = 'E';
        int exponent = point - 1;
        if (exponent < 0) {
            dst[i++] = '-';
            exponent = -exponent;
        }
        if (exponent >= 100) {
            dst[i++] = (byte) ('0' + exponent / 100);
            exponent %= 100;
            dst[i++] = PAIRS[2 * exponent];
            dst[i++] = PAIRS[2 * exponent + 1];
        } else if (exponent >= 10) {
            dst[i++] = PAIRS[2 * exponent];
            dst[i++] = PAIRS[2 * exponent + 1];
        } else {
            dst[i++] = (byte) ('0' + exponent);
        }
        return i;
    }

    /** Writes the {@code width} lowest decimal digits of {@code f}, leading zeros kept; returns the end. */
    private static int fixed(long f, int width, byte[] dst, int at) {
        int end = at + width;
        int i = end;
        while (width >= 8) {
            long high = f / 100_000_000L;
            int low = (int) (f - high * 100_000_000L);
            int hi4 = low / 10_000;
            int lo4 = low - hi4 * 10_000;
            INT.set(dst, i - 4, QUADS[lo4]);
            INT.set(dst, i - 8, QUADS[hi4]);
            i -= 8;
            width -= 8;
            f = high;
        }
        int low = (int) f;
        while (width >= 2) {
            int q = low / 100;
            int r = low - q * 100;
            low = q;
            dst[--i] = PAIRS[2 * r + 1];
            dst[--i] = PAIRS[2 * r];
            width -= 2;
        }
        if (width == 1) {
            dst[--i] = (byte) ('0' + low % 10);
        }
        return end;
    }

    private static int digitCount(long f) {
        int n = flog10pow2(Long.SIZE - Long.numberOfLeadingZeros(f));
        return f >= POW10[n] ? n + 1 : n;
    }

    /**
     * For each k in [K_MIN, K_MAX]: g = floor(10^-k * 2^(125 - floor(log2(10^-k)))) + 1, so that
     * 2^125 < g <= 2^126, split into g1 = g >> 63 and g0 = g mod 2^63.
     */
    private static long[] powersOfTen() {
        long[] g = new long[(K_MAX - K_MIN + 1) * 2];
        BigInteger mask63 = BigInteger.ONE.shiftLeft(63).subtract(BigInteger.ONE);
        for (int k = K_MIN; k <= K_MAX; k++) {
            int r = 125 - flog2pow10(-k);
            BigInteger scaled;
            if (k <= 0) {
                BigInteger p = BigInteger.TEN.pow(-k);
                scaled = r >= 0 ? p.shiftLeft(r) : p.shiftRight(-r);
            } else {
                scaled = BigInteger.ONE.shiftLeft(r).divide(BigInteger.TEN.pow(k));
            }
            BigInteger v = scaled.add(BigInteger.ONE);
            g[(k - K_MIN) << 1] = v.shiftRight(63).longValueExact();
            g[((k - K_MIN) << 1) + 1] = v.and(mask63).longValue();
        }
        return g;
    }
}
