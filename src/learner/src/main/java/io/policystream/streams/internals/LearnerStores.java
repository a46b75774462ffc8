package io.policystream.streams.internals;

/**
 * Names of the learner's state stores. They name changelog topics too: never rename one under a
 * running deployment.
 */
public final class LearnerStores {
    /** Global: policy id to the latest params JSON of the params topic. */
    public static final String PARAMS = "params";
    /** Episode id to its assembly header. */
    public static final String EPISODE_HEADERS = "episode-headers";
    /** (episode, chunk) to the step events and late rewards of 32 consecutive steps. */
    public static final String EPISODE_CHUNKS = "episode-chunks";
    /** Episode id to a trajectory that waits for the params version its actor used. */
    public static final String WAITING_TRAJECTORIES = "waiting-trajectories";
    /** Episode id to a trajectory whose gradient is in a partial sum not sent yet (gradient.preaggregate). */
    public static final String PARTIAL_TRAJECTORIES = "partial-trajectories";
    /** Policy id to the update's state: params, optimiser moments, running baseline. */
    public static final String LEARNER_STATE = "learner-state";
    /** Policy id to the gradient sums of the batch being filled. */
    public static final String PENDING_BATCHES = "pending-batches";

    /** The stores of the policies' writer application; the others (but the global params) are the assembly's. */
    public static final java.util.Set<String> WRITER = java.util.Set.of(LEARNER_STATE, PENDING_BATCHES);

    private LearnerStores() {
    }
}
