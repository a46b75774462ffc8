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
import io.policystream.offline.FileTrainer;
import io.policystream.testkit.KafkaCluster;
import io.policystream.testkit.TopicReader;
import io.policystream.wire.EventCodec;
import io.policystream.testkit.SampledEpisodes;
import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The learner on a real broker: exactly the offline trainer's versions, and nothing lost or counted twice. */
class LearnerIT {
    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final Architecture CARTPOLE = Architecture.categorical(4, List.of(16), 2, Activation.TANH);

    @RegisterExtension
    static final KafkaCluster KAFKA = KafkaCluster.empty();

    @TempDir
    Path stateDir;

    private final EventCodec events = new EventCodec();

    private LearnerConfig config(String prefix, String... kv) {
        Map<String, String> conf = new HashMap<>(KAFKA.createPrefixedProjectTopics(prefix));
        conf.put("application.id", prefix + "learner");
        conf.put("layers", "16");
        conf.put("commit.interval.ms", "20");
        for (int i = 0; i < kv.length; i += 2) {
            conf.put(kv[i], kv[i + 1]);
        }
        return LearnerConfig.fromMap(conf);
    }

    private KafkaProducer<byte[], byte[]> producer() {
        Properties p = KAFKA.clientProperties();
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    private static List<Event> episode(PolicyParams acting, String ep, int n, SplittableRandom rng) {
        return SampledEpisodes.episode(acting, ep, n, rng);
    }

    private static PolicyParams decode(byte[] json) {
        return SampledEpisodes.decode(json);
    }

    @Test
    void shouldPublishExactlyTheOfflineTrainersVersionsWhenEpisodesArriveOneBatchAtATime() throws Exception {
        LearnerConfig conf = config("eq.", "batch.trajectories", "4");
        PolicyParams v0 = Initializer.initialize("cartpole", CARTPOLE, 5, 0);
        ParamsTopic.publish(KAFKA.clientProperties(), v0, WAIT, conf.paramsTopic(), conf.historyTopic());
        StringBuilder file = new StringBuilder();
        List<PolicyParams> online = new ArrayList<>();
        SplittableRandom rng = new SplittableRandom(17);
        int batches = 4;
        try (LearnerApp app = new LearnerApp(conf, KAFKA.clientProperties(), stateDir, LearnerMetrics.inMemory());
             KafkaProducer<byte[], byte[]> producer = producer();
             TopicReader history = new TopicReader(KAFKA.clientProperties(), conf.historyTopic())) {
            app.start(WAIT);
            PolicyParams acting = v0;
            for (int b = 0; b < batches; b++) {
                for (int i = 0; i < 4; i++) {
                    for (Event e : episode(acting, "b" + b + "-e" + i, 2 + rng.nextInt(12), rng)) {
                        byte[] json = events.encode(e);
                        producer.send(new ProducerRecord<>(conf.eventsTopic(), e.episode().getBytes(
                                StandardCharsets.UTF_8), json));
                        file.append(e.episode()).append('\t').append(new String(json, StandardCharsets.UTF_8))
                                .append('\n');
                    }
                }
                producer.flush();
                int expected = b + 2;
                List<ConsumerRecord<byte[], byte[]>> recs = history.until(r -> r.size() >= expected, WAIT);
                acting = decode(recs.get(b + 1).value());
                online.add(acting);
            }
            assertGradientsTopicIsKeptLikeARepartitionTopic(conf);
        }
        List<PolicyParams> offline = new ArrayList<>();
        new FileTrainer(conf, List.of(v0)).run(new BufferedReader(new StringReader(file.toString())), offline::add,
                new PrintWriter(new StringWriter()));
        assertThat(offline).hasSize(batches);
        for (int v = 0; v < batches; v++) {
            assertThat(online.get(v).version()).isEqualTo(v + 1);
            assertThat(online.get(v).trajectories()).isEqualTo(offline.get(v).trajectories());
            double[] a = online.get(v).copyTheta();
            double[] b = offline.get(v).copyTheta();
            for (int k = 0; k < a.length; k++) {
                assertThat(Math.abs(a[k] - b[k])).as("version %d theta[%d]", v + 1, k)
                        .isLessThanOrEqualTo(1e-12 * Math.max(Math.abs(a[k]), Math.abs(b[k])));
            }
        }
    }

    /**
     * The learner created the gradients topic with the events topic's partitions and no retention
     * limit, and a purge deletes exactly what the writer has committed.
     */
    private static void assertGradientsTopicIsKeptLikeARepartitionTopic(LearnerConfig conf) throws Exception {
        try (Admin admin = Admin.create(KAFKA.clientProperties());
             GradientsTopic.Purge purge = GradientsTopic.purge(conf, admin, ClusterProbe.TIMEOUT)) {
            Map<String, TopicDescription> topics = admin.describeTopics(List.of(conf.eventsTopic(),
                    conf.gradientsTopic())).allTopicNames().get(30, TimeUnit.SECONDS);
            assertThat(topics.get(conf.gradientsTopic()).partitions())
                    .hasSameSizeAs(topics.get(conf.eventsTopic()).partitions());
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, conf.gradientsTopic());
            Config topicConfig = admin.describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS)
                    .get(resource);
            assertThat(topicConfig.get("retention.ms").value()).isEqualTo("-1");
            assertThat(topicConfig.get("max.message.bytes").value())
                    .isEqualTo(Integer.toString(LearnerProperties.MAX_RECORD_BYTES));

            Map<TopicPartition, OffsetAndMetadata> committed = admin
                    .listConsumerGroupOffsets(conf.writerApplicationId()).partitionsToOffsetAndMetadata()
                    .get(30, TimeUnit.SECONDS);
            assertThat(committed).as("the writer committed its gradients").isNotEmpty();
            assertThat(purge.purgeOnce()).isEqualTo(committed.size());
            Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
            committed.keySet().forEach(tp -> earliest.put(tp, OffsetSpec.earliest()));
            var start = admin.listOffsets(earliest).all().get(30, TimeUnit.SECONDS);
            committed.forEach((tp, offset) -> assertThat(start.get(tp).offset())
                    .as("first offset kept in %s", tp).isEqualTo(offset.offset()));
        }
    }

    @Test
    void shouldCountEveryValidEpisodeInExactlyOneVersionAndDeadLetterEveryInvalidRecord() throws Exception {
        LearnerConfig conf = config("many.", "batch.trajectories", "5", "max.staleness", "100000");
        PolicyParams v0 = Initializer.initialize("cartpole", CARTPOLE, 6, 0);
        ParamsTopic.publish(KAFKA.clientProperties(), v0, WAIT, conf.paramsTopic(), conf.historyTopic());
        SplittableRandom rng = new SplittableRandom(23);
        int episodes = 300;
        List<List<byte[][]>> perEpisode = new ArrayList<>();
        for (int i = 0; i < episodes; i++) {
            List<Event> ep = episode(v0, "ep-" + i, 1 + rng.nextInt(20), rng);
            List<byte[][]> recs = new ArrayList<>();
            for (Event e : ep) {
                recs.add(new byte[][] {e.episode().getBytes(StandardCharsets.UTF_8), events.encode(e)});
            }
            if (i % 7 == 0 && ep.size() > 1) {
                // A late reward for step 0, before the episode completes: it must add up.
                Event r = Event.reward("cartpole", ep.get(0).episode(), 0, 0.5, false, false, 1_000_500L);
                recs.add(1, new byte[][] {r.episode().getBytes(StandardCharsets.UTF_8), events.encode(r)});
            }
            if (i % 5 == 0) {
                Collections.reverse(recs.subList(0, recs.size() - 1));
            }
            perEpisode.add(recs);
        }
        List<String> badValues = List.of("{\"policy\":\"ghost\",\"episode\":\"g\",\"step\":0,"
                + "\"state\":[0,0,0,0],\"action\":0,\"logProb\":-1,\"policyVersion\":0}",
                "{\"policy\":\"cartpole\",\"episode\":\"w\",\"step\":0,\"state\":[0,0],\"action\":0,\"logProb\":-1,"
                        + "\"policyVersion\":0}",
                "{\"policy\":\"cartpole\",\"episode\":\"n\",\"step\":-1,\"state\":[0,0,0,0],\"action\":0,"
                        + "\"logProb\":-1,\"policyVersion\":0}", "not json");
        int invalid = 40;
        try (LearnerApp app = new LearnerApp(conf, KAFKA.clientProperties(), stateDir, LearnerMetrics.inMemory());
             KafkaProducer<byte[], byte[]> producer = producer();
             TopicReader history = new TopicReader(KAFKA.clientProperties(), conf.historyTopic());
             TopicReader dlq = new TopicReader(KAFKA.clientProperties(), conf.dlqTopic())) {
            app.start(WAIT);
            // Interleave the episodes: round-robin over their records, with invalid records mixed in.
            int sentInvalid = 0;
            boolean more = true;
            for (int round = 0; more; round++) {
                more = false;
                for (List<byte[][]> recs : perEpisode) {
                    if (round < recs.size()) {
                        more = true;
                        byte[][] kv = recs.get(round);
                        producer.send(new ProducerRecord<>(conf.eventsTopic(), kv[0], kv[1]));
                    }
                }
                if (sentInvalid < invalid) {
                    for (int j = 0; j < 10 && sentInvalid < invalid; j++, sentInvalid++) {
                        String bad = badValues.get(sentInvalid % badValues.size());
                        String key = "gwnx".substring(sentInvalid % 4, sentInvalid % 4 + 1);
                        producer.send(new ProducerRecord<>(conf.eventsTopic(), key.getBytes(StandardCharsets.UTF_8),
                                bad.getBytes(StandardCharsets.UTF_8)));
                    }
                }
            }
            producer.flush();
            List<ConsumerRecord<byte[], byte[]>> versions = history.until(
                    r -> !r.isEmpty() && decode(r.get(r.size() - 1).value()).trajectories() >= episodes, WAIT);
            List<ConsumerRecord<byte[], byte[]>> dead = dlq.until(r -> r.size() >= invalid, WAIT);

            List<PolicyParams> vs = versions.stream().map(r -> decode(r.value())).toList();
            assertThat(vs).extracting(PolicyParams::version)
                    .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(0, episodes / 5).boxed().toList());
            long steps = perEpisode.stream().mapToLong(r -> r.stream().filter(kv -> !new String(kv[1],
                    StandardCharsets.UTF_8).contains("\"type\":\"reward\"")).count()).sum();
            assertThat(vs.get(vs.size() - 1).trajectories()).isEqualTo(episodes);
            assertThat(vs.get(vs.size() - 1).steps()).isEqualTo(steps);
            for (int v = 1; v < vs.size(); v++) {
                assertThat(vs.get(v).trajectories() - vs.get(v - 1).trajectories()).isEqualTo(5);
            }
            assertThat(dead).hasSize(invalid);
            assertThat(dead).allSatisfy(r -> assertThat(r.headers().lastHeader("policystream.dlq.reason")).isNotNull());
            Map<String, Long> reasons = new HashMap<>();
            dead.forEach(r -> reasons.merge(new String(r.headers().lastHeader("policystream.dlq.reason").value(),
                    StandardCharsets.UTF_8), 1L, Long::sum));
            assertThat(reasons).containsOnlyKeys("malformed-json", "unknown-policy", "wrong-dimension", "out-of-range");
            assertThat(reasons.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(invalid);
        }
        assertThat(Files.exists(stateDir)).isTrue();
    }
}
