package io.policystream.learn;

import static org.assertj.core.api.Assertions.assertThat;

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
import io.policystream.testkit.Gen;
import io.policystream.testkit.Sample;
import io.policystream.testkit.SeededProperty;
import io.policystream.testkit.Seeds;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.params.provider.MethodSource;

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

    /**
     * Inputs 1 to 5, 0 to 2 hidden layers of 1 to 6, 1 to 3 gaussian dimensions or 2 to 4 actions,
     * a value network of one layer of 4; the seed of params and trajectory; every rule combination.
     */
    static Case randomCase(SplittableRandom rng) {
        Distribution d = Gen.oneOf(rng, Distribution.class);
        Activation a = Gen.oneOf(rng, Activation.class);
        StdMode s = Gen.oneOf(rng, StdMode.class);
        int in = Gen.between(rng, 1, 5);
        List<Integer> hidden = Gen.ints(rng, 0, 2, 1, 6);
        int out = Gen.between(rng, 1, 3);
        Architecture arch = new Architecture(d, a, d == Distribution.CATEGORICAL ? StdMode.PARAMETER : s, in, hidden,
                d == Distribution.CATEGORICAL ? out + 1 : out, List.of(4));
        return new Case(arch, rng.nextLong(), rng.nextBoolean(), Gen.oneOf(rng, 0.0, 0.3), rng.nextBoolean(),
                rng.nextBoolean());
    }

    /**
     * For every head, activation and std mode, the smallest architecture (one input, no hidden
     * layer) and the largest (five inputs, two layers of six), each under every combination of
     * staleness, entropy, normalisation and baseline.
     */
    static List<Sample<Case>> edgeCases() {
        List<Sample<Case>> edges = new ArrayList<>();
        for (Distribution d : Distribution.values()) {
            for (Activation a : Activation.values()) {
                for (StdMode s : d == Distribution.CATEGORICAL ? new StdMode[] {StdMode.PARAMETER} : StdMode.values()) {
                    int extra = d == Distribution.CATEGORICAL ? 1 : 0;
                    Architecture smallest = new Architecture(d, a, s, 1, List.of(), 1 + extra, List.of(4));
                    Architecture largest = new Architecture(d, a, s, 5, List.of(6, 6), 3 + extra, List.of(4));
                    int k = 0;
                    for (boolean stale : new boolean[] {false, true}) {
                        for (double entropy : new double[] {0.0, 0.3}) {
                            for (boolean normalize : new boolean[] {false, true}) {
                                for (boolean value : new boolean[] {false, true}) {
                                    String rules = (stale ? "stale" : "on-policy") + ", entropy " + entropy
                                            + (normalize ? ", normalized" : "") + (value ? ", value baseline" : "");
                                    String head = d + " " + a + " std=" + s;
                                    edges.add(Sample.edge(head + " smallest, " + rules,
                                            new Case(smallest, k, stale, entropy, normalize, value)));
                                    edges.add(Sample.edge(head + " largest, " + rules,
                                            new Case(largest, k, stale, entropy, normalize, value)));
                                    k++;
                                }
                            }
                        }
                    }
                }
            }
        }
        return edges;
    }

    static Stream<Sample<Case>> cases(TestInfo test) {
        return Seeds.samples(test, edgeCases(), 150, TrajectoryGradientProperties::randomCase);
    }

    @SeededProperty
    @MethodSource("cases")
    void sumsAreTheGradientsOfTheirSurrogates(Sample<Case> sample) {
        Case c = sample.value();
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
        Arrays.fill(o, 1.0);
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
