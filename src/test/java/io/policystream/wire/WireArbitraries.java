package io.policystream.wire;

import io.policystream.event.Action;
import io.policystream.event.Event;
import io.policystream.policy.Activation;
import io.policystream.policy.Architecture;
import io.policystream.policy.Distribution;
import io.policystream.policy.PolicyParams;
import io.policystream.policy.StdMode;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/** Random valid events and params for the round-trip properties. */
final class WireArbitraries {
    private WireArbitraries() {
    }

    /**
     * Any finite double, uniformly over bit patterns (so subnormals, huge exponents and long
     * mantissas all occur), plus the values where printing is known to be delicate.
     */
    static Arbitrary<Double> finiteDoubles() {
        Arbitrary<Double> bits = Arbitraries.longs().map(Double::longBitsToDouble).filter(Double::isFinite);
        Arbitrary<Double> delicate = Arbitraries.of(0.0, -0.0, Double.MIN_VALUE, -Double.MIN_VALUE, Double.MIN_NORMAL,
                Double.MAX_VALUE, -Double.MAX_VALUE, 0.1, 1.0 / 3, 2e23, 1e23, 5e-324, 9007199254740993.0,
                4.35, 1.0E-7, 1.0E7, 123456789012345680.0);
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(4, bits),
                net.jqwik.api.Tuple.of(1, delicate),
                net.jqwik.api.Tuple.of(1, Arbitraries.doubles().between(-10, 10)));
    }

    static Arbitrary<double[]> vectors(int minSize, int maxSize) {
        return finiteDoubles().array(double[].class).ofMinSize(minSize).ofMaxSize(maxSize);
    }

    static Arbitrary<String> policyIds() {
        return Arbitraries.strings().withCharRange('a', 'z').withCharRange('A', 'Z').withCharRange('0', '9')
                .withChars('.', '_', '-').ofMinLength(1).ofMaxLength(Identifiers.MAX_POLICY_LENGTH);
    }

    /** Episode ids of any characters but lone surrogates, JSON-escaped ones included. */
    static Arbitrary<String> episodeIds() {
        Arbitrary<String> bmp = Arbitraries.strings().withCharRange('\u0000', '\uD7FF')
                .withCharRange('\uE000', '\uFFFF').ofMinLength(1).ofMaxLength(Identifiers.MAX_EPISODE_LENGTH);
        Arbitrary<String> ascii = Arbitraries.strings().ascii().ofMinLength(1).ofMaxLength(40);
        Arbitrary<String> astral = Arbitraries.of("\uD83D\uDE00", "a\uD835\uDD4F\"\\", "\uD800\uDC00".repeat(256));
        return Arbitraries.oneOf(bmp, ascii, astral);
    }

    private static Arbitrary<Long> naturals() {
        return Arbitraries.oneOf(Arbitraries.longs().between(0, 1000), Arbitraries.longs().between(0, Long.MAX_VALUE));
    }

    private static Arbitrary<Long> times() {
        return Arbitraries.oneOf(Arbitraries.just(-1L), naturals());
    }

    /** The fields every event has. */
    private record Header(String policy, String episode, long step, boolean done, boolean truncated, long time) {
    }

    private static Arbitrary<Header> headers() {
        return Combinators.combine(policyIds(), episodeIds(), naturals(), Arbitraries.of(true, false),
                Arbitraries.of(true, false), times()).as(Header::new);
    }

    static Arbitrary<Event> events() {
        return Arbitraries.oneOf(categoricalSteps(), gaussianSteps(), rewards());
    }

    static Arbitrary<Event> categoricalSteps() {
        Arbitrary<Action> actions = Arbitraries.integers().between(0, Integer.MAX_VALUE).map(Action.Discrete::new);
        Arbitrary<Double> logProbs = finiteDoubles().map(d -> -Math.abs(d));
        return steps(actions, logProbs);
    }

    static Arbitrary<Event> gaussianSteps() {
        return steps(vectors(1, 6).map(Action.Continuous::new), finiteDoubles());
    }

    private static Arbitrary<Event> steps(Arbitrary<Action> actions, Arbitrary<Double> logProbs) {
        return Combinators.combine(headers(), vectors(1, 12), actions, logProbs, naturals(), finiteDoubles())
                .as((h, state, action, logProb, version, reward) -> Event.step(h.policy(), h.episode(), h.step(),
                        state, action, logProb, version, reward, h.done(), h.truncated(), h.time()));
    }

    static Arbitrary<Event> rewards() {
        return Combinators.combine(headers(), finiteDoubles()).as((h, reward) -> Event.reward(h.policy(), h.episode(),
                h.step(), reward, h.done(), h.truncated(), h.time()));
    }

    static Arbitrary<Architecture> architectures() {
        Arbitrary<List<Integer>> hidden = Arbitraries.integers().between(1, 6).list().ofMaxSize(3);
        Arbitrary<List<Integer>> valueHidden = Arbitraries.integers().between(1, 5).list().ofMaxSize(2)
                .injectNull(0.5);
        return Combinators.combine(Arbitraries.of(Distribution.class), Arbitraries.of(Activation.class),
                Arbitraries.of(StdMode.class), Arbitraries.integers().between(1, 6), hidden,
                Arbitraries.integers().between(1, 4), valueHidden)
                .as((dist, act, std, in, h, actions, vh) -> new Architecture(dist, act,
                        dist == Distribution.CATEGORICAL ? StdMode.PARAMETER : std, in, h, actions, vh));
    }

    static Arbitrary<PolicyParams> params() {
        return architectures().flatMap(arch -> Combinators.combine(policyIds(), naturals(),
                        vectors(arch.policyParamCount(), arch.policyParamCount()),
                        vectors(arch.valueParamCount(), arch.valueParamCount()), naturals(), naturals(), naturals())
                .as((id, version, theta, value, trajectories, steps, time) -> new PolicyParams(id, version, arch,
                        theta, arch.hasValue() ? value : null, trajectories, steps, time)));
    }
}
