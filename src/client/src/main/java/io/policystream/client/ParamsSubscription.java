package io.policystream.client;

import io.policystream.policy.PolicyParams;
import io.policystream.wire.InvalidParamsException;
import io.policystream.wire.ParamsCodec;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows a params topic from its beginning in a background thread and hands every valid params
 * record to a listener. Records that fail validation are refused, counted and logged once per
 * policy; the listener keeps the last good version.
 */
final class ParamsSubscription implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ParamsSubscription.class);
    /**
     * How often the broker is asked for the topic's end offsets to learn it still answers: a poll
     * returns nothing both when no version is new and when the broker is gone.
     */
    static final Duration PROBE_INTERVAL = Duration.ofSeconds(1);
    /** How long that question may go unanswered before the broker counts as unreachable. */
    static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);

    private final KafkaConsumer<String, byte[]> consumer;
    private final Thread thread;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong refused = new AtomicLong();
    private volatile boolean connected;
    private volatile boolean reachable = true;

    ParamsSubscription(Properties client, String topic, Consumer<PolicyParams> listener) {
        Properties p = new Properties();
        p.putAll(client);
        p.remove(ConsumerConfig.GROUP_ID_CONFIG);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 16 << 20);
        // Only versions the learner committed: an aborted transaction's version never acts.
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        // A new version should reach the actors at once, not after a fetch's full wait.
        p.putIfAbsent(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 20);
        consumer = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
        ParamsCodec codec = new ParamsCodec();
        thread = new Thread(() -> run(topic, codec, listener), "policystream-params-" + topic);
        thread.setDaemon(true);
        thread.start();
    }

    private void run(String topic, ParamsCodec codec, Consumer<PolicyParams> listener) {
        try {
            List<TopicPartition> parts = null;
            while (running.get() && parts == null) {
                try {
                    var infos = consumer.partitionsFor(topic, Duration.ofSeconds(5));
                    if (infos != null && !infos.isEmpty()) {
                        parts = infos.stream().map(i -> new TopicPartition(topic, i.partition())).toList();
                    }
                } catch (org.apache.kafka.common.errors.TimeoutException e) {
                    LOG.debug("params topic {} not reachable yet", topic);
                }
            }
            if (parts == null) {
                return;
            }
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            connected = true;
            long lastProbe = System.nanoTime();
            while (running.get()) {
                if (System.nanoTime() - lastProbe >= PROBE_INTERVAL.toNanos()) {
                    probe(parts);
                    lastProbe = System.nanoTime();
                }
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    if (r.value() == null) {
                        continue;
                    }
                    try {
                        PolicyParams params = codec.decode(r.value());
                        if (r.key() != null && !r.key().equals(params.policy())) {
                            throw new InvalidParamsException(io.policystream.event.InvalidReason.KEY_MISMATCH,
                                    "policy '" + params.policy() + "' differs from the record key '" + r.key() + "'");
                        }
                        listener.accept(params);
                    } catch (InvalidParamsException e) {
                        if (refused.getAndIncrement() == 0) {
                            LOG.warn("refused params at {}-{}@{}: {}; the last good version stays in use",
                                    r.topic(), r.partition(), r.offset(), e.getMessage());
                        }
                    }
                }
            }
        } catch (WakeupException e) {
            // Closing.
        } catch (RuntimeException e) {
            LOG.error("the params subscription stopped", e);
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void probe(List<TopicPartition> parts) {
        try {
            consumer.endOffsets(parts, PROBE_TIMEOUT);
            if (!reachable) {
                LOG.info("the broker answers again; following the params topic");
            }
            reachable = true;
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            if (reachable) {
                LOG.warn("the broker did not answer within {} ms; acting goes on with the params in hand",
                        PROBE_TIMEOUT.toMillis());
            }
            reachable = false;
        }
    }

    /** Params records refused for failing validation. */
    long refused() {
        return refused.get();
    }

    /** Whether the topic was found and is being followed, and the broker answered the last probe. */
    boolean connected() {
        return connected && reachable;
    }

    @Override
    public void close() {
        running.set(false);
        consumer.wakeup();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
