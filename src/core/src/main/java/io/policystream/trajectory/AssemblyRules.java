package io.policystream.trajectory;

/**
 * How one policy's episodes are assembled, and the limits that bound the state a policy's
 * episodes may hold.
 *
 * @param rewardGraceMs after an episode is complete, how long late rewards are still counted
 *     before the trajectory is emitted (0: emitted at once)
 * @param episodeTimeoutMs an episode with no new event for this long is closed; a closed
 *     episode's tombstone is kept as long again, to refuse its late events
 * @param dropOnTimeout drop a timed-out episode instead of closing it as truncated
 * @param maxEpisodeSteps an episode longer than this is cut at this many steps
 * @param maxOpenEpisodes the most episodes of the policy held open at once by one assembler; the
 *     first event of another is refused
 * @param maxRewardsPerStep the most distinct late reward events one step accepts; later ones are
 *     refused, so a step's reward tally cannot grow without bound
 */
public record AssemblyRules(long rewardGraceMs, long episodeTimeoutMs, boolean dropOnTimeout, int maxEpisodeSteps,
                            int maxOpenEpisodes, int maxRewardsPerStep) {
    /** Open episodes allowed when no limit is given: the configuration's default. */
    public static final int DEFAULT_MAX_OPEN_EPISODES = 100_000;
    /** Late rewards per step allowed when no limit is given: the configuration's default. */
    public static final int DEFAULT_MAX_REWARDS_PER_STEP = 100;

    /** Rules with the default limits on open episodes and late rewards per step. */
    public AssemblyRules(long rewardGraceMs, long episodeTimeoutMs, boolean dropOnTimeout, int maxEpisodeSteps) {
        this(rewardGraceMs, episodeTimeoutMs, dropOnTimeout, maxEpisodeSteps, DEFAULT_MAX_OPEN_EPISODES,
                DEFAULT_MAX_REWARDS_PER_STEP);
    }

    public AssemblyRules {
        if (rewardGraceMs < 0 || episodeTimeoutMs <= 0 || maxEpisodeSteps < 1 || maxOpenEpisodes < 1
                || maxRewardsPerStep < 1) {
            throw new IllegalArgumentException("invalid assembly rules");
        }
    }
}
