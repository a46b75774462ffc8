package io.policystream.eval;

import static io.policystream.eval.EvalFixtures.gaussian;
import static io.policystream.eval.EvalFixtures.mean;
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
 * A continuous-action bandit: behaviour N(0, 1), target N(0.5, 0.3^2), reward -(u - c)^2 plus noise,
 * so the target's value is -((mu - c)^2 + sigma^2) in closed form. The target's density exceeds 1
 * near its mean (peak 1/(0.3 sqrt(2 pi)) = 1.33), so ratios must come from log-densities.
 */
class GaussianEvaluationTest {
    static final double C = 0.8;
    static final double MU = 0.5;
    static final double SIGMA = 0.3;

    static double truth() {
        return -((MU - C) * (MU - C) + SIGMA * SIGMA);
    }

    static List<Trajectory> log(int n, long seed) {
        PolicyParams b = gaussian("reach", 0, 0.0, 1.0);
        PolicyNetwork net = new PolicyNetwork(b.architecture());
        PolicyNetwork.Workspace ws = net.newWorkspace();
        SplittableRandom rng = new SplittableRandom(seed);
        double[] s = {1.0};
        List<Trajectory> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            PolicyNetwork.Sample u = net.sample(b, s, rng, ws);
            double x = ((Action.Continuous) u.action()).get(0);
            double r = -(x - C) * (x - C) + 0.1 * rng.nextGaussian();
            out.add(EvalFixtures.trajectory("reach", "e" + i, new double[][] {s}, new Action[] {u.action()},
                    new double[] {u.logProb()}, new double[] {r}));
        }
        return out;
    }

    @Test
    void shouldUseLogDensitiesAboveZeroForANarrowTarget() {
        TargetPolicy target = new TargetPolicy(gaussian("reach", 1, MU, SIGMA));
        double logDensityAtMean = target.logProb(new double[] {1.0}, new Action.Continuous(new double[] {MU}));
        assertThat(logDensityAtMean).isCloseTo(-Math.log(SIGMA) - 0.5 * Math.log(2 * Math.PI),
                org.assertj.core.data.Offset.offset(1e-12)).isPositive();
        double[] ratios = target.logRatios(log(1000, 2).get(0));
        assertThat(ratios).hasSize(1);
        long above = log(1000, 2).stream().mapToDouble(tr -> target.logRatios(tr)[0]).filter(l -> l > 0).count();
        assertThat(above).as("actions whose density ratio exceeds 1").isGreaterThan(100);
    }

    @Test
    void shouldCoverTheClosedFormValueOfAGaussianTarget() {
        TargetEvaluation ev = PolicyEvaluation.evaluate(gaussian("reach", 1, MU, SIGMA), log(20_000, 9),
                new EvaluationSettings(1.0, BootstrapSettings.of(3), ValueModelChoice.FITTED));
        for (EstimatorResult r : ev.report().results()) {
            assertThat(r.covers(truth())).as("%s %s covers %s", r.estimator(), r, truth()).isTrue();
        }
        // Behaviour N(0,1) averages -(0.8^2 + 1) = -1.64: the estimates must have moved away from it.
        assertThat(ev.report().behaviourReturn()).isCloseTo(-1.64, org.assertj.core.data.Offset.offset(0.05));
    }

    @Test
    void shouldBeUnbiasedForAGaussianTargetAcrossSeeds() {
        PolicyParams target = gaussian("reach", 1, MU, SIGMA);
        int seeds = 200;
        double[] is = new double[seeds];
        double[] wis = new double[seeds];
        for (int k = 0; k < seeds; k++) {
            EvaluationReport r = PolicyEvaluation.evaluate(target, log(200, 100 + k),
                    new EvaluationSettings(1.0, BootstrapSettings.none(), ValueModelChoice.NONE)).report();
            is[k] = r.result(Estimator.IS).estimate() - truth();
            wis[k] = r.result(Estimator.WIS).estimate() - truth();
        }
        System.out.printf("gaussian, %d logs of 200: mean error IS %.4f (se %.4f); variance IS %.4f WIS %.4f%n",
                seeds, mean(is), standardError(is), variance(is), variance(wis));
        assertThat(Math.abs(mean(is))).isLessThan(3 * standardError(is));
        assertThat(variance(wis)).isLessThan(variance(is));
    }
}
