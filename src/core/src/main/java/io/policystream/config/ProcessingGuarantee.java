package io.policystream.config;

/** The Kafka Streams processing guarantee of the learner; the wire names are Kafka's own. */
public enum ProcessingGuarantee {
    /** Every event changes the learned params exactly once, through Kafka transactions. */
    EXACTLY_ONCE_V2("exactly_once_v2"),
    /** After a crash some events may be learned from twice; cheaper. */
    AT_LEAST_ONCE("at_least_once");

    private final String wireName;

    ProcessingGuarantee(String wireName) {
        this.wireName = wireName;
    }

    /** The value as written in a configuration file. */
    public String wireName() {
        return wireName;
    }

    /** The value with this wire name, or null when there is none. */
    public static ProcessingGuarantee fromWire(String name) {
        for (ProcessingGuarantee v : values()) {
            if (v.wireName.equals(name)) {
                return v;
            }
        }
        return null;
    }
}
