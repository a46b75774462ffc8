package io.policystream.streams.internals;

import io.policystream.event.Action;
import io.policystream.trajectory.Closure;
import io.policystream.trajectory.Ending;
import io.policystream.trajectory.Trajectory;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/** Stores and trajectories for driving one learner processor under a MockProcessorContext. */
final class ProcessorFixtures {
    private ProcessorFixtures() {
    }

    /** An in-memory store of that name, without changelog or cache: what a processor writes is there at once. */
    static KeyValueStore<String, byte[]> store(String name) {
        return Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name), Serdes.String(), Serdes.ByteArray())
                .withLoggingDisabled().withCachingDisabled().build();
    }

    /** Opens the stores that are not open yet and hands them to the context, as a task does on start. */
    @SafeVarargs
    static void attach(MockProcessorContext<?, ?> context, KeyValueStore<String, byte[]>... stores) {
        for (KeyValueStore<String, byte[]> s : stores) {
            if (!s.isOpen()) {
                s.init(context.getStateStoreContext(), s);
            }
            context.addStateStore(s);
        }
    }

    /** Opens the writer's own stores beside {@code others}, as its task does on start. */
    @SafeVarargs
    static void attachWriterStores(MockProcessorContext<?, ?> context, KeyValueStore<String, byte[]>... others) {
        attach(context, others);
        for (String name : LearnerStores.WRITER) {
            attach(context, store(name));
        }
    }

    /** A trajectory of policy "cp" (4-dimensional states, 2 actions, acted at version 0, reward 1 each step). */
    static Trajectory trajectory(String episode, int steps) {
        return trajectory(episode, steps, 0L);
    }

    /** Like {@link #trajectory(String, int)}, every step acted by {@code version}. */
    static Trajectory trajectory(String episode, int steps, long version) {
        double[][] states = new double[steps][];
        Action[] actions = new Action[steps];
        double[] logProbs = new double[steps];
        long[] versions = new long[steps];
        double[] rewards = new double[steps];
        for (int t = 0; t < steps; t++) {
            states[t] = new double[] {0.1 * t, -0.2, 0.3, 0.05 * t};
            actions[t] = new Action.Discrete(t % 2);
            logProbs[t] = Math.log(0.5);
            versions[t] = version;
            rewards[t] = 1.0;
        }
        return new Trajectory("cp", episode, states, actions, logProbs, versions, rewards, Ending.DONE, 1_000L + steps);
    }

    /** The assembler's output for a completed trajectory: the gradient computer's input. */
    static Record<String, Routed> closed(Trajectory tr) {
        return new Record<>(tr.episode(), new Routed.Closed(new Closure("cp", tr.episode(),
                Closure.Kind.COMPLETED, tr, 0)), tr.lastEventTime());
    }
}
