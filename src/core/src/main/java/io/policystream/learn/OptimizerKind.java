package io.policystream.learn;

/** The rule that turns a batch gradient g (an ascent direction) into a parameter update. */
public enum OptimizerKind {
    /** Gradient ascent with momentum mu: v &lt;- mu*v + g, theta &lt;- theta + alpha*v. */
    SGD("sgd"),
    /** Adam (Kingma and Ba, 2015) with bias-corrected first and second moments. */
    ADAM("adam");

    private final String wireName;

    OptimizerKind(String wireName) {
        this.wireName = wireName;
    }

    /** The value as written in a configuration file. */
    public String wireName() {
        return wireName;
    }

    /** The value with this wire name, or null when there is none. */
    public static OptimizerKind fromWire(String name) {
        for (OptimizerKind v : values()) {
            if (v.wireName.equals(name)) {
                return v;
            }
        }
        return null;
    }
}
