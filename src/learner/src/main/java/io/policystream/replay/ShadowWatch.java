package io.policystream.replay;

import io.policystream.policy.PolicyParams;
import io.policystream.wire.InvalidParamsException;
import io.policystream.wire.ParamsCodec;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Follows a history topic from its beginning and remembers every version published to it. */
final class ShadowWatch implements AutoCloseable {
    private final KafkaConsumer<String, byte[]> consumer;
    private final ParamsCodec codec = new ParamsCodec();
    private final Map<String, Map<Long, PolicyParams>> seen = new HashMap<>();

    ShadowWatch(Properties client, String topic, Duration timeout) {
        Properties p = new Properties();
        p.putAll(client);
        p.remove(ConsumerConfig.GROUP_ID_CONFIG);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        consumer = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> parts = consumer.partitionsFor(topic, timeout).stream()
                .map(i -> new TopicPartition(topic, i.partition())).toList();
        consumer.assign(parts);
        consumer.seekToBeginning(parts);
    }

    /** The version if it has been published by now, else null; polls briefly. */
    PolicyParams find(String policy, long version) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(20))) {
            if (r.value() == null) {
                continue;
            }
            try {
                PolicyParams p = codec.decode(r.value());
                seen.computeIfAbsent(p.policy(), k -> new HashMap<>()).put(p.version(), p);
            } catch (InvalidParamsException ignored) {
                // The learner never publishes an invalid version; someone else's record is not ours to judge.
            }
        }
        return seen.getOrDefault(policy, Map.of()).get(version);
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
    }
}
