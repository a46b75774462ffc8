package io.policystream.eval;

/** Why a recorded trajectory was left out of an evaluation. */
public enum SkipReason {
    /** A state's length differs from the target's input size. */
    STATE_SIZE("state-size", "state length differs from the target's input size"),
    /** An action does not fit the target: an index for a gaussian, a vector for a categorical, or out of range. */
    ACTION_SHAPE("action-shape", "action does not fit the target (kind, index or dimension)"),
    /** A step has no behaviour log-probability (NaN), so there is no importance ratio. */
    MISSING_LOG_PROB("missing-log-prob", "a step has no behaviour log-probability"),
    /** A step names no acting version (negative). */
    MISSING_VERSION("missing-version", "a step has no acting policy version"),
    /** The target's log-probability of a logged action is not a number (non-finite params or overflow). */
    TARGET_LOG_PROB("target-log-prob", "the target's log-probability is not a number"),
    /** The episode never completed (timed out with steps missing), so its return is unknown. */
    INCOMPLETE("incomplete", "episode incomplete: steps or its end missing (e.g. cut by the range)");

    private final String code;
    private final String description;

    SkipReason(String code, String description) {
        this.code = code;
        this.description = description;
    }

    /** Short code for tables and JSON. */
    public String code() {
        return code;
    }

    /** One line for a newcomer. */
    public String description() {
        return description;
    }
}
