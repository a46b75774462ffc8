package io.policystream.eval;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.commons.math3.stat.descriptive.rank.Percentile;

/**
 * Runs every estimator of {@link OffPolicyEstimators} on a set of logged trajectories, with weight
 * diagnostics and percentile bootstrap intervals.
 *
 * <p>The bootstrap resamples whole trajectories (they are the independent units; steps within a
 * trajectory are not), and every estimator is recomputed on the same resamples, so their intervals
 * are comparable. With the same seed and the same number of trajectories, two targets are judged on
 * the same resamples too. Quantiles use Commons Math's {@link Percentile} with the R-7 definition
 * (linear interpolation between order statistics, the default of R and numpy).
 */
public final class OffPolicyEvaluator {
    private OffPolicyEvaluator() {
    }

    /**
     * @param trajectories at least one; DR and WDR are computed when every one carries value estimates
     * @param gamma discount in [0, 1]
     * @param bootstrap resamples, seed and level of the intervals
     */
    public static EvaluationReport evaluate(List<LoggedTrajectory> trajectories, double gamma,
                                            BootstrapSettings bootstrap) {
        return evaluate(trajectories, gamma, bootstrap, "no value model: the trajectories carry no value estimates");
    }

    /**
     * As {@link #evaluate(List, double, BootstrapSettings)}, saying {@code noValueReason} for DR and
     * WDR when the trajectories carry no value estimates.
     */
    public static EvaluationReport evaluate(List<LoggedTrajectory> trajectories, double gamma,
                                            BootstrapSettings bootstrap, String noValueReason) {
        OffPolicyEstimators est = new OffPolicyEstimators(trajectories, gamma);
        Map<Estimator, Double> point = est.pointEstimates();
        double[][] replicates = bootstrap.resamples() > 0 ? resample(est, bootstrap) : null;
        List<EstimatorResult> results = new ArrayList<>();
        Map<Estimator, String> unavailable = new EnumMap<>(Estimator.class);
        for (Estimator e : Estimator.values()) {
            Double estimate = point.get(e);
            if (estimate == null) {
                unavailable.put(e, noValueReason);
                continue;
            }
            double lo = Double.NaN;
            double hi = Double.NaN;
            if (replicates != null) {
                double[] interval = percentileInterval(replicates[e.ordinal()], bootstrap.level());
                lo = interval[0];
                hi = interval[1];
            }
            double[] d = est.weightDiagnostics(e);
            results.add(new EstimatorResult(e, estimate, lo, hi, d[0], d[1]));
        }
        return new EvaluationReport(est.size(), gamma, est.behaviourReturn(), results, unavailable, bootstrap);
    }

    /** Per estimator, the B values on resamples drawn with a {@link SplittableRandom} of the seed. */
    private static double[][] resample(OffPolicyEstimators est, BootstrapSettings b) {
        int n = est.size();
        int k = Estimator.values().length;
        double[][] out = new double[k][b.resamples()];
        SplittableRandom rng = new SplittableRandom(b.seed());
        double[] counts = new double[n];
        for (int r = 0; r < b.resamples(); r++) {
            java.util.Arrays.fill(counts, 0.0);
            for (int j = 0; j < n; j++) {
                counts[rng.nextInt(n)] += 1.0;
            }
            double[] values = est.estimates(counts);
            for (int e = 0; e < k; e++) {
                out[e][r] = values[e];
            }
        }
        return out;
    }

    /**
     * The (1-level)/2 and (1+level)/2 quantiles of the finite replicates; NaN when fewer than half
     * are finite, as such an interval would describe the overflow rather than the estimator.
     */
    static double[] percentileInterval(double[] replicates, double level) {
        double[] finite = java.util.Arrays.stream(replicates).filter(Double::isFinite).toArray();
        if (finite.length == 0 || finite.length * 2 < replicates.length) {
            return new double[] {Double.NaN, Double.NaN};
        }
        Percentile p = new Percentile().withEstimationType(Percentile.EstimationType.R_7);
        p.setData(finite);
        double tail = (1.0 - level) / 2.0;
        return new double[] {p.evaluate(100.0 * tail), p.evaluate(100.0 * (1.0 - tail))};
    }
}
