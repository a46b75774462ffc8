package io.policystream.eval;

/** Which value model the doubly robust estimators use. */
public enum ValueModelChoice {
    /** The target's learned value network when it has one, else a fitted model. */
    AUTO("auto"),
    /** The target's learned value network only (DR and WDR unavailable without one). */
    LEARNED("learned"),
    /** A {@link FittedValueModel}, even when the target has a value network. */
    FITTED("fitted"),
    /** No value model: DR and WDR are not computed. */
    NONE("none");

    private final String code;

    ValueModelChoice(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    /** The choice with this code, or null. */
    public static ValueModelChoice fromCode(String code) {
        for (ValueModelChoice c : values()) {
            if (c.code.equals(code)) {
                return c;
            }
        }
        return null;
    }
}
