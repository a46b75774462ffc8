package io.policystream.streams;

import io.policystream.config.LearnerConfig;
import io.policystream.learn.GradientSums;
import io.policystream.metrics.LearnerMetrics;
import io.policystream.streams.internals.EventDecoder;
import io.policystream.streams.internals.GradientComputer;
import io.policystream.streams.internals.InternalCodecs;
import io.policystream.streams.internals.LearnerStores;
import io.policystream.streams.internals.ParamsStoreUpdater;
import io.policystream.streams.internals.Routed;
import io.policystream.streams.internals.TrajectoryAssembler;
import io.policystream.streams.internals.UpdateApplier;
import java.util.Map;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;

/**
 * The learner as a Kafka Streams topology, a function of its configuration:
 * <pre>
 *   events ─ decode-events ─ assemble-trajectories ─ compute-gradients ─▶ gradients (by policy)
 *                 │                   │                                      │
 *                 └──────── dlq ◀─────┘                                apply-updates ─▶ params, history
 *   params ─▶ global store "params" (read by every processor)
 * </pre>
 * Assembly and gradients run in the events' partitions, in parallel; the gradients topic routes
 * every policy to one partition, whose task is the policy's single writer. Every processor, store
 * and internal topic has an explicit name, so a refactor never renames a changelog under a running
 * deployment.
 */
public final class LearnerTopology {
    /** Processor and node names. */
    public static final String EVENTS_SOURCE = "events-source";
    public static final String DECODE = "decode-events";
    public static final String ASSEMBLE = "assemble-trajectories";
    public static final String GRADIENTS = "compute-gradients";
    public static final String REPARTITION = "gradients";
    public static final String UPDATES = "apply-updates";

    private LearnerTopology() {
    }

    /** The learner's topology for this configuration, reporting to {@code metrics}. */
    public static Topology build(LearnerConfig config, LearnerMetrics metrics) {
        StreamsBuilder builder = new StreamsBuilder();
        builder.addGlobalStore(
                Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(LearnerStores.PARAMS), Serdes.String(),
                        Serdes.ByteArray()).withLoggingDisabled(),
                config.paramsTopic(),
                Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("params-source"),
                new ParamsStoreUpdater(metrics));

        KStream<byte[], byte[]> events = builder.stream(config.eventsTopic(),
                Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName(EVENTS_SOURCE));

        Map<String, KStream<String, Routed>> decoded = events
                .process(new EventDecoder(config.maxEventBytes(), config.dlqMaxRecordBytes(), metrics), Named.as(DECODE))
                .split(Named.as("decoded-"))
                .branch((k, v) -> v instanceof Routed.Rejected, Branched.as("rejected"))
                .defaultBranch(Branched.as("valid"));

        Map<String, KStream<String, Routed>> assembled = decoded.get("decoded-valid")
                .process(new TrajectoryAssembler(config, metrics), Named.as(ASSEMBLE))
                .split(Named.as("assembled-"))
                .branch((k, v) -> v instanceof Routed.Rejected, Branched.as("rejected"))
                .defaultBranch(Branched.as("closed"));

        decoded.get("decoded-rejected")
                .merge(assembled.get("assembled-rejected"), Named.as("dead-letters"))
                .map((k, v) -> {
                    Routed.Rejected r = (Routed.Rejected) v;
                    return KeyValue.pair(r.rawKey(), r.rawValue());
                }, Named.as("dead-letter-bytes"))
                .to(config.dlqTopic(), Produced.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("dlq-sink"));

        KStream<String, byte[]> json = assembled.get("assembled-closed")
                .process(new GradientComputer(config, metrics), Named.as(GRADIENTS))
                .repartition(Repartitioned.with(Serdes.String(), gradientSerde()).withName(REPARTITION))
                .process(new UpdateApplier(config, metrics), Named.as(UPDATES));

        json.to(config.paramsTopic(), Produced.with(Serdes.String(), Serdes.ByteArray()).withName("params-sink"));
        json.to(config.historyTopic(), Produced.with(Serdes.String(), Serdes.ByteArray()).withName("history-sink"));
        return builder.build();
    }

    /** The serde of the gradients topic. */
    static Serde<GradientSums> gradientSerde() {
        return Serdes.serdeFrom((topic, g) -> g == null ? null : InternalCodecs.encodeGradient(g),
                (topic, bytes) -> bytes == null ? null : InternalCodecs.decodeGradient(bytes));
    }
}
