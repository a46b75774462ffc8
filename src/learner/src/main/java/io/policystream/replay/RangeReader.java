package io.policystream.replay;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads ranges of the partitions of a topic as one sequence: the partitions merged by record
 * timestamp, ties broken by partition number. Only the next record of each partition takes part in
 * the merge, so each partition's records always keep their offset order, even where timestamps go
 * backwards. Reads committed records only (aborted transactions are not part of a recording).
 */
public final class RangeReader implements AutoCloseable {
    /** Records buffered per partition before that partition is paused, bounding memory. */
    private static final int MAX_BUFFERED = 5_000;
    private static final Comparator<ConsumerRecord<byte[], byte[]>> ORDER =
            Comparator.<ConsumerRecord<byte[], byte[]>>comparingLong(ConsumerRecord::timestamp)
                    .thenComparingInt(ConsumerRecord::partition)
                    .thenComparingLong(ConsumerRecord::offset);

    /** Where the merged records go. */
    @FunctionalInterface
    public interface Sink {
        void accept(ConsumerRecord<byte[], byte[]> record) throws IOException;
    }

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Duration timeout;

    /**
     * @param client Kafka client properties
     * @param timeout the longest wait for the cluster, and for the next record while the range is unfinished
     */
    public RangeReader(Properties client, Duration timeout) {
        Properties p = new Properties();
        p.putAll(client);
        p.remove(ConsumerConfig.GROUP_ID_CONFIG);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        this.consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.timeout = timeout;
    }

    /** The range between two positions on every partition of {@code topic}; see {@link PartitionRange#resolve}. */
    public List<PartitionRange> resolve(String topic, Position from, Position to) {
        return PartitionRange.resolve(consumer, topic, from, to, timeout);
    }

    /**
     * Sends every record of the ranges to {@code sink}, merged.
     *
     * @return how many records were sent
     * @throws TimeoutException when no record arrives for the timeout while the ranges are unfinished
     */
    public long read(List<PartitionRange> ranges, Sink sink) throws IOException, TimeoutException {
        Map<TopicPartition, Long> stop = new HashMap<>();
        Map<TopicPartition, ArrayDeque<ConsumerRecord<byte[], byte[]>>> buffers = new HashMap<>();
        for (PartitionRange r : ranges) {
            if (r.size() > 0) {
                stop.put(r.partition(), r.to());
                buffers.put(r.partition(), new ArrayDeque<>());
            }
        }
        if (stop.isEmpty()) {
            return 0;
        }
        consumer.assign(new ArrayList<>(stop.keySet()));
        for (PartitionRange r : ranges) {
            if (r.size() > 0) {
                consumer.seek(r.partition(), r.from());
            }
        }
        long sent = 0;
        long lastProgress = System.nanoTime();
        while (!buffers.isEmpty()) {
            ConsumerRecord<byte[], byte[]> next = nextIfKnown(buffers, stop);
            if (next != null) {
                sink.accept(next);
                sent++;
                lastProgress = System.nanoTime();
                continue;
            }
            if (buffers.isEmpty()) {
                break;
            }
            if (System.nanoTime() - lastProgress > timeout.toNanos()) {
                throw new TimeoutException("no record arrived for " + timeout.toSeconds() + " s from "
                        + buffers.keySet() + " before the end of the range");
            }
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                TopicPartition tp = new TopicPartition(r.topic(), r.partition());
                ArrayDeque<ConsumerRecord<byte[], byte[]>> buffer = buffers.get(tp);
                if (buffer != null && r.offset() < stop.get(tp)) {
                    buffer.add(r);
                    lastProgress = System.nanoTime();
                }
            }
            List<TopicPartition> full = new ArrayList<>();
            List<TopicPartition> room = new ArrayList<>();
            buffers.forEach((tp, b) -> (b.size() >= MAX_BUFFERED ? full : room).add(tp));
            consumer.pause(full);
            consumer.resume(room);
        }
        consumer.assign(List.of());
        return sent;
    }

    /**
     * The smallest head once every unfinished partition has one; null while a partition must be
     * fetched first. Drops partitions that are read to their end.
     */
    private ConsumerRecord<byte[], byte[]> nextIfKnown(
            Map<TopicPartition, ArrayDeque<ConsumerRecord<byte[], byte[]>>> buffers, Map<TopicPartition, Long> stop) {
        ConsumerRecord<byte[], byte[]> best = null;
        TopicPartition bestPartition = null;
        List<TopicPartition> finished = new ArrayList<>();
        for (Map.Entry<TopicPartition, ArrayDeque<ConsumerRecord<byte[], byte[]>>> e : buffers.entrySet()) {
            ConsumerRecord<byte[], byte[]> head = e.getValue().peek();
            if (head == null) {
                if (consumer.position(e.getKey(), timeout) >= stop.get(e.getKey())) {
                    finished.add(e.getKey());
                    continue;
                }
                finished.forEach(buffers::remove);
                return null;
            }
            if (best == null || ORDER.compare(head, best) < 0) {
                best = head;
                bestPartition = e.getKey();
            }
        }
        finished.forEach(buffers::remove);
        if (best != null) {
            buffers.get(bestPartition).poll();
        }
        return best;
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
    }
}
