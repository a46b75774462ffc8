package io.policystream.replay;

/** Told how far a long copy has come; called often, so implementations decide how often to show it. */
@FunctionalInterface
public interface Progress {
    /** Nothing shown. */
    Progress NONE = (done, total) -> { };

    /**
     * @param done records handled so far
     * @param total records expected (an upper bound: transaction markers take offsets too)
     */
    void update(long done, long total);
}
