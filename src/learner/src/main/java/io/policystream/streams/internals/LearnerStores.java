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
    /**
     * No data: a hook that runs in each commit of an assembly task, writing the episodes changed in
     * memory since the last commit to the two episode stores ({@link EpisodeStoreCommit}).
     */
    public static final String EPISODE_COMMIT = "episode-commit";
    /**
     * The assembly's, before the writer computed the gradients: episode id to a trajectory that
     * waited for its actor's params version. Read once at start and sent on to the writer.
     */
    public static final String WAITING_TRAJECTORIES = "waiting-trajectories";
    /**
     * The assembly's, before the writer computed the gradients: episode id to a trajectory whose
     * gradient was in a partial sum not sent yet. Read once at start and sent on to the writer.
     */
    public static final String PARTIAL_TRAJECTORIES = "partial-trajectories";
    /** Policy id to the update's state: params, optimiser moments, running baseline. */
    public static final String LEARNER_STATE = "learner-state";
    /**
     * Policy id to the gradient sums of the batch being filled, as learners wrote it before the
     * writer computed the gradients; read when present, then deleted with its batch.
     */
    public static final String PENDING_BATCHES = "pending-batches";
    /** (policy, position) to the trajectories of the batch being filled, in the order they came. */
    public static final String PENDING_TRAJECTORIES = "pending-trajectories";
    /** Episode id to a trajectory that waits for the params version its actor used (the writer's). */
    public static final String WRITER_WAITING_TRAJECTORIES = "writer-waiting-trajectories";

    /** The stores of the policies' writer application; the others (but the global params) are the assembly's. */
    public static final java.util.Set<String> WRITER = java.util.Set.of(LEARNER_STATE, PENDING_BATCHES,
            PENDING_TRAJECTORIES, WRITER_WAITING_TRAJECTORIES);

    private LearnerStores() {
    }
}
