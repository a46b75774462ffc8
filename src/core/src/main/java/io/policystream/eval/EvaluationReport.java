package io.policystream.eval;

import java.util.List;
import java.util.Map;

/**
 * The estimates of one target policy's value from one set of trajectories.
 *
 * @param trajectories number of trajectories the estimates use
 * @param gamma the discount
 * @param behaviourReturn the behaviour policy's observed average return (1/n) sum_i G_i, for comparison
 * @param results one result per available estimator, in {@link Estimator} order
 * @param unavailable estimators that could not be computed, with the reason (e.g. no value model)
 * @param bootstrap how the intervals were computed
 */
public record EvaluationReport(int trajectories, double gamma, double behaviourReturn, List<EstimatorResult> results,
                               Map<Estimator, String> unavailable, BootstrapSettings bootstrap) {

    public EvaluationReport {
        results = List.copyOf(results);
        unavailable = Map.copyOf(unavailable);
    }

    /** The result of one estimator, or null when it is unavailable. */
    public EstimatorResult result(Estimator e) {
        for (EstimatorResult r : results) {
            if (r.estimator() == e) {
                return r;
            }
        }
        return null;
    }

    /** The results whose effective sample size is below {@code minEss}: too few effective trajectories to trust. */
    public List<EstimatorResult> lowEffectiveSampleSize(double minEss) {
        return results.stream().filter(r -> !(r.effectiveSampleSize() >= minEss)).toList();
    }
}
