package io.policystream.replay;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
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
import org.apache.kafka.common.utils.Utils;

/**
 * Produces the lines of an export file back to a topic, keyed, in file order.
 *
 * <p><b>Partitions.</b> Format {@code exact} writes each record to the partition and with the
 * timestamp its line names. Format {@code kv} writes a keyed record to the partition Kafka's default
 * partitioner gives its key (murmur2 of the key bytes modulo the partition count), so with the same
 * partition count every key lands where it was; null-key lines go round-robin over the partitions in
 * file order, starting at partition 0.
 *
 * <p><b>Idempotence.</b> The producer is idempotent (acks=all, enable.idempotence, at most 5
 * requests in flight), so retries within a run never duplicate or reorder a record. Across runs,
 * an import first reads the topic: where a partition already holds the first records the file sends
 * to it (same key and value, in order), those are skipped and only the rest is produced. Running an
 * import twice therefore writes the file once, and an interrupted import resumes where it stopped.
 * A partition holding anything else refuses the whole import before a record is written, unless
 * {@code append} is set, which writes every line whatever the topic holds. The file is checked
 * completely (format, partitions) before the first record is produced.
 */
public final class TopicImporter {
    private final Properties client;
    private final Duration timeout;

    /**
     * @param client Kafka client properties
     * @param timeout the longest wait for the cluster, for reading the topic and for each acknowledgement
     */
    public TopicImporter(Properties client, Duration timeout) {
        this.client = client;
        this.timeout = timeout;
    }

    /**
     * Imports {@code file} into {@code topic}.
     *
     * @throws IllegalArgumentException naming the line or the partition when the file does not fit the
     *     topic, or the topic holds other records (without {@code append}); nothing has been written then
     * @throws TimeoutException when the cluster does not answer in time
     * @throws ExecutionException when a record could not be written
     */
    public ImportSummary importFile(Path file, String topic, LineFormat format, boolean append, Progress progress)
            throws IOException, TimeoutException, ExecutionException, InterruptedException {
        int partitions = partitionCount(topic);
        List<List<ByteBuffer>> existing = append ? emptyLists(partitions) : existing(topic, partitions);
        long[] perPartition = new long[partitions];
        long records = 0;
        long present = 0;
        try (LineReader lines = new LineReader(file, format, partitions)) {
            for (FileRecord r = lines.next(); r != null; r = lines.next()) {
                records++;
                int p = lines.partition();
                long index = perPartition[p]++;
                if (index < existing.get(p).size()) {
                    if (!existing.get(p).get((int) index).equals(digest(r))) {
                        throw new IllegalArgumentException(topic + " partition " + p + " already holds a different "
                                + "record at its position " + index + " than line " + lines.number() + " of " + file
                                + ": the topic is not an earlier import of this file; use another topic, or "
                                + "--append to write every line anyway");
                    }
                    present++;
                }
            }
        }
        long produced = produce(file, topic, format, partitions, existing, records - present, progress);
        return new ImportSummary(records, produced, present);
    }

