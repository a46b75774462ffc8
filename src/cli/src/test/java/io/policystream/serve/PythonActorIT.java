package io.policystream.serve;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.policystream.client.ParamsTopic;
import io.policystream.config.LearnerConfig;
import io.policystream.config.ParamsEncoding;
import io.policystream.metrics.LearnerMetrics;
import io.policystream.policy.Activation;
import io.policystream.policy.Architecture;
import io.policystream.policy.Initializer;
import io.policystream.policy.PolicyParams;
import io.policystream.streams.LearnerApp;
import io.policystream.testkit.Executables;
import io.policystream.testkit.KafkaCluster;
import io.policystream.testkit.Repo;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Python examples of examples/python/ against a real learner on a real broker: the standard
 * library actor through a real {@code serve}, and the confluent-kafka actor straight on the topics.
 * Each plays the contextual bandit; its episodes must all reach the learner (every one counted as a
 * completed trajectory, none refused), the learner must publish new versions from them, and the
 * actor must act with those versions. Skipped only where no {@code python3} is on the PATH (the
 * HTTP actor) or no python3 there imports confluent_kafka (the Kafka actor; Debian package
 * {@code python3-confluent-kafka}).
 *
 * <p>Each test runs twice: against a learner that writes the params JSON (the default), and against
 * one that writes binary params ({@code params.encoding=binary}), which the Python actor reads
 * with {@code policystream_wire.params_from_record} and {@code serve} with the Java codec.
 */
class PythonActorIT {
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final Path EXAMPLES = Repo.file("examples", "python");
    private static final Architecture BANDIT = Architecture.categorical(2, List.of(8), 2, Activation.TANH);
    private static final int EPISODES = 480;
    private static final Pattern SUMMARY = Pattern.compile(
            "done: episodes=(\\d+) mean_reward_first_100=([0-9.]+) mean_reward_last_100=([0-9.]+) versions=(\\d+)\\.\\.(\\d+)");

    @RegisterExtension
    static final KafkaCluster KAFKA = KafkaCluster.empty();

    @TempDir
    static Path dir;

    private static final Map<ParamsEncoding, LearnerConfig> CONFIGS = new EnumMap<>(ParamsEncoding.class);
    private static final Map<ParamsEncoding, LearnerMetrics> METRICS = new EnumMap<>(ParamsEncoding.class);
    private static final Map<ParamsEncoding, LearnerApp> LEARNERS = new EnumMap<>(ParamsEncoding.class);

    /**
     * Two learners for the class, each on its own topics, configured by
     * examples/python/bandit.properties as the README says, one of them with binary params.
     */
    @BeforeAll
    static void startLearners() throws Exception {
        Properties file = new Properties();
        try (InputStream in = Files.newInputStream(EXAMPLES.resolve("bandit.properties"))) {
            file.load(in);
        }
        for (ParamsEncoding encoding : ParamsEncoding.values()) {
            String prefix = "py-" + encoding.wireName() + ".";
            Map<String, String> conf = new HashMap<>(KAFKA.createPrefixedProjectTopics(prefix));
            file.stringPropertyNames().forEach(k -> conf.put(k, file.getProperty(k)));
            conf.put("application.id", prefix + "learner");
            conf.put("commit.interval.ms", "20");
            conf.put("params.encoding", encoding.wireName());
            LearnerConfig config = LearnerConfig.fromMap(conf);
            LearnerMetrics metrics = LearnerMetrics.inMemory();
            LearnerApp learner = new LearnerApp(config, KAFKA.clientProperties(), dir.resolve(prefix + "state"),
                    metrics);
            CONFIGS.put(encoding, config);
            METRICS.put(encoding, metrics);
            LEARNERS.put(encoding, learner);
            learner.start(WAIT);
        }
    }

    @AfterAll
    static void stopLearners() {
        LEARNERS.values().forEach(LearnerApp::close);
    }

    @ParameterizedTest
    @EnumSource(ParamsEncoding.class)
    void shouldLearnFromTheStandardLibraryActorThroughServe(ParamsEncoding encoding) throws Exception {
        Path python = Executables.find("python3").orElse(null);
        Assumptions.assumeTrue(python != null, "PythonActorIT (HTTP actor) skipped: no 'python3' on the PATH "
                + "(install Python 3 to run it)");
        String policy = "bandit-http";
        LearnerConfig config = CONFIGS.get(encoding);
        publishVersionZero(config, policy);
        ServeConfig serve = new ServeConfig(new HttpSettings("127.0.0.1", 0, 4, HttpSettings.DEFAULT_MAX_REQUEST_BYTES),
                EpisodeLimits.DEFAULT, config.paramsTopic(), config.eventsTopic(), Set.of(), WAIT);
        try (ServeApp app = ServeApp.start(KAFKA.clientProperties(), serve)) {
            String out = run(python, "http_actor.py", "--service", "http://127.0.0.1:" + app.port(),
                    "--policy", policy, "--episodes", Integer.toString(EPISODES), "--seed", "7");
            assertEpisodesReachedTheLearner(encoding, policy, out);
        }
    }

