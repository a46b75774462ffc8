package io.policystream.testkit;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.TestInfo;

/**
 * Seeds for property tests: each case of a {@link SeededProperty} is generated from its own seed by a
 * generator over a {@link SplittableRandom}, so a failing case is replayed from the seed its
 * failure message prints.
 *
 * <p>The seeds of a test are drawn from a base seed mixed with the test's class and method names,
 * so every property sees its own cases and every run sees the same ones. Two system properties
 * (passed on by surefire from {@code mvn -D...}) change that:
 * <ul>
 *   <li>{@code -Dpolicystream.seed=N}: another base seed, to explore other cases;</li>
 *   <li>{@code -Dpolicystream.seeds=N[,M...]}: exactly these case seeds, to replay a failure, e.g.
 *       {@code mvn -B -o test -Dtest='EventCodecPropertiesTest#shouldWriteOneCanonicalForm'
 *       -Dpolicystream.seeds=-4242}.</li>
 * </ul>
 * Explicit edge cases are always run in addition to the seeded ones.
 */
public final class Seeds {
    /** System property: the base seed the case seeds are drawn from. */
    public static final String BASE_PROPERTY = "policystream.seed";
    /** System property: comma-separated case seeds that replace the drawn ones. */
    public static final String REPLAY_PROPERTY = "policystream.seeds";

    /** The base seed when {@value #BASE_PROPERTY} is not set; any fixed number would do. */
    static final long DEFAULT_BASE = 0x5EED_2B9D_61C4_7A03L;

    private Seeds() {
    }

    /**
     * The edge cases, then {@code count} values generated from the case seeds of {@code test}
     * (or the replayed seeds). Lazy: a value is generated when JUnit reaches its case.
     */
    public static <T> Stream<Sample<T>> samples(TestInfo test, List<Sample<T>> edges, int count,
                                                Function<SplittableRandom, T> generator) {
        return Stream.concat(edges.stream(), samples(test, count, generator));
    }

    /** {@code count} values generated from the case seeds of {@code test} (or the replayed seeds). */
    public static <T> Stream<Sample<T>> samples(TestInfo test, int count, Function<SplittableRandom, T> generator) {
        return seeds(salt(test), count)
                .mapToObj(seed -> Sample.seeded(seed, generator.apply(new SplittableRandom(seed))));
    }

    /**
     * {@code count} case seeds drawn from the base seed mixed with {@code salt}, or the seeds of
     * {@value #REPLAY_PROPERTY} when it is set.
     */
    static LongStream seeds(String salt, int count) {
        String replay = System.getProperty(REPLAY_PROPERTY, "").strip();
        if (!replay.isEmpty()) {
            return Arrays.stream(replay.split(",")).map(String::strip).mapToLong(Long::parseLong);
        }
        String base = System.getProperty(BASE_PROPERTY, "").strip();
        long baseSeed = base.isEmpty() ? DEFAULT_BASE : Long.parseLong(base);
        SplittableRandom root = new SplittableRandom(baseSeed ^ (0x9E37_79B9_7F4A_7C15L * salt.hashCode()));
        return LongStream.generate(root::nextLong).limit(count);
    }

    private static String salt(TestInfo test) {
        String cls = test.getTestClass().map(Class::getName).orElse("");
        String method = test.getTestMethod().map(Method::getName).orElse("");
        return cls + "#" + method;
    }
}
