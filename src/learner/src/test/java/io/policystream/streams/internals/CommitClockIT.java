package io.policystream.streams.internals;

import static org.assertj.core.api.Assertions.assertThat;

import io.policystream.testkit.KafkaCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The commit meter the learner's tasks read is there, under the name, group and tag the clock
 * looks for, on a real stream thread of this Kafka Streams version, and it counts the commits.
 */
class CommitClockIT {
    @RegisterExtension
    static final KafkaCluster KAFKA = KafkaCluster.empty();

    @TempDir
    Path stateDir;

    @Test
    void shouldFindTheStreamThreadsCommitMeterAndSeeItCount() throws Exception {
        try (org.apache.kafka.clients.admin.Admin admin = KAFKA.admin()) {
            admin.createTopics(List.of(new NewTopic("clock-in", 1, (short) 1))).all().get();
        }
        AtomicReference<CommitClock> found = new AtomicReference<>();
        AtomicReference<Boolean> initialised = new AtomicReference<>(false);
        Topology topology = new Topology();
        topology.addSource("in", Serdes.String().deserializer(), Serdes.String().deserializer(), "clock-in");
        topology.addProcessor("clock", () -> new Processor<String, String, Void, Void>() {
            @Override
            public void init(ProcessorContext<Void, Void> context) {
                found.set(CommitClock.of(context));
                initialised.set(true);
            }

            @Override
            public void process(Record<String, String> record) {
            }
        }, "in");
        Properties p = KAFKA.clientProperties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "clock-it");
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 20);
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        try (KafkaStreams streams = new KafkaStreams(topology, p);
             KafkaProducer<String, String> producer = new KafkaProducer<>(KAFKA.clientProperties(),
                     new StringSerializer(), new StringSerializer())) {
            streams.start();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            double before = -1;
            double after = -1;
            while (System.nanoTime() < deadline) {
                producer.send(new ProducerRecord<>("clock-in", "k", "v"));
                producer.flush();
                Thread.sleep(50);
                CommitClock clock = found.get();
                if (clock != null) {
                    if (before < 0) {
                        before = clock.commits();
                    } else if (clock.commits() > before) {
                        after = clock.commits();
                        break;
                    }
                }
                if (initialised.get() && clock == null) {
                    break;
                }
            }
            assertThat(found.get()).as("the stream thread's commit-total meter").isNotNull();
            assertThat(after).as("commits counted while records flow").isGreaterThan(before);
        }
    }
}
