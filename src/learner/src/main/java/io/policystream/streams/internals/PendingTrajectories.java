package io.policystream.streams.internals;

import io.policystream.trajectory.Trajectory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The trajectories of each policy's incomplete batch, in the order they came, kept in the writer's
 * store under (policy, position). Each is written once (a few kilobytes), where the batch's
 * gradient sums would be rewritten per trajectory (two vectors of the network's size); after a
 * restart the writer computes their gradients again at the same version, in the same order, which
 * gives the same sums to the last bit.
 */
final class PendingTrajectories {
    private final KeyValueStore<String, byte[]> store;
    /** Per policy, the keys written for its current batch, in order. */
    private final Map<String, List<String>> keys = new HashMap<>();

    PendingTrajectories(KeyValueStore<String, byte[]> store) {
        this.store = store;
    }

    private static String prefix(String policy) {
        return policy + '\u0000';
    }

    private static String key(String policy, int position) {
        return prefix(policy) + String.format("%010d", position);
    }

    /** The stored trajectories of the policy's batch, in order (as the store had them at start). */
    List<Trajectory> load(String policy) {
        List<String> found = new ArrayList<>();
        List<Trajectory> trajectories = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> it = store.range(prefix(policy), policy + '\u0001')) {
            while (it.hasNext()) {
                var kv = it.next();
                found.add(kv.key);
                trajectories.add(InternalCodecs.decodeTrajectory(kv.value));
            }
        }
        keys.put(policy, found);
        return trajectories;
    }

    /** Adds a trajectory at the end of the policy's batch. */
    void add(Trajectory tr) {
        List<String> k = keys.computeIfAbsent(tr.policy(), p -> new ArrayList<>());
        String key = key(tr.policy(), k.size());
        store.put(key, InternalCodecs.encodeTrajectory(tr));
        k.add(key);
    }

    /** Forgets the policy's batch (it became a version, was skipped or dropped for an adopted version). */
    void clear(String policy) {
        List<String> k = keys.remove(policy);
        if (k != null) {
            k.forEach(store::delete);
        }
    }
}
