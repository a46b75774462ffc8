package io.policystream.streams.internals;

import io.policystream.config.LearnerConfig;
import io.policystream.config.ParamsEncoding;
import io.policystream.config.ProcessingGuarantee;
import io.policystream.learn.BatchDiagnostics;
import io.policystream.learn.GradientPool;
import io.policystream.learn.GradientSums;
import io.policystream.learn.LearnerState;
import io.policystream.learn.TrajectoryGradient;
import io.policystream.learn.UpdateAccumulator;
import io.policystream.learn.UpdateResult;
import io.policystream.metrics.LearnerMetrics;
import io.policystream.policy.Architecture;
import io.policystream.policy.PolicyNetwork;
import io.policystream.policy.PolicyParams;
import io.policystream.trajectory.Trajectory;
import io.policystream.wire.ParamsCodec;
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
 * The single writer of each policy. For each completed trajectory it asks the policy's
 * {@link UpdateAccumulator} whether to learn from it (the same decisions as offline training),
 * computes its gradient at the writer's current version and offers it; once the batch holds
 * {@code batch.trajectories} trajectories the accumulator applies it and the writer forwards
 * version v+1. A version published by someone else (init, promote, rollback) that is newer than
 * the state's is adopted, optimiser state kept.
 *
 * <p>The gradients of a batch's first trajectories are computed by a {@link GradientPool} of
 * {@code gradient.threads} threads while the writer goes on with its records and its commits; the
 * trajectory that completes the batch adds their sums in the order the trajectories came, so the
 * version is bit for bit that of computing them one by one (and that of offline training).
 *
 * <p>Its state lives in changelogged stores: the params, optimiser moments and baseline; the
 * trajectories of the incomplete batch ({@link PendingTrajectories}); the trajectories waiting for
 * their actor's version. So under exactly-once a version is published exactly when its state is
 * committed: versions never skip or repeat. A trajectory acted by a version newer than the
 * writer's (only possible while it has not yet seen a version published by someone else) waits,
 * at most {@link #MAX_WAIT}: a gradient is never computed at params older than the actor's. Gradient
 * sums sent by learners before 2026-12 are still offered as they come.
 *
 * <p>It forwards each version as the params JSON of the wire format, encoded once: the same bytes
 * go to the params and history topics and into the stored state, and the learner's own params
 * store updater recognises them ({@link DecodedParams#published}) instead of parsing them again.
 */
public final class UpdateApplier implements ProcessorSupplier<String, WriterInput, String, byte[]> {
    /** The longest a trajectory waits for its actor's params version before it is used anyway. */
    public static final Duration MAX_WAIT = Duration.ofSeconds(30);
    /** How often waiting trajectories are retried. */
    public static final Duration RETRY = Duration.ofMillis(20);

    private static final Logger LOG = LoggerFactory.getLogger(UpdateApplier.class);

    private final LearnerConfig config;
    private final LearnerMetrics metrics;
    private final DecodedParams decoded;
    /** Computes the gradients of a batch's first trajectories while the writer goes on; null: none. */
    private final GradientPool pool;

    public UpdateApplier(LearnerConfig config, LearnerMetrics metrics, DecodedParams decoded) {
        this.config = config;
        this.metrics = metrics;
        this.decoded = decoded;
        int threads = GradientPool.threadsFor(config.gradientThreads(), Runtime.getRuntime().availableProcessors());
        this.pool = threads == 0 ? null : new GradientPool(threads, config.applicationId() + "-gradients");
    }

    @Override
    public Set<StoreBuilder<?>> stores() {
        return Set.of(store(LearnerStores.LEARNER_STATE), store(LearnerStores.PENDING_BATCHES),
                store(LearnerStores.PENDING_TRAJECTORIES), store(LearnerStores.WRITER_WAITING_TRAJECTORIES));
    }

    private static StoreBuilder<?> store(String name) {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), Serdes.String(), Serdes.ByteArray())
                .withCachingEnabled();
    }

    @Override
    public Processor<String, WriterInput, String, byte[]> get() {
        return new Applier();
    }

    private final class Applier implements Processor<String, WriterInput, String, byte[]> {
        private final ParamsCodec codec = new ParamsCodec();
        /** Per policy, its learning decisions and their state (also kept in the stores). */
        private final Map<String, UpdateAccumulator> accumulators = new HashMap<>();
        private final Map<Architecture, TrajectoryGradient> gradients = new HashMap<>();
        private final Map<Architecture, PolicyNetwork> networks = new HashMap<>();
        private final Map<Architecture, PolicyNetwork.StatesBlock> statesBlocks = new HashMap<>();
        private final Map<String, Long> waitingSince = new HashMap<>();
        private ProcessorContext<String, byte[]> context;
        private ParamsView params;
        private KeyValueStore<String, byte[]> stateStore;
        private KeyValueStore<String, byte[]> legacyPending;
        private KeyValueStore<String, byte[]> waiting;
        private PendingTrajectories pending;
        private final boolean commitsAfterVersions =
                config.processingGuarantee() == ProcessingGuarantee.EXACTLY_ONCE_V2;
        private boolean versionUncommitted;
        private long lastCommitRequest = Long.MIN_VALUE / 2;

        @Override
        public void init(ProcessorContext<String, byte[]> context) {
            this.context = context;
            this.params = ParamsView.of(context, decoded);
            this.stateStore = context.getStateStore(LearnerStores.LEARNER_STATE);
            this.legacyPending = context.getStateStore(LearnerStores.PENDING_BATCHES);
            this.pending = new PendingTrajectories(context.getStateStore(LearnerStores.PENDING_TRAJECTORIES));
            this.waiting = context.getStateStore(LearnerStores.WRITER_WAITING_TRAJECTORIES);
            try (KeyValueIterator<String, byte[]> it = waiting.all()) {
                while (it.hasNext()) {
                    waitingSince.put(it.next().key, context.currentSystemTimeMs());
                }
            }
            context.schedule(RETRY, PunctuationType.WALL_CLOCK_TIME, now -> retryWaiting());
            if (commitsAfterVersions) {
                context.schedule(Duration.ofMillis(Math.max(1, config.commitIntervalMs())),
                        PunctuationType.WALL_CLOCK_TIME, now -> {
                            if (versionUncommitted) {
                                requestCommit(now);
                            }
                        });
            }
        }

        /**
         * Under exactly-once a version becomes visible when the writer's transaction commits: ask for
         * that commit right after the version, unless one was asked for less than commit.interval.ms
         * ago; then the punctuator asks at the end of that interval.
         */
        private void versionMade() {
            if (!commitsAfterVersions) {
                return;
            }
            long now = context.currentSystemTimeMs();
            if (now - lastCommitRequest >= config.commitIntervalMs()) {
                requestCommit(now);
            } else {
                versionUncommitted = true;
            }
        }

        private void requestCommit(long now) {
            context.commit();
            lastCommitRequest = now;
            versionUncommitted = false;
        }

        @Override
        public void process(Record<String, WriterInput> record) {
            retryWaiting();
            if (record.value() instanceof WriterInput.Sums s) {
                offerSums(record.key(), s.sums(), record.timestamp());
                return;
            }
            Trajectory tr = ((WriterInput.Closed) record.value()).trajectory();
            if (!learn(tr, false, record.timestamp())) {
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
                if (learn(tr, now - since >= MAX_WAIT.toMillis(), Math.max(0L, tr.lastEventTime()))) {
                    waiting.delete(kv.key);
                    waitingSince.remove(kv.key);
                }
            }
        }

        /**
         * Learns from one trajectory at the writer's current version: false when it must wait for
         * its actor's newer version, true when it was used or dropped (and counted).
         */
        private boolean learn(Trajectory tr, boolean waitedTooLong, long timestamp) {
            String policy = tr.policy();
            UpdateAccumulator learning = accumulator(policy);
            if (learning == null) {
                LOG.warn("policy {} has no params; trajectory {} is dropped", policy, tr.episode());
                metrics.trajectory(policy, "no-params");
                return true;
            }
            PolicyParams p = learning.state().params();
            UpdateAccumulator.Offered offered = learning.offer(tr, gradient(p.architecture()), pool,
                    context.currentSystemTimeMs(), !waitedTooLong);
            if (offered.outcome() == UpdateAccumulator.Outcome.WAIT) {
                return false;
            }
            metrics.staleness(policy, p.version() - tr.oldestVersion());
            if (offered.outcome() == UpdateAccumulator.Outcome.BATCHED) {
                pending.add(tr);
            }
            settle(policy, p, offered, timestamp, tr.episode());
            return true;
        }

        /** Offers gradient sums computed by an earlier learner (see {@link WriterInput.Sums}). */
        private void offerSums(String policy, GradientSums sums, long timestamp) {
            UpdateAccumulator learning = accumulator(policy);
            if (learning == null) {
                LOG.warn("gradient for policy {} without params; dropped", policy);
                return;
            }
            PolicyParams before = learning.state().params();
            UpdateAccumulator.Offered offered = learning.offer(sums, context.currentSystemTimeMs());
            if (offered.outcome() == UpdateAccumulator.Outcome.BATCHED) {
                legacyPending.put(policy, InternalCodecs.encodeGradient(learning.pending()));
            }
            settle(policy, before, offered, timestamp, null);
        }

        /** Keeps what the accumulator decided: the stores, the new version forwarded, the meters. */
        private void settle(String policy, PolicyParams before, UpdateAccumulator.Offered offered, long timestamp,
                            String episode) {
            switch (offered.outcome()) {
                case BATCHED -> { }
                case STALE -> metrics.trajectory(policy, "stale");
                case UNUSABLE -> {
                    LOG.warn("cannot learn from {} of policy {}: {}; dropped",
                            episode == null ? "gradient sums" : "trajectory " + episode, policy, offered.problem());
                    metrics.trajectory(policy, "unusable");
                }
                case SKIPPED -> {
                    forgetBatch(policy);
                    LOG.warn("update of policy {} skipped: {}", policy, offered.update().skipReason());
                    metrics.updateSkipped(policy);
                }
                case UPDATED -> {
                    forgetBatch(policy);
                    LearnerState next = offered.update().state();
                    byte[] record = config.paramsEncoding() == ParamsEncoding.BINARY
                            ? codec.encodeBinary(next.params()) : codec.encode(next.params());
                    stateStore.put(policy, InternalCodecs.encodeLearnerState(next));
                    decoded.published(policy, record, next.params());
                    context.forward(new Record<>(policy, record, timestamp));
                    versionMade();
                    report(policy, before, offered.update());
                }
                default -> throw new IllegalStateException("an offer cannot be " + offered.outcome());
            }
        }

        private void forgetBatch(String policy) {
            pending.clear(policy);
            legacyPending.delete(policy);
        }

        private TrajectoryGradient gradient(Architecture architecture) {
            return gradients.computeIfAbsent(architecture, TrajectoryGradient::new);
        }

        /** The meters of one applied update; the version has just been forwarded. */
        private void report(String policy, PolicyParams before, UpdateResult result) {
            GradientSums batch = result.batch();
            PolicyParams after = result.state().params();
            metrics.updatePublished(policy, after.version());
            metrics.gradientNorm(policy, result.gradientNorm(), result.clippedNorm());
            metrics.entropy(policy, batch.meanEntropy());
            metrics.importanceWeights(policy, batch.meanWeight(),
                    batch.steps() == 0 ? 0.0 : (double) batch.truncatedWeights() / batch.steps());
            BatchDiagnostics seen = batch.diagnostics();
            int n = seen.sampleStateCount();
            if (n > 0 && seen.sampleState(0).length == before.architecture().inputSize()) {
                PolicyNetwork net = networks.computeIfAbsent(before.architecture(), PolicyNetwork::new);
                PolicyNetwork.StatesBlock block = statesBlocks.computeIfAbsent(before.architecture(),
                        a -> net.newStatesBlock());
                double mean = net.meanKlDivergence(before, after, seen::sampleState, n, block);
                if (Double.isFinite(mean)) {
                    metrics.klDivergence(policy, mean);
                }
            }
            metrics.versionLearned(policy, after.version(), context.currentSystemTimeMs(), seen.endTimesOrLatest());
        }

        /**
         * The policy's accumulator: kept between records, else resumed from the stores (the state,
         * then the incomplete batch: its trajectories' gradients computed again, in order, at the
         * state's version), else started at the published params; a newer published version is
         * adopted first. Null when the policy has no params at all.
         */
        private UpdateAccumulator accumulator(String policy) {
            UpdateAccumulator learning = accumulators.get(policy);
            PolicyParams published = params.get(policy);
            if (learning == null) {
                byte[] raw = stateStore.get(policy);
                LearnerState stored = raw == null ? null : InternalCodecs.decodeLearnerState(raw);
                if (stored == null && published == null) {
                    return null;
                }
                byte[] legacy = legacyPending.get(policy);
                learning = new UpdateAccumulator(stored != null ? stored : LearnerState.initial(published),
                        legacy == null ? null : InternalCodecs.decodeGradient(legacy),
                        config.forPolicy(policy).learningRules());
                accumulators.put(policy, learning);
                resumeBatch(policy, learning);
                metrics.paramsVersion(policy, learning.state().params().version());
            }
            if (learning.adopt(published)) {
                LOG.info("policy {}: adopting version {} published on the params topic", policy, published.version());
                forgetBatch(policy);
                metrics.paramsVersion(policy, published.version());
            }
            return learning;
        }

        /** Adds up again the stored trajectories of the incomplete batch, at the state's version. */
        private void resumeBatch(String policy, UpdateAccumulator learning) {
            boolean batchDone = false;
            for (Trajectory tr : pending.load(policy)) {
                PolicyParams p = learning.state().params();
                UpdateAccumulator.Offered offered = learning.offer(tr, gradient(p.architecture()),
                        context.currentSystemTimeMs(), false);
                // Fewer than a batch were stored, unless batch.trajectories was lowered since: then the
                // ones after the completed batch start the next, and are stored again for it.
                if (offered.outcome() == UpdateAccumulator.Outcome.BATCHED && batchDone) {
                    pending.add(tr);
                }
                batchDone |= offered.outcome() == UpdateAccumulator.Outcome.UPDATED
                        || offered.outcome() == UpdateAccumulator.Outcome.SKIPPED;
                settle(policy, p, offered, Math.max(0L, tr.lastEventTime()), tr.episode());
            }
        }
    }
}
