package io.policystream.trajectory;

/** How a trajectory ended. */
public enum Ending {
    /** A step with {@code done}: a terminal state. */
    DONE,
    /** A step with {@code truncated}: cut by the environment's time limit. */
    TRUNCATED,
    /** No event for {@code episode.timeout.ms}: closed with the steps that had arrived in order. */
    TIMED_OUT,
    /** Longer than {@code max.episode.steps}: cut at that length. */
    CUT
}
