package io.policystream.policy;

/** Where a gaussian policy's standard deviation comes from. */
public enum StdMode {
    /** A trainable, state-independent vector {@code logStd}, one entry per action dimension. */
    PARAMETER("parameter"),
    /**
     * A second output head: the last layer has 2n outputs, the last n are the log standard
     * deviation, clamped to [{@value #MIN_LOG_STD}, {@value #MAX_LOG_STD}].
     */
    NETWORK("network");

    /** Lower clamp of a network-produced log standard deviation. */
    public static final double MIN_LOG_STD = -20.0;
    /** Upper clamp of a network-produced log standard deviation. */
    public static final double MAX_LOG_STD = 2.0;

    private final String wireName;

    StdMode(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /** The mode with this wire name, or null when there is none. */
    public static StdMode fromWire(String name) {
        for (StdMode m : values()) {
            if (m.wireName.equals(name)) {
                return m;
            }
        }
        return null;
    }
}
