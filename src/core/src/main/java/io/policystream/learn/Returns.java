package io.policystream.learn;

/** The return G_t credited to the action u_t of a trajectory with rewards r_0..r_T. */
public enum Returns {
    /** G_t = sum_{k=0..T} gamma^k r_k, the same for every step t: the design's R(tau). */
    TOTAL("total"),
    /** G_t = sum_{k=t..T} gamma^(k-t) r_k: only the rewards from step t on. */
    REWARD_TO_GO("reward-to-go");

    private final String wireName;

    Returns(String wireName) {
        this.wireName = wireName;
    }

    /** The value as written in a configuration file. */
    public String wireName() {
        return wireName;
    }

    /** The value with this wire name, or null when there is none. */
    public static Returns fromWire(String name) {
        for (Returns v : values()) {
            if (v.wireName.equals(name)) {
                return v;
            }
        }
        return null;
    }
}
