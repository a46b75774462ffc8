package io.policystream.serve;

/**
 * A reward for a step acted earlier: {@code POST /v1/reward}.
 *
 * @param episode the episode
 * @param step the step the reward is for, or null for the last step acted in the episode
 * @param reward the reward
 * @param done the episode ends here (terminal)
 * @param truncated the episode was cut here (time limit)
 * @param policy the episode's policy, or null to use the one remembered from its acts
 */
public record RewardRequest(String episode, Long step, double reward, boolean done, boolean truncated,
                            String policy) {
    /** Whether this reward ends its episode. */
    public boolean ends() {
        return done || truncated;
    }
}
