package io.policystream.streams.internals;

import io.policystream.event.InvalidReason;
import io.policystream.metrics.LearnerMetrics;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a refused record into a dead-letter record: the original key, value and headers, plus
 * headers naming the reason, the message and where the record came from. Each reason is logged
 * once per task (then only counted), so a flood of bad input cannot flood the log.
 *
 * <p>A dead letter never exceeds {@code maxRecordBytes}: a producer refuses a record over its
 * {@code max.request.size}, and under Kafka Streams that failure would stop the learner, so one
 * oversized bad record could take it down. A copy that would be larger keeps the first bytes of
 * the value (then, if still too large, of the key, and drops the original headers) and says so in
 * {@link #TRUNCATED}; the source topic, partition and offset lead to the whole record.
 */
public final class DeadLetters {
    /** Header with the reason code (see {@link InvalidReason#code()}). */
    public static final String REASON = "policystream.dlq.reason";
    /** Header with the human-readable message naming the field. */
    public static final String MESSAGE = "policystream.dlq.message";
    /** Header with the source topic. */
    public static final String TOPIC = "policystream.dlq.topic";
    /** Header with the source partition. */
    public static final String PARTITION = "policystream.dlq.partition";
    /** Header with the source offset. */
    public static final String OFFSET = "policystream.dlq.offset";
    /** Header present when the copy was cut: the original key and value lengths in bytes. */
    public static final String TRUNCATED = "policystream.dlq.truncated";
    /** Room for the record framing and the truncation header. */
    private static final int OVERHEAD = 256;
    /** Longest key kept when keys must be cut too. */
    private static final int KEPT_KEY_BYTES = 1024;

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetters.class);

    private final LearnerMetrics metrics;
    private final int maxRecordBytes;
    private final Set<InvalidReason> logged = EnumSet.noneOf(InvalidReason.class);

    /**
     * @param metrics where refusals are counted
     * @param maxRecordBytes the largest dead letter written (key, value and headers)
     */
    public DeadLetters(LearnerMetrics metrics, int maxRecordBytes) {
        this.metrics = metrics;
        this.maxRecordBytes = maxRecordBytes;
    }

    /** The dead-letter record for {@code original}, which was refused for {@code reason}. */
    public <K, V> Record<String, Routed> reject(ProcessorContext<?, ?> context, Record<K, V> original, byte[] rawKey,
                                                byte[] rawValue, InvalidReason reason, String message) {
        Headers headers = new RecordHeaders(original.headers().toArray());
        headers.remove(REASON).remove(MESSAGE).remove(TOPIC).remove(PARTITION).remove(OFFSET).remove(TRUNCATED);
        headers.add(REASON, utf8(reason.code()));
        headers.add(MESSAGE, utf8(message));
        String where = "";
        if (context.recordMetadata().isPresent()) {
            RecordMetadata m = context.recordMetadata().get();
            headers.add(TOPIC, utf8(m.topic()));
            headers.add(PARTITION, utf8(Integer.toString(m.partition())));
            headers.add(OFFSET, utf8(Long.toString(m.offset())));
            where = m.topic() + "-" + m.partition() + "@" + m.offset();
        }
        metrics.invalidRecord(reason.code());
        if (logged.add(reason)) {
            LOG.warn("refused record {} ({}): {}; further records refused for this reason are only counted",
                    where, reason.code(), message);
        }
        return new Record<>(null, fit(rawKey, rawValue, headers), original.timestamp(), headers);
    }

    /** The key and value to write, cut where the whole dead letter would exceed the limit. */
    private Routed.Rejected fit(byte[] key, byte[] value, Headers headers) {
        int keyLength = key == null ? 0 : key.length;
        int valueLength = value == null ? 0 : value.length;
        long headerBytes = size(headers);
        if (keyLength + valueLength + headerBytes + OVERHEAD <= maxRecordBytes) {
            return new Routed.Rejected(key, value);
        }
        if (keyLength + headerBytes + OVERHEAD > maxRecordBytes) {
            for (Header h : headers.toArray()) {
                if (!h.key().startsWith("policystream.dlq.")) {
                    headers.remove(h.key());
                }
            }
            headerBytes = size(headers);
            key = key == null ? null : Arrays.copyOf(key, Math.min(keyLength, KEPT_KEY_BYTES));
        }
        int keptKey = key == null ? 0 : key.length;
        int room = (int) Math.max(0, maxRecordBytes - OVERHEAD - keptKey - headerBytes);
        byte[] cut = value == null ? null : Arrays.copyOf(value, Math.min(valueLength, room));
        headers.add(TRUNCATED, utf8("key=" + keyLength + ",value=" + valueLength));
        return new Routed.Rejected(key, cut);
    }

    private static long size(Headers headers) {
        long n = 0;
        for (Header h : headers) {
            n += h.key().length() * 3L + (h.value() == null ? 0 : h.value().length) + 10;
        }
        return n;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
