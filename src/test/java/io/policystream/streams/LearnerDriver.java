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

/** The learner's topology in a {@link TopologyTestDriver}, with typed helpers for its topics. */
final class LearnerDriver implements AutoCloseable {
    final LearnerConfig config;
    final LearnerMetrics metrics = LearnerMetrics.inMemory();
    final TopologyTestDriver driver;
    final TestInputTopic<byte[], byte[]> events;
    final TestInputTopic<String, byte[]> paramsIn;
    final TestOutputTopic<String, byte[]> params;
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
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(LearnerTopology.build(config, metrics), props, Instant.ofEpochMilli(0));
        events = driver.createInputTopic(config.eventsTopic(), new ByteArraySerializer(), new ByteArraySerializer());
        paramsIn = driver.createInputTopic(config.paramsTopic(), new StringSerializer(), new ByteArraySerializer());
        params = driver.createOutputTopic(config.paramsTopic(), new StringDeserializer(), new ByteArrayDeserializer());
        history = driver.createOutputTopic(config.historyTopic(), new StringDeserializer(),
                new ByteArrayDeserializer());
        dlq = driver.createOutputTopic(config.dlqTopic(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /** Publishes params as init would. */
    void publish(PolicyParams p) {
        paramsIn.pipeInput(p.policy(), paramsCodec.encode(p));
    }

    void send(Event e) {
        send(e.episode(), new String(eventCodec.encode(e), StandardCharsets.UTF_8), Math.max(0, e.time()));
    }

    void send(String key, String json, long timestamp) {
        events.pipeInput(new TestRecord<>(key == null ? null : key.getBytes(StandardCharsets.UTF_8),
                json == null ? null : json.getBytes(StandardCharsets.UTF_8), Instant.ofEpochMilli(timestamp)));
    }

    /** Every version published on the history topic so far (and drained from it). */
    List<PolicyParams> versions() {
        List<PolicyParams> out = new ArrayList<>();
        for (byte[] v : history.readValuesToList()) {
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
        driver.advanceWallClockTime(d);
    }

    record DeadLetter(String key, String value, String reason, String message, String topic, String offset) {
    }

    @Override
    public void close() {
        driver.close();
        try (var files = Files.walk(stateDir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (java.io.IOException ignored) {
            // A temp directory left behind is harmless.
        }
    }

}
