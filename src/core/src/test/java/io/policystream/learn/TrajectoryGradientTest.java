package io.policystream.learn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.policystream.event.Action;
import io.policystream.policy.Activation;
import io.policystream.policy.Architecture;
import io.policystream.policy.PolicyParams;
import io.policystream.trajectory.Ending;
import io.policystream.trajectory.Trajectory;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TrajectoryGradientTest {
    private static final Architecture ARCH = Architecture.categorical(4, List.of(16, 16), 3, Activation.TANH);

    @Test
    void shouldLeaveNoPartialGradientBehindWhenATrajectoryFails() {
        SplittableRandom rng = new SplittableRandom(11);
        PolicyParams p = BatchedTrajectoryGradientProperties.randomParams(ARCH, rng, 0.8);
        Trajectory good = BatchedTrajectoryGradientProperties.randomTrajectory(ARCH, rng, p, true, 70);
        Trajectory bad = withActionAt(good, 50, new Action.Discrete(ARCH.actionSize()));
        LearningRules rules = LearningRules.defaults().withEntropy(0.1);

        TrajectoryGradient reused = new TrajectoryGradient(ARCH);
        assertThatThrownBy(() -> reused.compute(p, rules, bad)).isInstanceOf(IllegalArgumentException.class);
        GradientSums afterFailure = reused.compute(p, rules, good);
        GradientSums fresh = new TrajectoryGradient(ARCH).compute(p, rules, good);

        assertThat(afterFailure.advantageGrad).containsExactly(fresh.advantageGrad);
        assertThat(afterFailure.weightGrad).containsExactly(fresh.weightGrad);
        assertThat(afterFailure.entropyGrad).containsExactly(fresh.entropyGrad);
    }

    @Test
    void shouldLeaveABatchAsItWasWhenATrajectoryAddedToItFails() {
        SplittableRandom rng = new SplittableRandom(12);
        PolicyParams p = BatchedTrajectoryGradientProperties.randomParams(ARCH, rng, 0.8);
        Trajectory good = BatchedTrajectoryGradientProperties.randomTrajectory(ARCH, rng, p, true, 70);
        Trajectory bad = withActionAt(good, 50, new Action.Discrete(ARCH.actionSize()));
        LearningRules rules = LearningRules.defaults().withEntropy(0.1);
        TrajectoryGradient gradient = new TrajectoryGradient(ARCH);
        GradientSums batch = TrajectoryGradient.emptySums(p, rules);
        gradient.addInPlace(p, rules, good, batch);
        GradientSums.Snapshot before = batch.snapshot();

        assertThatThrownBy(() -> gradient.addInPlace(p, rules, bad, batch))
                .isInstanceOf(IllegalArgumentException.class);

        GradientSums.Snapshot after = batch.snapshot();
        assertThat(after.advantageGrad()).containsExactly(before.advantageGrad());
        assertThat(after.weightGrad()).containsExactly(before.weightGrad());
        assertThat(after.entropyGrad()).containsExactly(before.entropyGrad());
        assertThat(after.scalars()).containsExactly(before.scalars());
        assertThat(after.counts()).containsExactly(before.counts());
        assertThat(after.trajectories()).isEqualTo(1);
    }

    @Test
    void shouldRefuseSumsOfAnotherShape() {
        SplittableRandom rng = new SplittableRandom(13);
        PolicyParams p = BatchedTrajectoryGradientProperties.randomParams(ARCH, rng, 0.8);
        Architecture wider = Architecture.categorical(4, List.of(16, 17), 3, Activation.TANH);
        PolicyParams other = BatchedTrajectoryGradientProperties.randomParams(wider, rng, 0.8);
        Trajectory good = BatchedTrajectoryGradientProperties.randomTrajectory(ARCH, rng, p, false, 10);
        LearningRules rules = LearningRules.defaults();

        assertThatThrownBy(() -> new TrajectoryGradient(ARCH).addInPlace(p, rules, good,
                TrajectoryGradient.emptySums(other, rules)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("different shapes");
    }

    private static Trajectory withActionAt(Trajectory tr, int at, Action a) {
        int n = tr.length();
        double[][] states = new double[n][];
        Action[] actions = new Action[n];
        double[] lps = new double[n];
        long[] versions = new long[n];
        for (int t = 0; t < n; t++) {
            states[t] = tr.state(t);
            actions[t] = t == at ? a : tr.action(t);
            lps[t] = tr.logProb(t);
            versions[t] = tr.version(t);
        }
        return new Trajectory(tr.policy(), tr.episode(), states, actions, lps, versions, tr.rewards(), Ending.DONE, 0);
    }
}
