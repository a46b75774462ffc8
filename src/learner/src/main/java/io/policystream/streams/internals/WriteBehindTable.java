package io.policystream.streams.internals;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * A key-value store seen through a map that holds what changed since the last {@link #flush}: gets
 * and puts between two commits cost a hash map's look-up instead of a trip through Kafka Streams'
 * store layers (its record cache is a sorted map of byte arrays), and a key put and deleted
 * between two commits never reaches the store at all. {@link #flush} writes every change to the
 * store; the learner calls it from the task's commit, before Kafka Streams flushes its caches and
 * commits the input offsets (see {@link EpisodeStoreCommit}), so what is committed is the same as
 * without the map. After a crash the map is gone with the offsets it belonged to.
 *
 * <p>Not thread-safe: the task's own thread only.
 */
final class WriteBehindTable<K> {
    private final KeyValueStore<K, byte[]> store;
    /** The latest value of each key read or written since the last flush; a null value: absent. */
    private final Map<K, byte[]> values = new HashMap<>();
    /** The keys whose value in {@link #values} the store does not have yet. */
    private final Set<K> dirty = new HashSet<>();
    /** The keys read from the store and found absent since the last flush. */
    private final Set<K> absentBelow = new HashSet<>();

    WriteBehindTable(KeyValueStore<K, byte[]> store) {
        this.store = store;
    }

    byte[] get(K key) {
        if (values.containsKey(key)) {
            return values.get(key);
        }
        byte[] v = store.get(key);
        values.put(key, v);
        if (v == null) {
            absentBelow.add(key);
        }
        return v;
    }

    void put(K key, byte[] value) {
        values.put(key, value);
        dirty.add(key);
    }

    void delete(K key) {
        values.put(key, null);
        if (absentBelow.contains(key)) {
            dirty.remove(key); // it never reached the store: nothing to delete there
        } else {
            dirty.add(key);
        }
    }

    /** Writes every change since the last flush to the store and forgets them. */
    void flush() {
        for (K key : dirty) {
            byte[] v = values.get(key);
            if (v == null) {
                store.delete(key);
            } else {
                store.put(key, v);
            }
        }
        values.clear();
        dirty.clear();
        absentBelow.clear();
    }

    /** Keys held since the last flush. */
    int size() {
        return values.size();
    }

    /** The store, for reads that must see everything (flush first). */
    KeyValueStore<K, byte[]> store() {
        return store;
    }
}
