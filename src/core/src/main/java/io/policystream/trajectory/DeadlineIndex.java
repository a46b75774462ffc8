package io.policystream.trajectory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Episodes by a lower bound of the time they next fall due on one clock, so that a tick visits the
 * episodes that may be due instead of every episode in the store.
 *
 * <p>The bound may be early, never late: an episode's deadline only moves when it is touched, and
 * {@link #lower} keeps the earlier of the old and the new bound, which costs one map lookup on the
 * hot path of every event. A tick re-checks each candidate against its header and
 * {@link #set sets} the exact deadline of those not yet due, so an episode that keeps receiving
 * events is visited about once per timeout. Memory: about 150 bytes per episode in the store.
 */
final class DeadlineIndex {
    private final Map<String, Long> bound = new HashMap<>();
    private final NavigableMap<Long, TreeSet<String>> byBound = new TreeMap<>();

    /** Makes {@code deadline} the episode's bound if it has none or a later one. */
    void lower(String episode, long deadline) {
        Long old = bound.get(episode);
        if (old == null || deadline < old) {
            set(episode, deadline);
        }
    }

    /** Makes {@code deadline} the episode's bound, whatever it was. */
    void set(String episode, long deadline) {
        Long old = bound.put(episode, deadline);
        if (old != null) {
            if (old == deadline) {
                return;
            }
            unlink(episode, old);
        }
        byBound.computeIfAbsent(deadline, k -> new TreeSet<>()).add(episode);
    }

    void remove(String episode) {
        Long old = bound.remove(episode);
        if (old != null) {
            unlink(episode, old);
        }
    }

    private void unlink(String episode, long at) {
        TreeSet<String> s = byBound.get(at);
        s.remove(episode);
        if (s.isEmpty()) {
            byBound.remove(at);
        }
    }

    /** The episodes whose bound is at or before {@code now}, earliest bound first, then by id. */
    List<String> candidates(long now) {
        List<String> out = new ArrayList<>();
        for (TreeSet<String> s : byBound.headMap(now, true).values()) {
            out.addAll(s);
        }
        return out;
    }

    int size() {
        return bound.size();
    }
}
