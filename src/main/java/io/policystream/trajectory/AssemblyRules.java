package io.policystream.trajectory;

/**
 * How one policy's episodes are assembled.
 *
 * @param rewardGraceMs after an episode is complete, how long late rewards are still counted
 *     before the trajectory is emitted (0: emitted at once)
 * @param episodeTimeoutMs an episode with no new event for this long is closed; a closed
 *     episode's tombstone is kept as long again, to refuse its late events
 * @param dropOnTimeout drop a timed-out episode instead of closing it as truncated
 * @param maxEpisodeSteps an episode longer than this is cut at this many steps
 */
public record AssemblyRules(long rewardGraceMs, long episodeTimeoutMs, boolean dropOnTimeout, int maxEpisodeSteps) {

    /** The rules of a policy's configuration. */
    public static AssemblyRules from(io.policystream.config.PolicyConfig c) {
        return new AssemblyRules(c.rewardGraceMs(), c.episodeTimeoutMs(),
                c.onTimeout() == io.policystream.config.TimeoutAction.DROP, c.maxEpisodeSteps());
    }

    public AssemblyRules {
        if (rewardGraceMs < 0 || episodeTimeoutMs <= 0 || maxEpisodeSteps < 1) {
            throw new IllegalArgumentException("invalid assembly rules");
        }
    }
}
