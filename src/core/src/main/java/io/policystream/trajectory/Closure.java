package io.policystream.trajectory;

/**
 * An episode the assembler closed.
 *
 * @param policy the episode's policy
 * @param episode the episode id
 * @param kind why it closed
 * @param trajectory what to learn from, or null when the episode was dropped
 * @param stepsLost steps that had arrived but are not in the trajectory (after a gap, at a timeout)
 */
public record Closure(String policy, String episode, Kind kind, Trajectory trajectory, int stepsLost) {

    /** Why an episode closed. */
    public enum Kind {
        /** All steps 0..T arrived (and the reward grace, if any, ended). */
        COMPLETED,
        /** Idle for the timeout: closed as truncated with the steps that arrived in order. */
        TIMED_OUT,
        /** Idle for the timeout and dropped (on.timeout=drop, or no step 0 had arrived). */
        DROPPED
    }
}
