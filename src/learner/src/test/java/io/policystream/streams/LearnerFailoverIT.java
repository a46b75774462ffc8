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
import io.policystream.wire.EventCodec;
import io.policystream.testkit.SampledEpisodes;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two learner instances sharing the work (one application.id, four events partitions); the one
 * that applies the updates is stopped mid-stream: the other takes over its tasks and every episode
 * is learned from exactly once.
 */
class LearnerFailoverIT {
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final Architecture CARTPOLE = Architecture.categorical(4, List.of(16), 2, Activation.TANH);
    private static final int EPISODES = 300;
    private static final int WAVE = 30;
    private static final int BATCH = 5;

    @RegisterExtension
    static final KafkaCluster KAFKA = KafkaCluster.empty();

    @TempDir
    Path stateA;

    @TempDir
    Path stateB;

    private final EventCodec events = new EventCodec();

    @Test
    void shouldLetTheOtherInstanceTakeOverAndCountEveryEpisodeOnceWhenOneStopsMidStream() throws Exception {
        Map<String, String> conf = new HashMap<>(KAFKA.createPrefixedProjectTopics("failover."));
        conf.put("application.id", "failover.learner");
        conf.put("layers", "16");
        conf.put("commit.interval.ms", "50");
        conf.put("batch.trajectories", String.valueOf(BATCH));
        // Every episode is acted with version 0 and must be learned from however many versions later.
        conf.put("max.staleness", "100000");
        // Kafka Streams does not leave the group on close: the group notices a stopped member when its
        // session expires. The broker's minimum keeps the takeover quick.
        conf.put("streams.session.timeout.ms", "6000");
        conf.put("streams.heartbeat.interval.ms", "1000");
        LearnerConfig config = LearnerConfig.fromMap(conf);
        PolicyParams v0 = Initializer.initialize("cartpole", CARTPOLE, 11, 0);
        ParamsTopic.publish(KAFKA.clientProperties(), v0, WAIT, config.paramsTopic(), config.historyTopic());

        SplittableRandom rng = new SplittableRandom(31);
        List<List<Event>> episodes = new ArrayList<>();
        long steps = 0;
        for (int i = 0; i < EPISODES; i++) {
            List<Event> ep = episode(v0, "ep-" + i, 1 + rng.nextInt(20), rng);
            steps += ep.size();
            episodes.add(ep);
        }
        int waves = EPISODES / WAVE;
        int stopAfterWave = waves / 2;
        long begin = System.nanoTime();
        LearnerApp a = new LearnerApp(config, KAFKA.clientProperties(), stateA, LearnerMetrics.inMemory());
        LearnerApp b = new LearnerApp(config, KAFKA.clientProperties(), stateB, LearnerMetrics.inMemory());
        String stopped;
        LearnerApp survivor;
        int versionsAtStop = -1;
        double takeoverSeconds;
        List<PolicyParams> versions;
        try (a; b;
             KafkaProducer<byte[], byte[]> producer = producer();
             TopicReader history = new TopicReader(KAFKA.clientProperties(), config.historyTopic())) {
            a.start(WAIT);
            b.start(WAIT);
            awaitBothRunning(a, b);
            LearnerApp victim = null;
            for (int w = 0; w < waves; w++) {
                sendInterleaved(producer, config, episodes.subList(w * WAVE, (w + 1) * WAVE));
                if (w == stopAfterWave) {
                    // Mid-stream: versions are flowing and this wave's episodes are still being assembled.
                    int seen = history.until(r -> r.size() > stopAfterWave * WAVE / BATCH / 2, WAIT).size();
                    victim = writerOf(a, b);
                    victim.close();
                    versionsAtStop = seen - 1;
                }
            }
            producer.flush();
            long t0 = System.nanoTime();
            List<ConsumerRecord<byte[], byte[]>> recs = history.until(
                    r -> !r.isEmpty() && decode(r.get(r.size() - 1).value()).trajectories() >= EPISODES, WAIT);
            takeoverSeconds = (System.nanoTime() - t0) / 1e9;
            versions = recs.stream().map(r -> decode(r.value())).toList();
            stopped = victim == a ? "A" : "B";
            survivor = victim == a ? b : a;

            assertThat(survivor.state()).isEqualTo(KafkaStreams.State.RUNNING);
            assertThat(survivor.failure()).isNull();
            assertThat(survivor.health().healthy()).as("survivor health %s", survivor.health().details()).isTrue();
            assertThat(survivor.stores().entries(LearnerStores.LEARNER_STATE))
                    .as("the survivor holds the policy's learner state now").isEqualTo(1);
            assertThat(victim.state()).isEqualTo(KafkaStreams.State.NOT_RUNNING);
        }
        double seconds = (System.nanoTime() - begin) / 1e9;

        assertThat(versions).extracting(PolicyParams::version)
                .containsExactlyElementsOf(LongStream.rangeClosed(0, EPISODES / BATCH).boxed().toList());
        for (int v = 1; v < versions.size(); v++) {
            assertThat(versions.get(v).trajectories() - versions.get(v - 1).trajectories())
                    .as("trajectories new in version %d", v).isEqualTo(BATCH);
        }
        PolicyParams last = versions.get(versions.size() - 1);
        assertThat(last.trajectories()).isEqualTo(EPISODES);
        assertThat(last.steps()).isEqualTo(steps);
        assertThat(lag(config)).as("events the group has not committed").isZero();

        System.out.printf("LearnerFailoverIT figures: episodes %d, events %d, 4 partitions, versions %d (0 to %d), "
                        + "instance %s (the policy's writer) stopped after wave %d of %d with versions 1 to %d out, "
                        + "records lost 0, %.1f s from the last event to the last version, %.1f s in all%n",
                EPISODES, steps, versions.size(), EPISODES / BATCH, stopped, stopAfterWave + 1, waves,
                versionsAtStop, takeoverSeconds, seconds);
    }

