package io.policystream.learn;

/** The baseline b subtracted from a return: the advantage is A_t = G_t - b. */
public enum BaselineKind {
    /** b = 0. */
    NONE("none"),
    /**
     * A running mean of returns: the first batch sets b = mean(G) (and is learned with b = 0), each
     * later one b &lt;- d*b + (1-d)*mean(G) after it, d = baseline.decay.
     */
    MEAN("mean"),
    /** b = V_phi(s_t), a learned state-value network. */
    VALUE("value");

    private final String wireName;

    BaselineKind(String wireName) {
        this.wireName = wireName;
    }

    /** The value as written in a configuration file. */
    public String wireName() {
        return wireName;
    }

    /** The value with this wire name, or null when there is none. */
    public static BaselineKind fromWire(String name) {
        for (BaselineKind v : values()) {
            if (v.wireName.equals(name)) {
                return v;
            }
        }
        return null;
    }
}