    @ParameterizedTest
    @EnumSource(ParamsEncoding.class)
    void shouldLearnFromTheConfluentKafkaActor(ParamsEncoding encoding) throws Exception {
        List<Path> pythons = Executables.findAll("python3");
        Path python = null;
        for (Path candidate : withSystemPython(pythons)) {
            if (imports(candidate, "confluent_kafka")) {
                python = candidate;
                break;
            }
        }
        Assumptions.assumeTrue(python != null, "PythonActorIT (Kafka actor) skipped: no python3 that imports "
                + "confluent_kafka among " + withSystemPython(pythons) + " (install the Debian package "
                + "'python3-confluent-kafka' or 'pip install confluent-kafka' to run it)");
        String policy = "bandit-kafka";
        LearnerConfig config = CONFIGS.get(encoding);
        publishVersionZero(config, policy);
        String out = run(python, "kafka_actor.py", "--bootstrap-servers", KAFKA.bootstrapServers(),
                "--params-topic", config.paramsTopic(), "--events-topic", config.eventsTopic(),
                "--policy", policy, "--episodes", Integer.toString(EPISODES), "--seed", "7");
        assertEpisodesReachedTheLearner(encoding, policy, out);
    }

    private static void publishVersionZero(LearnerConfig config, String policy) throws Exception {
        PolicyParams v0 = Initializer.initialize(policy, BANDIT, 3, System.currentTimeMillis());
        ParamsTopic.publish(KAFKA.clientProperties(), v0, WAIT, config.paramsTopic(), config.historyTopic());
    }

    /**
     * Every episode the actor played is a completed trajectory of the learner, none was refused, the
     * learner published versions from them, and the actor acted with versions after 0.
     */
    private static void assertEpisodesReachedTheLearner(ParamsEncoding encoding, String policy, String out)
            throws Exception {
        LearnerMetrics metrics = METRICS.get(encoding);
        Matcher m = SUMMARY.matcher(out);
        assertThat(m.find()).as("the actor's summary line in:%n%s", out).isTrue();
        assertThat(Integer.parseInt(m.group(1))).isEqualTo(EPISODES);
        assertThat(Long.parseLong(m.group(4))).as("first version acted with").isZero();
        assertThat(Long.parseLong(m.group(5))).as("the actor acted with the learner's new versions:%n%s", out)
                .isGreaterThanOrEqualTo(5);

        long deadline = System.nanoTime() + WAIT.toNanos();
        double completed = 0;
        while (System.nanoTime() < deadline) {
            completed = completed(metrics, policy);
            if (completed >= EPISODES) {
                break;
            }
            Thread.sleep(100);
        }
        assertThat(completed).as("trajectories the learner completed for %s", policy).isEqualTo(EPISODES);
        assertThat(metrics.count("policystream.learner.invalid")).as("records sent to the DLQ").isZero();
        Gauge version = metrics.registry().find("policystream.learner.params.version").tag("policy", policy).gauge();
        assertThat(version).isNotNull();
        // 480 episodes, 16 per batch: up to 30 versions; a few batches may mix in stale episodes.
        assertThat(version.value()).as("versions published for %s", policy).isGreaterThanOrEqualTo(10.0);
        // It learns: half the episodes were right by chance at first, and most are right at the end.
        double first = Double.parseDouble(m.group(2));
        double last = Double.parseDouble(m.group(3));
        assertThat(last).as("mean reward of the last 100 episodes (first 100: %s)", first).isGreaterThan(0.8);
        assertThat(latestParamsRecord(CONFIGS.get(encoding).paramsTopic(), policy)[0] == 0)
                .as("the learner wrote %s params (a binary record starts with a zero byte)", encoding.wireName())
                .isEqualTo(encoding == ParamsEncoding.BINARY);
    }

    /** The value of the newest record of {@code policy} on the params topic, read_committed. */
    private static byte[] latestParamsRecord(String topic, String policy) {
        Properties props = KAFKA.clientProperties();
        props.put("isolation.level", "read_committed");
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            byte[] latest = null;
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))
                    && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (policy.equals(r.key())) {
                        latest = r.value();
                    }
                }
            }
            assertThat(latest).as("a params record of %s on %s", policy, topic).isNotNull();
            return latest;
        }
    }

    private static double completed(LearnerMetrics metrics, String policy) {
        Counter c = metrics.registry().find("policystream.learner.trajectories").tag("policy", policy)
                .tag("outcome", "completed").counter();
        return c == null ? 0.0 : c.count();
    }

    /** The python3 interpreters on the PATH, then Debian's, which a pyenv shim on the PATH may hide. */
    private static List<Path> withSystemPython(List<Path> onPath) {
        List<Path> all = new ArrayList<>(onPath);
        Path system = Path.of("/usr/bin/python3");
        if (Files.isExecutable(system) && !all.contains(system)) {
            all.add(system);
        }
        return all;
    }

    private static boolean imports(Path python, String module) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(python.toString(), "-c", "import " + module)
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return false;
        }
        return p.exitValue() == 0;
    }

    /** Runs an example script in examples/python and returns what it printed; fails on a non-zero exit. */
    private static String run(Path python, String script, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(python.toString(), "-u", script));
        cmd.addAll(List.of(args));
        Path log = Files.createTempFile(dir, script, ".log");
        long start = System.nanoTime();
        Process p = new ProcessBuilder(cmd).directory(EXAMPLES.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        boolean finished = p.waitFor(WAIT.toSeconds() * 2, TimeUnit.SECONDS);
        if (!finished) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        String out = Files.readString(log);
        System.out.printf("%s finished in %.1f s:%n%s", script, (System.nanoTime() - start) / 1e9, out);
        assertThat(finished).as("%s finished within %s s:%n%s", script, WAIT.toSeconds() * 2, out).isTrue();
        assertThat(p.exitValue()).as("%s exit code:%n%s", script, out).isZero();
        return out;
    }
}
