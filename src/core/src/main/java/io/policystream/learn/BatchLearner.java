package io.policystream.learn;

import io.policystream.policy.PolicyParams;
import io.policystream.trajectory.Trajectory;
import java.util.function.LongSupplier;

/**
 * Learns one policy from trajectories in the order they complete: each trajectory's gradient is
 * computed at the current version, {@code batch.trajectories} of them are summed, and the batch
 * becomes the next version. So every gradient of a batch is computed at the version current when
 * the batch started. Trajectories acted more than {@code max.staleness} versions before the
 * current one are dropped and counted. Not thread-safe: one per policy and thread.
 */
public final class BatchLearner {
    private final LearningRules rules;
    private final TrajectoryGradient gradient;
    private final LongSupplier clock;
    private LearnerState state;
    private GradientSums batch;
    private long droppedStale;
    private long skippedUpdates;

    /**
     * @param initial the state to start from (usually {@link LearnerState#initial} of version 0)
     * @param rules the policy's rules
     * @param clock gives each new version its time
     */
    public BatchLearner(LearnerState initial, LearningRules rules, LongSupplier clock) {
        this.state = initial;
        this.rules = rules;
        this.clock = clock;
        this.gradient = new TrajectoryGradient(initial.params().architecture());
    }

    /** What one trajectory did. */
    public enum Outcome {
        /** Too old: dropped and counted. */
        STALE,
        /** Added to the current batch, which is not full yet. */
        BATCHED,
        /** It filled the batch, which became a new version. */
        UPDATED,
        /** It filled the batch, whose update was not finite and was skipped. */
        SKIPPED
    }

    /**
     * Offers a completed trajectory.
     *
     * @return what happened; after {@link Outcome#UPDATED} {@link #params()} is the new version
     */
    public Outcome offer(Trajectory tr) {
        return offerWithResult(tr).outcome();
    }

    /** An outcome with the update's details when there was one. */
    public record Offered(Outcome outcome, UpdateResult update) {
    }

    /** Like {@link #offer}, with the update's result (null unless the batch completed). */
    public Offered offerWithResult(Trajectory tr) {
        PolicyParams p = state.params();
        if (p.version() - tr.oldestVersion() > rules.maxStaleness()) {
            droppedStale++;
            return new Offered(Outcome.STALE, null);
        }
        if (batch == null) {
            batch = TrajectoryGradient.emptySums(p, rules);
        }
        // Summed per trajectory, as the Kafka learner sums the contributions it receives.
        batch.plusInPlace(gradient.compute(p, rules, tr));
        if (batch.trajectories() < rules.batchTrajectories()) {
            return new Offered(Outcome.BATCHED, null);
        }
        UpdateResult r = PolicyUpdater.apply(state, batch, rules, clock.getAsLong());
        batch = null;
        if (!r.applied()) {
            skippedUpdates++;
            return new Offered(Outcome.SKIPPED, r);
        }
        state = r.state();
        return new Offered(Outcome.UPDATED, r);
    }

    /** The latest version. */
    public PolicyParams params() {
        return state.params();
    }

    public LearnerState state() {
        return state;
    }

    /** Trajectories waiting in an incomplete batch. */
    public int pending() {
        return batch == null ? 0 : batch.trajectories();
    }

    public long droppedStale() {
        return droppedStale;
    }

    public long skippedUpdates() {
        return skippedUpdates;
    }
}
