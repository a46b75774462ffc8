package io.policystream.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.policystream.client.ParamsTopic;
import io.policystream.config.LearnerConfig;
import io.policystream.event.Event;
import io.policystream.metrics.LearnerMetrics;
import io.policystream.policy.Activation;
import io.policystream.policy.Architecture;
import io.policystream.policy.Initializer;
import io.policystream.policy.PolicyParams;
import io.policystream.streams.internals.LearnerStores;
import io.policystream.testkit.KafkaCluster;
import io.policystream.testkit.TopicReader;
import io.policystream.topics.TopicDefinition;
import io.policystream.topics.TopicDefinitions;
import io.policystream.wire.EventCodec;
import io.policystream.wire.ParamsCodec;
import io.policystream.testkit.SampledEpisodes;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * More than ten thousand hostile records of every kind, mixed with valid episodes, on a real
 * broker and a real learner: the learner stays up, every bad record is a dead letter with its
 * reason, every valid episode is learned from, and heap and state stay bounded. It prints one
 * line of figures, which RELIABILITY.md quotes.
 */
class HostileInputIT {
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final Architecture CARTPOLE = Architecture.categorical(4, List.of(16), 2, Activation.TANH);
    private static final String ID_HEADER = "hostile.id";
    /** The events topic and the test's producer take records up to this size: the megabyte strings. */
    private static final int MAX_MESSAGE_BYTES = 8 << 20;
    private static final int VALID_EPISODES = 240;
    private static final int BATCH = 8;

    @RegisterExtension
    static final KafkaCluster KAFKA = KafkaCluster.empty();

    @TempDir
    Path stateDir;

    private final EventCodec events = new EventCodec();

    /** One record to send; {@code id} is -1 for valid records, else the bad record's index. */
    private record Outgoing(byte[] key, byte[] value, int id) {
    }

    private LearnerConfig config() {
        String prefix = "hostile.";
        Map<String, String> conf = new HashMap<>();
        List<TopicDefinition> defs = new ArrayList<>();
        for (TopicDefinition d : TopicDefinitions.loadBundled()) {
            Map<String, String> configs = new HashMap<>(d.configs());
            if (d.name().equals("policystream.events")) {
                configs.put("max.message.bytes", String.valueOf(MAX_MESSAGE_BYTES));
            }
            defs.add(new TopicDefinition(prefix + d.name(), d.partitions(), d.replicationFactor(), configs));
        }
        KAFKA.createTopics(defs);
        conf.put("topic.events", prefix + "policystream.events");
        conf.put("topic.params", prefix + "policystream.params");
        conf.put("topic.history", prefix + "policystream.params.history");
        conf.put("topic.dlq", prefix + "policystream.dlq");
        conf.put("application.id", prefix + "learner");
        conf.put("layers", "16");
        conf.put("commit.interval.ms", "50");
        conf.put("batch.trajectories", String.valueOf(BATCH));
        conf.put("max.staleness", "100000");
        return LearnerConfig.fromMap(conf);
    }

    private static List<Event> episode(PolicyParams acting, String ep, int n, SplittableRandom rng) {
        return SampledEpisodes.episode(acting, ep, n, rng);
    }

