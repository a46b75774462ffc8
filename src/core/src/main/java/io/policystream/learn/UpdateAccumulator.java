package io.policystream.learn;

import io.policystream.policy.PolicyParams;
import io.policystream.trajectory.Trajectory;
import java.util.ArrayList;
import java.util.List;

/**
 * Every learning decision about one policy, in one place: whether a trajectory is learned from
 * ({@link #admit}), how gradient contributions fill a batch, when the batch becomes the next
 * version, and when a version published by someone else (init, promote, rollback) replaces the
 * learner's own. Offline training ({@link BatchLearner}) and the Kafka learner's processors both
 * decide through it; the processors only move its records and keep its state in stores.
 *
 * <p>Pure and not thread-safe: one per policy and thread.
 */
public final class UpdateAccumulator {
    /** What to do with a completed trajectory, given the params version at hand. */
    public enum Admission {
        /** Compute its gradient now, at the params at hand. */
        COMPUTE,
        /** Its actor used a newer version than the one at hand: wait for it (online only). */
        WAIT,
        /** Acted more than {@code max.staleness} versions before the one at hand: dropped and counted. */
        STALE
    }

    /** What one offered trajectory or gradient contribution did. */
    public enum Outcome {
        /** Acted by a newer version than the state's: offer it again later (see {@link Admission#WAIT}). */
        WAIT,
        /** Too old: dropped and counted (see {@link Admission#STALE}). */
        STALE,
        /** Does not fit the policy's network or rules (see {@link Offered#problem}): dropped and counted. */
        UNUSABLE,
        /** Added to the current batch, which is not full yet. */
        BATCHED,
        /** It filled the batch, which became a new version. */
        UPDATED,
        /** It filled the batch, whose update was not finite and was skipped. */
        SKIPPED
    }

    /**
     * An outcome with the update's details when there was one.
     *
     * @param update the batch's result after {@link Outcome#UPDATED} or {@link Outcome#SKIPPED}, else null
     * @param problem why it was {@link Outcome#UNUSABLE}, else null
     */
    public record Offered(Outcome outcome, UpdateResult update, String problem) {
        static final Offered WAIT = new Offered(Outcome.WAIT, null, null);
        static final Offered STALE = new Offered(Outcome.STALE, null, null);
        static final Offered BATCHED = new Offered(Outcome.BATCHED, null, null);
        static final Offered OTHER_SHAPE = new Offered(Outcome.UNUSABLE, null,
                "gradient sums computed for another architecture or other rules");
    }

    private final LearningRules rules;
    private LearnerState state;
    /** The batch being filled, or null when it is empty. */
    private GradientSums batch;
    /** The batch's trajectories after {@link #batch} whose sums a pool is computing, in their order. */
    private final List<GradientPool.Computing> computing = new ArrayList<>();

    /**
     * @param state the policy's state: its current version, optimiser moments and baseline
     * @param pending the incomplete batch to go on filling, or null for an empty one
     * @param rules the policy's rules
     */
    public UpdateAccumulator(LearnerState state, GradientSums pending, LearningRules rules) {
        this.state = state;
        this.batch = pending;
        this.rules = rules;
    }

    /**
     * Decides about a completed trajectory at params version {@code current}.
     *
     * @param mayWait whether the trajectory may still wait for its actor's version (false offline,
     *     and online once it has waited its longest): then a trajectory from a newer version than
     *     {@code current} is computed at {@code current}
     */
    public static Admission admit(long current, Trajectory tr, LearningRules rules, boolean mayWait) {
        if (mayWait && current < tr.newestVersion()) {
            return Admission.WAIT;
        }
        if (current - tr.oldestVersion() > rules.maxStaleness()) {
            return Admission.STALE;
        }
        return Admission.COMPUTE;
    }

    /**
     * Learns from a completed trajectory: {@link #admit admits} it at the state's version, computes
     * its gradient there with {@code gradient} (the policy's architecture) and {@link #offer(GradientSums,
     * long) offers} it. What offline training and the Kafka writer both do with each trajectory.
     *
     * @param mayWait as for {@link #admit}: false offline, and online once the trajectory waited its longest
     */
    public Offered offer(Trajectory tr, TrajectoryGradient gradient, long time, boolean mayWait) {
        return offer(tr, gradient, null, time, mayWait);
    }

