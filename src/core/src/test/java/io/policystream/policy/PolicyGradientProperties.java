package io.policystream.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.policystream.event.Action;
import io.policystream.testkit.Gen;
import io.policystream.testkit.Sample;
import io.policystream.testkit.SeededProperty;
import io.policystream.testkit.Seeds;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The analytic gradients of log pi and of the entropy equal central finite differences, over
 * random architectures, both heads, both activations and both gaussian std modes: each property
 * over explicit edge cases and seeded cases (see {@link Seeds}).
 */
class PolicyGradientProperties {

    /**
     * An architecture, the seed of its params, state and action, and the weights of log pi and
     * of the entropy in the objective whose gradient is checked.
     */
    record Case(Architecture architecture, long seed, double logProbScale, double entropyScale) {
    }

    private static final List<Double> LOG_PROB_SCALES = List.of(1.0, -1.3, 0.4);
    private static final List<Double> ENTROPY_SCALES = List.of(0.0, 1.0, -0.7, 2.5);

    /** Inputs 1 to 6, 0 to 3 hidden layers of 1 to 7, 1 to 4 gaussian dimensions or 2 to 5 actions. */
    static Case randomCase(SplittableRandom rng) {
        Distribution d = Gen.oneOf(rng, Distribution.class);
        Activation a = Gen.oneOf(rng, Activation.class);
        StdMode s = Gen.oneOf(rng, StdMode.class);
        int in = Gen.between(rng, 1, 6);
        List<Integer> hidden = Gen.ints(rng, 0, 3, 1, 7);
        int out = Gen.between(rng, 1, 4);
        Architecture arch = new Architecture(d, a, d == Distribution.CATEGORICAL ? StdMode.PARAMETER : s, in, hidden,
                d == Distribution.CATEGORICAL ? out + 1 : out, null);
        return new Case(arch, rng.nextLong(), Gen.oneOf(rng, LOG_PROB_SCALES), Gen.oneOf(rng, ENTROPY_SCALES));
    }

    /**
     * For every head, activation and std mode: the smallest architecture (one input, no hidden
     * layer, two actions or one dimension) and the largest (six inputs, three layers of seven, five
     * actions or four dimensions), each with every weight of log pi and of the entropy.
     */
    static List<Sample<Case>> edgeCases() {
        List<Sample<Case>> edges = new ArrayList<>();
        for (Distribution d : Distribution.values()) {
            for (Activation a : Activation.values()) {
                for (StdMode s : d == Distribution.CATEGORICAL ? new StdMode[] {StdMode.PARAMETER} : StdMode.values()) {
                    int extra = d == Distribution.CATEGORICAL ? 1 : 0;
                    Architecture smallest = new Architecture(d, a, s, 1, List.of(), 1 + extra, null);
                    Architecture largest = new Architecture(d, a, s, 6, List.of(7, 7, 7), 4 + extra, null);
                    String head = d + " " + a + " std=" + s;
                    int k = 0;
                    for (double lp : LOG_PROB_SCALES) {
                        for (double h : ENTROPY_SCALES) {
                            String objective = lp + " log pi + " + h + " H";
                            edges.add(Sample.edge(head + " smallest, " + objective, new Case(smallest, k, lp, h)));
                            edges.add(Sample.edge(head + " largest, " + objective, new Case(largest, k, lp, h)));
                            k++;
                        }
                    }
                }
            }
        }
        return edges;
    }

    static Stream<Sample<Case>> cases300(TestInfo test) {
        return Seeds.samples(test, edgeCases(), 300, PolicyGradientProperties::randomCase);
    }

    static Stream<Sample<Case>> cases100(TestInfo test) {
        return Seeds.samples(test, edgeCases(), 100, PolicyGradientProperties::randomCase);
    }

    @SeededProperty
    @MethodSource("cases300")
    void analyticGradientMatchesFiniteDifferences(Sample<Case> sample) {
        Case c = sample.value();
        SplittableRandom rng = new SplittableRandom(c.seed());
        PolicyParams p = randomParams(c.architecture(), rng);
        double[] s = randomVector(rng, c.architecture().inputSize(), 1.5);
        Action a = randomAction(c.architecture(), rng);
        PolicyNetwork net = new PolicyNetwork(c.architecture());
        PolicyNetwork.Workspace ws = net.newWorkspace();

        double[] analytic = new double[p.thetaSize()];
        net.evaluate(p, s, a, ws);
        net.accumulateGradient(p, ws, c.logProbScale(), c.entropyScale(), analytic);

        double[] numeric = new double[p.thetaSize()];
        double h = 1e-6;
        for (int i = 0; i < numeric.length; i++) {
            double plus = objective(net, perturbed(p, i, h), s, a, c);
            double minus = objective(net, perturbed(p, i, -h), s, a, c);
            numeric[i] = (plus - minus) / (2 * h);
        }
        assertThat(relativeError(analytic, numeric)).isLessThan(1e-6);
    }

