package io.policystream.learn;

import static org.assertj.core.api.Assertions.assertThat;

import io.policystream.event.Action;
import io.policystream.policy.Activation;
import io.policystream.policy.Architecture;
import io.policystream.policy.PolicyParams;
import io.policystream.policy.StdMode;
import io.policystream.testkit.ReferencePolicy;
import io.policystream.trajectory.Ending;
import io.policystream.trajectory.Trajectory;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The spec's vanilla update, theta_{v+1} = theta_v + alpha (1/m) sum_i sum_t grad log pi(u_t|s_t) R(tau_i),
 * against numbers computed by {@link ReferencePolicy}, which shares no code with production.
 */
class VanillaUpdateTest {
    private static final double ALPHA = 0.05;

    private static final ReferencePolicy CATEGORICAL = new ReferencePolicy(
            new double[][] {{0.1, -0.2, 0.3}, {0.4, 0.5, -0.6}},
            new double[] {0.01, -0.02},
            new double[][] {{0.7, -0.8}, {-0.9, 1.0}, {0.25, 0.5}},
            new double[] {0.03, 0.0, -0.03},
            null);

    private static final ReferencePolicy GAUSSIAN = new ReferencePolicy(
            new double[][] {{0.2, -0.1}, {-0.3, 0.4}, {0.05, 0.6}},
            new double[] {0.0, 0.1, -0.1},
            new double[][] {{0.5, -0.4, 0.3}, {-0.2, 0.1, 0.9}},
            new double[] {0.02, -0.01},
            new double[] {-0.5, 0.2});

    @Test
    void shouldMatchTheSpecFormulaForACategoricalPolicy() {
        Architecture arch = Architecture.categorical(3, List.of(2), 3, Activation.TANH);
        PolicyParams p0 = new PolicyParams("cp", 0, arch, CATEGORICAL.flat(), null, 0, 0, 0);
        double[][][] states = {
            {{0.1, 0.2, -0.3}, {0.0, -0.5, 0.5}, {1.0, 0.3, 0.2}},
            {{-0.4, 0.1, 0.9}, {0.3, 0.3, 0.3}},
        };
        int[][] actions = {{0, 2, 1}, {1, 1}};
        double[][] rewards = {{1.0, 0.5, -0.25}, {2.0, -1.0}};

        double[] step = specStep(states.length, rewards, (i, t) -> CATEGORICAL.categoricalGradient(states[i][t], actions[i][t]));
        double[] expected = plus(CATEGORICAL.flat(), step);

        BatchLearner learner = new BatchLearner(LearnerState.initial(p0), LearningRules.vanilla(ALPHA, 2), () -> 7L);
        for (int i = 0; i < states.length; i++) {
            Action[] acts = new Action[actions[i].length];
            for (int t = 0; t < acts.length; t++) {
                acts[t] = new Action.Discrete(actions[i][t]);
            }
            UpdateAccumulator.Outcome o = learner.offer(trajectory(states[i], acts, rewards[i]));
            assertThat(o).isEqualTo(i == 0 ? UpdateAccumulator.Outcome.BATCHED : UpdateAccumulator.Outcome.UPDATED);
        }
        assertUpdate(learner.params(), expected, step);
        assertThat(learner.params().trajectories()).isEqualTo(2);
        assertThat(learner.params().steps()).isEqualTo(5);
    }

    @Test
    void shouldMatchTheSpecFormulaForAGaussianPolicy() {
        Architecture arch = Architecture.gaussian(2, List.of(3), 2, Activation.TANH, StdMode.PARAMETER);
        PolicyParams p0 = new PolicyParams("pend", 0, arch, GAUSSIAN.flat(), null, 0, 0, 0);
        double[][][] states = {{{0.3, -0.7}, {0.1, 0.2}}, {{-1.0, 0.5}}, {{0.4, 0.4}, {0.0, 0.9}, {-0.2, -0.2}}};
        double[][][] actions = {{{0.5, -1.0}, {1.5, 0.2}}, {{-0.3, 0.3}}, {{0.0, 0.0}, {2.0, -2.0}, {0.1, 0.7}}};
        double[][] rewards = {{-1.0, -0.5}, {-3.0}, {-0.1, -0.2, -0.3}};

        double[] step = specStep(states.length, rewards, (i, t) -> GAUSSIAN.gaussianGradient(states[i][t], actions[i][t]));
        double[] expected = plus(GAUSSIAN.flat(), step);

        BatchLearner learner = new BatchLearner(LearnerState.initial(p0), LearningRules.vanilla(ALPHA, 3), () -> 7L);
        for (int i = 0; i < states.length; i++) {
            Action[] acts = new Action[actions[i].length];
            for (int t = 0; t < acts.length; t++) {
                acts[t] = new Action.Continuous(actions[i][t]);
            }
            learner.offer(trajectory(states[i], acts, rewards[i]));
        }
        assertThat(learner.params().version()).isEqualTo(1);
        assertUpdate(learner.params(), expected, step);
    }

    /**
     * The spec's step alpha (1/m) sum_i sum_t grad log pi(u_t|s_t) R(tau_i), with the reference's
     * gradient of step t of trajectory i.
     */
    private static double[] specStep(int m, double[][] rewards,
                                     java.util.function.BiFunction<Integer, Integer, double[]> gradient) {
        double[] step = null;
        for (int i = 0; i < m; i++) {
            double r = 0;
            for (double x : rewards[i]) {
                r += x;
            }
            for (int t = 0; t < rewards[i].length; t++) {
                double[] g = gradient.apply(i, t);
                if (step == null) {
                    step = new double[g.length];
                }
                for (int k = 0; k < g.length; k++) {
                    step[k] += ALPHA / m * g[k] * r;
                }
            }
        }
        return step;
    }

    private static double[] plus(double[] a, double[] b) {
        double[] c = a.clone();
        for (int k = 0; k < c.length; k++) {
            c[k] += b[k];
        }
        return c;
    }

    /** Every number within 1e-9 of the update's size. */
    static void assertUpdate(PolicyParams actual, double[] expected, double[] step) {
        double size = 0;
        for (double s : step) {
            size = Math.max(size, Math.abs(s));
        }
        assertThat(size).isGreaterThan(1e-4);
        double[] theta = actual.copyTheta();
        assertThat(theta).hasSize(expected.length);
        for (int k = 0; k < expected.length; k++) {
            assertThat(Math.abs(theta[k] - expected[k])).as("theta[%d]", k).isLessThanOrEqualTo(1e-9 * size);
        }
    }

    private static Trajectory trajectory(double[][] states, Action[] actions, double[] rewards) {
        int n = states.length;
        double[] lps = new double[n];
        java.util.Arrays.fill(lps, -1.0);
        return new Trajectory("p", "e", states, actions, lps, new long[n], rewards, Ending.DONE, 0);
    }
}
