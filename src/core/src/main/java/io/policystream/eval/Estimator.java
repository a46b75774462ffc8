package io.policystream.eval;

/**
 * The off-policy estimators of the value J(pi_e) = E_{pi_e}[sum_t gamma^t r_t] of a target policy
 * pi_e from trajectories acted by a behaviour policy pi_b. Formulas are in {@link OffPolicyEstimators}.
 */
public enum Estimator {
    /** Ordinary (trajectory-wise) importance sampling. */
    IS("is", "IS", false),
    /** Weighted (self-normalised) importance sampling. */
    WIS("wis", "WIS", false),
    /** Per-decision importance sampling (Precup, Sutton and Singh 2000). */
    PDIS("pdis", "PDIS", false),
    /** Per-decision weighted importance sampling, normalised at each time step. */
    PDWIS("pdwis", "PDWIS", false),
    /** Doubly robust (Jiang and Li 2016). */
    DR("dr", "DR", true),
    /** Weighted doubly robust (Thomas and Brunskill 2016). */
    WDR("wdr", "WDR", true);

    private final String code;
    private final String label;
    private final boolean needsValueModel;

    Estimator(String code, String label, boolean needsValueModel) {
        this.code = code;
        this.label = label;
        this.needsValueModel = needsValueModel;
    }

    /** Lower-case name used in JSON output. */
    public String code() {
        return code;
    }

    /** Name for a table. */
    public String label() {
        return label;
    }

    /** Whether the estimator needs value estimates V(s_t) and Q(s_t, u_t). */
    public boolean needsValueModel() {
        return needsValueModel;
    }

    /** Whether the estimator normalises its weights (biased but consistent, lower variance). */
    public boolean weighted() {
        return this == WIS || this == PDWIS || this == WDR;
    }
}
