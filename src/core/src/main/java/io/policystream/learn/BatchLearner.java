package io.policystream.learn;

import io.policystream.policy.PolicyParams;
import io.policystream.trajectory.Trajectory;
import java.util.function.LongSupplier;

/**
 * Learns one policy from trajectories in the order they complete, as offline training does: each
 * trajectory is admitted and its gradient offered by the policy's {@link UpdateAccumulator} (the
 * same decisions as the Kafka learner's), computed at the current version. So every gradient of a
 * batch is computed at the version current when the batch started. Not thread-safe: one per policy
 * and thread.
 */
public final class BatchLearner {
    private final UpdateAccumulator accumulator;
    private final TrajectoryGradient gradient;
    private final LongSupplier clock;
    private long droppedStale;
    private long unusable;
    private long skippedUpdates;

    /**
     * @param initial the state to start from (usually {@link LearnerState#initial} of version 0)
     * @param rules the policy's rules
     * @param clock gives each new version its time
     */
    public BatchLearner(LearnerState initial, LearningRules rules, LongSupplier clock) {
        this.accumulator = new UpdateAccumulator(initial, null, rules);
        this.clock = clock;
        this.gradient = new TrajectoryGradient(initial.params().architecture());
    }

    /**
     * Offers a completed trajectory.
     *
     * @return what happened; after {@link UpdateAccumulator.Outcome#UPDATED} {@link #params()} is the new version
     */
    public UpdateAccumulator.Outcome offer(Trajectory tr) {
        return offerWithResult(tr).outcome();
    }

    /** Like {@link #offer}, with the update's result (null unless the batch completed). */
    public UpdateAccumulator.Offered offerWithResult(Trajectory tr) {
        UpdateAccumulator.Offered o = accumulator.offer(tr, gradient, clock.getAsLong(), false);
        switch (o.outcome()) {
            case STALE -> droppedStale++;
            case UNUSABLE -> unusable++;
            case SKIPPED -> skippedUpdates++;
            default -> { }
        }
        return o;
    }

    /** The latest version. */
    public PolicyParams params() {
        return accumulator.state().params();
    }

    public LearnerState state() {
        return accumulator.state();
    }

    /** Trajectories waiting in an incomplete batch. */
    public int pending() {
        return accumulator.pendingTrajectories();
    }

    public long droppedStale() {
        return droppedStale;
    }

    /** Trajectories whose gradient could not be computed (they do not fit the policy). */
    public long unusable() {
        return unusable;
    }

    public long skippedUpdates() {
        return skippedUpdates;
    }
}
