package io.policystream.streams.internals;

import io.policystream.learn.GradientSums;
import io.policystream.trajectory.Trajectory;

/**
 * A record of the learner's internal topic (named {@code <application.id>-gradients}), from the
 * assembly to the policy's single writer: a completed trajectory, whose gradient the writer computes
 * at its current version. Learners before 2026-12 sent gradient sums computed in the partitions
 * instead; the writer still reads those, so an upgrade loses nothing in flight.
 */
public sealed interface WriterInput permits WriterInput.Closed, WriterInput.Sums {
    /** The policy the record is for (the record's key). */
    String policy();

    /** A completed trajectory. */
    record Closed(Trajectory trajectory) implements WriterInput {
        @Override
        public String policy() {
            return trajectory.policy();
        }
    }

    /** Gradient sums computed by an earlier learner in a partition's task. */
    record Sums(GradientSums sums) implements WriterInput {
        @Override
        public String policy() {
            return sums.policy();
        }
    }
}
