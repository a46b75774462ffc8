package io.policystream.serve;

/**
 * What was recorded for a {@link RewardRequest}.
 *
 * @param policy the policy the reward event names
 * @param episode the episode
 * @param step the step the reward was recorded for
 * @param ended whether the episode ended (and was forgotten)
 */
public record RewardResult(String policy, String episode, long step, boolean ended) {
}
