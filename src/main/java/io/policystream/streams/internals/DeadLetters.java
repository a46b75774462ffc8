package io.policystream.streams.internals;

import io.policystream.event.InvalidReason;
import io.policystream.metrics.LearnerMetrics;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.Set;
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

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetters.class);

    private final LearnerMetrics metrics;
    private final Set<InvalidReason> logged = EnumSet.noneOf(InvalidReason.class);

    public DeadLetters(LearnerMetrics metrics) {
        this.metrics = metrics;
    }

    /** The dead-letter record for {@code original}, which was refused for {@code reason}. */
    public <K, V> Record<String, Routed> reject(ProcessorContext<?, ?> context, Record<K, V> original, byte[] rawKey,
                                                byte[] rawValue, InvalidReason reason, String message) {
        Headers headers = new RecordHeaders(original.headers().toArray());
        headers.remove(REASON).remove(MESSAGE).remove(TOPIC).remove(PARTITION).remove(OFFSET);
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
        return new Record<>(null, new Routed.Rejected(rawKey, rawValue), original.timestamp(), headers);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