    @Test
    void shouldDeadLetterEveryHostileRecordLearnFromEveryValidEpisodeAndStayBounded() throws Exception {
        LearnerConfig conf = config();
        PolicyParams v0 = Initializer.initialize("cp", CARTPOLE, 5, 0);
        ParamsTopic.publish(KAFKA.clientProperties(), v0, WAIT, conf.paramsTopic(), conf.historyTopic());

        List<HostileRecords.Bad> bad = new ArrayList<>(HostileRecords.generate(7));
        SplittableRandom rng = new SplittableRandom(11);
        List<List<Outgoing>> valid = new ArrayList<>();
        long validSteps = 0;
        int exactDuplicates = 0;
        for (int i = 0; i < VALID_EPISODES; i++) {
            List<Event> ep = episode(v0, "ep-" + i, 1 + rng.nextInt(20), rng);
            validSteps += ep.size();
            List<Outgoing> recs = new ArrayList<>();
            for (Event e : ep) {
                recs.add(new Outgoing(utf8(e.episode()), events.encode(e), -1));
                if (i % 4 == 1) {
                    // An exact duplicate: counted once, not a dead letter.
                    recs.add(new Outgoing(utf8(e.episode()), events.encode(e), -1));
                    exactDuplicates++;
                }
                if (i % 4 == 2 && !e.ends()) {
                    // A conflicting duplicate: refused, while the episode stays valid.
                    Event conflict = Event.step(e.policy(), e.episode(), e.step(), e.state(), e.action(), e.logProb(),
                            e.policyVersion(), e.reward() + 1.0, false, false, e.time());
                    recs.add(badRecord(bad, "conflicting-duplicate", conflict, "conflicting-duplicate"));
                }
            }
            if (i % 8 == 3) {
                // After the episode closed: another version of its first step is refused, an exact copy is a duplicate.
                Event first = ep.get(0);
                Event late = Event.step(first.policy(), first.episode(), 0, first.state(), first.action(),
                        first.logProb(), first.policyVersion(), first.reward() - 1.0, first.done(), false,
                        first.time());
                recs.add(badRecord(bad, "after-close", late, "episode-closed"));
                recs.add(new Outgoing(utf8(first.episode()), events.encode(first), -1));
                exactDuplicates++;
            }
            valid.add(recs);
        }
        List<Outgoing> order = interleave(valid, bad);
        Map<String, Long> expectedReasons = bad.stream().collect(Collectors.groupingBy(HostileRecords.Bad::reason,
                TreeMap::new, Collectors.counting()));
        long bytesTried = order.stream().mapToLong(o -> o.value() == null ? 0 : o.value().length).sum();

        LearnerMetrics metrics = LearnerMetrics.inMemory();
        long heapBefore = usedHeapAfterGc();
        long start = System.nanoTime();
        try (LearnerApp app = new LearnerApp(conf, KAFKA.clientProperties(), stateDir, metrics);
             KafkaProducer<byte[], byte[]> producer = producer();
             TopicReader history = new TopicReader(KAFKA.clientProperties(), conf.historyTopic())) {
            app.start(WAIT);
            for (Outgoing o : order) {
                ProducerRecord<byte[], byte[]> r = new ProducerRecord<>(conf.eventsTopic(), o.key(), o.value());
                if (o.id() >= 0) {
                    r.headers().add(ID_HEADER, utf8(Integer.toString(o.id())));
                }
                producer.send(r);
            }
            producer.flush();

            ParamsCodec codec = new ParamsCodec();
            List<ConsumerRecord<byte[], byte[]>> versions = history.until(r -> !r.isEmpty()
                    && decode(codec, r.get(r.size() - 1).value()).trajectories() >= VALID_EPISODES, WAIT);
            awaitNoLag(conf);
            DeadLetterTally dead = readDeadLetters(conf.dlqTopic());
            long elapsedMs = (System.nanoTime() - start) / 1_000_000;

            assertThat(app.state()).isEqualTo(KafkaStreams.State.RUNNING);
            assertThat(app.failure()).isNull();

            PolicyParams last = decode(codec, versions.get(versions.size() - 1).value());
            assertThat(versions).hasSize(1 + VALID_EPISODES / BATCH);
            assertThat(last.version()).isEqualTo(VALID_EPISODES / BATCH);
            assertThat(last.trajectories()).isEqualTo(VALID_EPISODES);
            assertThat(last.steps()).isEqualTo(validSteps);
            assertThat(metrics.count("policystream.learner.duplicates")).isEqualTo(exactDuplicates);

            assertThat(dead.withoutReason).isZero();
            assertThat(dead.withoutId).as("valid records in the DLQ").isZero();
            assertThat(dead.duplicateIds).isZero();
            assertThat(dead.ids).hasSize(bad.size());
            assertThat(dead.byReason).isEqualTo(expectedReasons);
            for (int id = 0; id < bad.size(); id++) {
                assertThat(dead.reasonOf.get(id)).as("record %d (%s)", id, bad.get(id).kind())
                        .isEqualTo(bad.get(id).reason());
            }
            assertThat(metrics.count("policystream.learner.invalid")).isEqualTo(bad.size());

            long headers = app.stores().entries(LearnerStores.EPISODE_HEADERS);
            long steps = app.stores().entries(LearnerStores.EPISODE_CHUNKS);
            assertThat(steps).as("no step is left in the store: every episode closed, no bad record left state")
                    .isZero();
            assertThat(headers).as("at most one tombstone per valid episode").isBetween(0L, (long) VALID_EPISODES);
            long stateBytes = directorySize(stateDir);
            long heapAfter = usedHeapAfterGc();
            assertThat(heapAfter - heapBefore).as("heap growth").isLessThan(192L << 20);
            assertThat(stateBytes).as("state directory").isLessThan(64L << 20);

            System.out.printf("HostileInputIT figures: records tried %d (%d bad, %d valid in %d episodes, %d MB);"
                            + " dead letters %d, by reason %s; truncated dead letters %d; records lost 0;"
                            + " versions %d, last trajectories %d, steps %d, duplicates counted %d;"
                            + " heap after GC %d MB before, %d MB after; state dir %d KB; episode-headers %d entries,"
                            + " episode-steps %d entries; learner %s; %d ms%n",
                    order.size(), bad.size(), order.size() - bad.size(), VALID_EPISODES, bytesTried >> 20,
                    dead.ids.size(), dead.byReason, dead.truncated, versions.size(), last.trajectories(),
                    last.steps(), exactDuplicates, heapBefore >> 20, heapAfter >> 20, stateBytes >> 10, headers,
                    steps, app.state(), elapsedMs);
        }
    }

