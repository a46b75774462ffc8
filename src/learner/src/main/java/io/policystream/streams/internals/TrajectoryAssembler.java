package io.policystream.streams.internals;

import io.policystream.config.LearnerConfig;
import io.policystream.config.ProcessingGuarantee;
import io.policystream.metrics.LearnerMetrics;
import io.policystream.trajectory.AssemblyRules;
import io.policystream.trajectory.Closure;
import io.policystream.trajectory.EpisodeAssembler;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.internals.CachedStateStore;

/**
 * Assembles valid events into trajectories with the shared {@link EpisodeAssembler}, over
 * persistent stores. Graces and timeouts are checked on stream time and on the wall clock every
 * {@link #TICK}, so a quiet topic still closes episodes. Closed episodes go on keyed by policy;
 * events the assembly refuses (conflicts, closed episodes, cuts) become dead letters.
 */
public final class TrajectoryAssembler implements ProcessorSupplier<String, Routed, String, Routed> {
    /** How often graces and timeouts are checked. */
    public static final Duration TICK = Duration.ofSeconds(1);
    /**
     * Under exactly-once, how often an assembler looks whether its input has gone quiet with a
     * batch's worth of trajectories that no commit has carried yet ({@link Assembler#askWhenQuiet}).
     */
    public static final Duration QUIET_CHECK = Duration.ofMillis(5);
    /** How long no task of a stream thread may have had an event for its input to count as quiet. */
    public static final Duration QUIET = Duration.ofMillis(10);

    private final LearnerConfig config;
    private final LearnerMetrics metrics;
    /**
     * Per stream thread, when its last event came (wall clock, ms): the tasks of a thread commit
     * together, so its input is quiet only when none of them has had an event for {@link #QUIET}.
     * One task alone is often without records for a few milliseconds under load, while its
     * partition's next fetch is on its way.
     */
    private final ThreadLocal<long[]> lastEventOfThread = ThreadLocal.withInitial(() -> new long[] {Long.MIN_VALUE / 2});

    public TrajectoryAssembler(LearnerConfig config, LearnerMetrics metrics) {
        this.config = config;
        this.metrics = metrics;
    }

