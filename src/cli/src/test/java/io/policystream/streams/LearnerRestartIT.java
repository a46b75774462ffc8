package io.policystream.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.policystream.broker.EmbeddedKafkaBroker;
import io.policystream.client.ParamsTopic;
import io.policystream.config.LearnerConfig;
import io.policystream.event.Event;
import io.policystream.metrics.LearnerMetrics;
import io.policystream.policy.Activation;
import io.policystream.policy.Architecture;
import io.policystream.policy.Initializer;
import io.policystream.policy.PolicyParams;
import io.policystream.offline.FileTrainer;
import io.policystream.testkit.KafkaCluster;
import io.policystream.testkit.SampledEpisodes;
import io.policystream.testkit.TopicReader;
import io.policystream.topics.TopicDefinition;
import io.policystream.topics.TopicDefinitions;
import io.policystream.wire.EventCodec;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The learner restarted as operators restart it: on a fresh cluster with the state directory of an
 * old one, on topics deleted and created again, through a rebalance slower than its startup timeout,
 * and stopped with SIGTERM. Its state is trusted only where it belongs, it never gives up on its own
 * cluster, and it stops cleanly.
 */
class LearnerRestartIT {
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final Architecture CARTPOLE = Architecture.categorical(4, List.of(16), 2, Activation.TANH);
    private static final int BATCH = 8;

    @RegisterExtension
    static final KafkaCluster KAFKA = KafkaCluster.empty();

    @TempDir
    Path work;

    private final EventCodec events = new EventCodec();
    private LearnProcesses learners;

    @BeforeEach
    void learners() {
        learners = new LearnProcesses(work, KAFKA.bootstrapServers());
    }

    @AfterEach
    void killLeftovers() throws InterruptedException {
        // A failed assertion must not leave a learner JVM behind on a shared machine.
        learners.close();
    }

    @Test
    void shouldWipeTheStateOfAnotherClusterAndLearnVersionOneAsTrainDoes() throws Exception {
        Path stateDir = work.resolve("state");
        Map<String, String> conf = config("fresh.");
        LearnerConfig config = LearnerConfig.fromMap(conf);
        PolicyParams v0 = Initializer.initialize("cartpole", CARTPOLE, 5, 0);
        StringBuilder batch = batchFile(v0, 3);

        // Cluster A: the learner learns version 1 from episodes e0..e7 and stops.
        createTopics(KAFKA.admin(), "fresh.");
        learnOneBatch(config, KAFKA.clientProperties(), stateDir, v0, batch);
        String clusterA = ClusterBinding.read(stateDir).clusterId();

        // Cluster B, fresh: the same learner, the same state directory, the same episode ids.
        try (EmbeddedKafkaBroker b = EmbeddedKafkaBroker.builder().dataDir(work.resolve("broker-b")).start();
             Admin admin = Admin.create(b.clientProperties())) {
            createTopics(admin, "fresh.");
            List<PolicyParams> history = learnOneBatch(config, b.clientProperties(), stateDir, v0, batch);

            assertThat(history).extracting(PolicyParams::version).as("versions on the fresh cluster").containsExactly(0L, 1L);
            assertEqualsTrain(config, v0, batch, history.get(1));
            assertThat(deadLetters(b.clientProperties(), config)).as("dead letters on the fresh cluster").isEmpty();
            assertThat(ClusterBinding.read(stateDir).clusterId()).isNotEqualTo(clusterA);
        }
    }

    @Test
    void shouldStartCleanWhenItsTopicsWereDeletedAndCreatedAgain() throws Exception {
        Path stateDir = work.resolve("state");
        Map<String, String> conf = config("recreated.");
        LearnerConfig config = LearnerConfig.fromMap(conf);
        PolicyParams v0 = Initializer.initialize("cartpole", CARTPOLE, 9, 0);
        StringBuilder batch = batchFile(v0, 4);

        List<String> topics = createTopics(KAFKA.admin(), "recreated.");
        learnOneBatch(config, KAFKA.clientProperties(), stateDir, v0, batch);

        try (Admin admin = KAFKA.admin()) {
            admin.deleteTopics(topics).all().get(60, TimeUnit.SECONDS);
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (admin.listTopics().names().get(60, TimeUnit.SECONDS).stream().anyMatch(topics::contains)) {
                assertThat(System.nanoTime()).as("topics deleted in time").isLessThan(deadline);
                Thread.sleep(100);
            }
            createTopics(admin, "recreated.");
        }
        List<PolicyParams> history = learnOneBatch(config, KAFKA.clientProperties(), stateDir, v0, batch);

        assertThat(history).extracting(PolicyParams::version).as("versions on the new topics").containsExactly(0L, 1L);
        assertEqualsTrain(config, v0, batch, history.get(1));
        assertThat(deadLetters(KAFKA.clientProperties(), config)).as("dead letters on the new topics").isEmpty();
    }

