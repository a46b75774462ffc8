package io.policystream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.policystream.client.ParamsTopic;
import io.policystream.config.LearnerConfig;
import io.policystream.event.Event;
import io.policystream.policy.Activation;
import io.policystream.policy.Architecture;
import io.policystream.policy.Initializer;
import io.policystream.policy.PolicyNetwork;
import io.policystream.policy.PolicyParams;
import io.policystream.offline.FileTrainer;
import io.policystream.testkit.KafkaCluster;
import io.policystream.topics.TopicDefinition;
import io.policystream.wire.EventCodec;
import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
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
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** replay on a real broker: a recorded single-partition range, replayed twice, gives the same versions. */
class ReplayIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Architecture CARTPOLE = Architecture.categorical(4, List.of(16), 2, Activation.TANH);
    private static final String EVENTS = "rec.single.events";

    @RegisterExtension
    static final KafkaCluster KAFKA = KafkaCluster.empty();

    @TempDir
    static Path dir;

    private static Path config;
    private static Map<String, String> entries;
    private static PolicyParams v0;
    private static final StringBuilder RECORDING = new StringBuilder();

    @BeforeAll
    static void record() throws Exception {
        entries = new HashMap<>(KAFKA.createPrefixedProjectTopics("rec."));
        KAFKA.createTopics(List.of(new TopicDefinition(EVENTS, 1, 1, Map.of())));
        entries.put("topic.events", EVENTS);
        entries.put("layers", "16");
        entries.put("batch.trajectories", "4");
        entries.put("commit.interval.ms", "20");
        StringBuilder file = new StringBuilder();
        entries.forEach((k, v) -> file.append(k).append('=').append(v).append('\n'));
        config = dir.resolve("replay.properties");
        Files.writeString(config, file);
        LearnerConfig conf = LearnerConfig.fromMap(entries);
        v0 = Initializer.initialize("cartpole", CARTPOLE, 5, 0);
        ParamsTopic.publish(KAFKA.clientProperties(), v0, WAIT, conf.paramsTopic(), conf.historyTopic());
        EventCodec codec = new EventCodec();
        SplittableRandom rng = new SplittableRandom(17);
        Properties p = KAFKA.clientProperties();
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            // Four full batches and two episodes of a fifth, two episodes interleaved at a time.
            for (int pair = 0; pair < 9; pair++) {
                List<Event> a = episode("p" + pair + "-a", 2 + rng.nextInt(12), rng);
                List<Event> b = episode("p" + pair + "-b", 2 + rng.nextInt(12), rng);
                for (int t = 0; t < Math.max(a.size(), b.size()); t++) {
                    for (List<Event> ep : List.of(a, b)) {
                        if (t < ep.size()) {
                            Event e = ep.get(t);
                            byte[] json = codec.encode(e);
                            producer.send(new ProducerRecord<>(EVENTS, e.episode().getBytes(StandardCharsets.UTF_8),
                                    json));
                            RECORDING.append(e.episode()).append('\t')
                                    .append(new String(json, StandardCharsets.UTF_8)).append('\n');
                        }
                    }
                }
            }
            producer.flush();
        }
    }

    private static List<Event> episode(String ep, int n, SplittableRandom rng) {
        PolicyNetwork net = new PolicyNetwork(v0.architecture());
        PolicyNetwork.Workspace ws = net.newWorkspace();
        List<Event> out = new ArrayList<>();
        for (int t = 0; t < n; t++) {
            double[] s = {rng.nextDouble(-1, 1), rng.nextDouble(-1, 1), rng.nextDouble(-1, 1), rng.nextDouble(-1, 1)};
            PolicyNetwork.Sample a = net.sample(v0, s, rng, ws);
            out.add(Event.step("cartpole", ep, t, s, a.action(), a.logProb(), 0, rng.nextDouble(0, 2), t == n - 1,
                    false, 1_000_000L + t));
        }
        return out;
    }

    private static CliRun replay(String paramsTopic) {
        CliRun run = new CliRun(new ReplayCommand());
        run.execute("--bootstrap-servers", KAFKA.bootstrapServers(), "--config", config.toString(), "--params-topic",
                paramsTopic, "--from", "beginning", "--to", "end");
        return run;
    }

    private static List<PolicyParams> history(String topic) throws Exception {
        return ParamsTopic.readAll(KAFKA.clientProperties(), topic, WAIT);
    }

    @Test
    void shouldPublishIdenticalVersionsOnTwoReplaysAndLeaveProductionUntouched() throws Exception {
        CliRun first = replay("shadowA.params");
        CliRun second = replay("shadowB.params");

        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(second.exitCode()).as(second.err()).isZero();
        assertThat(first.out()).contains("cartpole version 4 trajectories=16").doesNotContain("version 5");
        List<PolicyParams> a = history("shadowA.params.history");
        List<PolicyParams> b = history("shadowB.params.history");
        assertThat(a).extracting(PolicyParams::version).containsExactly(0L, 1L, 2L, 3L, 4L);
        assertThat(b).extracting(PolicyParams::version).containsExactly(0L, 1L, 2L, 3L, 4L);
        for (int v = 0; v < a.size(); v++) {
            assertThat(a.get(v).copyTheta()).as("version %d", v).isEqualTo(b.get(v).copyTheta());
            assertThat(a.get(v).trajectories()).isEqualTo(b.get(v).trajectories());
            assertThat(a.get(v).steps()).isEqualTo(b.get(v).steps());
        }
        assertThat(history("rec.policystream.params.history")).containsExactly(v0);
        assertThat(ParamsTopic.readLatest(KAFKA.clientProperties(), "rec.policystream.params", WAIT))
                .containsExactly(Map.entry("cartpole", v0));
        try (Admin admin = KAFKA.admin()) {
            assertThat(admin.listTopics().names().get(60, TimeUnit.SECONDS))
                    .doesNotContain("shadowA.params.events", "shadowB.params.events")
                    .contains("shadowA.params", "shadowA.params.history", "shadowA.params.dlq");
        }
    }

    @Test
    void shouldLearnWhatTheOfflineTrainerLearnsFromTheSameRecording() throws Exception {
        CliRun run = replay("shadowC.params");

        assertThat(run.exitCode()).as(run.err()).isZero();
        List<PolicyParams> offline = new ArrayList<>();
        new FileTrainer(LearnerConfig.fromMap(entries), List.of(v0)).run(
                new BufferedReader(new StringReader(RECORDING.toString())), offline::add,
                new PrintWriter(new StringWriter()));
        List<PolicyParams> online = history("shadowC.params.history");
        // The offline trainer closes the fifth batch's open episodes at the end of the file; the learner does not.
        assertThat(online).hasSize(5);
        for (int v = 1; v < online.size(); v++) {
            double[] x = online.get(v).copyTheta();
            double[] y = offline.get(v - 1).copyTheta();
            for (int k = 0; k < x.length; k++) {
                assertThat(Math.abs(x[k] - y[k])).as("version %d theta[%d]", v, k)
                        .isLessThanOrEqualTo(1e-12 * Math.max(Math.abs(x[k]), Math.abs(y[k])));
            }
        }
    }

    @Test
    void shouldRefuseToReplayIntoAShadowThatHoldsVersions() throws Exception {
        assertThat(replay("shadowD.params").exitCode()).isZero();

        CliRun again = replay("shadowD.params");

        assertThat(again.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(again.err()).contains("shadowD.params.history already holds versions");
    }
}
