package io.policystream.eval;

/**
 * A percentile bootstrap: {@code resamples} times, draw n trajectories with replacement from the n
 * recorded ones, recompute every estimator on the draw; the interval is the (1-level)/2 and
 * (1+level)/2 quantiles of the recomputed values (Efron and Tibshirani 1993, ch. 13).
 *
 * @param resamples number of bootstrap resamples B; 0 computes point estimates only
 * @param seed seed of the resampling, so an interval can be reproduced exactly
 * @param level confidence level in (0, 1), e.g. 0.95
 */
public record BootstrapSettings(int resamples, long seed, double level) {
    /** Default number of resamples. */
    public static final int DEFAULT_RESAMPLES = 1000;
    /** Default confidence level. */
    public static final double DEFAULT_LEVEL = 0.95;

    public BootstrapSettings {
        if (resamples < 0) {
            throw new IllegalArgumentException("resamples must be >= 0, not " + resamples);
        }
        if (!(level > 0.0 && level < 1.0)) {
            throw new IllegalArgumentException("level must be in (0, 1), not " + level);
        }
    }

    /** {@value #DEFAULT_RESAMPLES} resamples at level 0.95 with this seed. */
    public static BootstrapSettings of(long seed) {
        return new BootstrapSettings(DEFAULT_RESAMPLES, seed, DEFAULT_LEVEL);
    }

    /** Point estimates only. */
    public static BootstrapSettings none() {
        return new BootstrapSettings(0, 0L, DEFAULT_LEVEL);
    }
}
