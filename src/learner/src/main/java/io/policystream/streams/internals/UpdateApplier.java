package io.policystream.streams.internals;

import io.policystream.config.LearnerConfig;
import io.policystream.config.ProcessingGuarantee;
import io.policystream.learn.BatchDiagnostics;
import io.policystream.learn.GradientSums;
import io.policystream.learn.LearnerState;
import io.policystream.learn.LearningRules;
import io.policystream.learn.UpdateAccumulator;
import io.policystream.learn.UpdateResult;
import io.policystream.metrics.LearnerMetrics;
import io.policystream.policy.Architecture;
import io.policystream.policy.PolicyNetwork;
import io.policystream.policy.PolicyParams;
import io.policystream.wire.ParamsCodec;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single writer of each policy: offers each gradient contribution to the policy's
 * {@link UpdateAccumulator} (which batches, applies and adopts, as in offline training) and keeps
 * what it decided: the incomplete batch and each new version in stores, version v+1 forwarded.
 * Its state (params, optimiser moments, baseline, pending batch) lives in changelogged stores, so
 * under exactly-once a version is published exactly when its state is committed: versions never
 * skip or repeat. A version published by someone else (init, promote, rollback) that is newer
 * than the state's is adopted, optimiser state kept.
 *
 * <p>It forwards each version as the params JSON of the wire format, encoded once: the same bytes
 * go to the params and history topics and into the stored state, and the process's own params
 * store updater recognises them ({@link DecodedParams#published}) instead of parsing them again.
 */
public final class UpdateApplier implements ProcessorSupplier<String, GradientSums, String, byte[]> {
    private static final Logger LOG = LoggerFactory.getLogger(UpdateApplier.class);

    private final LearnerConfig config;
    private final LearnerMetrics metrics;

    public UpdateApplier(LearnerConfig config, LearnerMetrics metrics) {
        this.config = config;
        this.metrics = metrics;
    }

    @Override
    public Set<StoreBuilder<?>> stores() {
        return Set.of(
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(LearnerStores.LEARNER_STATE),
                        Serdes.String(), Serdes.ByteArray()).withCachingEnabled(),
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(LearnerStores.PENDING_BATCHES),
                        Serdes.String(), Serdes.ByteArray()).withCachingEnabled());
    }

    @Override
    public Processor<String, GradientSums, String, byte[]> get() {
        return new Applier();
    }

    private final class Applier implements Processor<String, GradientSums, String, byte[]> {
        private final ParamsCodec codec = new ParamsCodec();
        /** Per policy, its learning decisions and their state (also kept in the stores). */
        private final Map<String, UpdateAccumulator> accumulators = new HashMap<>();
        private final Map<Architecture, PolicyNetwork> networks = new HashMap<>();
        private final Map<Architecture, PolicyNetwork.Workspace> workspaces = new HashMap<>();
        private ProcessorContext<String, byte[]> context;
        private ParamsView params;
        private KeyValueStore<String, byte[]> stateStore;
        private KeyValueStore<String, byte[]> pendingStore;
        private final boolean commitsAfterVersions =
                config.processingGuarantee() == ProcessingGuarantee.EXACTLY_ONCE_V2;
        private boolean versionUncommitted;
        private long lastCommitRequest = Long.MIN_VALUE / 2;

        @Override
        public void init(ProcessorContext<String, byte[]> context) {
            this.context = context;
            this.params = ParamsView.of(context);
            this.stateStore = context.getStateStore(LearnerStores.LEARNER_STATE);
            this.pendingStore = context.getStateStore(LearnerStores.PENDING_BATCHES);
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
        public void process(Record<String, GradientSums> record) {
            String policy = record.key();
            UpdateAccumulator learning = accumulator(policy);
            if (learning == null) {
                LOG.warn("gradient for policy {} without params; dropped", policy);
                return;
            }
            PolicyParams before = learning.state().params();
            UpdateAccumulator.Offered offered = learning.offer(record.value(), context.currentSystemTimeMs());
            switch (offered.outcome()) {
                case UNUSABLE -> {
                    LOG.warn("gradient of policy {} computed for another architecture or rules; dropped", policy);
                    metrics.trajectory(policy, "unusable");
                }
                case BATCHED -> pendingStore.put(policy, InternalCodecs.encodeGradient(learning.pending()));
                case SKIPPED -> {
                    pendingStore.delete(policy);
                    LOG.warn("update of policy {} skipped: {}", policy, offered.update().skipReason());
                    metrics.updateSkipped(policy);
                }
                case UPDATED -> {
                    pendingStore.delete(policy);
                    LearnerState next = learning.state();
                    byte[] json = codec.encode(next.params());
                    stateStore.put(policy, InternalCodecs.encodeLearnerState(next, json));
                    DecodedParams.published(policy, json, next.params());
                    context.forward(new Record<>(policy, json, record.timestamp()));
                    versionMade();
                    report(policy, before, offered.update());
                }
                default -> throw new IllegalStateException("a gradient cannot be " + offered.outcome());
            }
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
                PolicyNetwork.Workspace ws = workspaces.computeIfAbsent(before.architecture(),
                        a -> net.newWorkspace());
                double sum = 0.0;
                for (int k = 0; k < n; k++) {
                    sum += net.klDivergence(before, after, seen.sampleState(k), ws);
                }
                if (Double.isFinite(sum)) {
                    metrics.klDivergence(policy, sum / n);
                }
            }
            metrics.versionLearned(policy, after.version(), context.currentSystemTimeMs(), seen.endTimesOrLatest());
        }

        /**
         * The policy's accumulator: kept between records, else resumed from the stores (state and
         * incomplete batch), else started at the published params; a newer published version is
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
                byte[] pendingRaw = pendingStore.get(policy);
                learning = new UpdateAccumulator(stored != null ? stored : LearnerState.initial(published),
                        pendingRaw == null ? null : InternalCodecs.decodeGradient(pendingRaw),
                        LearningRules.from(config.forPolicy(policy)));
                accumulators.put(policy, learning);
                metrics.paramsVersion(policy, learning.state().params().version());
            }
            if (learning.adopt(published)) {
                LOG.info("policy {}: adopting version {} published on the params topic", policy, published.version());
                pendingStore.delete(policy);
                metrics.paramsVersion(policy, published.version());
            }
            return learning;
        }
    }
}