    @SeededProperty
    @MethodSource("cases100")
    void evaluateAgreesWithLogProbOfASampleAndEntropy(Sample<Case> sample) {
        Case c = sample.value();
        SplittableRandom rng = new SplittableRandom(c.seed());
        PolicyParams p = randomParams(c.architecture(), rng);
        double[] s = randomVector(rng, c.architecture().inputSize(), 1.5);
        PolicyNetwork net = new PolicyNetwork(c.architecture());
        PolicyNetwork.Workspace ws = net.newWorkspace();
        PolicyNetwork.Sample drawn = net.sample(p, s, rng, ws);
        double lp = net.evaluate(p, s, drawn.action(), ws);
        assertThat(lp).isCloseTo(drawn.logProb(), Offset.offset(1e-9 * (1 + Math.abs(lp))));
        assertThat(net.lastEntropy(ws)).isCloseTo(net.entropy(p, s, ws), Offset.offset(1e-12));
    }

    /** logProbScale * log pi(a|s) + entropyScale * H(pi(.|s)). */
    private static double objective(PolicyNetwork net, PolicyParams p, double[] s, Action a, Case c) {
        PolicyNetwork.Workspace ws = net.newWorkspace();
        double lp = net.evaluate(p, s, a, ws);
        return c.logProbScale() * lp + c.entropyScale() * net.lastEntropy(ws);
    }

    static PolicyParams perturbed(PolicyParams p, int i, double h) {
        double[] theta = p.copyTheta();
        theta[i] += h;
        return new PolicyParams(p.policy(), p.version(), p.architecture(), theta, p.copyValue(), 0, 0, 0);
    }

    static double relativeError(double[] a, double[] b) {
        double diff = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            diff += (a[i] - b[i]) * (a[i] - b[i]);
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        return Math.sqrt(diff) / Math.max(1e-8, Math.max(Math.sqrt(na), Math.sqrt(nb)));
    }

    static PolicyParams randomParams(Architecture arch, SplittableRandom rng) {
        double[] theta = randomVector(rng, arch.policyParamCount(), 0.8);
        if (arch.hasLogStdVector()) {
            for (int j = 0; j < arch.actionSize(); j++) {
                theta[arch.logStdOffset() + j] = rng.nextDouble(-1.0, 0.5);
            }
        }
        double[] value = arch.hasValue() ? randomVector(rng, arch.valueParamCount(), 0.8) : null;
        return new PolicyParams("p", 3, arch, theta, value, 0, 0, 0);
    }

    static double[] randomVector(SplittableRandom rng, int n, double scale) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = rng.nextDouble(-scale, scale);
        }
        return v;
    }

    static Action randomAction(Architecture arch, SplittableRandom rng) {
        if (arch.distribution() == Distribution.CATEGORICAL) {
            return new Action.Discrete(rng.nextInt(arch.actionSize()));
        }
        return new Action.Continuous(randomVector(rng, arch.actionSize(), 1.5));
    }

    static List<Integer> list(int... xs) {
        List<Integer> l = new ArrayList<>();
        for (int x : xs) {
            l.add(x);
        }
        return l;
    }

    @SeededProperty
    @MethodSource("cases100")
    void twoGradientsInOnePassEqualTwoPasses(Sample<Case> sample) {
        Case c = sample.value();
        SplittableRandom rng = new SplittableRandom(c.seed());
        PolicyParams p = randomParams(c.architecture(), rng);
        double[] s = randomVector(rng, c.architecture().inputSize(), 1.5);
        Action a = randomAction(c.architecture(), rng);
        PolicyNetwork net = new PolicyNetwork(c.architecture());
        PolicyNetwork.Workspace ws = net.newWorkspace();
        net.evaluate(p, s, a, ws);
        double[] a1 = new double[p.thetaSize()];
        double[] b1 = new double[p.thetaSize()];
        net.accumulateGradient(p, ws, c.logProbScale(), c.entropyScale(), a1);
        net.accumulateGradient(p, ws, 0.37, 0.0, b1);
        double[] a2 = new double[p.thetaSize()];
        double[] b2 = new double[p.thetaSize()];
        net.accumulateGradients(p, ws, c.logProbScale(), c.entropyScale(), a2, 0.37, 0.0, b2);
        for (int i = 0; i < a1.length; i++) {
            assertThat(a2[i] == a1[i]).as("gradient A [%d]", i).isTrue();
            assertThat(b2[i] == b1[i]).as("gradient B [%d]", i).isTrue();
        }
    }
}
