package io.policystream.replay;

import java.io.IOException;
import java.io.Writer;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Writes a range of a topic to text, one record per line in a {@link LineFormat}, the partitions
 * merged as {@link RangeReader} merges them (by timestamp, then partition; each partition in offset
 * order), so {@code train} sees the episodes interleaved as they were recorded.
 */
public final class TopicExporter {
    private final Properties client;
    private final Duration timeout;

    /**
     * @param client Kafka client properties
     * @param timeout the longest wait for the cluster or for the next record of the range
     */
    public TopicExporter(Properties client, Duration timeout) {
        this.client = client;
        this.timeout = timeout;
    }

    /**
     * Writes the records of {@code topic} from {@code from} (inclusive) to {@code to} (exclusive).
     *
     * @param skipUnwritable leave out, and count, records a line cannot hold; otherwise the first one
     *     stops the export with an {@link UnwritableRecordException} naming it
     * @throws IllegalArgumentException when the topic does not exist
     * @throws TimeoutException when the cluster does not deliver the range in time
     */
    public ExportSummary export(String topic, Position from, Position to, LineFormat format, boolean skipUnwritable,
                                Writer out, Progress progress) throws IOException, TimeoutException {
        try (RangeReader reader = new RangeReader(client, timeout)) {
            List<PartitionRange> ranges = reader.resolve(topic, from, to);
            long total = ranges.stream().mapToLong(PartitionRange::size).sum();
            long[] counts = new long[2];
            progress.update(0, total);
            reader.read(ranges, r -> {
                String line = line(format, r, skipUnwritable);
                if (line == null) {
                    counts[1]++;
                } else {
                    out.write(line);
                    out.write('\n');
                    counts[0]++;
                }
                progress.update(counts[0] + counts[1], total);
            });
            out.flush();
            return new ExportSummary(topic, ranges, counts[0], counts[1]);
        }
    }

    private static String line(LineFormat format, ConsumerRecord<byte[], byte[]> r, boolean skipUnwritable) {
        try {
            return format.format(r.partition(), r.timestamp(), r.key(), r.value());
        } catch (UnwritableRecordException e) {
            if (skipUnwritable) {
                return null;
            }
            throw new UnwritableRecordException("record " + r.topic() + "-" + r.partition() + "@" + r.offset()
                    + " cannot be exported: " + e.getMessage());
        }
    }
}
