package io.policystream.streams;

import io.policystream.config.LearnerConfig;
import io.policystream.metrics.LearnerMetrics;
import io.policystream.streams.internals.DecodedParams;
import io.policystream.streams.internals.EventDecoder;
import io.policystream.streams.internals.InternalCodecs;
import io.policystream.streams.internals.LearnerStores;
import io.policystream.streams.internals.ParamsStoreUpdater;
import io.policystream.streams.internals.Routed;
import io.policystream.streams.internals.TrajectoryAssembler;
import io.policystream.streams.internals.TrajectorySender;
import io.policystream.streams.internals.UpdateApplier;
import io.policystream.streams.internals.WriterInput;
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
import org.apache.kafka.streams.state.Stores;

/**
 * The learner as two Kafka Streams topologies, functions of its configuration, that one
 * {@link LearnerApp} runs side by side:
 * <pre>
 *   assembly (application.id):
 *   events ─ decode-events ─ assemble-trajectories ─ send-trajectories ─▶ &lt;application.id&gt;-gradients (by policy)
 *                 │                   │
 *                 └──────── dlq ◀─────┘
 *   writer (application.id-writer):
 *   &lt;application.id&gt;-gradients ─ apply-updates (gradient, batch, update) ─▶ params, history
 *
 *   params ─▶ global store "params" in each (read by every processor)
 * </pre>
 * Decoding and assembly run in the events' partitions, in parallel; the internal topic (named
 * {@code -gradients} since it carried gradient sums) routes every policy's completed trajectories
 * to one partition, whose writer task is the policy's single writer: it computes each trajectory's
 * gradient at its current version, batches and updates ({@link UpdateApplier}). A trajectory is
 * 10 to 100 times smaller than its gradient sums, which is why the gradient moved to the writer
 * (BENCHMARKS.md, the per-event budget). The writer is an application of its own so that it has its
 * own consumer and thread: the two applications use two cores.
 * Every processor, store and topic has an explicit name, so a refactor never renames a changelog
 * under a running deployment. The processors of both share the learner's {@link DecodedParams}, so
 * that each version of the params is parsed once per learner.
 *
 * @param assembly the partition-parallel part: events to completed trajectories on
 *     {@link LearnerConfig#gradientsTopic()}, invalid input to the dead letters
 * @param writer the policies' writer: trajectories to gradients, batches and versions on the params
 *     and history topics
 */
public record LearnerTopology(Topology assembly, Topology writer) {
    /** Processor and node names. */
    public static final String EVENTS_SOURCE = "events-source";
    public static final String DECODE = "decode-events";
    public static final String ASSEMBLE = "assemble-trajectories";
    public static final String SEND_TRAJECTORIES = "send-trajectories";
    public static final String GRADIENTS_SINK = "gradients-sink";
    public static final String GRADIENTS_SOURCE = "gradients-source";
    public static final String UPDATES = "apply-updates";

    /** One learner's two topologies for this configuration, reporting to {@code metrics}. */
    public static LearnerTopology of(LearnerConfig config, LearnerMetrics metrics) {
        DecodedParams decodedParams = new DecodedParams();
        return new LearnerTopology(buildAssembly(config, metrics, decodedParams),
                buildWriter(config, metrics, decodedParams));
    }

    private static Topology buildAssembly(LearnerConfig config, LearnerMetrics metrics, DecodedParams decodedParams) {
        StreamsBuilder builder = new StreamsBuilder();
        addParamsStore(builder, config, new ParamsStoreUpdater(metrics, true, decodedParams));

        KStream<byte[], byte[]> events = builder.stream(config.eventsTopic(),
                Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName(EVENTS_SOURCE));

        Map<String, KStream<String, Routed>> decoded = events
                .process(new EventDecoder(config.maxEventBytes(), config.dlqMaxRecordBytes(), metrics, decodedParams),
                        Named.as(DECODE))
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

        assembled.get("assembled-closed")
                .process(new TrajectorySender(), Named.as(SEND_TRAJECTORIES))
                .to(config.gradientsTopic(), Produced.with(Serdes.String(), writerInputSerde()).withName(GRADIENTS_SINK));
        return builder.build();
    }

    private static Topology buildWriter(LearnerConfig config, LearnerMetrics metrics, DecodedParams decodedParams) {
        StreamsBuilder builder = new StreamsBuilder();
        // Refused params are counted by the assembly's params store only, so that each refusal counts once.
        addParamsStore(builder, config, new ParamsStoreUpdater(metrics, false, decodedParams));
        KStream<String, byte[]> json = builder
                .stream(config.gradientsTopic(), Consumed.with(Serdes.String(), writerInputSerde())
                        .withName(GRADIENTS_SOURCE))
                .process(new UpdateApplier(config, metrics, decodedParams), Named.as(UPDATES));

        json.to(config.paramsTopic(), Produced.with(Serdes.String(), Serdes.ByteArray()).withName("params-sink"));
        json.to(config.historyTopic(), Produced.with(Serdes.String(), Serdes.ByteArray()).withName("history-sink"));
        return builder.build();
    }

    private static void addParamsStore(StreamsBuilder builder, LearnerConfig config, ParamsStoreUpdater updater) {
        builder.addGlobalStore(
                Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(LearnerStores.PARAMS), Serdes.String(),
                        Serdes.ByteArray()).withLoggingDisabled(),
                config.paramsTopic(),
                Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("params-source"),
                updater);
    }

    /** The serde of the internal topic from the assembly to the writer. */
    static Serde<WriterInput> writerInputSerde() {
        return Serdes.serdeFrom((topic, in) -> in == null ? null : InternalCodecs.encodeWriterInput(in),
                (topic, bytes) -> bytes == null ? null : InternalCodecs.decodeWriterInput(bytes));
    }
}