    /**
     * Within a commit interval an episode's steps are written and deleted in memory
     * ({@link KafkaEpisodeStore}'s write-behind tables); each commit writes what is still open to
     * both stores, through their record caches, and flushes those ({@link EpisodeStoreCommit}), so
     * only what is open at a commit reaches RocksDB and the changelogs.
     */
    @Override
    public Set<StoreBuilder<?>> stores() {
        return Set.of(
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(LearnerStores.EPISODE_HEADERS),
                        Serdes.String(), Serdes.ByteArray()).withCachingEnabled(),
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(LearnerStores.EPISODE_CHUNKS),
                        Serdes.Bytes(), Serdes.ByteArray()).withCachingEnabled(),
                EpisodeStoreCommit.builder(LearnerStores.EPISODE_COMMIT));
    }

    @Override
    public Processor<String, Routed, String, Routed> get() {
        return new Assembler();
    }

    private final class Assembler implements Processor<String, Routed, String, Routed> {
        private final DeadLetters deadLetters = new DeadLetters(metrics, config.dlqMaxRecordBytes());
        private final Map<String, AssemblyRules> rules = new HashMap<>();
        private ProcessorContext<String, Routed> context;
        private EpisodeAssembler assembler;
        /**
         * The latest event time seen (the events' own {@code time}, else their record timestamp):
         * the clock graces and timeouts run on, as in the offline trainer. Kafka's stream time only
         * triggers the check.
         */
        private long eventTime = Long.MIN_VALUE;
        private String task;
        /** Per policy, the trajectories closed here since the last commit this assembler asked for. */
        private final Map<String, Integer> closedSinceAsk = new HashMap<>();
        private final Map<String, Integer> batchSizes = new HashMap<>();
        /** A policy has had a batch's worth of trajectories closed here since the last ask. */
        private boolean batchSinceAsk;
        /** Trajectories closed here that no commit has carried yet. */
        private boolean closedSinceCommit;
        private long[] lastEventOfThisThread;
        /** Under exactly-once only: at-least-once makes trajectories visible as they are sent. */
        private boolean asksForCommits;

        @Override
        public void init(ProcessorContext<String, Routed> context) {
            this.context = context;
            KeyValueStore<String, byte[]> headers = context.getStateStore(LearnerStores.EPISODE_HEADERS);
            KeyValueStore<Bytes, byte[]> chunks = context.getStateStore(LearnerStores.EPISODE_CHUNKS);
            KafkaEpisodeStore episodes = new KafkaEpisodeStore(headers, chunks);
            EpisodeStoreCommit commit = context.getStateStore(LearnerStores.EPISODE_COMMIT);
            commit.onCommit(() -> {
                closedSinceCommit = false;
                episodes.flush();
                // Kafka Streams may have flushed these caches already in this commit: flush what was just written.
                ((CachedStateStore<?, ?>) headers).flushCache();
                ((CachedStateStore<?, ?>) chunks).flushCache();
            });
            assembler = new EpisodeAssembler(episodes,
                    policy -> rules.computeIfAbsent(policy, p -> config.forPolicy(p).assemblyRules()));
            task = context.taskId().toString();
            context.schedule(TICK, PunctuationType.STREAM_TIME, now -> {
                if (eventTime != Long.MIN_VALUE) {
                    emit(assembler.onStreamTime(eventTime), now);
                    metrics.openEpisodes(task, assembler.openEpisodes());
                }
            });
            context.schedule(TICK, PunctuationType.WALL_CLOCK_TIME, now -> {
                emit(assembler.onWallClock(now), now);
                // The scan that closes episodes counted the open ones on its way.
                metrics.openEpisodes(task, assembler.openEpisodes());
            });
            lastEventOfThisThread = lastEventOfThread.get();
            asksForCommits = config.processingGuarantee() == ProcessingGuarantee.EXACTLY_ONCE_V2;
            if (asksForCommits) {
                context.schedule(QUIET_CHECK, PunctuationType.WALL_CLOCK_TIME, this::askWhenQuiet);
            }
        }

        /**
         * Under exactly-once the writer sees a trajectory only once this task's transaction commits.
         * Actors that play a batch and then wait for the version it makes send their events in
         * bursts; when a burst's last trajectories have closed here, and no task of this stream
         * thread has had an event for {@link #QUIET}, waiting for commit.interval.ms would only delay
         * the version. So the assembler then asks for the commit at once, if a batch's worth of some
         * policy's trajectories has closed since its last ask and not all of them are committed yet.
         * While events keep coming (a steady stream, a backlog) it never asks: each commit writes the
         * open episodes to the stores and changelogs, and asking under load cost a third of the
         * learner's throughput (BENCHMARKS.md).
         */
        private void askWhenQuiet(long now) {
            if (batchSinceAsk && closedSinceCommit
                    && now - lastEventOfThisThread[0] >= QUIET.toMillis()) {
                context.commit();
                batchSinceAsk = false;
                closedSinceAsk.clear();
            }
        }

        /** Counts a trajectory closed here for {@link #askWhenQuiet}. */
        private void closedHere(String policy) {
            if (!asksForCommits) {
                return;
            }
            closedSinceCommit = true;
            int batch = batchSizes.computeIfAbsent(policy, p -> config.forPolicy(p).batchTrajectories());
            if (closedSinceAsk.merge(policy, 1, Integer::sum) >= batch) {
                batchSinceAsk = true;
            }
        }

        @Override
        public void close() {
            if (task != null) {
                metrics.taskClosed(task);
            }
        }

        @Override
        public void process(Record<String, Routed> record) {
            lastEventOfThisThread[0] = context.currentSystemTimeMs();
            Routed.Decoded d = (Routed.Decoded) record.value();
            eventTime = Math.max(eventTime, d.event().time());
            EpisodeAssembler.Result r = assembler.onEvent(d.event(), d.event().time(), context.currentSystemTimeMs());
            if (r.status() == EpisodeAssembler.Status.DUPLICATE) {
                metrics.duplicate(d.event().policy());
            }
            emit(r.closed(), record.timestamp());
            if (r.problem() != null) {
                context.forward(deadLetters.reject(context, record, d.rawKey(), d.rawValue(), r.problem().reason(),
                        r.problem().getMessage()));
            }
        }

        private void emit(List<Closure> closures, long timestamp) {
            for (Closure c : closures) {
                String outcome = switch (c.kind()) {
                    case COMPLETED -> c.trajectory().ending() == io.policystream.trajectory.Ending.CUT ? "cut"
                            : "completed";
                    case TIMED_OUT -> "timed-out";
                    case DROPPED -> "dropped";
                };
                metrics.trajectory(c.policy(), outcome);
                if (c.trajectory() != null) {
                    metrics.episode(c.policy(), c.trajectory().totalReward(), c.trajectory().length());
                    long ts = Math.max(0L, Math.min(timestamp, Long.MAX_VALUE / 2));
                    context.forward(new Record<>(c.policy(), new Routed.Closed(c), ts));
                    closedHere(c.policy());
                }
            }
        }
    }
}
