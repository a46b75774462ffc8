package io.policystream.perf;

import io.policystream.broker.EmbeddedKafkaBroker;
import io.policystream.client.ParamsTopic;
import io.policystream.config.LearnerConfig;
import io.policystream.event.Event;
import io.policystream.metrics.LearnerMetrics;
import io.policystream.policy.Activation;
import io.policystream.policy.Architecture;
import io.policystream.policy.Initializer;
import io.policystream.policy.PolicyNetwork;
import io.policystream.policy.PolicyParams;
import io.policystream.policy.StdMode;
import io.policystream.streams.LearnerApp;
import io.policystream.topics.TopicAdmin;
import io.policystream.topics.TopicDefinition;
import io.policystream.topics.TopicDefinitions;
import io.policystream.wire.EventCodec;
import io.policystream.wire.ParamsCodec;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;

/**
 * The end-to-end benchmark: on one events topic, the physical limit (a pass-through Kafka Streams
 * topology with the same processing guarantee) and the learner (until every trajectory is in a
 * published version), side by side in one run.
 */
public final class EndToEndBench {

    /**
     * What to run.
     *
     * @param events how many events to fill the topic with (whole episodes, at least this many)
     * @param partitions partitions of the events topic
     * @param hidden hidden layer widths
     * @param obs state length
     * @param actions number of actions (categorical) or dimensions (gaussian)
     * @param gaussian a gaussian policy instead of a categorical one
     * @param guarantee exactly_once_v2 or at_least_once
     * @param batch batch.trajectories
     * @param episodeLength steps per episode
     * @param bootstrapServers an existing cluster, or null for an embedded broker
     * @param preaggregate gradient.preaggregate
     * @param commitIntervalMs commit.interval.ms of both applications
     */
    public record Settings(long events, int partitions, List<Integer> hidden, int obs, int actions, boolean gaussian,
                           String guarantee, int batch, int episodeLength, String bootstrapServers, int preaggregate,
                           long commitIntervalMs) {
    }

    /** The measured figures. */
    public record Result(long events, long episodes, double fillPerSecond, double passThroughPerSecond,
                         double learnerPerSecond, double updatesPerSecond, long versions) {
        public double ratio() {
            return learnerPerSecond / passThroughPerSecond;
        }
    }

    private EndToEndBench() {
    }

