package io.policystream.policy;

/** The action distribution of a policy's head. */
public enum Distribution {
    /** Discrete actions: softmax over the logits. */
    CATEGORICAL("categorical"),
    /** Continuous actions: a diagonal gaussian around the network's output. */
    GAUSSIAN("gaussian");

    private final String wireName;

    Distribution(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /** The distribution with this wire name, or null when there is none. */
    public static Distribution fromWire(String name) {
        for (Distribution d : values()) {
            if (d.wireName.equals(name)) {
                return d;
            }
        }
        return null;
    }
}