    private static void awaitBothRunning(LearnerApp a, LearnerApp b) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (a.state() != KafkaStreams.State.RUNNING || b.state() != KafkaStreams.State.RUNNING) {
            assertThat(System.nanoTime()).as("both instances RUNNING within %s", WAIT).isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    /**
     * The instance holding the policy's learner state (the single writer of its versions), found by
     * querying both, bounded; stopping the writer is the harder case.
     */
    private static LearnerApp writerOf(LearnerApp a, LearnerApp b) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            if (a.stores().entries(LearnerStores.LEARNER_STATE) > 0) {
                return a;
            }
            if (b.stores().entries(LearnerStores.LEARNER_STATE) > 0) {
                return b;
            }
            assertThat(System.nanoTime()).as("one instance holds the learner state within %s", WAIT)
                    .isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    /** Round-robin over the episodes' events, so they interleave on every partition. */
    private void sendInterleaved(KafkaProducer<byte[], byte[]> producer, LearnerConfig config,
                                 List<List<Event>> wave) {
        boolean more = true;
        for (int round = 0; more; round++) {
            more = false;
            for (List<Event> ep : wave) {
                if (round < ep.size()) {
                    more = true;
                    Event e = ep.get(round);
                    producer.send(new ProducerRecord<>(config.eventsTopic(),
                            e.episode().getBytes(StandardCharsets.UTF_8), events.encode(e)));
                }
            }
        }
    }

    private KafkaProducer<byte[], byte[]> producer() {
        Properties p = KAFKA.clientProperties();
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** Records of the events topic (all partitions) the learner's group has not committed. */
    private static long lag(LearnerConfig config) throws Exception {
        try (Admin admin = KAFKA.admin()) {
            Map<TopicPartition, OffsetAndMetadata> done = admin.listConsumerGroupOffsets(config.applicationId())
                    .partitionsToOffsetAndMetadata().get(60, TimeUnit.SECONDS);
            long lag = 0;
            for (int p = 0; p < 4; p++) {
                TopicPartition tp = new TopicPartition(config.eventsTopic(), p);
                long end = admin.listOffsets(Map.of(tp, OffsetSpec.latest())).partitionResult(tp)
                        .get(60, TimeUnit.SECONDS).offset();
                OffsetAndMetadata c = done.get(tp);
                lag += end - (c == null ? 0 : c.offset());
            }
            return lag;
        }
    }

    private static List<Event> episode(PolicyParams acting, String ep, int n, SplittableRandom rng) {
        return SampledEpisodes.episode(acting, ep, n, rng);
    }

    private static PolicyParams decode(byte[] json) {
        return SampledEpisodes.decode(json);
    }
}
