package io.policystream.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.policystream.client.ParamsTopic;
import io.policystream.client.PolicyClient;
import io.policystream.config.LearnerConfig;
import io.policystream.event.Event;
import io.policystream.metrics.LearnerMetrics;
import io.policystream.policy.Activation;
import io.policystream.policy.Architecture;
import io.policystream.policy.Initializer;
import io.policystream.policy.PolicyParams;
import io.policystream.testkit.KafkaCluster;
import io.policystream.testkit.TopicReader;
import io.policystream.wire.EventCodec;
import io.policystream.wire.ParamsCodec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Params on the params topic that fail validation, on a real broker: the learner and the acting
 * SDK both refuse them, keep the last good version, and count each refusal.
 */
class ParamsValidationIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Architecture CARTPOLE = Architecture.categorical(4, List.of(8), 2, Activation.TANH);

    @RegisterExtension
    static final KafkaCluster KAFKA = KafkaCluster.empty();

    @TempDir
    Path stateDir;

    /** Bad params, all claiming version 9: adopting any would make the learner's next version 10. */
    private static Map<String, String> badParams(PolicyParams good) {
        String json = new String(new ParamsCodec().encode(good.relabel("cp", 9, 0, 0, 0)), StandardCharsets.UTF_8);
        int w = json.indexOf("\"weights\":[[") + "\"weights\":[[".length();
        int comma = json.indexOf(',', w);
        Map<String, String> bad = new HashMap<>();
        bad.put("non-finite", json.substring(0, w) + "1e999" + json.substring(comma));
        bad.put("wrong-dimension", json.substring(0, w) + json.substring(comma + 1));
        bad.put("key-mismatch", json.replace("\"policy\":\"cp\"", "\"policy\":\"impostor\""));
        bad.put("malformed-json", "{\"policy\":\"cp\",\"version\":9,\"layers\":[");
        return bad;
    }

    @Test
    void shouldRefuseInvalidParamsInTheLearnerAndTheSdkKeepTheLastGoodVersionAndCountEachRefusal()
            throws Exception {
        Map<String, String> conf = new HashMap<>(KAFKA.createPrefixedProjectTopics("pv."));
        conf.put("application.id", "pv.learner");
        conf.put("layers", "8");
        conf.put("batch.trajectories", "2");
        conf.put("commit.interval.ms", "20");
        LearnerConfig config = LearnerConfig.fromMap(conf);
        Properties client = KAFKA.clientProperties();
        PolicyParams v0 = Initializer.initialize("cp", CARTPOLE, 3, 0);
        ParamsTopic.publish(client, v0, WAIT, config.paramsTopic(), config.historyTopic());
        Map<String, String> bad = badParams(v0);
        LearnerMetrics metrics = LearnerMetrics.inMemory();

        try (LearnerApp app = new LearnerApp(config, client, stateDir, metrics);
             PolicyClient sdk = PolicyClient.connect(client, config.paramsTopic(), 1);
             KafkaProducer<String, String> raw = new KafkaProducer<>(client, new StringSerializer(),
                     new StringSerializer());
             TopicReader history = new TopicReader(client, config.historyTopic())) {
            app.start(WAIT);
            assertThat(sdk.awaitParams("cp", WAIT).version()).isZero();
            for (String value : bad.values()) {
                raw.send(new ProducerRecord<>(config.paramsTopic(), "cp", value)).get();
            }
            awaitCount(metrics, bad.size());

            assertThat(sdk.act("cp", new double[4]).version()).as("the SDK keeps version 0").isZero();
            EventCodec codec = new EventCodec();
            SplittableRandom rng = new SplittableRandom(5);
            for (int i = 0; i < 2; i++) {
                for (Event e : LearnerTopologyTest.episode("cp", "e" + i, 3, 0, 1000L * i, rng)) {
                    raw.send(new ProducerRecord<>(config.eventsTopic(), e.episode(),
                            new String(codec.encode(e), StandardCharsets.UTF_8)));
                }
            }
            raw.flush();
            List<ConsumerRecord<byte[], byte[]>> versions = history.until(r -> r.size() >= 2, WAIT);
            PolicyParams v1 = new ParamsCodec().decode(versions.get(1).value());

            assertThat(v1.version()).as("learned from version 0, never from a refused version 9").isEqualTo(1);
            assertThat(sdk.awaitParams("cp", 1, WAIT).version()).isEqualTo(1);
            assertThat(sdk.refusedParams()).isEqualTo(bad.size());
            for (String reason : bad.keySet()) {
                assertThat(metrics.registry().find("policystream.learner.params.refused").tag("reason", reason)
                        .counter().count()).as(reason).isEqualTo(1.0);
            }
            assertThat(app.failure()).isNull();
            System.out.printf("ParamsValidationIT figures: %d invalid params records; learner refused %.0f, SDK"
                    + " refused %d; both kept version 0 and then took the learner's version %d%n", bad.size(),
                    metrics.count("policystream.learner.params.refused"), sdk.refusedParams(), v1.version());
        }
    }

    private static void awaitCount(LearnerMetrics metrics, int n) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (metrics.count("policystream.learner.params.refused") < n) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the learner counted " + metrics.count("policystream.learner.params.refused")
                        + " refusals, not " + n + ", within " + WAIT);
            }
            Thread.sleep(50);
        }
    }
}
