package io.policystream.streams.internals;

import io.policystream.event.Event;
import io.policystream.event.InvalidEventException;
import io.policystream.event.InvalidReason;
import io.policystream.event.PolicyShape;
import io.policystream.metrics.LearnerMetrics;
import io.policystream.policy.Distribution;
import io.policystream.policy.PolicyParams;
import io.policystream.wire.EventCodec;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Decodes event records and checks them against their policy: valid events go on, keyed by
 * episode, with their original bytes; everything else becomes a dead letter with its reason.
 */
public final class EventDecoder implements ProcessorSupplier<byte[], byte[], String, Routed> {
    private final int maxEventBytes;
    private final int dlqMaxRecordBytes;
    private final LearnerMetrics metrics;
    private final DecodedParams decoded;

    /**
     * @param maxEventBytes larger event values are refused before they are parsed
     * @param dlqMaxRecordBytes the largest dead letter written
     * @param metrics where events and refusals are counted
     * @param decoded the learner's decoded params
     */
    public EventDecoder(int maxEventBytes, int dlqMaxRecordBytes, LearnerMetrics metrics, DecodedParams decoded) {
        this.maxEventBytes = maxEventBytes;
        this.dlqMaxRecordBytes = dlqMaxRecordBytes;
        this.metrics = metrics;
        this.decoded = decoded;
    }

    @Override
    public Processor<byte[], byte[], String, Routed> get() {
        return new Decoder();
    }

    private final class Decoder implements Processor<byte[], byte[], String, Routed> {
        private final EventCodec codec = new EventCodec(maxEventBytes);
        private final DeadLetters deadLetters = new DeadLetters(metrics, dlqMaxRecordBytes);
        private ProcessorContext<String, Routed> context;
        private ParamsView params;

        @Override
        public void init(ProcessorContext<String, Routed> context) {
            this.context = context;
            this.params = ParamsView.of(context, decoded);
        }

        @Override
        public void process(Record<byte[], byte[]> record) {
            try {
                if (record.value() == null) {
                    throw new InvalidEventException(InvalidReason.MALFORMED_JSON, "the record has no value");
                }
                String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
                Event e = codec.decode(key, record.value());
                PolicyParams p = params.get(e.policy());
                if (p == null) {
                    throw new InvalidEventException(InvalidReason.UNKNOWN_POLICY, "policy: '" + e.policy()
                            + "' has no params on the params topic (run 'policystream init' first)");
                }
                new PolicyShape(p.architecture().inputSize(),
                        p.architecture().distribution() == Distribution.CATEGORICAL, p.architecture().actionSize())
                        .check(e);
                if (e.time() < 0) {
                    e = e.withTime(record.timestamp());
                }
                metrics.eventConsumed(e.policy(), e.type().wireName());
                context.forward(new Record<>(e.episode(), new Routed.Decoded(e, record.key(), record.value()),
                        record.timestamp(), record.headers()));
            } catch (InvalidEventException ex) {
                context.forward(deadLetters.reject(context, record, record.key(), record.value(), ex.reason(),
                        ex.getMessage()));
            }
        }
    }
}
