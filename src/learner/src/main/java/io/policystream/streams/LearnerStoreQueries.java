package io.policystream.streams;

import io.policystream.streams.internals.LearnerStores;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Interactive queries of a running learner's state stores, across this instance's tasks: each
 * store is asked of the application that owns it (the writer's stores, {@link LearnerStores#WRITER},
 * of the writer; the others of the assembly). A store that cannot be queried now (the learner is not
 * running, or rebalancing) answers "nothing" rather than failing.
 */
public final class LearnerStoreQueries {
    private final KafkaStreams assembly;
    private final KafkaStreams writer;

    LearnerStoreQueries(KafkaStreams assembly, KafkaStreams writer) {
        this.assembly = assembly;
        this.writer = writer;
    }

    /**
     * The params JSON of a policy as the learner's processors see it now (its global params store),
     * or null when it has none or the learner is not running. Lets a caller that paces the input,
     * such as a deterministic replay, know that a published version has reached the processors.
     */
    public byte[] currentParams(String policy) {
        try {
            return assembly.store(StoreQueryParameters.fromNameAndType(LearnerStores.PARAMS,
                    QueryableStoreTypes.<String, byte[]>keyValueStore())).get(policy);
        } catch (InvalidStateStoreException e) {
            return null;
        }
    }

    /**
     * The entries of one of the learner's key-value stores across this instance's tasks, for
     * operators and tests that check the state stays bounded; -1 when the store cannot be queried
     * now (not running, rebalancing).
     *
     * @param storeName a name of {@link LearnerStores}
     */
    public long entries(String storeName) {
        KafkaStreams owner = LearnerStores.WRITER.contains(storeName) ? writer : assembly;
        try {
            ReadOnlyKeyValueStore<Object, Object> store = owner.store(
                    StoreQueryParameters.fromNameAndType(storeName, QueryableStoreTypes.keyValueStore()));
            long n = 0;
            try (KeyValueIterator<Object, Object> it = store.all()) {
                while (it.hasNext()) {
                    it.next();
                    n++;
                }
            }
            return n;
        } catch (InvalidStateStoreException e) {
            return -1;
        }
    }
}
