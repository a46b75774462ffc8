package io.policystream.streams.internals;

import static org.assertj.core.api.Assertions.assertThat;

import io.policystream.trajectory.Trajectory;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;

/** The assembly sends completed trajectories to their policy's writer, including those an earlier learner kept. */
class TrajectorySenderTest {
    private final MockProcessorContext<String, WriterInput> context = new MockProcessorContext<>();
    private final KeyValueStore<String, byte[]> waiting = ProcessorFixtures.store(LearnerStores.WAITING_TRAJECTORIES);
    private final KeyValueStore<String, byte[]> partial = ProcessorFixtures.store(LearnerStores.PARTIAL_TRAJECTORIES);

    @Test
    void shouldSendEachCompletedTrajectoryKeyedByItsPolicy() {
        ProcessorFixtures.attach(context, waiting, partial);
        Processor<String, Routed, String, WriterInput> sender = new TrajectorySender().get();
        sender.init(context);
        Trajectory tr = ProcessorFixtures.trajectory("e1", 3);

        sender.process(ProcessorFixtures.closed(tr));

        assertThat(context.forwarded()).hasSize(1);
        var out = context.forwarded().get(0).record();
        assertThat(out.key()).isEqualTo("cp");
        assertThat(((WriterInput.Closed) out.value()).trajectory()).isSameAs(tr);
        assertThat(out.timestamp()).isEqualTo(tr.lastEventTime());
        assertThat(context.scheduledPunctuators()).as("nothing left over: no drain").isEmpty();
    }

    @Test
    void shouldSendOnceTheTrajectoriesAnEarlierLearnerKeptThenForgetThem() {
        waiting.init(context.getStateStoreContext(), waiting);
        partial.init(context.getStateStoreContext(), partial);
        waiting.put("w", InternalCodecs.encodeTrajectory(ProcessorFixtures.trajectory("w", 2)));
        partial.put("p", InternalCodecs.encodeTrajectory(ProcessorFixtures.trajectory("p", 4)));
        ProcessorFixtures.attach(context, waiting, partial);
        Processor<String, Routed, String, WriterInput> sender = new TrajectorySender().get();
        sender.init(context);

        context.scheduledPunctuators().get(0).getPunctuator().punctuate(1L);
        sender.process(ProcessorFixtures.closed(ProcessorFixtures.trajectory("new", 3)));

        assertThat(context.forwarded()).extracting(f -> ((WriterInput.Closed) f.record().value()).trajectory().episode())
                .containsExactlyInAnyOrder("w", "p", "new");
        assertThat(waiting.get("w")).isNull();
        assertThat(partial.get("p")).isNull();
    }
}
