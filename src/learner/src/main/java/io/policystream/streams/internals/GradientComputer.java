package io.policystream.streams.internals;

import io.policystream.config.LearnerConfig;
import io.policystream.config.ProcessingGuarantee;
import io.policystream.learn.GradientSums;
import io.policystream.learn.LearningRules;
import io.policystream.learn.TrajectoryGradient;
import io.policystream.metrics.LearnerMetrics;
import io.policystream.policy.Architecture;
import io.policystream.policy.PolicyParams;
import io.policystream.trajectory.Trajectory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Computes each completed trajectory's gradient sums at the current params of its policy, in the
 * partition's own task, so gradients are computed in parallel across partitions.
 *
 * <p>A trajectory acted by a version newer than the params this task has seen waits (in a
 * fault-tolerant store) until the params topic catches up, at most {@link #MAX_WAIT}: a gradient
 * is never computed at params older than the actor's. A trajectory more than
 * {@code max.staleness} versions older than the current params is dropped and counted.
 */
public final class GradientComputer implements ProcessorSupplier<String, Routed, String, GradientSums> {
    /** The longest a trajectory waits for its actor's params version before it is used anyway. */
    public static final Duration MAX_WAIT = Duration.ofSeconds(30);
    /** How often waiting trajectories are retried. */
    public static final Duration RETRY = Duration.ofMillis(20);
    /**
     * Under at-least-once (or without the thread's commit meter), the longest a partial sum of
     * gradients waits before it is sent (gradient.preaggregate > 1), or the commit interval when that
     * is shorter. Under exactly-once a sum leaves just before its task's next commit instead
     * ({@link CommitClock}).
     */
    public static final Duration FLUSH = Duration.ofMillis(50);

    /** Under exactly-once, partial sums leave once the task's next commit is due within this. */
    static final long COMMIT_MARGIN_MS = 2;

    private static final Logger LOG = LoggerFactory.getLogger(GradientComputer.class);

    private final LearnerConfig config;
    private final LearnerMetrics metrics;
    private final DecodedParams decoded;

    public GradientComputer(LearnerConfig config, LearnerMetrics metrics, DecodedParams decoded) {
        this.config = config;
        this.metrics = metrics;
        this.decoded = decoded;
    }

    /** {@link #FLUSH}, or {@code commit.interval.ms} when shorter (at least 1 ms). */
    static Duration flushInterval(LearnerConfig config) {
        return Duration.ofMillis(Math.max(1, Math.min(FLUSH.toMillis(), config.commitIntervalMs())));
    }

    @Override
    public Set<StoreBuilder<?>> stores() {
        return Set.of(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(LearnerStores.WAITING_TRAJECTORIES),
                Serdes.String(), Serdes.ByteArray()).withCachingEnabled(),
                // The trajectories of the partial sums, not the sums: a trajectory is a few KB where a sum is
                // two theta-sized vectors, and each is written once (the record cache may write through when
                // it is full; a rewritten sum would then cost the changelog two thetas per trajectory).
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(LearnerStores.PARTIAL_TRAJECTORIES),
                        Serdes.String(), Serdes.ByteArray()).withCachingEnabled());
    }

    @Override
    public Processor<String, Routed, String, GradientSums> get() {
        return new Computer();
    }

    private final class Computer implements Processor<String, Routed, String, GradientSums> {
        private final Map<String, LearningRules> rules = new HashMap<>();
        private final Map<Architecture, TrajectoryGradient> gradients = new HashMap<>();
        private final Map<String, Long> waitingSince = new HashMap<>();
        private ProcessorContext<String, GradientSums> context;
        private ParamsView params;
        private KeyValueStore<String, byte[]> waiting;
        private KeyValueStore<String, byte[]> partialStore;
        private final Map<String, GradientSums> partial = new HashMap<>();
        /** Per policy, the episodes whose gradients are in its partial sum (keys of the partial store). */
        private final Map<String, List<String>> members = new HashMap<>();
        /** Trajectories of partial sums found in the store at start, to add up again before anything else. */
        private List<Trajectory> restored = new ArrayList<>();
        private final Map<String, Integer> preaggregate = new HashMap<>();

        @Override
        public void init(ProcessorContext<String, GradientSums> context) {
            this.context = context;
            this.params = ParamsView.of(context, decoded);
            this.waiting = context.getStateStore(LearnerStores.WAITING_TRAJECTORIES);
            try (KeyValueIterator<String, byte[]> it = waiting.all()) {
                while (it.hasNext()) {
                    waitingSince.put(it.next().key, context.currentSystemTimeMs());
                }
            }
            context.schedule(RETRY, PunctuationType.WALL_CLOCK_TIME, now -> retryWaiting());
            partialStore = context.getStateStore(LearnerStores.PARTIAL_TRAJECTORIES);
            try (KeyValueIterator<String, byte[]> it = partialStore.all()) {
                while (it.hasNext()) {
                    restored.add(InternalCodecs.decodeTrajectory(it.next().value));
                }
            }
            CommitClock clock = config.processingGuarantee() == ProcessingGuarantee.EXACTLY_ONCE_V2
                    ? CommitClock.of(context) : null;
            if (clock == null) {
                context.schedule(flushInterval(config), PunctuationType.WALL_CLOCK_TIME, now -> {
                    restorePartials();
                    flushAll();
                });
            } else {
                // Exactly-once: the writer sees a sum only once this task commits, so it leaves just
                // before the commit (checked on every pass of the thread's loop), not earlier.
                long interval = config.commitIntervalMs();
                context.schedule(Duration.ofMillis(1), PunctuationType.WALL_CLOCK_TIME, now -> {
                    restorePartials();
                    if (clock.commitDue(now, interval, COMMIT_MARGIN_MS)) {
                        flushAll();
                    }
                });
            }
        }

        /**
         * Adds the restored trajectories up again (at the params of now, as for any trajectory the
         * learner meets after a restart: the sums they were in were never sent). Runs on the first
         * record or punctuation, where the stores may be written, not in init.
         */
        private void restorePartials() {
            if (restored.isEmpty()) {
                return;
            }
            List<Trajectory> again = restored;
            restored = new ArrayList<>();
            for (Trajectory tr : again) {
                partialStore.delete(tr.episode());
                tryCompute(tr, true);
            }
        }

        @Override
        public void process(Record<String, Routed> record) {
            Trajectory tr = ((Routed.Closed) record.value()).closure().trajectory();
            restorePartials();
            retryWaiting();
            if (!tryCompute(tr, false)) {
                waiting.put(tr.episode(), InternalCodecs.encodeTrajectory(tr));
                waitingSince.put(tr.episode(), context.currentSystemTimeMs());
            }
        }

        private void retryWaiting() {
            if (waitingSince.isEmpty()) {
                return;
            }
            List<KeyValue<String, byte[]>> all = new ArrayList<>();
            try (KeyValueIterator<String, byte[]> it = waiting.all()) {
                while (it.hasNext()) {
                    all.add(it.next());
                }
            }
            long now = context.currentSystemTimeMs();
            for (KeyValue<String, byte[]> kv : all) {
                Trajectory tr = InternalCodecs.decodeTrajectory(kv.value);
                long since = waitingSince.getOrDefault(kv.key, now);
                if (tryCompute(tr, now - since >= MAX_WAIT.toMillis())) {
                    waiting.delete(kv.key);
                    waitingSince.remove(kv.key);
                }
            }
        }

        /** Computes and forwards the gradient; false when the trajectory must wait for newer params. */
        private boolean tryCompute(Trajectory tr, boolean waitedTooLong) {
            PolicyParams p = params.get(tr.policy());
            if (p == null) {
                LOG.warn("policy {} lost its params; trajectory {} is dropped", tr.policy(), tr.episode());
                metrics.trajectory(tr.policy(), "no-params");
                return true;
            }
            if (p.version() < tr.newestVersion() && !waitedTooLong) {
                return false;
            }
            LearningRules r = rules.computeIfAbsent(tr.policy(), id -> LearningRules.from(config.forPolicy(id)));
            metrics.staleness(tr.policy(), p.version() - tr.oldestVersion());
            if (p.version() - tr.oldestVersion() > r.maxStaleness()) {
                metrics.trajectory(tr.policy(), "stale");
                return true;
            }
            TrajectoryGradient g = gradients.computeIfAbsent(p.architecture(), TrajectoryGradient::new);
            GradientSums sums;
            try {
                sums = g.compute(p, r, tr);
            } catch (IllegalArgumentException e) {
                LOG.warn("cannot learn from trajectory {} of policy {}: {}", tr.episode(), tr.policy(), e.getMessage());
                metrics.trajectory(tr.policy(), "unusable");
                return true;
            }
            send(tr, sums, Math.max(0L, tr.lastEventTime()));
            return true;
        }

        /** Sends the sums, or adds them to the policy's partial sum (gradient.preaggregate > 1). */
        private void send(Trajectory tr, GradientSums sums, long timestamp) {
            String policy = tr.policy();
            int k = preaggregate.computeIfAbsent(policy,
                    id -> config.forPolicy(id).get(LearnerConfig.GRADIENT_PREAGGREGATE));
            GradientSums acc = partial.get(policy);
            if (acc != null && acc.computedAtVersion() != sums.computedAtVersion()) {
                flush(policy, timestamp);
                acc = null;
            }
            if (acc == null && k <= 1) {
                context.forward(new Record<>(policy, sums, timestamp));
                return;
            }
            if (acc == null) {
                partial.put(policy, sums);
                acc = sums;
            } else {
                acc.plusInPlace(sums);
            }
            if (acc.trajectories() >= k) {
                flush(policy, timestamp);
            } else {
                partialStore.put(tr.episode(), InternalCodecs.encodeTrajectory(tr));
                members.computeIfAbsent(policy, id -> new ArrayList<>()).add(tr.episode());
            }
        }

        private void flush(String policy, long timestamp) {
            GradientSums acc = partial.remove(policy);
            List<String> episodes = members.remove(policy);
            if (episodes != null) {
                for (String episode : episodes) {
                    partialStore.delete(episode);
                }
            }
            if (acc != null) {
                context.forward(new Record<>(policy, acc, timestamp));
            }
        }

        private void flushAll() {
            for (String policy : List.copyOf(partial.keySet())) {
                flush(policy, context.currentSystemTimeMs());
            }
        }
    }
}
