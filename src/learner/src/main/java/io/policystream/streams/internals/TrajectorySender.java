package io.policystream.streams.internals;

import io.policystream.trajectory.Trajectory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.Cancellable;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * Sends each completed trajectory, keyed by its policy, to the policy's single writer, which
 * computes its gradient at the writer's current version ({@link UpdateApplier}). A trajectory is a
 * few kilobytes where its gradient sums are two vectors of the network's size (74 KB at
 * 4-64-64-2, 1.15 MB at 17-256-256-6), so the partitions no longer compute gradients: the broker
 * moves ten to a hundred times fewer bytes, and every gradient of a batch is computed at the
 * version the batch updates, as in offline training.
 *
 * <p>Learners before 2026-12 computed gradients here and kept trajectories in two stores (those
 * waiting for their actor's version, those in a partial sum not sent yet). On start, whatever
 * those stores still hold is sent on once and deleted, so an upgrade loses nothing.
 */
public final class TrajectorySender implements ProcessorSupplier<String, Routed, String, WriterInput> {

    @Override
    public Set<StoreBuilder<?>> stores() {
        return Set.of(legacy(LearnerStores.WAITING_TRAJECTORIES), legacy(LearnerStores.PARTIAL_TRAJECTORIES));
    }

    private static StoreBuilder<?> legacy(String name) {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), Serdes.String(), Serdes.ByteArray())
                .withCachingEnabled();
    }

    @Override
    public Processor<String, Routed, String, WriterInput> get() {
        return new Sender();
    }

    private static final class Sender implements Processor<String, Routed, String, WriterInput> {
        private ProcessorContext<String, WriterInput> context;
        private final List<KeyValueStore<String, byte[]>> leftovers = new ArrayList<>();
        private Cancellable drain;

        @Override
        public void init(ProcessorContext<String, WriterInput> context) {
            this.context = context;
            for (String name : List.of(LearnerStores.WAITING_TRAJECTORIES, LearnerStores.PARTIAL_TRAJECTORIES)) {
                KeyValueStore<String, byte[]> store = context.getStateStore(name);
                if (hasAny(store)) {
                    leftovers.add(store);
                }
            }
            if (!leftovers.isEmpty()) {
                // Records may be forwarded from a punctuation, not from init.
                drain = context.schedule(Duration.ofMillis(1), PunctuationType.WALL_CLOCK_TIME, now -> sendLeftovers());
            }
        }

        private static boolean hasAny(KeyValueStore<String, byte[]> store) {
            try (KeyValueIterator<String, byte[]> it = store.all()) {
                return it.hasNext();
            }
        }

        private void sendLeftovers() {
            for (KeyValueStore<String, byte[]> store : leftovers) {
                List<String> sent = new ArrayList<>();
                try (KeyValueIterator<String, byte[]> it = store.all()) {
                    while (it.hasNext()) {
                        var kv = it.next();
                        send(InternalCodecs.decodeTrajectory(kv.value));
                        sent.add(kv.key);
                    }
                }
                sent.forEach(store::delete);
            }
            leftovers.clear();
            if (drain != null) {
                drain.cancel();
                drain = null;
            }
        }

        @Override
        public void process(Record<String, Routed> record) {
            if (!leftovers.isEmpty()) {
                sendLeftovers();
            }
            send(((Routed.Closed) record.value()).closure().trajectory());
        }

        private void send(Trajectory tr) {
            context.forward(new Record<>(tr.policy(), new WriterInput.Closed(tr), Math.max(0L, tr.lastEventTime())));
        }
    }
}
