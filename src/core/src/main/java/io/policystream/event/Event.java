package io.policystream.event;

import java.util.Arrays;
import java.util.Objects;

/**
 * One event of the wire format: a decision step, or a reward for an earlier step.
 *
 * <p>Immutable. For a {@link EventType#REWARD reward} event {@code state}, {@code action},
 * {@code logProb} and {@code policyVersion} are absent (null, NaN and -1). {@code time} is -1
 * when the event carries none (the Kafka record timestamp is used then).
 *
 * @param type step or reward
 * @param policy the policy that acted
 * @param episode the episode (trajectory) id
 * @param step time index t inside the episode, 0-based
 * @param state observation s_t (step events), null for reward events
 * @param action action u_t (step events), null for reward events
 * @param logProb log pi_b(u_t | s_t) under the behaviour policy (step events), NaN for reward events
 * @param policyVersion version of the params that acted (step events), -1 for reward events
 * @param reward reward r_t carried by this event (added to the other events of the same step)
 * @param done the episode ends here (terminal)
 * @param truncated the episode was cut here (time limit)
 * @param time event time in epoch milliseconds, -1 when absent
 */
public record Event(
        EventType type,
        String policy,
        String episode,
        long step,
        double[] state,
        Action action,
        double logProb,
        long policyVersion,
        double reward,
        boolean done,
        boolean truncated,
        long time) {

    public Event {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(episode, "episode");
        state = state == null ? null : state.clone();
    }

    /** A decision step. */
    public static Event step(String policy, String episode, long step, double[] state, Action action,
                             double logProb, long policyVersion, double reward, boolean done,
                             boolean truncated, long time) {
        return new Event(EventType.STEP, policy, episode, step, state, action, logProb, policyVersion,
                reward, done, truncated, time);
    }

    /** A reward that arrives after its decision; it may also end the episode. */
    public static Event reward(String policy, String episode, long step, double reward, boolean done,
                               boolean truncated, long time) {
        return new Event(EventType.REWARD, policy, episode, step, null, null, Double.NaN, -1L, reward,
                done, truncated, time);
    }

    /** A copy of the state vector (null for reward events). */
    @Override
    public double[] state() {
        return state == null ? null : state.clone();
    }

    /** Component i of the state, without copying. */
    public double state(int i) {
        return state[i];
    }

    /** The state's length, 0 for reward events. */
    public int stateSize() {
        return state == null ? 0 : state.length;
    }

    /** Copies the state into {@code dst} (which must be at least {@link #stateSize()} long). */
    public void copyStateInto(double[] dst) {
        System.arraycopy(state, 0, dst, 0, state.length);
    }

    public boolean isStep() {
        return type == EventType.STEP;
    }

    /** Whether this event marks the end of its episode. */
    public boolean ends() {
        return done || truncated;
    }

    /** The same event with another time (used when the time comes from the record timestamp). */
    public Event withTime(long newTime) {
        return new Event(type, policy, episode, step, state, action, logProb, policyVersion, reward, done,
                truncated, newTime);
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Event e)) {
            return false;
        }
        return type == e.type && step == e.step && policyVersion == e.policyVersion
                && Double.compare(logProb, e.logProb) == 0 && Double.compare(reward, e.reward) == 0
                && done == e.done && truncated == e.truncated && time == e.time
                && policy.equals(e.policy) && episode.equals(e.episode)
                && Arrays.equals(state, e.state) && Objects.equals(action, e.action);
    }

    @Override
    public int hashCode() {
        int h = Objects.hash(type, policy, episode, step, action, logProb, policyVersion, reward, done,
                truncated, time);
        return 31 * h + Arrays.hashCode(state);
    }

    @Override
    public String toString() {
        return "Event[" + type.wireName() + " " + policy + "/" + episode + "#" + step + "]";
    }
}
