package io.policystream.serve;

import java.time.InstantSource;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The episodes the service is numbering: episode id to its policy and next step, bounded in count
 * and forgotten after an idle timeout, so that abandoned episodes cannot grow the heap.
 *
 * <p>Each episode is worked on under its own lock, so concurrent requests for one episode take
 * turns (steps are numbered and recorded in order) while different episodes never wait for each
 * other. An entry removed while another thread waited for its lock is marked closed, and the
 * waiter looks the episode up again.
 *
 * <p>A full table refuses new episodes (503) rather than evicting open ones: an evicted episode that
 * acted again would restart at step 0 and collide with the steps already recorded.
 */
final class OpenEpisodes {

    /** One open episode. Mutable; guarded by its own monitor. */
    static final class Entry {
        final String episode;
        final String policy;
        private long nextStep;
        private long lastTouched;
        private boolean closed;

        private Entry(String episode, String policy, long now) {
            this.episode = episode;
            this.policy = policy;
            this.lastTouched = now;
        }

        /** The number the next decision gets; also how many were acted. */
        long nextStep() {
            return nextStep;
        }

        /** Counts one more decision. */
        void advance() {
            nextStep++;
        }
    }

    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicLong lastSweep;
    private final EpisodeLimits limits;
    private final InstantSource clock;
    private final long idleMillis;
    private final long sweepEveryMillis;

    OpenEpisodes(EpisodeLimits limits, InstantSource clock) {
        this.limits = limits;
        this.clock = clock;
        this.idleMillis = limits.idle().toMillis();
        // Often enough that expired entries free their slots soon, rarely enough that a full table
        // under load does not walk every entry on every request.
        this.sweepEveryMillis = Math.max(1, Math.min(1000, idleMillis / 2));
        this.lastSweep = new AtomicLong(clock.millis());
    }

    /**
     * Runs {@code action} on the episode under its lock, opening it for {@code policy} when it is
     * not open. An episode the action left without a step (the first act failed) is forgotten.
     *
     * @throws ServeException 503 when the episode is new and the table is full
     */
    <T> T acting(String episode, String policy, Function<Entry, T> action) {
        while (true) {
            long now = clock.millis();
            Entry e = live(episode, now);
            if (e == null) {
                e = openNew(episode, policy, now);
            }
            synchronized (e) {
                if (e.closed) {
                    continue;
                }
                e.lastTouched = now;
                try {
                    return action.apply(e);
                } finally {
                    if (e.nextStep == 0) {
                        forget(e);
                    }
                }
            }
        }
    }

    /** Runs {@code action} on the open episode under its lock, or {@code absent} when it is not open. */
    <T> T existing(String episode, Function<Entry, T> action, Supplier<T> absent) {
        while (true) {
            long now = clock.millis();
            Entry e = live(episode, now);
            if (e == null) {
                return absent.get();
            }
            synchronized (e) {
                if (e.closed) {
                    continue;
                }
                e.lastTouched = now;
                return action.apply(e);
            }
        }
    }

    /** Forgets an episode; the caller holds its lock. */
    void forget(Entry e) {
        if (!e.closed) {
            e.closed = true;
            if (entries.remove(e.episode, e)) {
                open.decrementAndGet();
            }
        }
    }

    /** Episodes open now. */
    int size() {
        return open.get();
    }

    /** Forgets every episode idle for the timeout or longer; returns how many. */
    int sweep() {
        long now = clock.millis();
        lastSweep.set(now);
        int removed = 0;
        for (Entry e : entries.values()) {
            synchronized (e) {
                if (!e.closed && now - e.lastTouched >= idleMillis) {
                    forget(e);
                    removed++;
                }
            }
        }
        return removed;
    }

    /** The open entry, or null; an expired entry that no sweep has reached yet is forgotten here. */
    private Entry live(String episode, long now) {
        Entry e = entries.get(episode);
        if (e == null) {
            return null;
        }
        synchronized (e) {
            if (!e.closed && now - e.lastTouched >= idleMillis) {
                forget(e);
            }
            return e.closed ? null : e;
        }
    }

    private Entry openNew(String episode, String policy, long now) {
        long last = lastSweep.get();
        if (now - last >= sweepEveryMillis && lastSweep.compareAndSet(last, now)) {
            sweep();
        }
        if (open.incrementAndGet() > limits.maxOpen()) {
            open.decrementAndGet();
            throw new ServeException(503, "episode", "too many open episodes (" + limits.maxOpen()
                    + "); end episodes with a reward that has \"done\" or \"truncated\", or wait until idle ones"
                    + " expire after " + limits.idle().toSeconds() + " s");
        }
        Entry fresh = new Entry(episode, policy, now);
        Entry prior = entries.putIfAbsent(episode, fresh);
        if (prior != null) {
            open.decrementAndGet();
            return prior;
        }
        return fresh;
    }
}
