package io.policystream.learn;

import io.policystream.trajectory.Trajectory;
import java.util.Arrays;

/**
 * What the learner measures about the trajectories of a {@link GradientSums} and that takes no part
 * in the estimate: kept beside the sufficient statistics, never mixed into them.
 *
 * <ul>
 *   <li>the time of the last event of each trajectory ({@link #endTimes}, merged by concatenation,
 *       and their maximum {@link #maxEventTime}), from which the learner measures how long each
 *       experience takes to become a version;</li>
 *   <li>a few states of the most recently added trajectory ({@link #SAMPLE_STATES} at most, merged
 *       by "last added wins"), on which the learner measures KL(pi_old || pi_new) between
 *       consecutive versions. Shipping every state of a batch would make the gradients topic as
 *       large as the events topic; one trajectory's spread of states is a cheap, unbiased-in-time
 *       sample of where the policy is acting now;</li>
 *   <li>the sums of the episodes' rewards and of the value loss.</li>
 * </ul>
 *
 * <p>A mutable accumulator, changed only through the {@link GradientSums} that holds it.
 */
public final class BatchDiagnostics {
    /** The most states of one trajectory kept for the KL diagnostic. */
    public static final int SAMPLE_STATES = 16;

    /** The latest event time of the trajectories (epoch ms), or {@link Long#MIN_VALUE} when unknown. */
    long maxEventTime = Long.MIN_VALUE;
    /**
     * The last event time of each trajectory whose time is known, in the order they were added:
     * the first {@link #endTimeCount} entries (the array grows by doubling, so adding is amortised
     * constant time however large a batch grows).
     */
    long[] endTimes = new long[0];
    int endTimeCount;
    /** Up to {@link #SAMPLE_STATES} states of the latest trajectory added, flattened; never null. */
    double[] sampleStates = new double[0];
    /** The length of one state in {@link #sampleStates} (0 when empty). */
    int sampleStateSize;
    /** The sum of the trajectories' total rewards. */
    double sumEpisodeReward;
    /** The sum over steps of 0.5 (V(s_t) - G_t)^2, when there is a value baseline. */
    double sumValueLoss;

    BatchDiagnostics() {
    }

    /** Adds {@code other} into this: the diagnostics of the union of both sets of trajectories. */
    void plusInPlace(BatchDiagnostics other) {
        sumEpisodeReward += other.sumEpisodeReward;
        sumValueLoss += other.sumValueLoss;
        maxEventTime = Math.max(maxEventTime, other.maxEventTime);
        appendEndTimes(other.endTimes, other.endTimeCount);
        if (other.sampleStates.length > 0) {
            sampleStates = other.sampleStates.clone();
            sampleStateSize = other.sampleStateSize;
        }
    }

    void appendEndTimes(long[] times, int count) {
        ensureEndTimes(count);
        System.arraycopy(times, 0, endTimes, endTimeCount, count);
        endTimeCount += count;
    }

    private void ensureEndTimes(int more) {
        if (endTimeCount + more > endTimes.length) {
            endTimes = Arrays.copyOf(endTimes, Math.max(endTimeCount + more, 2 * endTimes.length + 4));
        }
    }

    /** Notes the end of one trajectory: its last event time, when known. */
    void endedAt(long lastEventTime) {
        if (lastEventTime == Long.MIN_VALUE) {
            return;
        }
        maxEventTime = Math.max(maxEventTime, lastEventTime);
        ensureEndTimes(1);
        endTimes[endTimeCount++] = lastEventTime;
    }

    /**
     * Keeps up to {@link #SAMPLE_STATES} states of {@code tr}, evenly spaced over its steps
     * ({@code t_k = floor(k n / m)}), replacing the previous sample.
     */
    void sampleStatesInPlace(Trajectory tr) {
        int n = tr.length();
        int m = Math.min(n, SAMPLE_STATES);
        int d = tr.stateSize();
        // Nothing else holds this array (snapshots and plusInPlace copy it), so it is reused.
        double[] out = sampleStates.length == m * d ? sampleStates : new double[m * d];
        for (int k = 0; k < m; k++) {
            int t = (int) ((long) k * n / m);
            System.arraycopy(tr.state(t), 0, out, k * d, d);
        }
        sampleStates = out;
        sampleStateSize = d;
    }

    /** Restores the sample states of a snapshot, checking they are whole states. */
    void restoreSampleStates(double[] states, int stateSize) {
        if (stateSize > 0 && states != null && states.length > 0) {
            if (states.length % stateSize != 0) {
                throw new IllegalArgumentException("sample states of length " + states.length
                        + " are not a whole number of states of size " + stateSize);
            }
            sampleStates = states.clone();
            sampleStateSize = stateSize;
        }
    }

    /** The latest event time of the trajectories (epoch ms), or {@link Long#MIN_VALUE} when unknown. */
    public long maxEventTime() {
        return maxEventTime;
    }

    /**
     * The last event time (epoch ms) of each trajectory whose time is known, in no particular
     * order (a copy); empty for sums read from a format that did not carry them.
     */
    public long[] endTimes() {
        return Arrays.copyOf(endTimes, endTimeCount);
    }

    /**
     * The end times to measure a version's delay by: {@link #endTimes}, or only the latest when the
     * sums came in a format that carried no more (format 2 of the internal records).
     */
    public long[] endTimesOrLatest() {
        if (endTimeCount == 0 && maxEventTime != Long.MIN_VALUE) {
            return new long[] {maxEventTime};
        }
        return endTimes();
    }

    /** How many sample states there are (see {@link #SAMPLE_STATES}). */
    public int sampleStateCount() {
        return sampleStateSize == 0 ? 0 : sampleStates.length / sampleStateSize;
    }

    /** Sample state {@code k} (a copy). */
    public double[] sampleState(int k) {
        double[] s = new double[sampleStateSize];
        System.arraycopy(sampleStates, k * sampleStateSize, s, 0, sampleStateSize);
        return s;
    }
}
