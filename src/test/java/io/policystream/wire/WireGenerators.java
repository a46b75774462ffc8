package io.policystream.wire;

import io.policystream.event.Action;
import io.policystream.event.Event;
import io.policystream.policy.Activation;
import io.policystream.policy.Architecture;
import io.policystream.policy.Distribution;
import io.policystream.policy.PolicyParams;
import io.policystream.policy.StdMode;
import io.policystream.testkit.Gen;
import io.policystream.testkit.Sample;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Random valid events and params for the round-trip properties, and the edge cases of each
 * generator (the smallest and largest of every field) as explicit samples.
 */
final class WireGenerators {
    /** Every character of a policy id. */
    static final String POLICY_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-";
    /** Episode ids made of astral code points (surrogate pairs) and characters JSON escapes. */
    static final List<String> ASTRAL_EPISODES = List.of("\uD83D\uDE00", "a\uD835\uDD4F\"\\",
            "\uD800\uDC00".repeat(Identifiers.MAX_EPISODE_LENGTH));

    private WireGenerators() {
    }

    static double[] vector(SplittableRandom rng, int minSize, int maxSize) {
        double[] v = new double[Gen.size(rng, minSize, maxSize)];
        for (int i = 0; i < v.length; i++) {
            v[i] = Gen.finiteDouble(rng);
        }
        return v;
    }

    static String policyId(SplittableRandom rng) {
        return string(rng, Gen.size(rng, 1, Identifiers.MAX_POLICY_LENGTH),
                r -> POLICY_CHARS.charAt(r.nextInt(POLICY_CHARS.length())));
    }

    /**
     * Episode ids of any characters but lone surrogates, JSON-escaped ones included: a third any
     * BMP characters but surrogates (1 to 256), a third ASCII (1 to 40), a third astral code points.
     */
    static String episodeId(SplittableRandom rng) {
        return switch (rng.nextInt(3)) {
            case 0 -> string(rng, Gen.size(rng, 1, Identifiers.MAX_EPISODE_LENGTH), r -> {
                // [U+0000, U+D7FF] and [U+E000, U+FFFF], uniformly.
                int c = r.nextInt(0xD800 + 0x2000);
                return (char) (c < 0xD800 ? c : c + 0x800);
            });
            case 1 -> string(rng, Gen.size(rng, 1, 40), r -> (char) r.nextInt(128));
            default -> Gen.oneOf(rng, ASTRAL_EPISODES);
        };
    }

    private interface CharGenerator {
        char next(SplittableRandom rng);
    }

