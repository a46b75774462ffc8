package io.policystream.streams.internals;

import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.internals.CacheFlushListener;
import org.apache.kafka.streams.state.internals.CachedStateStore;

/**
 * A store with no data of its own: its only role is to be told, in each commit of its task, that
 * the task is about to flush its caches and commit, and then to run the action its processor gave
 * it ({@link #onCommit}). The assembler writes its {@link WriteBehindTable}s there, into the
 * episode stores, and flushes those stores' caches, so the changelogs and the input offsets of
 * one commit agree.
 *
 * <p>Kafka Streams calls {@code flushCache()} on every registered store that caches
 * ({@code CachedStateStore}, an interface of its internals) when a task prepares a commit, before
 * the producer's flush and the offsets' commit, and when a task is suspended or closed cleanly.
 * That interface is not public API; {@code EpisodeStoreCommitTest} and the learner's topology and
 * crash tests check that the hook still runs with the pinned Kafka version.
 */
final class EpisodeStoreCommit implements StateStore, CachedStateStore<Object, Object> {
    private final String name;
    private boolean open;
    private Runnable action = () -> { };

    EpisodeStoreCommit(String name) {
        this.name = name;
    }

    /** Runs {@code action} in each commit of the task, before its caches are flushed. */
    void onCommit(Runnable action) {
        this.action = action;
    }

    @Override
    public void flushCache() {
        action.run();
    }

    @Override
    public boolean setFlushListener(CacheFlushListener<Object, Object> listener, boolean sendOldValues) {
        return false;
    }

    @Override
    public void clearCache() {
        // Nothing of its own: the processor's tables are dropped with the processor.
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void init(StateStoreContext context, StateStore root) {
        context.register(root, (key, value) -> { });
        open = true;
    }

    @Override
    public void commit(Map<TopicPartition, Long> changelogOffsets) {
        // Nothing: this runs after the commit's producer flush; the action ran in flushCache().
    }

    @Override
    public void close() {
        open = false;
    }

    @Override
    public boolean persistent() {
        return false;
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    /** Its builder: no changelog, no cache (it holds nothing). */
    static StoreBuilder<EpisodeStoreCommit> builder(String name) {
        return new StoreBuilder<>() {
            @Override
            public StoreBuilder<EpisodeStoreCommit> withCachingEnabled() {
                return this;
            }

            @Override
            public StoreBuilder<EpisodeStoreCommit> withCachingDisabled() {
                return this;
            }

            @Override
            public StoreBuilder<EpisodeStoreCommit> withLoggingEnabled(Map<String, String> config) {
                return this;
            }

            @Override
            public StoreBuilder<EpisodeStoreCommit> withLoggingDisabled() {
                return this;
            }

            @Override
            public EpisodeStoreCommit build() {
                return new EpisodeStoreCommit(name);
            }

            @Override
            public Map<String, String> logConfig() {
                return Map.of();
            }

            @Override
            public boolean loggingEnabled() {
                return false;
            }

            @Override
            public String name() {
                return name;
            }
        };
    }
}
