package io.policystream.streams.internals;

import io.policystream.event.InvalidReason;
import io.policystream.metrics.LearnerMetrics;
import io.policystream.policy.PolicyParams;
import io.policystream.wire.InvalidParamsException;
import io.policystream.wire.ParamsCodec;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the global params store at the latest <em>valid</em> params of each policy on the params
 * topic. A record that fails validation (not readable, wrong shapes, a number that is not finite, a
 * policy that differs from its key) is refused, logged and counted by reason, and the last good
 * version stays in the store. Validating here, where every record passes once per instance, counts
 * each refusal once; the processors that read the store would each see it.
 *
 * <p>The learner runs two applications, each with its own params store; one of them reports
 * refusals ({@code reports}), the other keeps the last good version just the same, quietly.
 *
 * <p>Kafka Streams runs this processor again over the topic when it restores the global store, so
 * a restarted learner refuses the same records again (and counts them in its new meters).
 */
public final class ParamsStoreUpdater implements ProcessorSupplier<String, byte[], Void, Void> {
    private static final Logger LOG = LoggerFactory.getLogger(ParamsStoreUpdater.class);

    private final LearnerMetrics metrics;
    private final boolean reports;
    private final DecodedParams decoded;

    /**
     * @param metrics where refusals are counted
     * @param reports whether this store counts and logs refusals (one store per process does)
     * @param decoded the learner's decoded params: its own versions are recognised there, and what
     *     this decodes is left there for the processors
     */
    public ParamsStoreUpdater(LearnerMetrics metrics, boolean reports, DecodedParams decoded) {
        this.metrics = metrics;
        this.reports = reports;
        this.decoded = decoded;
    }

    @Override
    public Processor<String, byte[], Void, Void> get() {
        return new Updater();
    }

    private final class Updater implements Processor<String, byte[], Void, Void> {
        private final ParamsCodec codec = new ParamsCodec();
        private KeyValueStore<String, byte[]> store;

        @Override
        public void init(ProcessorContext<Void, Void> context) {
            store = context.getStateStore(LearnerStores.PARAMS);
        }

        @Override
        public void process(Record<String, byte[]> record) {
            if (record.key() == null || record.value() == null) {
                return;
            }
            try {
                PolicyParams p = decoded.publishedAs(record.key(), record.value());
                if (p == null) {
                    p = codec.decode(record.value());
                }
                if (!p.policy().equals(record.key())) {
                    throw new InvalidParamsException(InvalidReason.KEY_MISMATCH, "policy: '" + p.policy()
                            + "' differs from the record key '" + record.key() + "'");
                }
                decoded.remember(record.value(), p);
                store.put(record.key(), record.value());
            } catch (InvalidParamsException e) {
                if (!reports) {
                    return;
                }
                metrics.paramsRefused(e.reason().code());
                LOG.warn("refused params for key {} from the params topic ({}): {}; the last good version stays in use",
                        record.key(), e.reason().code(), e.getMessage());
            }
        }
    }
}
