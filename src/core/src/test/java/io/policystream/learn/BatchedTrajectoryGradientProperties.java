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
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.params.provider.MethodSource;

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

    /**
     * An architecture, the rules, the seed of the params and trajectories, the scale of the
     * params, whether steps may be off-policy, and the two trajectories' lengths.
     */
    record Case(Architecture architecture, Rules rules, long seed, double weightScale, boolean stale, int firstLength,
                int secondLength) {
    }

    /** Longest trajectory generated. */
    static final int MAX_LENGTH = 300;

    /**
     * Inputs 1 to 20, 0 to 3 hidden layers of 1 to 70, 1 to 9 gaussian dimensions or 2 to 10
     * actions, a value network of 0 to 3 layers (or none, 3 times in 10), every rule combination
     * (a value baseline only with a value network), lengths 1 to 300.
     */
    static Case randomCase(SplittableRandom rng) {
        while (true) {
            Distribution d = Gen.oneOf(rng, Distribution.class);
            Activation a = Gen.oneOf(rng, Activation.class);
            StdMode s = Gen.oneOf(rng, StdMode.class);
            int in = Gen.between(rng, 1, 20);
            List<Integer> hidden = Gen.ints(rng, 0, 3, 1, 70);
            int out = Gen.between(rng, 1, 9);
            List<Integer> valueHidden = rng.nextInt(10) < 3 ? null : Gen.ints(rng, 0, 3, 1, 70);
            Architecture arch = new Architecture(d, a, d == Distribution.CATEGORICAL ? StdMode.PARAMETER : s, in,
                    hidden, d == Distribution.CATEGORICAL ? out + 1 : out, valueHidden);
            Rules rules = new Rules(Gen.oneOf(rng, Returns.class), Gen.oneOf(rng, BaselineKind.class),
                    rng.nextBoolean(), Gen.oneOf(rng, 0.0, 0.3), Gen.oneOf(rng, 1.0, 1.5));
            Case c = new Case(arch, rules, rng.nextLong(), Gen.oneOf(rng, 0.8, 3.0), rng.nextBoolean(),
                    Gen.between(rng, 1, MAX_LENGTH), Gen.between(rng, 1, MAX_LENGTH));
            if (rules.baseline() != BaselineKind.VALUE || arch.hasValue()) {
                return c;
            }
        }
    }

    /**
     * For every head, activation and std mode: the smallest architecture (one input, no hidden
     * layer, no value network, one-step trajectories), the largest (20 inputs, three layers of 70,
     * a value network of three layers of 70, 300-step trajectories), and a middle one whose
     * trajectories end just before, at and just after a block of {@link PolicyNetwork#BLOCK_STEPS};
     * the middle one under every rule (returns, baselines, normalisation; entropy, clip, off-policy
     * steps and both scales spread over them), the smallest under every rule but the value
     * baseline, the largest (the slowest) under three.
     */
    static List<Sample<Case>> edgeCases() {
        int block = PolicyNetwork.BLOCK_STEPS;
        List<Sample<Case>> edges = new ArrayList<>();
        for (Distribution d : Distribution.values()) {
            for (Activation a : Activation.values()) {
                for (StdMode s : d == Distribution.CATEGORICAL ? new StdMode[] {StdMode.PARAMETER} : StdMode.values()) {
                    int extra = d == Distribution.CATEGORICAL ? 1 : 0;
                    String head = d + " " + a + " std=" + s;
                    Architecture smallest = new Architecture(d, a, s, 1, List.of(), 1 + extra, null);
                    Architecture middle = new Architecture(d, a, s, 4, List.of(8), 2 + extra, List.of());
                    Architecture largest = new Architecture(d, a, s, 20, List.of(70, 70, 70), 9 + extra,
                            List.of(70, 70, 70));
                    int k = 0;
                    for (Returns returns : Returns.values()) {
                        for (BaselineKind baseline : BaselineKind.values()) {
                            for (boolean normalize : new boolean[] {false, true}) {
                                Rules rules = new Rules(returns, baseline, normalize, k % 2 == 0 ? 0.0 : 0.3,
                                        k % 3 == 0 ? 1.0 : 1.5);
                                boolean stale = k % 2 == 1;
                                double scale = k % 4 < 2 ? 0.8 : 3.0;
                                String what = ", " + rules + (stale ? ", stale" : "") + ", scale " + scale;
                                if (baseline != BaselineKind.VALUE) {
                                    edges.add(Sample.edge(head + " smallest" + what,
                                            new Case(smallest, rules, k, scale, stale, 1, 1)));
                                }
                                edges.add(Sample.edge(head + " middle, lengths " + (block - 1) + " and " + (block + 1)
                                        + what, new Case(middle, rules, k, scale, stale, block - 1, block + 1)));
                                edges.add(Sample.edge(head + " middle, lengths " + block + " and " + 2 * block + what,
                                        new Case(middle, rules, k, scale, stale, block, 2 * block)));
                                if (k % 5 == 0) {
                                    edges.add(Sample.edge(head + " largest" + what,
                                            new Case(largest, rules, k, scale, stale, MAX_LENGTH, MAX_LENGTH)));
                                }
                                k++;
                            }
                        }
                    }
                }
            }
        }
        return edges;
    }

    static Stream<Sample<Case>> cases(TestInfo test) {
        return Seeds.samples(test, edgeCases(), 200, BatchedTrajectoryGradientProperties::randomCase);
    }

    /** Norm-wise relative difference allowed between the batched and the per-step sums. */
    static final double TOLERANCE = 1e-11;

    @SeededProperty
    @MethodSource("cases")
    void batchedSumsEqualThePerStepSums(Sample<Case> sample) {
        Case c = sample.value();
        SplittableRandom rng = new SplittableRandom(c.seed());
        Architecture arch = c.architecture();
        PolicyParams p = randomParams(arch, rng, c.weightScale());
        LearningRules rules = c.rules().toRules();
        // Two trajectories through one instance: the second reuses the buffers of the first.
        Trajectory first = randomTrajectory(arch, rng, p, c.stale(), c.firstLength());
        Trajectory second = randomTrajectory(arch, rng, p, c.stale(), c.secondLength());

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

    /**
     * The accumulator adds each trajectory straight into its batch; that must be bit for bit what
     * adding the trajectory's own sums to the batch gives (what learners before 2026-12 did, and
     * what their stored batches hold), every vector, scalar, count and diagnostic.
     */
    @SeededProperty
    @MethodSource("cases")
    void addingIntoABatchEqualsAddingTheTrajectorysOwnSumsBitForBit(Sample<Case> sample) {
        Case c = sample.value();
        SplittableRandom rng = new SplittableRandom(c.seed());
        Architecture arch = c.architecture();
        PolicyParams p = randomParams(arch, rng, c.weightScale());
        LearningRules rules = c.rules().toRules();
        Trajectory first = randomTrajectory(arch, rng, p, c.stale(), c.firstLength());
        Trajectory second = randomTrajectory(arch, rng, p, c.stale(), c.secondLength());
        TrajectoryGradient gradient = new TrajectoryGradient(arch);

        GradientSums direct = TrajectoryGradient.emptySums(p, rules);
        gradient.addInPlace(p, rules, first, direct);
        gradient.addInPlace(p, rules, second, direct);

        GradientSums added = TrajectoryGradient.emptySums(p, rules);
        added.plusInPlace(gradient.compute(p, rules, first));
        added.plusInPlace(gradient.compute(p, rules, second));

        GradientSums.Snapshot a = direct.snapshot();
        GradientSums.Snapshot e = added.snapshot();
        assertThat(a.advantageGrad()).containsExactly(e.advantageGrad());
        assertThat(a.weightGrad()).isEqualTo(e.weightGrad());
        assertThat(a.entropyGrad()).isEqualTo(e.entropyGrad());
        assertThat(a.valueGrad()).isEqualTo(e.valueGrad());
        assertThat(a.scalars()).containsExactly(e.scalars());
        assertThat(a.counts()).containsExactly(e.counts());
        assertThat(a.sampleStates()).containsExactly(e.sampleStates());
        assertThat(a.endTimes()).containsExactly(e.endTimes());
        assertThat(a.maxEventTime()).isEqualTo(e.maxEventTime());
        assertThat(a.steps()).isEqualTo(e.steps());
        assertThat(a.trajectories()).isEqualTo(e.trajectories());
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
                sums.diagnostics.sumValueLoss += 0.5 * (v - g[t]) * (v - g[t]);
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
        sums.diagnostics.sumEpisodeReward += tr.totalReward();
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
