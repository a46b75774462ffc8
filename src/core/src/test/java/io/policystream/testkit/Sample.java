package io.policystream.testkit;

/**
 * One case of a property test: a generated value and where it came from, either the seed it was
 * generated from or the name of an explicit edge case. Its {@link #toString()} is the test's
 * display name, and {@link SeededProperty} puts {@link #describe()} in front of every failure message.
 *
 * @param name "seed N" for a generated case, or what the edge case is
 * @param seed the seed the value was generated from; meaningful only when {@code seeded}
 * @param seeded whether the value came from {@link Seeds} (and can be replayed by its seed)
 * @param value the value the property is checked on
 */
public record Sample<T>(String name, long seed, boolean seeded, T value) {

    /** A value generated from {@code seed}. */
    public static <T> Sample<T> seeded(long seed, T value) {
        return new Sample<>("seed " + seed, seed, true, value);
    }

    /** An explicit edge case. */
    public static <T> Sample<T> edge(String name, T value) {
        return new Sample<>("edge: " + name, 0L, false, value);
    }

    /** What to put in front of a failure: the seed and how to replay it, or the edge case's name. */
    public String describe() {
        return seeded ? name + " (replay with -D" + Seeds.REPLAY_PROPERTY + "=" + seed + ")" : name;
    }

    @Override
    public String toString() {
        return name;
    }
}