    @Test
    void shouldStayUpAndReportStartingThroughARebalanceLongerThanItsStartupTimeoutThenLearn() throws Exception {
        Map<String, String> conf = config("slow.");
        LearnerConfig config = LearnerConfig.fromMap(conf);
        createTopics(KAFKA.admin(), "slow.");
        PolicyParams v0 = Initializer.initialize("cartpole", CARTPOLE, 13, 0);
        ParamsTopic.publish(KAFKA.clientProperties(), v0, WAIT, config.paramsTopic(), config.historyTopic());
        Path confFile = write(conf, "slow.properties");

        // A second member joins the group and dies without leaving: a static member the group keeps
        // waiting for until its session (the learner's default, 20 s) expires.
        Process intruder = learn(confFile, work.resolve("intruder"), "intruder", 0, "intruder");
        awaitLog(intruder, "intruder", "learner running");
        intruder.destroyForcibly();
        assertThat(intruder.waitFor(30, TimeUnit.SECONDS)).isTrue();

        int port = freePort();
        long t0 = System.nanoTime();
        Process learner = learn(confFile, work.resolve("learner"), "learner", port, "learner", "--startup-timeout", "3s");
        List<String> seen = new ArrayList<>();
        boolean starting = false;
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!Files.readString(log("learner")).contains("learner running")) {
            assertThat(learner.isAlive()).as("the learner stays up; its output:\n%s", tail("learner")).isTrue();
            assertThat(System.nanoTime()).as("the learner runs within %s", WAIT).isLessThan(deadline);
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                seen.add(r.statusCode() + " " + r.body());
                if (r.statusCode() == 503 && r.body().contains("\"status\":\"STARTING\"")
                        && r.body().contains("\"state\":\"REBALANCING\"")) {
                    starting = true;
                }
            } catch (IOException e) {
                // The metrics server is not up yet.
            }
            Thread.sleep(250);
        }
        double runningAfter = (System.nanoTime() - t0) / 1e9;
        assertThat(runningAfter).as("the rebalance outlasted --startup-timeout").isGreaterThan(3.0);
        assertThat(starting).as("/health said STARTING with the state REBALANCING; seen: %s", seen).isTrue();

        SplittableRandom rng = new SplittableRandom(13);
        try (KafkaProducer<byte[], byte[]> producer = producer(KAFKA.clientProperties());
             TopicReader history = new TopicReader(KAFKA.clientProperties(), config.historyTopic())) {
            for (int i = 0; i < BATCH; i++) {
                for (Event e : SampledEpisodes.episode(v0, "slow-" + i, 3 + rng.nextInt(8), rng)) {
                    send(producer, config, e, new StringBuilder());
                }
            }
            producer.flush();
            List<ConsumerRecord<byte[], byte[]>> versions = history.until(r -> r.size() >= 2, WAIT);
            assertThat(versions).as("version 1 after the group settled").hasSize(2);
        }
        learner.destroy();
        assertThat(learner.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(learner.exitValue()).as("exit code after SIGTERM; output:\n%s", tail("learner")).isZero();
        System.out.printf("LearnerRestartIT figures: slow rebalance: learner running after %.1f s with"
                + " --startup-timeout 3s, %d health answers while starting%n", runningAfter, seen.size());
    }

    @Test
    void shouldStopOnSigtermWithinTenSecondsSayLearnerStoppedExitZeroAndTrustItsStateNextTime() throws Exception {
        Map<String, String> conf = config("stop.");
        LearnerConfig config = LearnerConfig.fromMap(conf);
        createTopics(KAFKA.admin(), "stop.");
        PolicyParams v0 = Initializer.initialize("cartpole", CARTPOLE, 17, 0);
        ParamsTopic.publish(KAFKA.clientProperties(), v0, WAIT, config.paramsTopic(), config.historyTopic());
        Path confFile = write(conf, "stop.properties");
        Path stateDir = work.resolve("learner");

        Process first = learn(confFile, stateDir, "first", 0, "first");
        awaitLog(first, "first", "learner running");
        SplittableRandom rng = new SplittableRandom(17);
        try (KafkaProducer<byte[], byte[]> producer = producer(KAFKA.clientProperties());
             TopicReader history = new TopicReader(KAFKA.clientProperties(), config.historyTopic())) {
            for (int i = 0; i < BATCH; i++) {
                for (Event e : SampledEpisodes.episode(v0, "stop-" + i, 3 + rng.nextInt(8), rng)) {
                    send(producer, config, e, new StringBuilder());
                }
            }
            producer.flush();
            assertThat(history.until(r -> r.size() >= 2, WAIT)).hasSize(2);
        }
        long t0 = System.nanoTime();
        first.destroy();
        assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
        double stopSeconds = (System.nanoTime() - t0) / 1e9;
        String out = Files.readString(log("first"));
        assertThat(first.exitValue()).as("exit code after SIGTERM; output:\n%s", tail("first")).isZero();
        assertThat(out).contains("learner stopped").doesNotContain("error:");
        assertThat(stopSeconds).as("seconds from SIGTERM to exit").isLessThan(10.0 + 5.0);

        // The next start trusts that state: it comes back without a restore from the changelogs.
        Process second = learn(confFile, stateDir, "second", 0, "second");
        awaitLog(second, "second", "learner running");
        assertThat(Files.readString(log("second"))).doesNotContain("cannot be used").doesNotContain("corrupted");
        second.destroy();
        assertThat(second.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(second.exitValue()).isZero();
        System.out.printf("LearnerRestartIT figures: SIGTERM to exit %.1f s%n", stopSeconds);
    }

    @Test
    void shouldStopOnSigtermWhileStillWaitingForASilentClusterAndExitZero() throws Exception {
        try (java.net.ServerSocket silent = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            Thread sink = new Thread(() -> {
                List<java.net.Socket> held = new ArrayList<>();
                while (!silent.isClosed()) {
                    try {
                        held.add(silent.accept());
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            sink.setDaemon(true);
            sink.start();
            Path conf = write(config("silent."), "silent.properties");
            LearnProcesses silentLearners = new LearnProcesses(work, "127.0.0.1:" + silent.getLocalPort());
            Process p = silentLearners.start("silent", List.of("--config", conf.toString(),
                    "--state-dir", work.resolve("silent-state").toString(), "--metrics-port", "0",
                    "--startup-timeout", "60s"));
            // Until the learner exists (it keeps its instance id before it asks the cluster anything) and
            // is checking the cluster, which says nothing until its 60 s are up; then a little more.
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (!Files.exists(work.resolve("silent-state").resolve(StaticMembership.FILE_NAME))) {
                assertThat(p.isAlive()).as("learn is still up; output:\n%s", tail("silent")).isTrue();
                assertThat(System.nanoTime()).isLessThan(deadline);
                Thread.sleep(100);
            }
            Thread.sleep(1000);
            long t0 = System.nanoTime();
            p.destroy();
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            double seconds = (System.nanoTime() - t0) / 1e9;
            assertThat(p.exitValue()).as("exit code; output:\n%s", tail("silent")).isZero();
            assertThat(Files.readString(log("silent"))).contains("learner stopped").doesNotContain("error:");
            assertThat(seconds).as("seconds from SIGTERM to exit during a 60 s start").isLessThan(15.0);
            System.out.printf("LearnerRestartIT figures: SIGTERM while waiting for a silent cluster, exit after %.1f s%n",
                    seconds);
            silentLearners.close();
        }
    }

    // ---- helpers

    private static Map<String, String> config(String prefix) {
        Map<String, String> conf = new HashMap<>();
        conf.put("topic.events", prefix + "policystream.events");
        conf.put("topic.params", prefix + "policystream.params");
        conf.put("topic.history", prefix + "policystream.params.history");
        conf.put("topic.dlq", prefix + "policystream.dlq");
        conf.put("application.id", prefix + "learner");
        conf.put("layers", "16");
        conf.put("batch.trajectories", String.valueOf(BATCH));
        conf.put("commit.interval.ms", "50");
        return conf;
    }

    /** The project's topics under {@code prefix}, with one events partition (the learner then reads the file's order). */
    private static List<String> createTopics(Admin admin, String prefix) throws Exception {
        try (admin) {
            List<org.apache.kafka.clients.admin.NewTopic> topics = new ArrayList<>();
            for (TopicDefinition d : TopicDefinitions.loadBundled()) {
                int partitions = d.name().equals("policystream.events") ? 1 : d.partitions();
                topics.add(new org.apache.kafka.clients.admin.NewTopic(prefix + d.name(), partitions, (short) 1)
                        .configs(d.configs()));
            }
            admin.createTopics(topics).all().get(60, TimeUnit.SECONDS);
            List<String> names = topics.stream().map(org.apache.kafka.clients.admin.NewTopic::name).toList();
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (true) {
                try {
                    var d = admin.describeTopics(names).allTopicNames().get(60, TimeUnit.SECONDS);
                    if (d.values().stream().allMatch(t -> t.partitions().stream().allMatch(p -> p.leader() != null))) {
                        return names;
                    }
                } catch (java.util.concurrent.ExecutionException e) {
                    // Just created: the metadata has not reached the broker yet.
                    assertThat(e.getCause()).isInstanceOf(org.apache.kafka.common.errors.UnknownTopicOrPartitionException.class);
                }
                assertThat(System.nanoTime()).as("leaders in time").isLessThan(deadline);
                Thread.sleep(100);
            }
        }
    }

    /** One batch of episodes e0..e7 acted by {@code v0}, as key TAB json lines. */
    private StringBuilder batchFile(PolicyParams v0, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        StringBuilder file = new StringBuilder();
        for (int i = 0; i < BATCH; i++) {
            for (Event e : SampledEpisodes.episode(v0, "e" + i, 3 + rng.nextInt(8), rng)) {
                byte[] json = events.encode(e);
                file.append(e.episode()).append('\t').append(new String(json, StandardCharsets.UTF_8)).append('\n');
            }
        }
        return file;
    }

    /** Publishes v0, runs a learner on {@code stateDir} until the batch's version, stops it; the committed history. */
    private List<PolicyParams> learnOneBatch(LearnerConfig config, Properties client, Path stateDir, PolicyParams v0,
                                             StringBuilder batch) throws Exception {
        ParamsTopic.publish(client, v0, WAIT, config.paramsTopic(), config.historyTopic());
        try (LearnerApp app = new LearnerApp(config, client, stateDir, new LearnerMetrics(new SimpleMeterRegistry()))) {
            app.start(WAIT);
            try (KafkaProducer<byte[], byte[]> producer = producer(client);
                 TopicReader history = new TopicReader(client, config.historyTopic())) {
                for (String line : batch.toString().split("\n")) {
                    int tab = line.indexOf('\t');
                    producer.send(new ProducerRecord<>(config.eventsTopic(),
                            line.substring(0, tab).getBytes(StandardCharsets.UTF_8),
                            line.substring(tab + 1).getBytes(StandardCharsets.UTF_8)));
                }
                producer.flush();
                List<ConsumerRecord<byte[], byte[]>> recs = history.until(r -> r.size() >= 2, WAIT);
                assertThat(recs).as("version 1 published; learner %s", app.health()).hasSizeGreaterThanOrEqualTo(2);
            }
        }
        Properties committed = new Properties();
        committed.putAll(client);
        committed.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return ParamsTopic.readAll(committed, config.historyTopic(), WAIT);
    }

    private static void assertEqualsTrain(LearnerConfig config, PolicyParams v0, StringBuilder batch, PolicyParams v1)
            throws IOException {
        List<PolicyParams> offline = new ArrayList<>();
        new FileTrainer(config, List.of(v0)).run(new BufferedReader(new StringReader(batch.toString())), offline::add,
                new PrintWriter(new StringWriter()));
        assertThat(offline).hasSize(1);
        assertThat(v1.trajectories()).isEqualTo(offline.get(0).trajectories()).isEqualTo(BATCH);
        assertThat(v1.steps()).isEqualTo(offline.get(0).steps());
        LearnerCrashIT.assertSameTheta(v1, offline.get(0), 1);
    }

    private static List<ConsumerRecord<byte[], byte[]>> deadLetters(Properties client, LearnerConfig config) {
        try (TopicReader dlq = new TopicReader(client, config.dlqTopic())) {
            long end = System.nanoTime() + Duration.ofSeconds(3).toNanos();
            return dlq.until(r -> System.nanoTime() > end, Duration.ofSeconds(30));
        }
    }

    private static KafkaProducer<byte[], byte[]> producer(Properties client) {
        Properties p = new Properties();
        p.putAll(client);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    private void send(KafkaProducer<byte[], byte[]> producer, LearnerConfig config, Event e, StringBuilder file) {
        byte[] json = events.encode(e);
        producer.send(new ProducerRecord<>(config.eventsTopic(), e.episode().getBytes(StandardCharsets.UTF_8), json));
        file.append(e.episode()).append('\t').append(new String(json, StandardCharsets.UTF_8)).append('\n');
    }

    private Path write(Map<String, String> conf, String name) throws IOException {
        Path file = work.resolve(name);
        Properties props = new Properties();
        props.putAll(conf);
        try (Writer w = Files.newBufferedWriter(file)) {
            props.store(w, "LearnerRestartIT");
        }
        return file;
    }

    /** {@code policystream learn} as its own JVM under a given instance id, its output in {@code <name>.log}. */
    private Process learn(Path confFile, Path stateDir, String instance, int metricsPort, String name, String... more)
            throws IOException {
        List<String> args = new ArrayList<>(List.of("--config", confFile.toString(), "--state-dir", stateDir.toString(),
                "--metrics-port", String.valueOf(metricsPort), "--instance-id", instance));
        args.addAll(List.of(more));
        return learners.start(name, args);
    }

    private Path log(String name) {
        return learners.log(name);
    }

    private String tail(String name) throws IOException {
        return learners.tail(name);
    }

    private void awaitLog(Process p, String name, String text) throws Exception {
        learners.awaitLog(p, name, text, WAIT);
    }

    private static int freePort() throws IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