    private static String string(SplittableRandom rng, int length, CharGenerator chars) {
        StringBuilder b = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            b.append(chars.next(rng));
        }
        return b.toString();
    }

    /** Counts and versions: half the time small (0 to 1000), half the time any natural number. */
    static long natural(SplittableRandom rng) {
        return Gen.between(rng, 0L, rng.nextBoolean() ? 1000L : Long.MAX_VALUE);
    }

    /** An event time: absent (-1) half the time, else a natural number. */
    static long time(SplittableRandom rng) {
        return rng.nextBoolean() ? -1L : natural(rng);
    }

    /** The fields every event has. */
    private record Header(String policy, String episode, long step, boolean done, boolean truncated, long time) {
        static Header random(SplittableRandom rng) {
            return new Header(policyId(rng), episodeId(rng), natural(rng), rng.nextBoolean(), rng.nextBoolean(),
                    WireGenerators.time(rng));
        }
    }

    /** A categorical step, a gaussian step or a reward, a third each. */
    static Event event(SplittableRandom rng) {
        return switch (rng.nextInt(3)) {
            case 0 -> categoricalStep(rng);
            case 1 -> gaussianStep(rng);
            default -> reward(rng);
        };
    }

    static Event categoricalStep(SplittableRandom rng) {
        Header h = Header.random(rng);
        double[] state = vector(rng, 1, 12);
        Action action = new Action.Discrete(Gen.between(rng, 0, Integer.MAX_VALUE));
        return step(rng, h, state, action, -Math.abs(Gen.finiteDouble(rng)));
    }

    static Event gaussianStep(SplittableRandom rng) {
        Header h = Header.random(rng);
        double[] state = vector(rng, 1, 12);
        Action action = new Action.Continuous(vector(rng, 1, 6));
        return step(rng, h, state, action, Gen.finiteDouble(rng));
    }

    private static Event step(SplittableRandom rng, Header h, double[] state, Action action, double logProb) {
        return Event.step(h.policy(), h.episode(), h.step(), state, action, logProb, natural(rng),
                Gen.finiteDouble(rng), h.done(), h.truncated(), h.time());
    }

    static Event reward(SplittableRandom rng) {
        Header h = Header.random(rng);
        return Event.reward(h.policy(), h.episode(), h.step(), Gen.finiteDouble(rng), h.done(), h.truncated(),
                h.time());
    }

    /**
     * The edge cases of the event generator: every field at its smallest and at its largest, the
     * characters JSON escapes, astral episode ids, and every delicate double in a state and as a
     * reward.
     */
    static List<Sample<Event>> edgeEvents() {
        String longestPolicy = POLICY_CHARS.substring(0, Identifiers.MAX_POLICY_LENGTH);
        String longestEpisode = "\uFFFF".repeat(Identifiers.MAX_EPISODE_LENGTH);
        StringBuilder escaped = new StringBuilder();
        for (char c = 0; c < 0x20; c++) {
            escaped.append(c);
        }
        escaped.append("\"\\/\u007F\u2028\u2029\uD7FF\uE000");
        double[] delicate = Gen.DELICATE_DOUBLES.stream().mapToDouble(Double::doubleValue).toArray();
        double[] delicateFirst = Arrays.copyOf(delicate, 12);
        double[] delicateRest = Arrays.copyOfRange(delicate, 12, delicate.length);
        long max = Long.MAX_VALUE;

        List<Sample<Event>> edges = new ArrayList<>();
        edges.add(Sample.edge("smallest categorical step", Event.step("a", "\u0000", 0, new double[] {0.0},
                new Action.Discrete(0), -0.0, 0, 0.0, false, false, -1)));
        edges.add(Sample.edge("largest categorical step", Event.step(longestPolicy, longestEpisode, max,
                delicateFirst, new Action.Discrete(Integer.MAX_VALUE), -Double.MAX_VALUE, max, Double.MAX_VALUE,
                true, true, max)));
        edges.add(Sample.edge("smallest gaussian step", Event.step("-", "a", 0, new double[] {-0.0},
                new Action.Continuous(new double[] {0.0}), 0.0, 0, -0.0, false, true, 0)));
        edges.add(Sample.edge("largest gaussian step", Event.step("_", escaped.toString(), max, delicateRest,
                new Action.Continuous(Arrays.copyOf(delicateRest, 6)), Double.MAX_VALUE, max, -Double.MAX_VALUE,
                true, false, max)));
        edges.add(Sample.edge("smallest reward", Event.reward("0", "\u007F", 0, Double.MIN_VALUE, false, false, -1)));
        edges.add(Sample.edge("largest reward", Event.reward(longestPolicy, escaped.toString(), max, -Double.MIN_VALUE,
                true, true, max)));
        for (String astral : ASTRAL_EPISODES) {
            edges.add(Sample.edge("astral episode of " + astral.codePointCount(0, astral.length()) + " code points",
                    Event.reward(".", astral, 1, 1.0, true, false, 1)));
        }
        for (double d : delicate) {
            edges.add(Sample.edge("delicate double " + d, Event.step("p", "e", 1, new double[] {d, -d},
                    new Action.Continuous(new double[] {d}), -Math.abs(d), 1, d, false, false, 1)));
        }
        return edges;
    }

    static Architecture architecture(SplittableRandom rng) {
        Distribution dist = Gen.oneOf(rng, Distribution.class);
        Activation act = Gen.oneOf(rng, Activation.class);
        StdMode std = Gen.oneOf(rng, StdMode.class);
        int in = Gen.between(rng, 1, 6);
        List<Integer> hidden = Gen.ints(rng, 0, 3, 1, 6);
        int actions = Gen.between(rng, 1, 4);
        List<Integer> valueHidden = rng.nextBoolean() ? null : Gen.ints(rng, 0, 2, 1, 5);
        return new Architecture(dist, act, dist == Distribution.CATEGORICAL ? StdMode.PARAMETER : std, in, hidden,
                actions, valueHidden);
    }

    static PolicyParams params(SplittableRandom rng) {
        Architecture arch = architecture(rng);
        String id = policyId(rng);
        long version = natural(rng);
        double[] theta = vector(rng, arch.policyParamCount(), arch.policyParamCount());
        double[] value = vector(rng, arch.valueParamCount(), arch.valueParamCount());
        return new PolicyParams(id, version, arch, theta, arch.hasValue() ? value : null, natural(rng), natural(rng),
                natural(rng));
    }

    /**
     * The edge cases of the params generator: for every head, activation and std mode the smallest
     * architecture (one input, no hidden layer, one action) and the largest, without a value
     * network, with one without hidden layers, and with the widest; numbers all zero, all
     * delicate, all largest.
     */
    static List<Sample<PolicyParams>> edgeParams() {
        List<Sample<PolicyParams>> edges = new ArrayList<>();
        long max = Long.MAX_VALUE;
        for (Distribution dist : Distribution.values()) {
            for (Activation act : Activation.values()) {
                for (StdMode std : dist == Distribution.CATEGORICAL ? new StdMode[] {StdMode.PARAMETER}
                        : StdMode.values()) {
                    String head = dist + " " + act + " std=" + std;
                    Architecture smallest = new Architecture(dist, act, std, 1, List.of(), 1, null);
                    Architecture largest = new Architecture(dist, act, std, 6, List.of(6, 6, 6), 4, List.of(5, 5));
                    Architecture linearValue = smallest.withValue(List.of());
                    edges.add(Sample.edge(head + ", smallest, zeros", params("a", 0, smallest, 0.0, 0)));
                    edges.add(Sample.edge(head + ", smallest with a linear value network",
                            params("a", 1, linearValue, -0.0, 1)));
                    edges.add(Sample.edge(head + ", largest, largest numbers",
                            params(POLICY_CHARS.substring(0, Identifiers.MAX_POLICY_LENGTH), max, largest,
                                    -Double.MAX_VALUE, max)));
                    edges.add(Sample.edge(head + ", largest without a value network, delicate numbers",
                            delicateParams(largest.withValue(null))));
                }
            }
        }
        return edges;
    }

    private static PolicyParams params(String id, long version, Architecture arch, double number, long count) {
        double[] theta = new double[arch.policyParamCount()];
        Arrays.fill(theta, number);
        double[] value = arch.hasValue() ? new double[arch.valueParamCount()] : null;
        if (value != null) {
            Arrays.fill(value, -number);
        }
        return new PolicyParams(id, version, arch, theta, value, count, count, count);
    }

    private static PolicyParams delicateParams(Architecture arch) {
        double[] theta = new double[arch.policyParamCount()];
        for (int i = 0; i < theta.length; i++) {
            theta[i] = Gen.DELICATE_DOUBLES.get(i % Gen.DELICATE_DOUBLES.size());
        }
        return new PolicyParams("z", 2, arch, theta, null, 0, 1, 0);
    }
}
