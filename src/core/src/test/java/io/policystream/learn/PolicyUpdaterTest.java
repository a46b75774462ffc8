package io.policystream.learn;

import static org.assertj.core.api.Assertions.assertThat;

import io.policystream.event.Action;
import io.policystream.policy.Activation;
import io.policystream.policy.Architecture;
import io.policystream.policy.Initializer;
import io.policystream.policy.PolicyParams;
import io.policystream.trajectory.Ending;
import io.policystream.trajectory.Trajectory;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class PolicyUpdaterTest {
    private static final Architecture ARCH = Architecture.categorical(2, List.of(3), 2, Activation.TANH);
    private final PolicyParams p0 = Initializer.initialize("p", ARCH, 1, 0);

    private static Trajectory trajectory(double reward) {
        return new Trajectory("p", "e", new double[][] {{0.5, -0.5}, {0.1, 0.2}},
                new Action[] {new Action.Discrete(0), new Action.Discrete(1)}, new double[] {-0.7, -0.7},
                new long[2], new double[] {reward, 1.0}, Ending.DONE, 0);
    }

    @Test
    void shouldSkipANonFiniteUpdateAndKeepTheParams() {
        LearningRules rules = LearningRules.vanilla(0.1, 1);
        GradientSums sums = new TrajectoryGradient(ARCH).compute(p0, rules, trajectory(Double.POSITIVE_INFINITY));
        UpdateResult r = PolicyUpdater.apply(LearnerState.initial(p0), sums, rules, 5);
        assertThat(r.applied()).isFalse();
        assertThat(r.skipReason()).contains("non-finite");
        assertThat(r.state().params()).isSameAs(p0);
    }

    @Test
    void shouldSumPartsToTheWholeBatchExactlyEnough() {
        LearningRules rules = LearningRules.defaults();
        TrajectoryGradient g = new TrajectoryGradient(ARCH);
        GradientSums whole = TrajectoryGradient.emptySums(p0, rules);
        GradientSums left = TrajectoryGradient.emptySums(p0, rules);
        GradientSums right = TrajectoryGradient.emptySums(p0, rules);
        for (int i = 0; i < 6; i++) {
            GradientSums one = g.compute(p0, rules, trajectory(i - 2.5));
            whole.plusInPlace(one);
            (i < 3 ? left : right).plusInPlace(one);
        }
        left.plusInPlace(right);
        UpdateResult a = PolicyUpdater.apply(LearnerState.initial(p0), whole, rules, 1);
        UpdateResult b = PolicyUpdater.apply(LearnerState.initial(p0), left, rules, 1);
        double[] ta = a.state().params().copyTheta();
        double[] tb = b.state().params().copyTheta();
        for (int k = 0; k < ta.length; k++) {
            assertThat(Math.abs(ta[k] - tb[k])).isLessThan(1e-12 * Math.max(1, Math.abs(ta[k])));
        }
        assertThat(a.state().params().trajectories()).isEqualTo(6);
    }

    @Test
    void shouldMoveTheRunningMeanBaselineAfterEachBatch() {
        LearningRules rules = LearningRules.defaults().withBaseline(BaselineKind.MEAN, false);
        TrajectoryGradient g = new TrajectoryGradient(ARCH);
        LearnerState s = LearnerState.initial(p0);
        UpdateResult r1 = PolicyUpdater.apply(s, g.compute(p0, rules, trajectory(3.0)), rules, 1);
        // reward-to-go with gamma 0.99: G = [3 + 0.99, 1]; the first batch sets b to their mean.
        assertThat(r1.state().baselineMean()).isCloseTo((3.99 + 1.0) / 2, org.assertj.core.data.Offset.offset(1e-12));
        PolicyParams p1 = r1.state().params();
        UpdateResult r2 = PolicyUpdater.apply(r1.state(), g.compute(p1, rules, trajectory(1.0)), rules, 2);
        double expected = 0.9 * 2.495 + 0.1 * ((1.99 + 1.0) / 2);
        assertThat(r2.state().baselineMean()).isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(r2.state().step()).isEqualTo(2);
    }

    @Test
    void shouldLearnTheFirstBatchWithBZeroAndTheSecondWithTheMeanItSet() {
        // docs/configuration.md (baseline.decay): the first batch is learned with b = 0, the next with b.
        LearningRules mean = LearningRules.defaults().withBaseline(BaselineKind.MEAN, false);
        LearningRules none = LearningRules.defaults().withBaseline(BaselineKind.NONE, false);
        TrajectoryGradient g = new TrajectoryGradient(ARCH);
        UpdateResult withMean = PolicyUpdater.apply(LearnerState.initial(p0), g.compute(p0, mean, trajectory(3.0)),
                mean, 1);
        UpdateResult withNone = PolicyUpdater.apply(LearnerState.initial(p0), g.compute(p0, none, trajectory(3.0)),
                none, 1);
        assertThat(withMean.state().params().copyTheta()).containsExactly(withNone.state().params().copyTheta());

        PolicyParams p1 = withMean.state().params();
        UpdateResult second = PolicyUpdater.apply(withMean.state(), g.compute(p1, mean, trajectory(1.0)), mean, 2);
        UpdateResult secondNone = PolicyUpdater.apply(withMean.state(), g.compute(p1, none, trajectory(1.0)), none, 2);
        assertThat(Arrays.equals(second.state().params().copyTheta(),
                secondNone.state().params().copyTheta())).as("the second batch uses b").isFalse();
    }

    @Test
    void shouldClipTheGradientToTheConfiguredNorm() {
        LearningRules rules = LearningRules.vanilla(0.1, 1).withClipNorm(1e-3);
        GradientSums sums = new TrajectoryGradient(ARCH).compute(p0, rules, trajectory(100.0));
        UpdateResult r = PolicyUpdater.apply(LearnerState.initial(p0), sums, rules, 5);
        assertThat(r.gradientNorm()).isGreaterThan(1e-3);
        assertThat(r.clippedNorm()).isEqualTo(1e-3);
        double[] before = p0.copyTheta();
        double[] after = r.state().params().copyTheta();
        double moved = 0;
        for (int k = 0; k < before.length; k++) {
            moved += (after[k] - before[k]) * (after[k] - before[k]);
        }
        assertThat(Math.sqrt(moved)).isCloseTo(0.1 * 1e-3, org.assertj.core.data.Offset.offset(1e-12));
    }
}
