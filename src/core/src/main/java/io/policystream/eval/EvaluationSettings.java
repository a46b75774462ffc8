package io.policystream.eval;

/**
 * How to evaluate a target.
 *
 * @param gamma discount of the estimated value sum_t gamma^t r_t, in [0, 1]
 * @param bootstrap resamples, seed and level of the intervals
 * @param valueModel which value model DR and WDR use
 */
public record EvaluationSettings(double gamma, BootstrapSettings bootstrap, ValueModelChoice valueModel) {
    public EvaluationSettings {
        if (!(gamma >= 0.0 && gamma <= 1.0)) {
            throw new IllegalArgumentException("gamma must be in [0, 1], not " + gamma);
        }
        java.util.Objects.requireNonNull(bootstrap, "bootstrap");
        java.util.Objects.requireNonNull(valueModel, "valueModel");
    }
}
