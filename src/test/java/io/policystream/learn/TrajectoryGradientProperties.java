package io.policystream.learn;

import static org.assertj.core.api.Assertions.assertThat;

import io.policystream.config.BaselineKind;
import io.policystream.config.Returns;
import io.policystream.event.Action;
import io.policystream.policy.Activation;
import io.policystream.policy.Architecture;
import io.policystream.policy.Distribution;
import io.policystream.policy.PolicyNetwork;
import io.policystream.policy.PolicyParams;
import io.policystream.policy.StdMode;
import io.policystream.policy.ValueNetwork;
import io.policystream.trajectory.Ending;
import io.policystream.trajectory.Trajectory;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * A trajectory's gradient sums are the exact gradients of the surrogate objectives they stand for,
 * checked by central finite differences: with the weights w_t and advantages a_t held at their
 * values, S1 = grad sum_t w_t a_t log pi(u_t|s_t) (+ beta sum_t H_t when folded in),
 * S0 = grad sum_t w_t log pi(u_t|s_t), E = grad sum_t H_t, and the value gradient is
 * grad sum_t 0.5 (V(s_t) - G_t)^2.
 */
class TrajectoryGradientProperties {

    record Case(Architecture architecture, long seed, boolean stale, double entropy, boolean normalize,
                boolean valueBaseline) {
    }

    @Provide
    Arbitrary<Case> cases() {
        Arbitrary<Architecture> arch = Combinators.combine(
                Arbitraries.of(Distribution.class), Arbitraries.of(Activation.class), Arbitraries.of(StdMode.class),
                Arbitraries.integers().between(1, 5), Arbitraries.integers().between(1, 6).list().ofMaxSize(2),
                Arbitraries.integers().between(1, 3)).as((d, a, s, in, h, out) -> new Architecture(d, a,
                        d == Distribution.CATEGORICAL ? StdMode.PARAMETER : s, in, h,
                        d == Distribution.CATEGORICAL ? out + 1 : out, List.of(4)));
        return Combinators.combine(arch, Arbitraries.longs(), Arbitraries.of(true, false),
                Arbitraries.of(0.0, 0.3), Arbitraries.of(true, false), Arbitraries.of(true, false)).as(Case::new);
    }

    @Property(tries = 150)
    void sumsAreTheGradientsOfTheirSurrogates(@ForAll("cases") Case c) {
        SplittableRandom rng = new SplittableRandom(c.seed());
        Architecture arch = c.architecture();
        PolicyParams p = randomParams(arch, rng, 5);
        Trajectory tr = randomTrajectory(arch, rng, p, c.stale());
        LearningRules rules = LearningRules.defaults()
                .withReturns(Returns.REWARD_TO_GO, 0.9)
                .withBaseline(c.valueBaseline() ? BaselineKind.VALUE : BaselineKind.MEAN, c.normalize())
                .withEntropy(c.entropy())
                .withImportance(1.2, 100);
        GradientSums sums = new TrajectoryGradient(arch).compute(p, rules, tr);

        // The fixed coefficients, computed here independently from the definitions.
        int n = tr.length();
        double[] g = ReturnCalculator.returns(tr.rewards(), Returns.REWARD_TO_GO, 0.9);
        double[] a = new double[n];
        double[] w = new double[n];
        PolicyNetwork net = new PolicyNetwork(arch);
        ValueNetwork vnet = new ValueNetwork(arch);
        for (int t = 0; t < n; t++) {
            a[t] = g[t] - (c.valueBaseline() ? vnet.value(p, tr.state(t), vnet.newWorkspace()) : 0.0);
            double lp = net.logProb(p, tr.state(t), tr.action(t), net.newWorkspace());
            w[t] = tr.version(t) == p.version() ? 1.0 : Math.min(1.2, Math.exp(lp - tr.logProb(t)));
        }
        boolean folded = !c.normalize();
        double h = 1e-6;
        double[] s1 = new double[p.thetaSize()];
        double[] s0 = new double[p.thetaSize()];
        double[] e = new double[p.thetaSize()];
        for (int i = 0; i < p.thetaSize(); i++) {
            PolicyParams plus = withTheta(p, i, h);
            PolicyParams minus = withTheta(p, i, -h);
            s1[i] = (surrogate(net, plus, tr, w, a, folded ? c.entropy() : 0.0)
                    - surrogate(net, minus, tr, w, a, folded ? c.entropy() : 0.0)) / (2 * h);
            s0[i] = (surrogate(net, plus, tr, w, ones(n), 0.0) - surrogate(net, minus, tr, w, ones(n), 0.0)) / (2 * h);
            e[i] = (entropySum(net, plus, tr) - entropySum(net, minus, tr)) / (2 * h);
        }
        assertThat(relativeError(sums.advantageGrad, s1)).isLessThan(1e-6);
        boolean needsS0 = c.normalize() || !c.valueBaseline();
        assertThat(sums.weightGrad != null).isEqualTo(needsS0);
        if (needsS0) {
            assertThat(relativeError(sums.weightGrad, s0)).isLessThan(1e-6);
        }
        if (sums.entropyGrad != null) {
            assertThat(relativeError(sums.entropyGrad, e)).isLessThan(1e-6);
        } else {
            assertThat(c.normalize() && c.entropy() > 0).isFalse();
        }
        if (c.valueBaseline()) {
            double[] v = new double[p.architecture().valueParamCount()];
            for (int i = 0; i < v.length; i++) {
                v[i] = (valueLoss(vnet, withValue(p, i, h), tr, g) - valueLoss(vnet, withValue(p, i, -h), tr, g))
                        / (2 * h);
            }
            assertThat(relativeError(sums.valueGrad, v)).isLessThan(1e-6);
        }
        assertThat(sums.trajectories()).isEqualTo(1);
        assertThat(sums.steps()).isEqualTo(n);
    }

