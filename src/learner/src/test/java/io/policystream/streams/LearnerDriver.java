package io.policystream.streams;

import io.policystream.config.LearnerConfig;
import io.policystream.event.Event;
import io.policystream.metrics.LearnerMetrics;
import io.policystream.policy.PolicyParams;
import io.policystream.wire.EventCodec;
import io.policystream.wire.ParamsCodec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

/**
 * The learner's two topologies, each in a {@link TopologyTestDriver}, joined as the broker joins
 * them: after every input the driver moves the assembly's gradients to the writer and the writer's
 * versions to the assembly's params store, until nothing moves. Typed helpers for the topics.
 */
final class LearnerDriver implements AutoCloseable {
    final LearnerConfig config;
    final LearnerMetrics metrics = LearnerMetrics.inMemory();
    private final TopologyTestDriver assembly;
    private final TopologyTestDriver writer;
    private final TestInputTopic<byte[], byte[]> events;
    private final TestInputTopic<String, byte[]> assemblyParamsIn;
    private final TestInputTopic<String, byte[]> writerParamsIn;
    private final TestOutputTopic<byte[], byte[]> gradientsOut;
    private final TestInputTopic<byte[], byte[]> gradientsIn;
    private final TestOutputTopic<String, byte[]> paramsOut;
    private final List<byte[]> published = new ArrayList<>();
    final TestOutputTopic<String, byte[]> history;
    final TestOutputTopic<byte[], byte[]> dlq;
    private final EventCodec eventCodec = new EventCodec();
    private final ParamsCodec paramsCodec = new ParamsCodec();
    private final Path stateDir;

    /** A driver over a learner with the 8-unit network, {@code batchTrajectories}, then the pairs key, value, ... */
    static LearnerDriver withSettings(int batchTrajectories, String... keyValues) {
        Map<String, String> conf = new java.util.HashMap<>();
        conf.put("batch.trajectories", Integer.toString(batchTrajectories));
        conf.put("layers", "8");
        for (int i = 0; i < keyValues.length; i += 2) {
            conf.put(keyValues[i], keyValues[i + 1]);
        }
        return new LearnerDriver(conf);
    }

    LearnerDriver(Map<String, String> conf) {
        this.config = LearnerConfig.fromMap(conf);
        try {
            stateDir = Files.createTempDirectory("policystream-ttd");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "learner-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "dummy:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.resolve("assembly").toString());
        LearnerTopology topology = LearnerTopology.of(config, metrics);
        assembly = new TopologyTestDriver(topology.assembly(), props, Instant.ofEpochMilli(0));
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "learner-test-writer");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.resolve("writer").toString());
        writer = new TopologyTestDriver(topology.writer(), props, Instant.ofEpochMilli(0));
        events = assembly.createInputTopic(config.eventsTopic(), new ByteArraySerializer(), new ByteArraySerializer());
        assemblyParamsIn = assembly.createInputTopic(config.paramsTopic(), new StringSerializer(),
                new ByteArraySerializer());
        writerParamsIn = writer.createInputTopic(config.paramsTopic(), new StringSerializer(),
                new ByteArraySerializer());
        gradientsOut = assembly.createOutputTopic(config.gradientsTopic(), new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
        gradientsIn = writer.createInputTopic(config.gradientsTopic(), new ByteArraySerializer(),
                new ByteArraySerializer());
        paramsOut = writer.createOutputTopic(config.paramsTopic(), new StringDeserializer(),
                new ByteArrayDeserializer());
        history = writer.createOutputTopic(config.historyTopic(), new StringDeserializer(),
                new ByteArrayDeserializer());
        dlq = assembly.createOutputTopic(config.dlqTopic(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /** Publishes params as init would. */
    void publish(PolicyParams p) {
        publish(p.policy(), paramsCodec.encode(p));
    }

    /** Publishes a params record, valid or not, as anyone with access to the params topic could. */
    void publish(String key, byte[] value) {
        assemblyParamsIn.pipeInput(key, value);
        writerParamsIn.pipeInput(key, value);
        pump();
    }

    /** The params JSON the learner has published so far (drained). */
    List<byte[]> publishedParams() {
        pump();
        List<byte[]> out = new ArrayList<>(published);
        published.clear();
        return out;
    }

    /**
     * Moves records between the two topologies as the broker would, until none moves: gradients
     * from the assembly to the writer, versions from the writer to the assembly's params store (the
     * writer's own store sees them through its driver).
     */
    private void pump() {
        boolean moved = true;
        while (moved) {
            moved = false;
            while (!gradientsOut.isEmpty()) {
                gradientsIn.pipeInput(gradientsOut.readRecord());
                moved = true;
            }
            while (!paramsOut.isEmpty()) {
                TestRecord<String, byte[]> r = paramsOut.readRecord();
                published.add(r.value());
                assemblyParamsIn.pipeInput(r);
                moved = true;
            }
        }
    }

    void send(Event e) {
        send(e.episode(), new String(eventCodec.encode(e), StandardCharsets.UTF_8), Math.max(0, e.time()));
    }

    void send(String key, String json, long timestamp) {
        events.pipeInput(new TestRecord<>(key == null ? null : key.getBytes(StandardCharsets.UTF_8),
                json == null ? null : json.getBytes(StandardCharsets.UTF_8), Instant.ofEpochMilli(timestamp)));
        pump();
    }

    /** Every version published on the history topic so far (and drained from it). */
    /** The values the learner wrote to the history topic since the last call, as they are. */
    List<byte[]> historyRecords() {
        pump();
        return history.readValuesToList();
    }

    List<PolicyParams> versions() {
        List<PolicyParams> out = new ArrayList<>();
        for (byte[] v : historyRecords()) {
            try {
                out.add(paramsCodec.decode(v));
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }
        return out;
    }

    /** Every dead letter so far, drained. */
    List<DeadLetter> deadLetters() {
        pump();
        List<DeadLetter> out = new ArrayList<>();
        for (TestRecord<byte[], byte[]> r : dlq.readRecordsToList()) {
            out.add(new DeadLetter(r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8),
                    r.value() == null ? null : new String(r.value(), StandardCharsets.UTF_8),
                    header(r, "policystream.dlq.reason"), header(r, "policystream.dlq.message"),
                    header(r, "policystream.dlq.topic"), header(r, "policystream.dlq.offset")));
        }
        return out;
    }

    private static String header(TestRecord<byte[], byte[]> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    void advanceWallClock(Duration d) {
        assembly.advanceWallClockTime(d);
        writer.advanceWallClockTime(d);
        pump();
    }

    record DeadLetter(String key, String value, String reason, String message, String topic, String offset) {
    }

    /** The entries of one of the assembly's key-value stores now. */
    long assemblyStoreEntries(String store) {
        return entries(assembly, store);
    }

    /** The entries of one of the writer's key-value stores now. */
    long writerStoreEntries(String store) {
        return entries(writer, store);
    }

    private static long entries(TopologyTestDriver driver, String store) {
        long n = 0;
        try (var it = driver.getKeyValueStore(store).all()) {
            while (it.hasNext()) {
                it.next();
                n++;
            }
        }
        return n;
    }

    @Override
    public void close() {
        try (assembly; writer) {
            // both closed
        }
        try (var files = Files.walk(stateDir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (java.io.IOException ignored) {
            // A temp directory left behind is harmless.
        }
    }

}
