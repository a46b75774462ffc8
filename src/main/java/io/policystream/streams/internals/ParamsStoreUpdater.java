package io.policystream.streams.internals;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps the global params store equal to the params topic: the latest value of each policy.
 * Validation happens where the params are read ({@link ParamsView}), which keeps the last good
 * version when a bad one arrives; the store itself mirrors the topic, as a restore would.
 */
public final class ParamsStoreUpdater implements ProcessorSupplier<String, byte[], Void, Void> {

    @Override
    public Processor<String, byte[], Void, Void> get() {
        return new Updater();
    }

    private static final class Updater implements Processor<String, byte[], Void, Void> {
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
            store.put(record.key(), record.value());
        }
    }
}
