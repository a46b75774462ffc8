package io.policystream.eval;

/**
 * What the estimators need of one recorded trajectory, steps t = 0..T: the per-step log importance
 * ratio {@code log pi_e(u_t|s_t) - log pi_b(u_t|s_t)}, the reward r_t, and optionally a value
 * model's estimates V(s_t) and Q(s_t, u_t).
 *
 * <p>Ratios are kept as logarithms: a gaussian policy's log-density can be positive (a density may
 * exceed 1), and products of many ratios overflow or underflow long before their logarithm does.
 * A log-ratio of minus infinity is allowed: the target never takes that action, and the
 * trajectory's weight is exactly 0 from that step on.
 * Immutable: arrays are copied in; the estimators in this package read them directly.
 */
public final class LoggedTrajectory {
    final double[] logRatios;
    final double[] rewards;
    final double[] values;
    final double[] actionValues;

    /**
     * A trajectory without value estimates (for IS, WIS, PDIS and PDWIS).
     *
     * @param logRatios log pi_e(u_t|s_t) - log pi_b(u_t|s_t) per step, finite or minus infinity
     * @param rewards r_t per step, finite
     */
    public LoggedTrajectory(double[] logRatios, double[] rewards) {
        this(logRatios, rewards, null, null);
    }

    /**
     * @param logRatios log pi_e(u_t|s_t) - log pi_b(u_t|s_t) per step, finite or minus infinity
     * @param rewards r_t per step, finite
     * @param values V(s_t) per step, or null
     * @param actionValues Q(s_t, u_t) per step, or null (null exactly when values is null)
     */
    public LoggedTrajectory(double[] logRatios, double[] rewards, double[] values, double[] actionValues) {
        int n = logRatios.length;
        if (n == 0 || rewards.length != n) {
            throw new IllegalArgumentException("a trajectory needs at least one step and one reward per step");
        }
        if ((values == null) != (actionValues == null)
                || (values != null && (values.length != n || actionValues.length != n))) {
            throw new IllegalArgumentException("values and action values must both be given, one per step");
        }
        for (int t = 0; t < n; t++) {
            if (Double.isNaN(logRatios[t]) || logRatios[t] == Double.POSITIVE_INFINITY) {
                throw new IllegalArgumentException("log-ratio at step " + t + " is " + logRatios[t]);
            }
        }
        requireFinite(rewards, "reward");
        if (values != null) {
            requireFinite(values, "value");
            requireFinite(actionValues, "action value");
        }
        this.logRatios = logRatios.clone();
        this.rewards = rewards.clone();
        this.values = values == null ? null : values.clone();
        this.actionValues = actionValues == null ? null : actionValues.clone();
    }

    /** The same steps with a value model's estimates V(s_t) and Q(s_t, u_t). */
    public LoggedTrajectory withValues(double[] newValues, double[] newActionValues) {
        return new LoggedTrajectory(logRatios, rewards, newValues, newActionValues);
    }

    /** Number of steps, T + 1. */
    public int length() {
        return logRatios.length;
    }

    public double logRatio(int t) {
        return logRatios[t];
    }

    public double reward(int t) {
        return rewards[t];
    }

    public boolean hasValues() {
        return values != null;
    }

    /** V(s_t); only when {@link #hasValues()}. */
    public double value(int t) {
        return values[t];
    }

    /** Q(s_t, u_t); only when {@link #hasValues()}. */
    public double actionValue(int t) {
        return actionValues[t];
    }

    /** The discounted return sum_t gamma^t r_t. */
    public double discountedReturn(double gamma) {
        double g = 0.0;
        double discount = 1.0;
        for (double r : rewards) {
            g += discount * r;
            discount *= gamma;
        }
        return g;
    }

    private static void requireFinite(double[] xs, String what) {
        for (int t = 0; t < xs.length; t++) {
            if (!Double.isFinite(xs[t])) {
                throw new IllegalArgumentException(what + " at step " + t + " is not finite: " + xs[t]);
            }
        }
    }
}
