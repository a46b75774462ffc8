package io.policystream.streams;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.processor.StateRestoreListener;

/**
 * How far the learner's state stores are in restoring from their changelogs, for {@code /health}
 * and the start-up log: the stores now restoring, the records they have restored and the records
 * they restore in all.
 */
final class RestoreProgress implements StateRestoreListener {
    private final Map<String, long[]> restoring = new ConcurrentHashMap<>();

    @Override
    public void onRestoreStart(TopicPartition partition, String store, long startingOffset, long endingOffset) {
        restoring.put(key(partition, store), new long[] {0, Math.max(0, endingOffset - startingOffset)});
    }

    @Override
    public void onBatchRestored(TopicPartition partition, String store, long batchEndOffset, long numRestored) {
        long[] p = restoring.get(key(partition, store));
        if (p != null) {
            synchronized (p) {
                p[0] += numRestored;
            }
        }
    }

    @Override
    public void onRestoreEnd(TopicPartition partition, String store, long totalRestored) {
        restoring.remove(key(partition, store));
    }

    @Override
    public void onRestoreSuspended(TopicPartition partition, String store, long totalRestored) {
        restoring.remove(key(partition, store));
    }

    /** "2 stores, 1234 of 5678 records", or null when nothing restores. */
    String describe() {
        if (restoring.isEmpty()) {
            return null;
        }
        long done = 0;
        long total = 0;
        int stores = 0;
        for (long[] p : restoring.values()) {
            synchronized (p) {
                done += p[0];
                total += p[1];
            }
            stores++;
        }
        return stores + (stores == 1 ? " store, " : " stores, ") + done + " of " + total + " records";
    }

    private static String key(TopicPartition partition, String store) {
        return store + "@" + partition;
    }
}
