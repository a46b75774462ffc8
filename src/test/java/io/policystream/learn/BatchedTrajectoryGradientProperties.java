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
 * The batched {@link TrajectoryGradient} adds exactly the sums of the per-step definition: for
 * every step, {@link PolicyNetwork#evaluate} then {@code accumulateGradient(w_t a_t, beta)} into
 * S1, {@code (w_t, 0)} into S0 and {@code (0, 1)} into E, and {@link ValueNetwork} step by step for
 * the value gradient. Only the order of summation may differ, so every vector and scalar agrees to
 * 1e-11 relative (norm-wise; only the order of additions differs), over random architectures (layers narrower and wider than a vector, both heads,
 * both activations, both std modes, std=network clamped or not), lengths from 1 to 300 steps
 * (blocks of {@link PolicyNetwork#BLOCK_STEPS} and their remainders), every baseline, with and
 * without normalisation, entropy folded into S1 or kept apart, on- and off-policy steps.
 */
class BatchedTrajectoryGradientProperties {

    record Rules(Returns returns, BaselineKind baseline, boolean normalize, double entropy, double clip) {
        LearningRules toRules() {
            return LearningRules.defaults().withReturns(returns, 0.97).withBaseline(baseline, normalize)
                    .withEntropy(entropy).withImportance(clip, 100);
        }
    }

    record Case(Architecture architecture, Rules rules, long seed, double weightScale, boolean stale) {
    }

    @Provide
    Arbitrary<Case> cases() {
        Arbitrary<List<Integer>> hidden = Arbitraries.integers().between(1, 70).list().ofMaxSize(3);
        Arbitrary<Architecture> arch = Combinators.combine(
                Arbitraries.of(Distribution.class), Arbitraries.of(Activation.class), Arbitraries.of(StdMode.class),
                Arbitraries.integers().between(1, 20), hidden, Arbitraries.integers().between(1, 9),
                hidden.injectNull(0.3)).as((d, a, s, in, h, out, v) -> new Architecture(d, a,
                        d == Distribution.CATEGORICAL ? StdMode.PARAMETER : s, in, h,
                        d == Distribution.CATEGORICAL ? out + 1 : out, v));
        Arbitrary<Rules> rules = Combinators.combine(Arbitraries.of(Returns.class), Arbitraries.of(BaselineKind.class),
                Arbitraries.of(true, false), Arbitraries.of(0.0, 0.3), Arbitraries.of(1.0, 1.5)).as(Rules::new);
        return Combinators.combine(arch, rules, Arbitraries.longs(), Arbitraries.of(0.8, 3.0),
                Arbitraries.of(true, false)).as(Case::new)
                .filter(c -> c.rules().baseline() != BaselineKind.VALUE || c.architecture().hasValue());
    }

    /** Norm-wise relative difference allowed between the batched and the per-step sums. */
    static final double TOLERANCE = 1e-11;

    @Property(tries = 200)
    void batchedSumsEqualThePerStepSums(@ForAll("cases") Case c) {
        SplittableRandom rng = new SplittableRandom(c.seed());
        Architecture arch = c.architecture();
        PolicyParams p = randomParams(arch, rng, c.weightScale());
        LearningRules rules = c.rules().toRules();
        // Two trajectories through one instance: the second reuses the buffers of the first.
        Trajectory first = randomTrajectory(arch, rng, p, c.stale(), 1 + rng.nextInt(300));
        Trajectory second = randomTrajectory(arch, rng, p, c.stale(), 1 + rng.nextInt(300));

        TrajectoryGradient batched = new TrajectoryGradient(arch);
        GradientSums actual = TrajectoryGradient.emptySums(p, rules);
        batched.addInPlace(p, rules, first, actual);
        batched.addInPlace(p, rules, second, actual);

        GradientSums expected = TrajectoryGradient.emptySums(p, rules);
        addPerStep(p, rules, first, expected);
        addPerStep(p, rules, second, expected);

        // Only the order of the additions differs. Over up to 600 steps whose advantages have both signs,
        // a sum's rounding is about n * 2^-53 of its terms' magnitudes, which can be several times the
        // sum itself: 1e-12 was exceeded once in thousands of cases (1.003e-12), so the bound is 1e-11.
        assertThat(relativeError(actual.advantageGrad, expected.advantageGrad)).isLessThan(TOLERANCE);
        assertThat(relativeError(actual.weightGrad, expected.weightGrad)).isLessThan(TOLERANCE);
        assertThat(relativeError(actual.entropyGrad, expected.entropyGrad)).isLessThan(TOLERANCE);
        assertThat(relativeError(actual.valueGrad, expected.valueGrad)).isLessThan(TOLERANCE);
        double[] scalars = actual.snapshot().scalars();
        double[] expectedScalars = expected.snapshot().scalars();
        assertThat(relativeError(scalars, expectedScalars)).isLessThan(TOLERANCE);
        assertThat(actual.snapshot().counts()).containsExactly(expected.snapshot().counts());
        assertThat(actual.steps()).isEqualTo(expected.steps());
        assertThat(actual.trajectories()).isEqualTo(2);
    }

    /** The estimator's definition, one step at a time through the per-step API. */
    static void addPerStep(PolicyParams p, LearningRules rules, Trajectory tr, GradientSums sums) {
        PolicyNetwork net = new PolicyNetwork(p.architecture());
        PolicyNetwork.Workspace ws = net.newWorkspace();
        ValueNetwork vnet = p.hasValue() ? new ValueNetwork(p.architecture()) : null;
        ValueNetwork.Workspace vws = vnet == null ? null : vnet.newWorkspace();
        double[] g = ReturnCalculator.returns(tr.rewards(), rules.returns(), rules.gamma());
        boolean separateEntropy = sums.entropyGrad != null;
        for (int t = 0; t < tr.length(); t++) {
            double a = g[t];
            if (sums.valueGrad != null) {
                double v = vnet.value(p, tr.state(t), vws);
                vnet.accumulateGradient(p, vws, v - g[t], sums.valueGrad);
                sums.sumValueLoss += 0.5 * (v - g[t]) * (v - g[t]);
                a = g[t] - v;
            }
            double lp = net.evaluate(p, tr.state(t), tr.action(t), ws);
            double w = 1.0;
            if (tr.version(t) != p.version()) {
                double ratio = Math.exp(lp - tr.logProb(t));
                w = Math.min(rules.importanceClip(), ratio);
                sums.truncatedWeights += ratio > rules.importanceClip() ? 1 : 0;
                sums.reweightedSteps++;
            }
            net.accumulateGradient(p, ws, w * a, separateEntropy ? 0.0 : rules.entropyCoef(), sums.advantageGrad);
            if (sums.weightGrad != null) {
                net.accumulateGradient(p, ws, w, 0.0, sums.weightGrad);
            }
            if (separateEntropy) {
                net.accumulateGradient(p, ws, 0.0, 1.0, sums.entropyGrad);
            }
            sums.sumAdvantage += a;
            sums.sumAdvantageSq += a * a;
            sums.sumReturn += g[t];
            sums.sumEntropy += net.lastEntropy(ws);
            sums.sumWeight += w;
        }
        sums.trajectories++;
        sums.steps += tr.length();
        sums.sumEpisodeReward += tr.totalReward();
    }

    static PolicyParams randomParams(Architecture arch, SplittableRandom rng, double scale) {
        double[] theta = TrajectoryGradientProperties.vector(rng, arch.policyParamCount(), scale);
        double[] value = arch.hasValue() ? TrajectoryGradientProperties.vector(rng, arch.valueParamCount(), scale)
                : null;
        return new PolicyParams("p", 5, arch, theta, value, 0, 0, 0);
    }

    static Trajectory randomTrajectory(Architecture arch, SplittableRandom rng, PolicyParams p, boolean stale, int n) {
        double[][] states = new double[n][];
        Action[] actions = new Action[n];
        double[] lps = new double[n];
        long[] versions = new long[n];
        double[] rewards = new double[n];
        for (int t = 0; t < n; t++) {
            states[t] = TrajectoryGradientProperties.vector(rng, arch.inputSize(), 1.5);
            actions[t] = arch.distribution() == Distribution.CATEGORICAL
                    ? new Action.Discrete(rng.nextInt(arch.actionSize()))
                    : new Action.Continuous(TrajectoryGradientProperties.vector(rng, arch.actionSize(), 1.5));
            lps[t] = -rng.nextDouble(0.1, 3.0);
            versions[t] = stale && rng.nextBoolean() ? p.version() - 1 - rng.nextInt(3) : p.version();
            rewards[t] = rng.nextDouble(-1, 2);
        }
        return new Trajectory("p", "e", states, actions, lps, versions, rewards, Ending.DONE, 0);
    }

    /** |a - b| / max(|a|, |b|) in the 2-norm; 0 for two nulls. */
    static double relativeError(double[] a, double[] b) {
        if (a == null || b == null) {
            assertThat(a).isEqualTo(b);
            return 0.0;
        }
        double diff = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            diff += (a[i] - b[i]) * (a[i] - b[i]);
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        double norm = Math.max(Math.sqrt(na), Math.sqrt(nb));
        return norm == 0.0 ? Math.sqrt(diff) : Math.sqrt(diff) / norm;
    }
}
