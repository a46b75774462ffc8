package io.policystream.trajectory;

import io.policystream.event.Event;
import java.util.function.BiConsumer;

/**
 * Where the assembler keeps open episodes: a map in memory for the offline trainer, a persistent
 * Kafka Streams state store for the learner, which keeps the steps in chunks of a bounded number
 * of step indices so that every write costs O(1) whatever the episode's length.
 */
public interface EpisodeStore {

    EpisodeHeader header(String episode);

    void putHeader(String episode, EpisodeHeader header);

    void deleteHeader(String episode);

    /** The step event with index t, or null. */
    Event step(String episode, int t);

    void putStep(String episode, int t, Event step);

    /**
     * Stores the step event with index t unless the episode already has one: then returns that one
     * and stores nothing. Returns null when it stored {@code step}. A store may do this in one look-up.
     */
    default Event putStepIfAbsent(String episode, int t, Event step) {
        Event existing = step(episode, t);
        if (existing == null) {
            putStep(episode, t, step);
        }
        return existing;
    }

    /** The late rewards of step t, or null. */
    RewardTally rewards(String episode, int t);

    void putRewards(String episode, int t, RewardTally tally);

    /**
     * The step events and late rewards of indices 0..maxIndex in one read, for closing an
     * episode; null where nothing arrived.
     */
    default Contents contents(String episode, int maxIndex) {
        Event[] steps = new Event[maxIndex + 1];
        RewardTally[] rewards = new RewardTally[maxIndex + 1];
        for (int t = 0; t <= maxIndex; t++) {
            steps[t] = step(episode, t);
            rewards[t] = rewards(episode, t);
        }
        return new Contents(steps, rewards);
    }

    /** What {@link #contents} read: index t holds step t's event and late rewards, or null. */
    record Contents(Event[] steps, RewardTally[] rewards) {
    }

    /** Removes the steps and rewards with indices 0..maxIndex (the header stays). */
    void deleteSteps(String episode, int maxIndex);

    /** Visits every header, in a deterministic order. Visitors may put and delete entries. */
    void forEachHeader(BiConsumer<String, EpisodeHeader> visitor);
}
