package io.policystream.trajectory;

import io.policystream.event.Action;
import java.util.Objects;

/**
 * A completed episode: the steps 0..T of one policy's rollout, with the rewards of each step added
 * up. Immutable: the arrays are copied in, and read through the accessors.
 */
public final class Trajectory {
    private final String policy;
    private final String episode;
    private final double[][] states;
    private final Action[] actions;
    private final double[] logProbs;
    private final long[] versions;
    private final double[] rewards;
    private final Ending ending;
    private final long lastEventTime;

    /**
     * @param states s_t for t = 0..T
     * @param actions u_t
     * @param logProbs log pi_b(u_t | s_t) under the behaviour policy
     * @param versions the params version that chose u_t
     * @param rewards r_t: the step's own reward plus every late reward for that step
     * @param ending how the episode ended
     * @param lastEventTime time of the event that completed it (epoch ms)
     */
    public Trajectory(String policy, String episode, double[][] states, Action[] actions, double[] logProbs,
                      long[] versions, double[] rewards, Ending ending, long lastEventTime) {
        this.policy = Objects.requireNonNull(policy);
        this.episode = Objects.requireNonNull(episode);
        int n = states.length;
        if (n == 0 || actions.length != n || logProbs.length != n || versions.length != n || rewards.length != n) {
            throw new IllegalArgumentException("a trajectory needs at least one step and arrays of equal length");
        }
        this.states = new double[n][];
        for (int t = 0; t < n; t++) {
            this.states[t] = states[t].clone();
        }
        this.actions = actions.clone();
        this.logProbs = logProbs.clone();
        this.versions = versions.clone();
        this.rewards = rewards.clone();
        this.ending = Objects.requireNonNull(ending);
        this.lastEventTime = lastEventTime;
    }

    public String policy() {
        return policy;
    }

    public String episode() {
        return episode;
    }

    /** Number of steps, T + 1. */
    public int length() {
        return states.length;
    }

    /** Copies s_t into {@code dst}. */
    public void copyStateInto(int t, double[] dst) {
        System.arraycopy(states[t], 0, dst, 0, states[t].length);
    }

    /** A copy of s_t. */
    public double[] state(int t) {
        return states[t].clone();
    }

    public int stateSize() {
        return states[0].length;
    }

    public Action action(int t) {
        return actions[t];
    }

    public double logProb(int t) {
        return logProbs[t];
    }

    public long version(int t) {
        return versions[t];
    }

    public double reward(int t) {
        return rewards[t];
    }

    /** A copy of the rewards r_0..r_T. */
    public double[] rewards() {
        return rewards.clone();
    }

    /** The undiscounted return sum_t r_t. */
    public double totalReward() {
        double sum = 0.0;
        for (double r : rewards) {
            sum += r;
        }
        return sum;
    }

    /** The oldest params version that acted in this trajectory. */
    public long oldestVersion() {
        long min = Long.MAX_VALUE;
        for (long v : versions) {
            min = Math.min(min, v);
        }
        return min;
    }

    /** The newest params version that acted in this trajectory. */
    public long newestVersion() {
        long max = Long.MIN_VALUE;
        for (long v : versions) {
            max = Math.max(max, v);
        }
        return max;
    }

    public Ending ending() {
        return ending;
    }

    public long lastEventTime() {
        return lastEventTime;
    }

    @Override
    public String toString() {
        return "Trajectory[" + policy + "/" + episode + " " + length() + " steps " + ending + "]";
    }
}
