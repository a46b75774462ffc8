package io.policystream.sim;

import java.util.Arrays;

/**
 * What one step of an environment returns.
 *
 * @param observation the state s_{t+1} after the action
 * @param reward the reward r_t for the action taken at step t
 * @param terminated the episode reached a terminal state (no future rewards to bootstrap)
 * @param truncated the episode was cut by a time limit, not by reaching a terminal state
 */
public record StepResult(double[] observation, double reward, boolean terminated, boolean truncated) {

    public StepResult {
        observation = observation.clone();
    }

    /** A copy of the observation. */
    @Override
    public double[] observation() {
        return observation.clone();
    }

    /** Whether the episode is over, for either reason. */
    public boolean done() {
        return terminated || truncated;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StepResult s && Arrays.equals(observation, s.observation)
                && Double.compare(reward, s.reward) == 0 && terminated == s.terminated && truncated == s.truncated;
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(observation) + Double.hashCode(reward) + (terminated ? 2 : 0) + (truncated ? 1 : 0);
    }

    @Override
    public String toString() {
        return "StepResult[observation=" + Arrays.toString(observation) + ", reward=" + reward
                + ", terminated=" + terminated + ", truncated=" + truncated + "]";
    }
}
