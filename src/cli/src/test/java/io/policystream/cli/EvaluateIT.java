package io.policystream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.policystream.client.ParamsTopic;
import io.policystream.policy.PolicyParams;
import io.policystream.testkit.KafkaCluster;
import io.policystream.testkit.Repo;
import io.policystream.wire.ParamsCodec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code evaluate} reading a range of a real events topic, with targets from a real history topic. */
class EvaluateIT {
    @RegisterExtension
    static final KafkaCluster KAFKA = KafkaCluster.empty();

    static Map<String, String> topics;
    /** Record time of the first event of the 21st episode: the example's episodes are in time order. */
    static long middle;

    @BeforeAll
    static void publish() throws Exception {
        topics = KAFKA.createPrefixedProjectTopics("ev.");
        Properties client = KAFKA.clientProperties();
        List<String> lines = Files.readAllLines(Repo.file("examples/cartpole-events.jsonl"));
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(client, new StringSerializer(),
                new ByteArraySerializer())) {
            for (String line : lines) {
                int tab = line.indexOf('\t');
                String key = line.substring(0, tab);
                String json = line.substring(tab + 1);
                long time = new ObjectMapper().readTree(json).get("time").asLong();
                if (middle == 0 && key.equals("demo-020")) {
                    middle = time;
                }
                producer.send(new ProducerRecord<>(topics.get("topic.events"), null, time, key,
                        json.getBytes(StandardCharsets.UTF_8)));
            }
            producer.flush();
        }
        ParamsCodec codec = new ParamsCodec();
        PolicyParams v0 = codec.decode(Files.readAllBytes(Repo.file("examples/cartpole-params-v0.json")));
        double[] theta = v0.copyTheta();
        for (int i = 0; i < theta.length; i++) {
            theta[i] *= 2.0;
        }
        PolicyParams v1 = v0.next(1, theta, null, 8, 200, 0);
        ParamsTopic.publish(client, v0, Duration.ofSeconds(30), topics.get("topic.history"), topics.get("topic.params"));
        ParamsTopic.publish(client, v1, Duration.ofSeconds(30), topics.get("topic.history"), topics.get("topic.params"));
    }

    private JsonNode evaluate(String... extra) throws Exception {
        List<String> args = new java.util.ArrayList<>(List.of("--bootstrap-servers", KAFKA.bootstrapServers(),
                "--topic", topics.get("topic.events"), "--history-topic", topics.get("topic.history"),
                "--params-topic", topics.get("topic.params"), "--json", "--bootstrap", "100"));
        args.addAll(List.of(extra));
        CliRun run = new CliRun(new EvaluateCommand());
        int code = run.execute(args.toArray(String[]::new));
        assertThat(code).as(run.err()).isEqualTo(0);
        return new ObjectMapper().readTree(run.out());
    }

    @Test
    void shouldEvaluateHistoryVersionsAndTheLatestOnTheWholeTopic() throws Exception {
        JsonNode root = evaluate("--version", "0", "--version", "1", "--latest");

        JsonNode targets = root.get("targets");
        assertThat(targets).hasSize(3);
        assertThat(targets.get(0).get("version").asInt()).isEqualTo(0);
        assertThat(targets.get(1).get("version").asInt()).isEqualTo(1);
        assertThat(targets.get(2).get("version").asInt()).isEqualTo(1);
        for (JsonNode t : targets) {
            assertThat(t.get("used").asInt()).isEqualTo(40);
            assertThat(t.get("estimates")).hasSize(6);
        }
        assertThat(targets.get(1).get("estimates").get(0).get("estimate").asDouble())
                .isEqualTo(targets.get(2).get("estimates").get(0).get("estimate").asDouble());
        assertThat(root.get("input").get("records").asInt()).isEqualTo(891);
    }

    @Test
    void shouldReadOnlyTheRangeBetweenTwoTimes() throws Exception {
        JsonNode root = evaluate("--version", "0", "--from", Instant.ofEpochMilli(middle).toString());

        JsonNode t = root.get("targets").get(0);
        assertThat(t.get("used").asInt()).isEqualTo(20);
        assertThat(root.get("input").get("records").asInt()).isLessThan(891);

        JsonNode early = evaluate("--version", "0", "--to", "@" + middle);
        assertThat(early.get("targets").get(0).get("used").asInt()).isEqualTo(20);
    }

    @Test
    void shouldRefuseAVersionThatIsNotOnTheHistoryTopic() {
        CliRun run = new CliRun(new EvaluateCommand());
        int code = run.execute("--bootstrap-servers", KAFKA.bootstrapServers(), "--topic", topics.get("topic.events"),
                "--history-topic", topics.get("topic.history"), "--version", "7");
        assertThat(code).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("version 7 of policy cartpole is not on");
    }
}
