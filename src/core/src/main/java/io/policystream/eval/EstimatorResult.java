package io.policystream.eval;

/**
 * One estimator's estimate of the target policy's value.
 *
 * @param estimator which estimator
 * @param estimate the point estimate over all trajectories; not finite when the weights overflow
 * @param ciLow lower end of the percentile bootstrap interval (NaN without a bootstrap)
 * @param ciHigh upper end of the percentile bootstrap interval (NaN without a bootstrap)
 * @param effectiveSampleSize Kish's (sum w)^2 / sum w^2 of the weights the estimator uses (for
 *     per-decision estimators the smallest over time steps)
 * @param maxWeightShare max w / sum w of the same weights (for per-decision estimators the
 *     largest over time steps): near 1, one trajectory decides the estimate
 */
public record EstimatorResult(Estimator estimator, double estimate, double ciLow, double ciHigh,
                              double effectiveSampleSize, double maxWeightShare) {

    /** Whether the interval was computed. */
    public boolean hasInterval() {
        return !Double.isNaN(ciLow) && !Double.isNaN(ciHigh);
    }

    /** Whether {@code value} lies in the closed interval [ciLow, ciHigh]. */
    public boolean covers(double value) {
        return hasInterval() && ciLow <= value && value <= ciHigh;
    }
}