    /**
     * {@link #offer(Trajectory, TrajectoryGradient, long, boolean)}, with the gradients of the
     * batch's first trajectories computed by {@code pool} while the caller goes on: a trajectory that
     * does not complete the batch is handed to the pool and reported {@link Outcome#BATCHED}; the one
     * that completes it adds their sums in the order they came, then its own (computed with
     * {@code gradient}), so the version is bit for bit the one of computing them one by one.
     * Whatever cannot be learned from is found {@link TrajectoryGradient#problem before} it is handed
     * over and reported {@link Outcome#UNUSABLE} at once.
     *
     * @param pool the pool, or null to compute every gradient on the caller's thread
     */
    public Offered offer(Trajectory tr, TrajectoryGradient gradient, GradientPool pool, long time, boolean mayWait) {
        PolicyParams p = state.params();
        Admission admission = admit(p.version(), tr, rules, mayWait);
        if (admission != Admission.COMPUTE) {
            return admission == Admission.WAIT ? Offered.WAIT : Offered.STALE;
        }
        String problem = TrajectoryGradient.problem(p, rules, tr);
        if (problem != null) {
            // States of another size happen when a version of another architecture was adopted while
            // the trajectory was on its way.
            return new Offered(Outcome.UNUSABLE, null, problem);
        }
        if (pool != null && pendingTrajectories() + 1 < rules.batchTrajectories()) {
            computing.add(pool.submit(p, rules, tr));
            return Offered.BATCHED;
        }
        GradientSums b = joinComputing();
        // Added straight into the batch (exactly what computing its own sums and adding them would add).
        try {
            gradient.addInPlace(p, rules, tr, b);
        } catch (IllegalArgumentException e) {
            batch = b.trajectories() > 0 ? b : batch;
            return new Offered(Outcome.UNUSABLE, null, e.getMessage());
        }
        return settle(b, time);
    }

    /** The batch with the sums of the trajectories still being computed added, in their order. */
    private GradientSums joinComputing() {
        GradientSums b = batch != null ? batch : TrajectoryGradient.emptySums(state.params(), rules);
        try {
            for (GradientPool.Computing c : computing) {
                c.addInto(b);
            }
        } catch (IllegalArgumentException e) {
            // TrajectoryGradient.problem admits only what computes: this is a defect, not bad input.
            throw new IllegalStateException("a trajectory admitted to the batch failed to compute: "
                    + e.getMessage(), e);
        } finally {
            computing.clear();
        }
        return b;
    }

    /**
     * Adds the gradient sums of one or more trajectories to the batch. Once the batch holds
     * {@code batch.trajectories} trajectories it is applied: the state becomes the next version
     * ({@link Outcome#UPDATED}), or stays when the update is not finite ({@link Outcome#SKIPPED});
     * either way the next batch starts empty.
     *
     * @param time the new version's time
     */
    public Offered offer(GradientSums contribution, long time) {
        GradientSums b = joinComputing();
        try {
            b.plusInPlace(contribution);
        } catch (IllegalArgumentException e) {
            return Offered.OTHER_SHAPE;
        }
        return settle(b, time);
    }

    /** Keeps the batch {@code b} while it is short of {@code batch.trajectories}, else applies it. */
    private Offered settle(GradientSums b, long time) {
        if (b.trajectories() < rules.batchTrajectories()) {
            batch = b;
            return Offered.BATCHED;
        }
        batch = null;
        UpdateResult r = PolicyUpdater.apply(state, b, rules, time);
        if (!r.applied()) {
            return new Offered(Outcome.SKIPPED, r, null);
        }
        state = r.state();
        return new Offered(Outcome.UPDATED, r, null);
    }

    /**
     * Adopts a version published by someone else when it is newer than the state's: the params are
     * replaced, the optimiser state kept, and the incomplete batch (computed at older params) dropped.
     *
     * @return whether it was adopted
     */
    public boolean adopt(PolicyParams published) {
        if (published == null || published.version() <= state.params().version()) {
            return false;
        }
        state = state.withParams(published);
        batch = null;
        computing.forEach(GradientPool.Computing::cancel);
        computing.clear();
        return true;
    }

    /** The current version with its optimiser state. */
    public LearnerState state() {
        return state;
    }

    /** The incomplete batch (its gradients still being computed added first), or null when it is empty. */
    public GradientSums pending() {
        if (!computing.isEmpty()) {
            batch = joinComputing();
        }
        return batch;
    }

    /** Trajectories in the incomplete batch, those still being computed included. */
    public int pendingTrajectories() {
        return (batch == null ? 0 : batch.trajectories()) + computing.size();
    }

    public LearningRules rules() {
        return rules;
    }
}