    private static double[] ones(int n) {
        double[] o = new double[n];
        java.util.Arrays.fill(o, 1.0);
        return o;
    }

    private static double surrogate(PolicyNetwork net, PolicyParams p, Trajectory tr, double[] w, double[] a,
                                    double beta) {
        double f = 0;
        for (int t = 0; t < tr.length(); t++) {
            PolicyNetwork.Workspace ws = net.newWorkspace();
            double lp = net.evaluate(p, tr.state(t), tr.action(t), ws);
            f += w[t] * a[t] * lp + beta * net.lastEntropy(ws);
        }
        return f;
    }

    private static double entropySum(PolicyNetwork net, PolicyParams p, Trajectory tr) {
        double f = 0;
        for (int t = 0; t < tr.length(); t++) {
            f += net.entropy(p, tr.state(t), net.newWorkspace());
        }
        return f;
    }

    private static double valueLoss(ValueNetwork vnet, PolicyParams p, Trajectory tr, double[] g) {
        double f = 0;
        for (int t = 0; t < tr.length(); t++) {
            double d = vnet.value(p, tr.state(t), vnet.newWorkspace()) - g[t];
            f += 0.5 * d * d;
        }
        return f;
    }

    static PolicyParams withTheta(PolicyParams p, int i, double h) {
        double[] theta = p.copyTheta();
        theta[i] += h;
        return new PolicyParams(p.policy(), p.version(), p.architecture(), theta, p.copyValue(), 0, 0, 0);
    }

    static PolicyParams withValue(PolicyParams p, int i, double h) {
        double[] v = p.copyValue();
        v[i] += h;
        return new PolicyParams(p.policy(), p.version(), p.architecture(), p.copyTheta(), v, 0, 0, 0);
    }

    static PolicyParams randomParams(Architecture arch, SplittableRandom rng, long version) {
        double[] theta = vector(rng, arch.policyParamCount(), 0.8);
        double[] value = arch.hasValue() ? vector(rng, arch.valueParamCount(), 0.8) : null;
        return new PolicyParams("p", version, arch, theta, value, 0, 0, 0);
    }

    static Trajectory randomTrajectory(Architecture arch, SplittableRandom rng, PolicyParams p, boolean stale) {
        int n = 1 + rng.nextInt(5);
        double[][] states = new double[n][];
        Action[] actions = new Action[n];
        double[] lps = new double[n];
        long[] versions = new long[n];
        double[] rewards = new double[n];
        for (int t = 0; t < n; t++) {
            states[t] = vector(rng, arch.inputSize(), 1.5);
            actions[t] = arch.distribution() == Distribution.CATEGORICAL
                    ? new Action.Discrete(rng.nextInt(arch.actionSize()))
                    : new Action.Continuous(vector(rng, arch.actionSize(), 1.5));
            lps[t] = -rng.nextDouble(0.1, 3.0);
            versions[t] = stale && rng.nextBoolean() ? p.version() - 1 - rng.nextInt(3) : p.version();
            rewards[t] = rng.nextDouble(-1, 2);
        }
        return new Trajectory("p", "e", states, actions, lps, versions, rewards, Ending.DONE, 0);
    }

    static double[] vector(SplittableRandom rng, int n, double scale) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = rng.nextDouble(-scale, scale);
        }
        return v;
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
}
