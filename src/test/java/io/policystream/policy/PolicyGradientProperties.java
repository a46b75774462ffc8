package io.policystream.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.policystream.event.Action;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The analytic gradients of log pi and of the entropy equal central finite differences, over
 * random architectures, both heads, both activations and both gaussian std modes.
 */
class PolicyGradientProperties {

    record Case(Architecture architecture, long seed, double logProbScale, double entropyScale) {
    }

    @Provide
    Arbitrary<Case> cases() {
        Arbitrary<Distribution> dist = Arbitraries.of(Distribution.class);
        Arbitrary<Activation> act = Arbitraries.of(Activation.class);
        Arbitrary<StdMode> std = Arbitraries.of(StdMode.class);
        Arbitrary<List<Integer>> hidden = Arbitraries.integers().between(1, 7).list().ofMinSize(0).ofMaxSize(3);
        Arbitrary<Integer> in = Arbitraries.integers().between(1, 6);
        Arbitrary<Integer> out = Arbitraries.integers().between(1, 4);
        Arbitrary<Architecture> arch = Combinators.combine(dist, act, std, in, hidden, out).as((d, a, s, i, h, o) ->
                new Architecture(d, a, d == Distribution.CATEGORICAL ? StdMode.PARAMETER : s, i, h,
                        d == Distribution.CATEGORICAL ? o + 1 : o, null));
        Arbitrary<Double> scale = Arbitraries.of(0.0, 1.0, -0.7, 2.5);
        return Combinators.combine(arch, Arbitraries.longs(), Arbitraries.of(1.0, -1.3, 0.4), scale)
                .as(Case::new);
    }

    @Property(tries = 300)
    void analyticGradientMatchesFiniteDifferences(@ForAll("cases") Case c) {
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

    @Property(tries = 100)
    void evaluateAgreesWithLogProbOfASampleAndEntropy(@ForAll("cases") Case c) {
        SplittableRandom rng = new SplittableRandom(c.seed());
        PolicyParams p = randomParams(c.architecture(), rng);
        double[] s = randomVector(rng, c.architecture().inputSize(), 1.5);
        PolicyNetwork net = new PolicyNetwork(c.architecture());
        PolicyNetwork.Workspace ws = net.newWorkspace();
        PolicyNetwork.Sample sample = net.sample(p, s, rng, ws);
        double lp = net.evaluate(p, s, sample.action(), ws);
        assertThat(lp).isCloseTo(sample.logProb(), org.assertj.core.data.Offset.offset(1e-9 * (1 + Math.abs(lp))));
        assertThat(net.lastEntropy(ws)).isCloseTo(net.entropy(p, s, ws), org.assertj.core.data.Offset.offset(1e-12));
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

    @Property(tries = 100)
    void twoGradientsInOnePassEqualTwoPasses(@ForAll("cases") Case c) {
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