    /** Registers a bad record of a valid episode and returns it as an outgoing record. */
    private Outgoing badRecord(List<HostileRecords.Bad> bad, String kind, Event e, String reason) {
        byte[] key = utf8(e.episode());
        byte[] value = events.encode(e);
        bad.add(new HostileRecords.Bad(kind, key, value, reason));
        return new Outgoing(key, value, bad.size() - 1);
    }

    /**
     * Round-robin over the valid episodes' records, each episode's in order, with an equal share
     * of the hostile records between rounds. Hostile records of valid episodes were placed by the
     * episodes; the generated ones are numbered by their position in {@code bad}.
     */
    private static List<Outgoing> interleave(List<List<Outgoing>> valid, List<HostileRecords.Bad> bad) {
        Set<Integer> placed = new HashSet<>();
        valid.forEach(recs -> recs.forEach(o -> placed.add(o.id())));
        List<Outgoing> loose = new ArrayList<>();
        for (int id = 0; id < bad.size(); id++) {
            if (!placed.contains(id)) {
                loose.add(new Outgoing(bad.get(id).key(), bad.get(id).value(), id));
            }
        }
        int rounds = valid.stream().mapToInt(List::size).max().orElse(0);
        int share = loose.size() / Math.max(1, rounds) + 1;
        List<Outgoing> order = new ArrayList<>();
        int next = 0;
        for (int round = 0; round < rounds; round++) {
            for (List<Outgoing> recs : valid) {
                if (round < recs.size()) {
                    order.add(recs.get(round));
                }
            }
            for (int k = 0; k < share && next < loose.size(); k++) {
                order.add(loose.get(next++));
            }
        }
        order.addAll(loose.subList(next, loose.size()));
        return order;
    }

    private KafkaProducer<byte[], byte[]> producer() {
        Properties p = KAFKA.clientProperties();
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, MAX_MESSAGE_BYTES);
        p.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 64L << 20);
        return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** Waits until the learner's group has committed every events record: all of them were processed. */
    private static void awaitNoLag(LearnerConfig conf) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        try (Admin admin = KAFKA.admin()) {
            while (true) {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(conf.applicationId())
                        .partitionsToOffsetAndMetadata().get();
                Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
                for (int p = 0; p < 4; p++) {
                    latest.put(new TopicPartition(conf.eventsTopic(), p), OffsetSpec.latest());
                }
                var ends = admin.listOffsets(latest).all().get();
                boolean done = ends.entrySet().stream().allMatch(e -> committed.containsKey(e.getKey())
                        && committed.get(e.getKey()).offset() >= e.getValue().offset());
                if (done) {
                    return;
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("the learner did not commit every events record within " + WAIT
                            + ": committed " + committed + ", ends " + ends);
                }
                Thread.sleep(100);
            }
        }
    }

    /** What the dead-letter topic holds, tallied without keeping the records. */
    private static final class DeadLetterTally {
        final Map<String, Long> byReason = new TreeMap<>();
        final Map<Integer, String> reasonOf = new HashMap<>();
        final Set<Integer> ids = new HashSet<>();
        long withoutReason;
        long withoutId;
        long duplicateIds;
        long truncated;
    }

    /** Reads the whole dead-letter topic, up to its end offsets, with read_committed. */
    private static DeadLetterTally readDeadLetters(String topic) {
        Properties p = KAFKA.clientProperties();
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        DeadLetterTally tally = new DeadLetterTally();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> parts = c.partitionsFor(topic, WAIT).stream()
                    .map(i -> new TopicPartition(topic, i.partition())).toList();
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<TopicPartition, Long> ends = c.endOffsets(parts, WAIT);
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (parts.stream().anyMatch(tp -> c.position(tp) < ends.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("the dead-letter topic was not read to its end within " + WAIT);
                }
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
                    tally(tally, r);
                }
            }
        }
        return tally;
    }

    private static void tally(DeadLetterTally tally, ConsumerRecord<byte[], byte[]> r) {
        Header reason = r.headers().lastHeader("policystream.dlq.reason");
        Header id = r.headers().lastHeader(ID_HEADER);
        if (r.headers().lastHeader("policystream.dlq.truncated") != null) {
            tally.truncated++;
        }
        if (reason == null) {
            tally.withoutReason++;
            return;
        }
        String code = new String(reason.value(), StandardCharsets.UTF_8);
        tally.byReason.merge(code, 1L, Long::sum);
        if (id == null) {
            tally.withoutId++;
            return;
        }
        int n = Integer.parseInt(new String(id.value(), StandardCharsets.UTF_8));
        if (!tally.ids.add(n)) {
            tally.duplicateIds++;
        }
        tally.reasonOf.put(n, code);
    }

    private static PolicyParams decode(ParamsCodec codec, byte[] json) {
        try {
            return codec.decode(json);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return rt.totalMemory() - rt.freeMemory();
    }

    private static long directorySize(Path dir) throws Exception {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
