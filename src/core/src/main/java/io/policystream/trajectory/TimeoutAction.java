package io.policystream.trajectory;

/** What becomes of an episode that received no event for the inactivity timeout. */
public enum TimeoutAction {
    /** Close it as truncated at its last step and learn from it. */
    TRUNCATE("truncate"),
    /** Discard it. */
    DROP("drop");

    private final String wireName;

    TimeoutAction(String wireName) {
        this.wireName = wireName;
    }

    /** The value as written in a configuration file. */
    public String wireName() {
        return wireName;
    }

    /** The value with this wire name, or null when there is none. */
    public static TimeoutAction fromWire(String name) {
        for (TimeoutAction v : values()) {
            if (v.wireName.equals(name)) {
                return v;
            }
        }
        return null;
    }
}
