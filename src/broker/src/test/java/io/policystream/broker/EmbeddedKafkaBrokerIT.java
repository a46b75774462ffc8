package io.policystream.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded broker itself (data directory, restart, fresh start, ports, the client
 * configurations a secure one writes), so it runs on the embedded broker only, whichever cluster
 * {@code KafkaCluster} is set to. One broker for the class, on a data directory of its own. The
 * restart tests replace it with a new broker on the same directory and leave that one running for
 * the next test.
 */
class EmbeddedKafkaBrokerIT {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    static Path dir;
    static Path dataDir;
    static EmbeddedKafkaBroker broker;

    @BeforeAll
    static void startBroker() {
        dataDir = dir.resolve("broker");
        long begin = System.nanoTime();
        broker = EmbeddedKafkaBroker.builder().dataDir(dataDir).timeout(WAIT).start();
        System.out.printf("embedded broker started in %d ms%n", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin));
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void shouldProduceAndConsumeARecord() {
        String topic = uniqueTopic();
        broker.createTopic(topic, 2);

        produce(topic, "episode-1", "hello");

        assertThat(consume(topic, 1)).containsExactly("episode-1=hello");
    }

    @Test
    void shouldCreateKafkasOffsetsAndTransactionsTopicsWithFourPartitionsNotFifty() {
        String topic = uniqueTopic();
        broker.createTopic(topic, 1);
        Properties p = broker.clientProperties();
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "it-" + UUID.randomUUID());
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, String.valueOf(WAIT.toMillis()));
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "k", "v"));
            producer.commitTransaction();
        }
        assertThat(consume(topic, 1)).as("a group reads it, so the offsets topic exists").containsExactly("k=v");

        try (Admin admin = Admin.create(broker.clientProperties())) {
            Map<String, Integer> partitions = admin.describeTopics(List.of("__consumer_offsets", "__transaction_state"))
                    .allTopicNames().get(WAIT.toMillis(), TimeUnit.MILLISECONDS).entrySet().stream()
                    .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().partitions().size()));
            assertThat(partitions).containsExactlyInAnyOrderEntriesOf(
                    Map.of("__consumer_offsets", 4, "__transaction_state", 4));
        } catch (Exception e) {
            throw new AssertionError("cannot describe Kafka's internal topics", e);
        }
    }

    @Test
    void shouldKeepTopicsAndRecordsWhenRestartedOnTheSameDataDir() {
        String topic = uniqueTopic();
        broker.createTopic(topic, 1);
        produce(topic, "k", "kept");

        restart(false);

        assertThat(topicNames()).contains(topic);
        assertThat(consume(topic, 1)).containsExactly("k=kept");
    }

    @Test
    void shouldWipeTheDataWhenStartedFresh() {
        String topic = uniqueTopic();
        broker.createTopic(topic, 1);

        restart(true);

        assertThat(topicNames()).doesNotContain(topic);
    }

    @Test
    void shouldRefuseAPortInUseWithoutStartingKafka() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 0, Ports.LOOPBACK)) {
            EmbeddedKafkaBroker.Builder builder = EmbeddedKafkaBroker.builder().port(taken.getLocalPort());

            assertThatThrownBy(builder::start)
                    .isInstanceOf(PortInUseException.class)
                    .hasMessageContaining(String.valueOf(taken.getLocalPort()));
        }
    }

    @Test
    void shouldRefuseADirectoryThatHoldsSomethingElse() throws IOException {
        Path other = Files.createDirectories(dir.resolve("not-kafka"));
        Files.writeString(other.resolve("notes.txt"), "mine");
        EmbeddedKafkaBroker.Builder builder = EmbeddedKafkaBroker.builder().dataDir(other).fresh(true);

        assertThatThrownBy(builder::start).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not empty");
        assertThat(other.resolve("notes.txt")).exists();
    }

    @Test
    void shouldDeleteATemporaryDataDirOnClose() {
        Path temp;
        try (EmbeddedKafkaBroker b = EmbeddedKafkaBroker.builder().build()) {
            temp = b.dataDir();
            assertThat(temp).exists();
        }
        assertThat(temp).doesNotExist();
    }

    @Test
    void shouldWriteAnExampleClientConfigForEachUserOfASecureBroker() throws IOException {
        try (EmbeddedKafkaBroker secure = EmbeddedKafkaBroker.builder().dataDir(dir.resolve("secure")).secure(true)
                .timeout(WAIT).start()) {
            for (String user : List.of("admin", "learner", "actor")) {
                Path file = secure.clientConfigFile(user);
                String text = Files.readString(file);
                assertThat(text).contains("security.protocol=SASL_SSL").contains("sasl.mechanism=SCRAM-SHA-512")
                        .contains("username=\"" + user + "\"").contains("ssl.truststore.location=");
                Properties loaded = new Properties();
                try (var r = Files.newBufferedReader(file)) {
                    loaded.load(r);
                }
                assertThat(loaded).isEqualTo(secure.clientProperties(user).entrySet().stream()
                        .filter(e -> !e.getKey().equals("bootstrap.servers"))
                        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
            }
            assertThat(secure.securityProtocol()).isEqualTo("SASL_SSL");
        }
    }

    private static void restart(boolean fresh) {
        broker.close();
        broker = null;
        broker = EmbeddedKafkaBroker.builder().dataDir(dataDir).fresh(fresh).timeout(WAIT).start();
    }

    private static String uniqueTopic() {
        return "it-" + UUID.randomUUID();
    }

    private static Set<String> topicNames() {
        try (Admin admin = Admin.create(broker.clientProperties())) {
            return admin.listTopics().names().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new AssertionError("cannot list topics", e);
        }
    }

    private static void produce(String topic, String key, String value) {
        Properties p = broker.clientProperties();
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, String.valueOf(WAIT.toMillis()));
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
            producer.send(new ProducerRecord<>(topic, key, value)).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new AssertionError("cannot produce to " + topic, e);
        }
    }

    private static List<String> consume(String topic, int count) {
        Properties p = broker.clientProperties();
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "it-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        List<String> seen = new ArrayList<>();
        long deadline = System.nanoTime() + WAIT.toNanos();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p)) {
            consumer.subscribe(List.of(topic));
            while (seen.size() < count && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    seen.add(r.key() + "=" + r.value());
                }
            }
        }
        return seen;
    }
}
