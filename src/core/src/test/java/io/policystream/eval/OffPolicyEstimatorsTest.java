package io.policystream.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The estimator formulas on examples small enough to compute by hand. */
class OffPolicyEstimatorsTest {
    // Trajectory A: 2 steps, ratios 2 then 0.5, rewards 1 then 3; B: 1 step, ratio 0.25, reward 4.
    static final LoggedTrajectory A = new LoggedTrajectory(new double[] {Math.log(2), Math.log(0.5)},
            new double[] {1, 3}, new double[] {10, 2}, new double[] {9, 4});
    static final LoggedTrajectory B = new LoggedTrajectory(new double[] {Math.log(0.25)}, new double[] {4},
            new double[] {5}, new double[] {6});
    static final double G = 0.5;

    @Test
    void shouldMatchHandComputedValues() {
        Map<Estimator, Double> e = new OffPolicyEstimators(List.of(A, B), G).pointEstimates();
        // w_A = (2, 1), w_B = (0.25); G_A = 1 + 0.5*3 = 2.5, G_B = 4.
        assertThat(e.get(Estimator.IS)).isCloseTo((1 * 2.5 + 0.25 * 4) / 2, offset(1e-12));
        assertThat(e.get(Estimator.WIS)).isCloseTo((1 * 2.5 + 0.25 * 4) / 1.25, offset(1e-12));
        assertThat(e.get(Estimator.PDIS)).isCloseTo((2 * 1 + 0.5 * 1 * 3 + 0.25 * 4) / 2, offset(1e-12));
        // t=0: weights (2, 0.25); t=1: A's 1 and B absorbed with 0.25.
        double pdwis = (2 * 1 + 0.25 * 4) / 2.25 + 0.5 * (1 * 3) / 1.25;
        assertThat(e.get(Estimator.PDWIS)).isCloseTo(pdwis, offset(1e-12));
        // DR: sum_t g^t [w_t (r_t - Q_t) + w_{t-1} V_t].
        double drA = (2 * (1 - 9) + 1 * 10) + G * (1 * (3 - 4) + 2 * 2);
        double drB = 0.25 * (4 - 6) + 1 * 5;
        assertThat(e.get(Estimator.DR)).isCloseTo((drA + drB) / 2, offset(1e-12));
        double wdr = (2 * (1 - 9) + 0.25 * (4 - 6)) / 2.25 + (10 + 5) / 2.0
                + G * ((1 * (3 - 4)) / 1.25 + (2 * 2) / 2.25);
        assertThat(e.get(Estimator.WDR)).isCloseTo(wdr, offset(1e-12));
    }

    @Test
    void shouldComputeEffectiveSampleSizeAndLargestShare() {
        OffPolicyEstimators est = new OffPolicyEstimators(List.of(A, B), G);
        double[] d = est.weightDiagnostics(Estimator.IS);
        assertThat(d[0]).isCloseTo(1.25 * 1.25 / (1 + 0.0625), offset(1e-12));
        assertThat(d[1]).isCloseTo(1 / 1.25, offset(1e-12));
        double[] pd = est.weightDiagnostics(Estimator.PDIS);
        // t=0 weights (2, 0.25): ESS 2.25^2/4.0625 = 1.246, share 0.889; t=1 (1, 0.25): ESS 1.47, share 0.8.
        assertThat(pd[0]).isCloseTo(2.25 * 2.25 / 4.0625, offset(1e-12));
        assertThat(pd[1]).isCloseTo(2 / 2.25, offset(1e-12));
    }

    @Test
    void shouldStayFiniteWhenLogWeightsWouldOverflowAnExponential() {
        LoggedTrajectory big = new LoggedTrajectory(new double[] {800.0}, new double[] {2.0});
        LoggedTrajectory bigger = new LoggedTrajectory(new double[] {801.0}, new double[] {5.0});
        Map<Estimator, Double> e = new OffPolicyEstimators(List.of(big, bigger), 1.0).pointEstimates();
        double wBig = 1.0 / (1.0 + Math.E);
        assertThat(e.get(Estimator.WIS)).isCloseTo(wBig * 2 + (1 - wBig) * 5, offset(1e-12));
        assertThat(e.get(Estimator.PDWIS)).isCloseTo(e.get(Estimator.WIS), offset(1e-12));
        assertThat(e.get(Estimator.IS)).isInfinite();
    }

    @Test
    void shouldGiveZeroWeightToActionsTheTargetNeverTakes() {
        LoggedTrajectory never = new LoggedTrajectory(new double[] {Double.NEGATIVE_INFINITY}, new double[] {100.0});
        LoggedTrajectory taken = new LoggedTrajectory(new double[] {0.0}, new double[] {1.0});
        Map<Estimator, Double> e = new OffPolicyEstimators(List.of(never, taken), 1.0).pointEstimates();
        assertThat(e.get(Estimator.IS)).isEqualTo(0.5);
        assertThat(e.get(Estimator.WIS)).isEqualTo(1.0);
        assertThat(e.get(Estimator.PDWIS)).isEqualTo(1.0);
    }

    @Test
    void shouldReproduceBootstrapIntervalsWithTheSameSeedOnly() {
        List<LoggedTrajectory> log = ContextualBanditEvaluationTest.log(300, 4).stream()
                .map(tr -> new LoggedTrajectory(new double[] {-0.1 * tr.logProb(0)}, tr.rewards())).toList();
        EvaluationReport a = OffPolicyEvaluator.evaluate(log, 1.0, new BootstrapSettings(200, 42, 0.95));
        EvaluationReport b = OffPolicyEvaluator.evaluate(log, 1.0, new BootstrapSettings(200, 42, 0.95));
        EvaluationReport c = OffPolicyEvaluator.evaluate(log, 1.0, new BootstrapSettings(200, 43, 0.95));
        assertThat(a.results()).isEqualTo(b.results());
        assertThat(a.result(Estimator.IS).ciLow()).isNotEqualTo(c.result(Estimator.IS).ciLow());
        EstimatorResult is = a.result(Estimator.IS);
        assertThat(is.ciLow()).isLessThan(is.estimate());
        assertThat(is.ciHigh()).isGreaterThan(is.estimate());
    }

    @Test
    void shouldRefuseNaNLogRatiosAndMismatchedArrays() {
        assertThatThrownBy(() -> new LoggedTrajectory(new double[] {Double.NaN}, new double[] {1}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("log-ratio");
        assertThatThrownBy(() -> new LoggedTrajectory(new double[] {0, 0}, new double[] {1}))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
