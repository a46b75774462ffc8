package io.policystream.event;

/** What an event says: a decision step, or a reward that arrives after its decision. */
public enum EventType {
    STEP("step"),
    REWARD("reward");

    private final String wireName;

    EventType(String wireName) {
        this.wireName = wireName;
    }

    /** The name used in the event JSON's {@code type} field. */
    public String wireName() {
        return wireName;
    }

    /** The type with this wire name, or null when there is none. */
    public static EventType fromWire(String name) {
        for (EventType t : values()) {
            if (t.wireName.equals(name)) {
                return t;
            }
        }
        return null;
    }
}
