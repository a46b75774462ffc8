package io.policystream.client;

import io.policystream.policy.PolicyParams;
import io.policystream.wire.InvalidParamsException;
import io.policystream.wire.ParamsCodec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Reading and writing whole params topics: the latest version of each policy, or every version. */
public final class ParamsTopic {
    private ParamsTopic() {
    }

    /**
     * Every valid params record of a topic from its beginning to its current end, in order per
     * partition. Invalid records are skipped.
     *
     * @throws TimeoutException when the topic cannot be read to its end within {@code timeout}
     */
    public static List<PolicyParams> readAll(Properties client, String topic, Duration timeout)
            throws TimeoutException {
        Properties p = new Properties();
        p.putAll(client);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.remove(ConsumerConfig.GROUP_ID_CONFIG);
        ParamsCodec codec = new ParamsCodec();
        List<PolicyParams> out = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(p, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, timeout);
            if (infos == null || infos.isEmpty()) {
                throw new IllegalStateException("topic " + topic + " does not exist; run 'policystream topics create'");
            }
            List<TopicPartition> parts = infos.stream().map(i -> new TopicPartition(topic, i.partition())).toList();
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            Map<TopicPartition, Long> end = consumer.endOffsets(parts, timeout);
            while (parts.stream().anyMatch(tp -> consumer.position(tp, timeout) < end.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new TimeoutException("could not read " + topic + " to its end within " + timeout);
                }
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.value() == null) {
                        continue;
                    }
                    try {
                        out.add(codec.decode(r.value()));
                    } catch (InvalidParamsException e) {
                        // Not ours to judge here: the learner and the SDK refuse and count them.
                    }
                }
            }
        }
        return out;
    }

    /** The latest valid version of each policy on a (compacted) params topic. */
    public static Map<String, PolicyParams> readLatest(Properties client, String topic, Duration timeout)
            throws TimeoutException {
        Map<String, PolicyParams> latest = new LinkedHashMap<>();
        for (PolicyParams p : readAll(client, topic, timeout)) {
            latest.put(p.policy(), p);
        }
        return latest;
    }

    /** Publishes params to each topic, keyed by policy, and waits until every write is acknowledged. */
    public static void publish(Properties client, PolicyParams params, Duration timeout, String... topics)
            throws TimeoutException, ExecutionException, InterruptedException {
        Properties p = new Properties();
        p.putAll(client);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 16 << 20);
        byte[] json = new ParamsCodec().encode(params);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(),
                new ByteArraySerializer())) {
            List<java.util.concurrent.Future<?>> sent = new ArrayList<>();
            for (String t : topics) {
                sent.add(producer.send(new ProducerRecord<>(t, params.policy(), json)));
            }
            for (java.util.concurrent.Future<?> f : sent) {
                f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            }
        }
    }
}
