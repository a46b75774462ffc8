package io.policystream.learn;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The vectors of gradient sums that were added into a batch and can hold the next trajectory's
 * sums: a {@link GradientPool} computes every trajectory's sums apart (so that the batch adds them
 * in order, bit for bit), and without reuse each would be new arrays of the network's size (two
 * vectors of 71,948 doubles, 1.15 MB, for 17-256-256-6), which the garbage collector then pays for.
 *
 * <p>Shared by the pool's threads (which take) and the batch's owner (which gives back); bounded
 * by {@link #maxBytes}, beyond which an array given back is left to the collector.
 */
final class SpareArrays {
    private final long maxBytes;
    private final Map<Integer, ArrayDeque<double[]>> byLength = new HashMap<>();
    private long bytes;

    /** @param maxBytes the most memory the spare arrays may hold */
    SpareArrays(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** An array of {@code length} zeros: a spare one cleared, else a new one. */
    double[] zeros(int length) {
        double[] a;
        synchronized (this) {
            ArrayDeque<double[]> q = byLength.get(length);
            a = q == null ? null : q.pollFirst();
            if (a != null) {
                bytes -= 8L * length;
            }
        }
        if (a == null) {
            return new double[length];
        }
        Arrays.fill(a, 0.0);
        return a;
    }

    /**
     * Keeps the vectors of {@code sums} for the next sums: the caller has added them where they
     * belong and holds no other reference to them.
     */
    void giveBack(GradientSums sums) {
        giveBack(sums.advantageGrad);
        giveBack(sums.weightGrad);
        giveBack(sums.entropyGrad);
        giveBack(sums.valueGrad);
    }

    private synchronized void giveBack(double[] a) {
        if (a == null || bytes + 8L * a.length > maxBytes) {
            return;
        }
        byLength.computeIfAbsent(a.length, k -> new ArrayDeque<>()).addFirst(a);
        bytes += 8L * a.length;
    }

    /** The memory the spare arrays hold now, in bytes. */
    synchronized long bytes() {
        return bytes;
    }
}
