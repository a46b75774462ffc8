package io.policystream.streams.internals;

import io.policystream.config.LearnerConfig;
import io.policystream.config.ProcessingGuarantee;
import io.policystream.learn.GradientSums;
import io.policystream.learn.LearnerState;
import io.policystream.learn.LearningRules;
import io.policystream.learn.PolicyUpdater;
import io.policystream.learn.TrajectoryGradient;
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
 * The single writer of each policy: sums gradient contributions into the pending batch and, once
 * it holds {@code batch.trajectories} trajectories, applies the update and forwards version v+1.
 * Its state (params, optimiser moments, baseline, pending batch) lives in changelogged stores, so
 * under exactly-once a version is published exactly when its state is committed: versions never
 * skip or repeat. A version published by someone else (init, promote, rollback) that is newer
 * than the state's is adopted, optimiser state kept.
 *
 * <p>It forwards each version as the params JSON of the wire format, encoded once: the same bytes
 * go to the params and history topics and into the stored state, and the learner's own params
 * store updater recognises them ({@link DecodedParams#published}) instead of parsing them again.
 */
public final class UpdateApplier implements ProcessorSupplier<String, GradientSums, String, byte[]> {
    private static final Logger LOG = LoggerFactory.getLogger(UpdateApplier.class);

    private final LearnerConfig config;
    private final LearnerMetrics metrics;
    private final DecodedParams decoded;

    public UpdateApplier(LearnerConfig config, LearnerMetrics metrics, DecodedParams decoded) {
        this.config = config;
        this.metrics = metrics;
        this.decoded = decoded;
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
        private final Map<String, LearningRules> rules = new HashMap<>();
        private final Map<String, LearnerState> states = new HashMap<>();
        private final Map<String, GradientSums> pending = new HashMap<>();
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
            this.params = ParamsView.of(context, decoded);
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
            GradientSums g = record.value();
            LearnerState state = state(policy);
            if (state == null) {
                LOG.warn("gradient for policy {} without params; dropped", policy);
                return;
            }
            LearningRules r = rules.computeIfAbsent(policy, id -> LearningRules.from(config.forPolicy(id)));
            GradientSums batch = pending(policy, state, r);
            try {
                batch.plusInPlace(g);
            } catch (IllegalArgumentException e) {
                LOG.warn("gradient of policy {} computed for another architecture or rules; dropped", policy);
                metrics.trajectory(policy, "unusable");
                return;
            }
            if (batch.trajectories() < r.batchTrajectories()) {
                pending.put(policy, batch);
                pendingStore.put(policy, InternalCodecs.encodeGradient(batch));
                return;
            }
            pending.remove(policy);
            pendingStore.delete(policy);
            UpdateResult result = PolicyUpdater.apply(state, batch, r, context.currentSystemTimeMs());
            if (!result.applied()) {
                LOG.warn("update of policy {} skipped: {}", policy, result.skipReason());
                metrics.updateSkipped(policy);
                return;
            }
            LearnerState next = result.state();
            states.put(policy, next);
            byte[] json = codec.encode(next.params());
            stateStore.put(policy, InternalCodecs.encodeLearnerState(next, json));
            decoded.published(policy, json, next.params());
            context.forward(new Record<>(policy, json, record.timestamp()));
            versionMade();
            report(policy, state.params(), result);
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
            int n = batch.sampleStateCount();
            if (n > 0 && batch.sampleState(0).length == before.architecture().inputSize()) {
                PolicyNetwork net = networks.computeIfAbsent(before.architecture(), PolicyNetwork::new);
                PolicyNetwork.Workspace ws = workspaces.computeIfAbsent(before.architecture(),
                        a -> net.newWorkspace());
                double sum = 0.0;
                for (int k = 0; k < n; k++) {
                    sum += net.klDivergence(before, after, batch.sampleState(k), ws);
                }
                if (Double.isFinite(sum)) {
                    metrics.klDivergence(policy, sum / n);
                }
            }
            long[] ends = batch.endTimes();
            if (ends.length == 0 && batch.maxEventTime() != Long.MIN_VALUE) {
                ends = new long[] {batch.maxEventTime()}; // sums of format 2 carry only the latest
            }
            metrics.versionLearned(policy, after.version(), context.currentSystemTimeMs(), ends);
        }

        private LearnerState state(String policy) {
            LearnerState s = states.get(policy);
            if (s == null) {
                byte[] raw = stateStore.get(policy);
                if (raw != null) {
                    s = InternalCodecs.decodeLearnerState(raw);
                }
            }
            PolicyParams published = params.get(policy);
            if (s == null) {
                if (published == null) {
                    return null;
                }
                s = LearnerState.initial(published);
            } else if (published != null && published.version() > s.params().version()) {
                LOG.info("policy {}: adopting version {} published on the params topic", policy, published.version());
                s = s.withParams(published);
                pending.remove(policy);
                pendingStore.delete(policy);
            }
            if (states.put(policy, s) != s) {
                metrics.paramsVersion(policy, s.params().version());
            }
            return s;
        }

        private GradientSums pending(String policy, LearnerState state, LearningRules r) {
            GradientSums b = pending.get(policy);
            if (b == null) {
                byte[] raw = pendingStore.get(policy);
                b = raw != null ? InternalCodecs.decodeGradient(raw)
                        : TrajectoryGradient.emptySums(state.params(), r);
            }
            return b;
        }
    }
}
