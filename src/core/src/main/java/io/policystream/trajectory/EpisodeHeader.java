package io.policystream.trajectory;

/**
 * What the assembler knows about one episode besides its steps. Times are kept in two clocks, the
 * events' time (stream time) and the wall clock of the machine that processed them, so that a
 * quiet topic still closes episodes (wall clock) and a replay of old events does not close them
 * all at once (stream time).
 *
 * @param policy the policy of the episode's events
 * @param stepsPresent how many distinct step events have arrived
 * @param maxIndex the largest step index any event of the episode named (steps or rewards)
 * @param endStep the index T of the step that ends the episode, -1 while unknown
 * @param ending how it ends, null while unknown
 * @param lastEventTime stream time of the latest event
 * @param lastWallTime wall clock when the latest event was processed
 * @param completeEventTime stream time when the episode became complete, -1 before
 * @param completeWallTime wall clock when it became complete, -1 before
 * @param closed whether the trajectory was emitted or dropped: a tombstone that refuses later events
 * @param seen for a tombstone, the sorted fingerprints of every event the episode had, so that a
 *     late exact duplicate is still recognised as one; empty while open
 */
public record EpisodeHeader(String policy, int stepsPresent, int maxIndex, int endStep, Ending ending,
                            long lastEventTime, long lastWallTime, long completeEventTime, long completeWallTime,
                            boolean closed, long[] seen) {

    private static final long[] NONE = new long[0];

    public EpisodeHeader {
        seen = seen == null ? NONE : seen.clone();
    }

    @Override
    public long[] seen() {
        return seen.clone();
    }

    /** Whether a tombstone remembers an event with this fingerprint. */
    public boolean hasSeen(long fingerprint) {
        return java.util.Arrays.binarySearch(seen, fingerprint) >= 0;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EpisodeHeader h && policy.equals(h.policy) && stepsPresent == h.stepsPresent
                && maxIndex == h.maxIndex && endStep == h.endStep && ending == h.ending
                && lastEventTime == h.lastEventTime && lastWallTime == h.lastWallTime
                && completeEventTime == h.completeEventTime && completeWallTime == h.completeWallTime
                && closed == h.closed && java.util.Arrays.equals(seen, h.seen);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(policy, stepsPresent, maxIndex, endStep, lastEventTime, closed);
    }

    /** A header for an episode's first event. */
    static EpisodeHeader open(String policy, long eventTime, long wallTime) {
        return new EpisodeHeader(policy, 0, -1, -1, null, eventTime, wallTime, -1L, -1L, false, NONE);
    }

    /** Whether every step 0..T has arrived and T is known. */
    public boolean isComplete() {
        return endStep >= 0 && stepsPresent == endStep + 1;
    }

    EpisodeHeader touched(long eventTime, long wallTime) {
        return new EpisodeHeader(policy, stepsPresent, maxIndex, endStep, ending,
                Math.max(lastEventTime, eventTime), Math.max(lastWallTime, wallTime), completeEventTime,
                completeWallTime, closed, seen);
    }

    EpisodeHeader withStep(int index) {
        return new EpisodeHeader(policy, stepsPresent + 1, Math.max(maxIndex, index), endStep, ending,
                lastEventTime, lastWallTime, completeEventTime, completeWallTime, closed, seen);
    }

    EpisodeHeader withIndex(int index) {
        return new EpisodeHeader(policy, stepsPresent, Math.max(maxIndex, index), endStep, ending, lastEventTime,
                lastWallTime, completeEventTime, completeWallTime, closed, seen);
    }

    EpisodeHeader withEnd(int step, Ending how) {
        return new EpisodeHeader(policy, stepsPresent, maxIndex, step, how, lastEventTime, lastWallTime,
                completeEventTime, completeWallTime, closed, seen);
    }

    EpisodeHeader completedAt(long eventTime, long wallTime) {
        return new EpisodeHeader(policy, stepsPresent, maxIndex, endStep, ending, lastEventTime, lastWallTime,
                eventTime, wallTime, closed, seen);
    }

    EpisodeHeader closedAt(long eventTime, long wallTime, long[] fingerprints) {
        long[] sorted = fingerprints.clone();
        java.util.Arrays.sort(sorted);
        return new EpisodeHeader(policy, 0, -1, endStep, ending, eventTime, wallTime, completeEventTime,
                completeWallTime, true, sorted);
    }
}
