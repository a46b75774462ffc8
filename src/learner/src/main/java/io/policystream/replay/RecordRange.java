package io.policystream.replay;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * A range of a topic's records, from a start position (inclusive) to an end position (exclusive)
 * in every partition, and reading it once without a consumer group.
 *
 * <p>A position is written as:
 * <ul>
 *   <li>{@code 1234}: an offset, the same in every partition (clamped to what the partition holds);</li>
 *   <li>{@code @1764000000000}: an epoch-millisecond timestamp (as kcat's {@code s@}): in each
 *       partition, the first offset whose record timestamp is at or after it;</li>
 *   <li>an ISO-8601 time, {@code 2025-11-24T10:00:00Z}, {@code 2025-11-24T11:00:00+01:00} or a date
 *       {@code 2025-11-24} (midnight UTC): the same as its epoch-millisecond timestamp.</li>
 * </ul>
 * Without a start the range begins at each partition's beginning; without an end it stops at the
 * end offsets of the moment reading starts, so a busy topic still gives a bounded read.
 */
public final class RecordRange {
    private RecordRange() {
    }

    /** Where a range starts or ends in each partition. */
    public sealed interface Position permits Offset, Timestamp {
    }

    /** The same offset in every partition. */
    public record Offset(long offset) implements Position {
        public Offset {
            if (offset < 0) {
                throw new IllegalArgumentException("an offset must be >= 0, not " + offset);
            }
        }
    }

    /** The first record at or after this time in each partition. */
    public record Timestamp(long epochMillis) implements Position {
        public Timestamp {
            if (epochMillis < 0) {
                throw new IllegalArgumentException("a timestamp must be >= 0, not " + epochMillis);
            }
        }
    }

    /**
     * Parses an offset ({@code 1234}), an epoch-millisecond timestamp ({@code @1764000000000}) or an
     * ISO-8601 time or date.
     *
     * @throws IllegalArgumentException with a message saying what is accepted
     */
    public static Position parse(String text) {
        String s = text.strip();
        try {
            if (s.matches("\\d+")) {
                return new Offset(Long.parseLong(s));
            }
            if (s.matches("@\\d+")) {
                return new Timestamp(Long.parseLong(s.substring(1)));
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is too large");
        }
        try {
            return new Timestamp(OffsetDateTime.parse(s).toInstant().toEpochMilli());
        } catch (DateTimeParseException notOffsetTime) {
            try {
                return new Timestamp(Instant.parse(s).toEpochMilli());
            } catch (DateTimeParseException notInstant) {
                try {
                    return new Timestamp(LocalDate.parse(s).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli());
                } catch (DateTimeParseException notDate) {
                    throw new IllegalArgumentException("'" + text + "' is not a position: use an offset (1234), an "
                            + "epoch-ms timestamp (@1764000000000) or an ISO-8601 time (2025-11-24T10:00:00Z)");
                }
            }
        }
    }

    /**
     * What a read covered.
     *
     * @param partitions number of partitions read
     * @param records records handed to the sink
     */
    public record Summary(int partitions, long records) {
    }

    /**
     * Reads every record of {@code topic} in [from, to) of each partition, in offset order within a
     * partition, and hands it to {@code sink}.
     *
     * @param client Kafka client properties (bootstrap.servers and any security settings)
     * @param from start position, or null for the beginning
     * @param to end position (exclusive), or null for the end offsets when reading starts
     * @param timeout bound on the whole read
     * @throws TimeoutException when the range cannot be read within {@code timeout}
     * @throws IllegalStateException when the topic does not exist
     */
    public static Summary read(Properties client, String topic, Position from, Position to, Duration timeout,
                               Consumer<ConsumerRecord<String, byte[]>> sink) throws TimeoutException {
        Properties p = new Properties();
        p.putAll(client);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.remove(ConsumerConfig.GROUP_ID_CONFIG);
        long deadline = System.nanoTime() + timeout.toNanos();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(p, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, timeout);
            if (infos == null || infos.isEmpty()) {
                throw new IllegalStateException("topic " + topic + " does not exist");
            }
            List<TopicPartition> parts = new ArrayList<>();
            for (PartitionInfo i : infos) {
                parts.add(new TopicPartition(topic, i.partition()));
            }
            Map<TopicPartition, Long> begin = consumer.beginningOffsets(parts, timeout);
            Map<TopicPartition, Long> end = consumer.endOffsets(parts, timeout);
            Map<TopicPartition, Long> start = resolve(consumer, parts, from, begin, end, begin, timeout);
            Map<TopicPartition, Long> stop = resolve(consumer, parts, to, begin, end, end, timeout);
            List<TopicPartition> active = new ArrayList<>();
            consumer.assign(parts);
            for (TopicPartition tp : parts) {
                consumer.seek(tp, start.get(tp));
                if (start.get(tp) < stop.get(tp)) {
                    active.add(tp);
                }
            }
            consumer.pause(parts.stream().filter(tp -> !active.contains(tp)).toList());
            long records = 0;
            while (!active.isEmpty()) {
                if (System.nanoTime() > deadline) {
                    throw new TimeoutException("could not read " + topic + " to the end of the range within " + timeout);
                }
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    TopicPartition tp = new TopicPartition(r.topic(), r.partition());
                    if (r.offset() < stop.get(tp)) {
                        sink.accept(r);
                        records++;
                    }
                }
                // Transaction markers and aborted records take offsets too, so the position, not the
                // last record, says when a partition is done.
                List<TopicPartition> done = new ArrayList<>();
                for (TopicPartition tp : active) {
                    if (consumer.position(tp, timeout) >= stop.get(tp)) {
                        done.add(tp);
                    }
                }
                consumer.pause(done);
                active.removeAll(done);
            }
            return new Summary(parts.size(), records);
        }
    }

    private static Map<TopicPartition, Long> resolve(KafkaConsumer<String, byte[]> consumer, List<TopicPartition> parts,
                                                     Position pos, Map<TopicPartition, Long> begin,
                                                     Map<TopicPartition, Long> end, Map<TopicPartition, Long> absent,
                                                     Duration timeout) {
        Map<TopicPartition, Long> out = new HashMap<>();
        if (pos == null) {
            out.putAll(absent);
        } else if (pos instanceof Offset o) {
            for (TopicPartition tp : parts) {
                out.put(tp, Math.max(begin.get(tp), Math.min(end.get(tp), o.offset())));
            }
        } else {
            long ts = ((Timestamp) pos).epochMillis();
            Map<TopicPartition, Long> query = new HashMap<>();
            parts.forEach(tp -> query.put(tp, ts));
            Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(query, timeout);
            for (TopicPartition tp : parts) {
                OffsetAndTimestamp f = found.get(tp);
                // No record at or after the time: the position is the end.
                long offset = f == null ? end.get(tp) : f.offset();
                out.put(tp, Math.max(begin.get(tp), Math.min(end.get(tp), offset)));
            }
        }
        return out;
    }
}
