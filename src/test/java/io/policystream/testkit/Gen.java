package io.policystream.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Small generators over a {@link SplittableRandom} for property tests: bounded numbers, sizes
 * that favour the small end, choices, and doubles that reach every bit pattern.
 */
public final class Gen {
    /**
     * Finite doubles where printing and parsing are known to be delicate: signed zeros, the
     * smallest subnormal and normal, the largest, decimal fractions without an exact binary form,
     * halfway cases (1e23, 2^53 + 1) and long mantissas.
     */
    public static final List<Double> DELICATE_DOUBLES = List.of(0.0, -0.0, Double.MIN_VALUE, -Double.MIN_VALUE,
            Double.MIN_NORMAL, Double.MAX_VALUE, -Double.MAX_VALUE, 0.1, 1.0 / 3, 2e23, 1e23, 5e-324,
            9007199254740993.0, 4.35, 1.0E-7, 1.0E7, 123456789012345680.0);

    private Gen() {
    }

    /** Uniform in [min, max], both ends included. */
    public static int between(SplittableRandom rng, int min, int max) {
        return (int) between(rng, (long) min, (long) max);
    }

    /** Uniform in [min, max], both ends included, also when the range is wider than a long can count. */
    public static long between(SplittableRandom rng, long min, long max) {
        if (min > max) {
            throw new IllegalArgumentException("empty range [" + min + ", " + max + "]");
        }
        long span = max - min + 1;
        if (span > 0) {
            return min + rng.nextLong(span);
        }
        // More than half of all longs: a uniform long falls inside at least every other time.
        long v;
        do {
            v = rng.nextLong();
        } while (v < min || v > max);
        return v;
    }

    /**
     * A size in [min, max]: half the time uniform over the whole range, half the time within the
     * first five sizes, so the small sizes where boundaries sit come up often.
     */
    public static int size(SplittableRandom rng, int min, int max) {
        return rng.nextBoolean() ? between(rng, min, max) : between(rng, min, Math.min(max, min + 4));
    }

    @SafeVarargs
    public static <T> T oneOf(SplittableRandom rng, T... values) {
        return values[rng.nextInt(values.length)];
    }

    public static <T> T oneOf(SplittableRandom rng, List<T> values) {
        return values.get(rng.nextInt(values.size()));
    }

    public static <E extends Enum<E>> E oneOf(SplittableRandom rng, Class<E> type) {
        return oneOf(rng, type.getEnumConstants());
    }

    /** A list of {@link #size} in [minSize, maxSize] of ints uniform in [min, max]. */
    public static List<Integer> ints(SplittableRandom rng, int minSize, int maxSize, int min, int max) {
        int n = size(rng, minSize, maxSize);
        List<Integer> list = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            list.add(between(rng, min, max));
        }
        return list;
    }

    /**
     * Any finite double: 4 times in 6 uniform over bit patterns (so subnormals, huge exponents and
     * long mantissas all occur), once one of the {@link #DELICATE_DOUBLES}, once uniform in [-10, 10).
     */
    public static double finiteDouble(SplittableRandom rng) {
        int pick = rng.nextInt(6);
        if (pick < 4) {
            double d;
            do {
                d = Double.longBitsToDouble(rng.nextLong());
            } while (!Double.isFinite(d));
            return d;
        }
        return pick == 4 ? oneOf(rng, DELICATE_DOUBLES) : rng.nextDouble(-10, 10);
    }

    /** A uniformly random array of {@link #size} in [minSize, maxSize]. */
    public static byte[] bytes(SplittableRandom rng, int minSize, int maxSize) {
        byte[] b = new byte[size(rng, minSize, maxSize)];
        rng.nextBytes(b);
        return b;
    }
}
