package io.policystream.sim;

import io.policystream.event.Action;
import io.policystream.policy.Distribution;

import java.util.random.RandomGenerator;

/**
 * A simulated episodic environment, in the manner of Gymnasium: {@link #reset} starts an episode,
 * {@link #step} advances it until the result is {@link StepResult#done() done}.
 *
 * <p>An environment holds the state of one episode and is not thread-safe. Its randomness comes only
 * from the generator given to {@link #reset} (and, for environments with noisy rewards, is drawn from
 * that generator during the episode), so a seeded generator reproduces an episode exactly.
 */
public interface Environment {

    /** The name {@link Environments#create} knows it by. */
    String name();

    /** Length of an observation. */
    int observationSize();

    /** Categorical for discrete actions, gaussian for continuous ones. */
    Distribution actionKind();

    /** Number of actions (categorical) or action dimensions (gaussian). */
    int actionSize();

    /** Starts a new episode and returns its first observation s_0. */
    double[] reset(RandomGenerator rng);

    /**
     * Applies an action to the current state.
     *
     * @throws IllegalArgumentException when the action does not fit {@link #actionKind()} and {@link #actionSize()}
     * @throws IllegalStateException before {@link #reset} or after the episode is done
     */
    StepResult step(Action action);
}
