package io.policystream.replay;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

/**
 * The offsets {@code [from, to)} of one partition that a command reads.
 *
 * @param partition the topic partition
 * @param from the first offset read
 * @param to the offset after the last one read (exclusive); {@code from == to} reads nothing
 */
public record PartitionRange(TopicPartition partition, long from, long to) {
    public PartitionRange {
        if (from < 0 || to < from) {
            throw new IllegalArgumentException(partition + ": not a range [" + from + ", " + to + ")");
        }
    }

    /** How many offsets the range spans (records, or fewer under transactions' markers). */
    public long size() {
        return to - from;
    }

    /**
     * Resolves {@code from} and {@code to} on every partition of {@code topic}, sorted by partition.
     * Offsets are clamped to what a partition holds; the end is the partition's end offset now, so
     * records written after this call are not in the range. A timestamp resolves with the broker's
     * offsets-for-times: the first record whose timestamp is at or after it, or the end when there
     * is none, which assumes timestamps grow within a partition, as they do for CreateTime records
     * produced in order.
     *
     * @throws IllegalArgumentException when the topic does not exist
     */
    public static List<PartitionRange> resolve(Consumer<?, ?> consumer, String topic, Position from, Position to,
                                               Duration timeout) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, timeout);
        if (infos == null || infos.isEmpty()) {
            throw new IllegalArgumentException("topic " + topic + " does not exist");
        }
        List<TopicPartition> parts = infos.stream().map(i -> new TopicPartition(topic, i.partition()))
                .sorted(Comparator.comparingInt(TopicPartition::partition)).toList();
        Map<TopicPartition, Long> begin = consumer.beginningOffsets(parts, timeout);
        Map<TopicPartition, Long> end = consumer.endOffsets(parts, timeout);
        Map<TopicPartition, Long> start = offsets(consumer, parts, from, begin, end, timeout);
        Map<TopicPartition, Long> stop = offsets(consumer, parts, to, begin, end, timeout);
        List<PartitionRange> out = new ArrayList<>();
        for (TopicPartition tp : parts) {
            long f = start.get(tp);
            out.add(new PartitionRange(tp, f, Math.max(f, stop.get(tp))));
        }
        return out;
    }

    private static Map<TopicPartition, Long> offsets(Consumer<?, ?> consumer, List<TopicPartition> parts,
                                                     Position p, Map<TopicPartition, Long> begin,
                                                     Map<TopicPartition, Long> end, Duration timeout) {
        Map<TopicPartition, Long> out = new HashMap<>();
        Map<TopicPartition, OffsetAndTimestamp> byTime = null;
        if (p.kind() == Position.Kind.TIMESTAMP) {
            Map<TopicPartition, Long> query = new HashMap<>();
            parts.forEach(tp -> query.put(tp, p.value()));
            byTime = consumer.offsetsForTimes(query, timeout);
        }
        for (TopicPartition tp : parts) {
            long b = begin.get(tp);
            long e = end.get(tp);
            long o = switch (p.kind()) {
                case BEGINNING -> b;
                case END -> e;
                case OFFSET -> p.value();
                case TIMESTAMP -> {
                    OffsetAndTimestamp found = byTime.get(tp);
                    yield found == null ? e : found.offset();
                }
            };
            out.put(tp, Math.min(e, Math.max(b, o)));
        }
        return out;
    }
}