    public static Result run(Settings s, PrintWriter out) throws Exception {
        Path work = Files.createTempDirectory("policystream-bench");
        EmbeddedKafkaBroker broker = null;
        try {
            String bootstrap = s.bootstrapServers();
            if (bootstrap == null) {
                broker = EmbeddedKafkaBroker.builder().dataDir(work.resolve("broker")).start();
                bootstrap = broker.bootstrapServers();
            }
            Properties client = new Properties();
            client.setProperty("bootstrap.servers", bootstrap);
            String run = "bench-" + UUID.randomUUID().toString().substring(0, 8) + ".";
            Map<String, String> conf = createTopics(client, run, s.partitions());
            String scratch = run + "scratch";
            try (Admin admin = Admin.create(client)) {
                new TopicAdmin(admin, Duration.ofSeconds(60)).create(List.of(new TopicDefinition(scratch,
                        s.partitions(), 1, Map.of())));
            }
            Architecture arch = s.gaussian()
                    ? Architecture.gaussian(s.obs(), s.hidden(), s.actions(), Activation.TANH, StdMode.PARAMETER)
                    : Architecture.categorical(s.obs(), s.hidden(), s.actions(), Activation.TANH);
            PolicyParams v0 = Initializer.initialize("bench", arch, 1, System.currentTimeMillis());
            ParamsTopic.publish(client, v0, Duration.ofSeconds(30), conf.get("topic.params"), conf.get("topic.history"));

            out.printf(Locale.ROOT, "filling %s with %,d events (%d partitions, %s network %s) ...%n",
                    conf.get("topic.events"), s.events(), s.partitions(), arch.distribution().wireName(),
                    arch.policyShape());
            out.flush();
            long t0 = System.nanoTime();
            long episodes = fill(client, conf.get("topic.events"), v0, s);
            long events = episodes * s.episodeLength();
            double fill = events / ((System.nanoTime() - t0) / 1e9);
            out.printf(Locale.ROOT, "filled: %,d events in %,d episodes at %,.0f events/s%n", events, episodes, fill);
            out.flush();

            double pass = passThrough(client, conf.get("topic.events"), scratch, s.guarantee(), s.commitIntervalMs(),
                    work, out);
            out.printf(Locale.ROOT, "pass-through (%s): %,.0f events/s%n", s.guarantee(), pass);
            out.flush();

            conf.put("application.id", run + "learner");
            conf.put("batch.trajectories", Integer.toString(s.batch()));
            conf.put("max.staleness", "1000000000");
            conf.put("processing.guarantee", s.guarantee());
            conf.put("gradient.preaggregate", Integer.toString(s.preaggregate()));
            conf.put("commit.interval.ms", Long.toString(s.commitIntervalMs()));
            conf.put("layers", String.join(",", s.hidden().stream().map(String::valueOf).toList()));
            LearnerConfig config = LearnerConfig.fromMap(conf);
            long t1;
            double elapsed;
            long versions;
            try (LearnerApp app = new LearnerApp(config, client, work.resolve("learner"), LearnerMetrics.inMemory())) {
                t1 = System.nanoTime();
                app.start(Duration.ofSeconds(60));
                // Done when fewer than a batch of trajectories can still be waiting for their version.
                versions = waitForTrajectories(client, conf.get("topic.history"), episodes - (s.batch() - 1),
                        Duration.ofMinutes(30));
                elapsed = (System.nanoTime() - t1) / 1e9;
            }
            double learner = events / elapsed;
            Result r = new Result(events, episodes, fill, pass, learner, versions / elapsed, versions);
            out.printf(Locale.ROOT, "learner (%s, batch %d, preaggregate %d): %,.0f events/s, %,.1f updates/s, "
                    + "%d versions%n", s.guarantee(), s.batch(), s.preaggregate(), learner, r.updatesPerSecond(),
                    versions);
            out.printf(Locale.ROOT, "HEADLINE: learner / pass-through = %.2f%n", r.ratio());
            out.flush();
            return r;
        } finally {
            if (broker != null) {
                broker.close();
            }
            try (var files = Files.walk(work)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    private static Map<String, String> createTopics(Properties client, String prefix, int partitions) {
        Map<String, String> names = new HashMap<>();
        List<TopicDefinition> defs = new ArrayList<>();
        for (TopicDefinition d : TopicDefinitions.loadBundled()) {
            TopicDefinition renamed = d.withName(prefix + d.name());
            if (d.name().equals("policystream.events")) {
                renamed = new TopicDefinition(renamed.name(), partitions, 1, renamed.configs());
            }
            defs.add(renamed);
            switch (d.name()) {
                case "policystream.events" -> names.put("topic.events", renamed.name());
                case "policystream.params" -> names.put("topic.params", renamed.name());
                case "policystream.params.history" -> names.put("topic.history", renamed.name());
                case "policystream.dlq" -> names.put("topic.dlq", renamed.name());
                default -> { }
            }
        }
        try (Admin admin = Admin.create(client)) {
            new TopicAdmin(admin, Duration.ofSeconds(60)).create(defs);
        }
        return names;
    }

    /** Episodes of the given length, states and actions drawn from the initial policy, as actors would record. */
    private static long fill(Properties client, String topic, PolicyParams p, Settings s) {
        Properties pp = new Properties();
        pp.putAll(client);
        pp.put(ProducerConfig.ACKS_CONFIG, "all");
        pp.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        pp.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        EventCodec codec = new EventCodec();
        PolicyNetwork net = new PolicyNetwork(p.architecture());
        PolicyNetwork.Workspace ws = net.newWorkspace();
        SplittableRandom rng = new SplittableRandom(7);
        long episodes = (s.events() + s.episodeLength() - 1) / s.episodeLength();
        long time = System.currentTimeMillis();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(pp, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            double[] state = new double[s.obs()];
            for (long e = 0; e < episodes; e++) {
                String ep = "bench-" + e;
                byte[] key = ep.getBytes(StandardCharsets.UTF_8);
                for (int t = 0; t < s.episodeLength(); t++) {
                    for (int i = 0; i < state.length; i++) {
                        state[i] = rng.nextDouble(-1, 1);
                    }
                    PolicyNetwork.Sample a = net.sample(p, state, rng, ws);
                    boolean last = t == s.episodeLength() - 1;
                    Event ev = Event.step("bench", ep, t, state, a.action(), a.logProb(), 0, 1.0, last, false, time);
                    producer.send(new ProducerRecord<>(topic, key, codec.encode(ev)));
                }
            }
            producer.flush();
        }
        return episodes;
    }

    private static double passThrough(Properties client, String from, String to, String guarantee,
                                      long commitIntervalMs, Path work, PrintWriter out) throws Exception {
        StreamsBuilder b = new StreamsBuilder();
        b.stream(from, Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()))
                .to(to, Produced.with(Serdes.ByteArray(), Serdes.ByteArray()));
        Properties p = new Properties();
        p.putAll(client);
        String appId = "bench-pass-" + UUID.randomUUID();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, appId);
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, guarantee);
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, commitIntervalMs);
        p.put(StreamsConfig.STATE_DIR_CONFIG, work.resolve("pass").toString());
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        try (KafkaStreams streams = new KafkaStreams(b.build(), p); Admin admin = Admin.create(client)) {
            Map<TopicPartition, Long> end = endOffsets(admin, from);
            long t = System.nanoTime();
            streams.start();
            long deadline = System.nanoTime() + Duration.ofMinutes(30).toNanos();
            while (System.nanoTime() < deadline) {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(appId)
                        .partitionsToOffsetAndMetadata().get();
                boolean done = end.entrySet().stream().allMatch(e -> committed.get(e.getKey()) != null
                        && committed.get(e.getKey()).offset() >= e.getValue());
                if (done) {
                    long total = end.values().stream().mapToLong(Long::longValue).sum();
                    return total / ((System.nanoTime() - t) / 1e9);
                }
                Thread.sleep(50);
            }
            throw new IllegalStateException("the pass-through did not finish in time");
        }
    }

    private static Map<TopicPartition, Long> endOffsets(Admin admin, String topic) throws Exception {
        int n = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
        Map<TopicPartition, OffsetSpec> q = new HashMap<>();
        for (int i = 0; i < n; i++) {
            q.put(new TopicPartition(topic, i), OffsetSpec.latest());
        }
        Map<TopicPartition, Long> end = new HashMap<>();
        for (Map.Entry<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> e
                : admin.listOffsets(q).all().get().entrySet()) {
            end.put(e.getKey(), e.getValue().offset());
        }
        return end;
    }

    /** Waits until a version holds at least {@code trajectories}; returns its number. */
    private static long waitForTrajectories(Properties client, String history, long trajectories, Duration timeout)
            throws Exception {
        Properties p = new Properties();
        p.putAll(client);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        ParamsCodec codec = new ParamsCodec();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> parts = c.partitionsFor(history).stream()
                    .map(i -> new TopicPartition(history, i.partition())).toList();
            c.assign(parts);
            c.seekToBeginning(parts);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(100))) {
                    PolicyParams version = codec.decode(r.value());
                    if (version.trajectories() >= trajectories) {
                        return version.version();
                    }
                }
            }
        }
        throw new IllegalStateException("the learner did not learn from " + trajectories + " trajectories in time");
    }
}