    private long produce(Path file, String topic, LineFormat format, int partitions, List<List<ByteBuffer>> existing,
                         long toProduce, Progress progress)
            throws IOException, TimeoutException, ExecutionException, InterruptedException {
        Properties p = new Properties();
        p.putAll(client);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 10);
        AtomicReference<Exception> failure = new AtomicReference<>();
        long[] perPartition = new long[partitions];
        long produced = 0;
        progress.update(0, toProduce);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(),
                new ByteArraySerializer());
             LineReader lines = new LineReader(file, format, partitions)) {
            for (FileRecord r = lines.next(); r != null; r = lines.next()) {
                int partition = lines.partition();
                if (perPartition[partition]++ < existing.get(partition).size()) {
                    continue;
                }
                Long timestamp = r.timestamp() >= 0 ? r.timestamp() : null;
                producer.send(new ProducerRecord<>(topic, partition, timestamp, r.key(), r.value()), (md, e) -> {
                    if (e != null) {
                        failure.compareAndSet(null, e);
                    }
                });
                if (failure.get() != null) {
                    break;
                }
                produced++;
                progress.update(produced, toProduce);
            }
            producer.flush();
        }
        if (failure.get() != null) {
            throw new ExecutionException("writing to " + topic + " failed: " + failure.get().getMessage(),
                    failure.get());
        }
        return produced;
    }

    private int partitionCount(String topic) {
        try (KafkaConsumer<byte[], byte[]> c = consumer()) {
            List<PartitionInfo> infos = c.partitionsFor(topic, timeout);
            if (infos == null || infos.isEmpty()) {
                throw new IllegalArgumentException("topic " + topic + " does not exist; create it first, with as "
                        + "many partitions as the topic the file was exported from");
            }
            return infos.size();
        }
    }

    /** The digests of every record each partition holds now, in offset order. */
    private List<List<ByteBuffer>> existing(String topic, int partitions) throws TimeoutException {
        List<List<ByteBuffer>> out = emptyLists(partitions);
        try (KafkaConsumer<byte[], byte[]> c = consumer()) {
            List<TopicPartition> parts = new ArrayList<>();
            for (int i = 0; i < partitions; i++) {
                parts.add(new TopicPartition(topic, i));
            }
            c.assign(parts);
            c.seekToBeginning(parts);
            var end = c.endOffsets(parts, timeout);
            long lastProgress = System.nanoTime();
            while (parts.stream().anyMatch(tp -> c.position(tp, timeout) < end.get(tp))) {
                if (System.nanoTime() - lastProgress > timeout.toNanos()) {
                    throw new TimeoutException("could not read " + topic + " to its end: no record for "
                            + timeout.toSeconds() + " s");
                }
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(100))) {
                    if (r.offset() < end.get(new TopicPartition(topic, r.partition()))) {
                        out.get(r.partition()).add(digest(new FileRecord(r.partition(), -1, nullIfEmpty(r.key()),
                                nullIfEmpty(r.value()))));
                        lastProgress = System.nanoTime();
                    }
                }
            }
        }
        return out;
    }

    private KafkaConsumer<byte[], byte[]> consumer() {
        Properties p = new Properties();
        p.putAll(client);
        p.remove(ConsumerConfig.GROUP_ID_CONFIG);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    private static List<List<ByteBuffer>> emptyLists(int n) {
        List<List<ByteBuffer>> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new ArrayList<>());
        }
        return out;
    }

    /** An empty key or value reads back from a file as null, so the two compare equal. */
    private static byte[] nullIfEmpty(byte[] b) {
        return b == null || b.length == 0 ? null : b;
    }

    /** SHA-256 of key and value with their lengths (-1 for null), so no two records share a digest by accident. */
    private static ByteBuffer digest(FileRecord r) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (byte[] b : new byte[][] {r.key(), r.value()}) {
                md.update(ByteBuffer.allocate(4).putInt(b == null ? -1 : b.length).array());
                if (b != null) {
                    md.update(b);
                }
            }
            return ByteBuffer.wrap(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** The records of a file with the partition each goes to. */
    private static final class LineReader implements AutoCloseable {
        private final BufferedReader in;
        private final LineFormat format;
        private final int partitions;
        private final Path file;
        private long number;
        private int partition;
        private long nullKeys;

        LineReader(Path file, LineFormat format, int partitions) throws IOException {
            this.in = Files.newBufferedReader(file, StandardCharsets.UTF_8);
            this.format = format;
            this.partitions = partitions;
            this.file = file;
        }

        /** The next record, or null at the end; blank lines are skipped. */
        FileRecord next() throws IOException {
            String line;
            do {
                line = in.readLine();
                if (line == null) {
                    return null;
                }
                number++;
            } while (line.isBlank());
            FileRecord r;
            try {
                r = format.parse(line, number);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(file + ": " + e.getMessage());
            }
            if (r.partition() >= 0) {
                if (r.partition() >= partitions) {
                    throw new IllegalArgumentException(file + ": line " + number + " is for partition "
                            + r.partition() + ", the topic has " + partitions);
                }
                partition = r.partition();
            } else if (r.key() != null) {
                partition = Utils.toPositive(Utils.murmur2(r.key())) % partitions;
            } else {
                partition = (int) (nullKeys++ % partitions);
            }
            return r;
        }

        /** The partition of the record {@link #next} returned last. */
        int partition() {
            return partition;
        }

        /** The line number of the record {@link #next} returned last, 1-based. */
        long number() {
            return number;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
