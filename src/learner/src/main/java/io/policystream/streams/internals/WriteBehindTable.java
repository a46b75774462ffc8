package io.policystream.streams.internals;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * A key-value store of encoded values seen through a map of decoded ones that holds what was read or
 * changed since the last {@link #flush}: gets and puts between two commits cost a hash map's
 * look-up instead of a trip through Kafka Streams' store layers (its record cache is a sorted map
 * of byte arrays) and a decoding or an encoding, and a key put and deleted between two commits
 * never reaches the store at all. {@link #flush} encodes every changed value, once, and writes it
 * to the store; the learner calls it from the task's commit, before Kafka Streams flushes its
 * caches and commits the input offsets (see {@link EpisodeStoreCommit}), so what is committed is
 * the same as without the map. After a crash the map is gone with the offsets it belonged to.
 *
 * <p>A value may be mutable: whoever changes one it got must {@link #put} it again, which marks it
 * for the next flush. Not thread-safe: the task's own thread only.
 *
 * @param <K> the store's keys
 * @param <V> the decoded values
 */
final class WriteBehindTable<K, V> {
    private final KeyValueStore<K, byte[]> store;
    private final Function<byte[], V> decode;
    private final Function<V, byte[]> encode;
    /** The latest value of each key read or written since the last flush; a null value: absent. */
    private final Map<K, V> values = new HashMap<>();
    /** The keys whose value in {@link #values} the store does not have yet. */
    private final Set<K> dirty = new HashSet<>();
    /** The keys read from the store and found absent since the last flush. */
    private final Set<K> absentBelow = new HashSet<>();

    WriteBehindTable(KeyValueStore<K, byte[]> store, Function<byte[], V> decode, Function<V, byte[]> encode) {
        this.store = store;
        this.decode = decode;
        this.encode = encode;
    }

    /** A table of the store's own bytes. */
    static <K> WriteBehindTable<K, byte[]> ofBytes(KeyValueStore<K, byte[]> store) {
        return new WriteBehindTable<>(store, Function.identity(), Function.identity());
    }

    V get(K key) {
        if (values.containsKey(key)) {
            return values.get(key);
        }
        byte[] raw = store.get(key);
        V v = raw == null ? null : decode.apply(raw);
        values.put(key, v);
        if (v == null) {
            absentBelow.add(key);
        }
        return v;
    }

    void put(K key, V value) {
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

    /** Encodes every change since the last flush, writes it to the store and forgets them. */
    void flush() {
        for (K key : dirty) {
            V v = values.get(key);
            if (v == null) {
                store.delete(key);
            } else {
                store.put(key, encode.apply(v));
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
