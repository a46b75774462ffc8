package io.policystream.eval;

import static io.policystream.eval.EvalFixtures.categorical;
import static io.policystream.eval.EvalFixtures.mean;
import static io.policystream.eval.EvalFixtures.oneHot;
import static io.policystream.eval.EvalFixtures.standardError;
import static io.policystream.eval.EvalFixtures.variance;
import static org.assertj.core.api.Assertions.assertThat;

import io.policystream.event.Action;
import io.policystream.policy.PolicyNetwork;
import io.policystream.policy.PolicyParams;
import io.policystream.trajectory.Trajectory;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A contextual bandit with 3 one-hot contexts and 3 arms, a softmax behaviour policy and a target
 * with known probabilities; its value is sum_c p(c) sum_a pi_e(a|c) mu(c,a) in closed form. Both
 * policies are real params acting through {@link PolicyNetwork}.
 */
class ContextualBanditEvaluationTest {
    static final double[][] BEHAVIOUR = {{0.5, 0.3, 0.2}, {0.2, 0.5, 0.3}, {1.0 / 3, 1.0 / 3, 1.0 / 3}};
    static final double[][] TARGET = {{0.1, 0.2, 0.7}, {0.6, 0.3, 0.1}, {0.2, 0.2, 0.6}};
    static final double[][] MEAN_REWARD = {{1.0, 0.0, 2.0}, {0.5, 1.5, -1.0}, {0.0, 1.0, 3.0}};
    static final double NOISE = 0.5;
    static final int CONTEXTS = 3;

    static double truth() {
        double v = 0.0;
        for (int c = 0; c < CONTEXTS; c++) {
            for (int a = 0; a < 3; a++) {
                v += TARGET[c][a] * MEAN_REWARD[c][a] / CONTEXTS;
            }
        }
        return v;
    }

    /** n one-step trajectories acted by the behaviour policy. */
    static List<Trajectory> log(int n, long seed) {
        PolicyParams b = categorical("bandit", 0, BEHAVIOUR);
        PolicyNetwork net = new PolicyNetwork(b.architecture());
        PolicyNetwork.Workspace ws = net.newWorkspace();
        SplittableRandom rng = new SplittableRandom(seed);
        List<Trajectory> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int c = rng.nextInt(CONTEXTS);
            double[] s = oneHot(c, CONTEXTS);
            PolicyNetwork.Sample u = net.sample(b, s, rng, ws);
            int a = ((Action.Discrete) u.action()).index();
            double r = MEAN_REWARD[c][a] + NOISE * rng.nextGaussian();
            out.add(EvalFixtures.trajectory("bandit", "e" + i, new double[][] {s}, new Action[] {u.action()},
                    new double[] {u.logProb()}, new double[] {r}));
        }
        return out;
    }

    @Test
    void shouldCoverTheTrueValueWithEveryEstimatorOnALargeLog() {
        double truth = truth();
        TargetEvaluation ev = PolicyEvaluation.evaluate(categorical("bandit", 1, TARGET), log(20_000, 7),
                new EvaluationSettings(1.0, BootstrapSettings.of(11), ValueModelChoice.AUTO));

        EvaluationReport report = ev.report();
        assertThat(report.trajectories()).isEqualTo(20_000);
        assertThat(report.results()).extracting(EstimatorResult::estimator).containsExactly(Estimator.values());
        for (EstimatorResult r : report.results()) {
            assertThat(r.covers(truth)).as("%s %s covers %s", r.estimator(), r, truth).isTrue();
            assertThat(r.ciHigh() - r.ciLow()).as("%s interval width", r.estimator()).isLessThan(0.15);
        }
        // The target is far from the behaviour policy here: its value differs from what was observed.
        assertThat(Math.abs(report.behaviourReturn() - truth)).isGreaterThan(0.3);
    }

    @Test
    void shouldBeUnbiasedForIsAndPdisAndHaveLowerVarianceWithWis() {
        double truth = truth();
        PolicyParams target = categorical("bandit", 1, TARGET);
        int seeds = 200;
        double[] is = new double[seeds];
        double[] wis = new double[seeds];
        double[] pdis = new double[seeds];
        double[] dr = new double[seeds];
        for (int k = 0; k < seeds; k++) {
            EvaluationReport r = PolicyEvaluation.evaluate(target, log(200, 1000 + k),
                    new EvaluationSettings(1.0, BootstrapSettings.none(), ValueModelChoice.FITTED)).report();
            is[k] = r.result(Estimator.IS).estimate() - truth;
            wis[k] = r.result(Estimator.WIS).estimate() - truth;
            pdis[k] = r.result(Estimator.PDIS).estimate() - truth;
            dr[k] = r.result(Estimator.DR).estimate() - truth;
        }
        System.out.printf("bandit, %d logs of 200: mean error IS %.4f (se %.4f), PDIS %.4f (se %.4f), "
                        + "DR-fitted %.4f (se %.4f); variance IS %.4f WIS %.4f DR-fitted %.4f%n", seeds, mean(is),
                standardError(is), mean(pdis), standardError(pdis), mean(dr), standardError(dr), variance(is),
                variance(wis), variance(dr));
        assertThat(Math.abs(mean(is))).isLessThan(3 * standardError(is));
        assertThat(Math.abs(mean(pdis))).isLessThan(3 * standardError(pdis));
        assertThat(Math.abs(mean(dr))).isLessThan(3 * standardError(dr));
        assertThat(variance(wis)).isLessThan(variance(is));
        // A one-step bandit: PDIS is IS.
        assertThat(pdis).containsExactly(is, org.assertj.core.data.Offset.offset(1e-12));
    }
}
