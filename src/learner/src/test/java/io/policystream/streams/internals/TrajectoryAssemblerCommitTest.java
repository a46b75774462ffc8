package io.policystream.streams.internals;

import static org.assertj.core.api.Assertions.assertThat;

import io.policystream.config.LearnerConfig;
import io.policystream.event.Action;
import io.policystream.event.Event;
import io.policystream.metrics.LearnerMetrics;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.Punctuator;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

/**
 * Under exactly-once the writer sees a trajectory only once the assembly's transaction commits.
 * When the input goes quiet after a batch's worth of a policy's trajectories has closed (actors
 * that wait for the version their batch makes), the assembly asks for that commit at once; while
 * events keep coming it leaves commits to Kafka Streams' interval.
 */
class TrajectoryAssemblerCommitTest {
    private final MockProcessorContext<String, Routed> context = new MockProcessorContext<>();
    private EpisodeStoreCommit commitHook;

    private Processor<String, Routed, String, Routed> start(String guarantee) {
        LearnerConfig config = LearnerConfig.fromMap(Map.of("batch.trajectories", "2", "commit.interval.ms", "50",
                "processing.guarantee", guarantee));
        KeyValueStore<String, byte[]> headers = Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(LearnerStores.EPISODE_HEADERS), Serdes.String(), Serdes.ByteArray())
                .withLoggingDisabled().withCachingDisabled().build();
        var chunks = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(LearnerStores.EPISODE_CHUNKS),
                Serdes.Bytes(), Serdes.ByteArray()).withLoggingDisabled().withCachingDisabled().build();
        commitHook = EpisodeStoreCommit.builder(LearnerStores.EPISODE_COMMIT).build();
        headers.init(context.getStateStoreContext(), headers);
        chunks.init(context.getStateStoreContext(), chunks);
        commitHook.init(context.getStateStoreContext(), commitHook);
        context.addStateStore(headers);
        context.addStateStore(chunks);
        context.addStateStore(commitHook);
        context.setCurrentSystemTimeMs(10_000L);
        Processor<String, Routed, String, Routed> p = new TrajectoryAssembler(config, LearnerMetrics.inMemory()).get();
        p.init(context);
        return p;
    }

    /** Plays a two-step episode of policy "cp" to its end. */
    private void episode(Processor<String, Routed, String, Routed> p, String id) {
        for (int t = 0; t < 2; t++) {
            Event e = Event.step("cp", id, t, new double[] {0.1, 0.2, 0.3, 0.4}, new Action.Discrete(t % 2),
                    Math.log(0.5), 0, 1.0, t == 1, false, 1_000L + t);
            p.process(new Record<>(id, new Routed.Decoded(e, id.getBytes(), new byte[0]), 1_000L + t));
        }
    }

    private long closedTrajectories() {
        return context.forwarded().stream().filter(f -> f.record().value() instanceof Routed.Closed).count();
    }

    private Punctuator quietCheck() {
        return context.scheduledPunctuators().stream()
                .filter(c -> c.getInterval().equals(TrajectoryAssembler.QUIET_CHECK))
                .findFirst().orElseThrow().getPunctuator();
    }

    @Test
    void shouldAskForACommitWhenTheInputGoesQuietAfterABatchsWorthOfTrajectories() {
        Processor<String, Routed, String, Routed> p = start("exactly_once_v2");

        episode(p, "e1");
        quietCheck().punctuate(10_020L);
        assertThat(closedTrajectories()).isEqualTo(1);
        assertThat(context.committed()).as("half a batch: Kafka Streams' interval decides").isFalse();

        context.setCurrentSystemTimeMs(10_030L);
        episode(p, "e2");
        quietCheck().punctuate(10_035L);
        assertThat(closedTrajectories()).isEqualTo(2);
        assertThat(context.committed()).as("the last event came 5 ms ago: not quiet yet").isFalse();

        quietCheck().punctuate(10_040L);
        assertThat(context.committed()).as("a batch's worth, and 10 ms quiet: commit now").isTrue();

        context.resetCommit();
        quietCheck().punctuate(10_050L);
        assertThat(context.committed()).as("nothing closed since the ask").isFalse();
    }

    @Test
    void shouldNotAskWhileEventsKeepComing() {
        Processor<String, Routed, String, Routed> p = start("exactly_once_v2");

        for (int i = 0; i < 10; i++) {
            context.setCurrentSystemTimeMs(10_000L + 5L * i);
            episode(p, "e" + i);
            quietCheck().punctuate(10_005L + 5L * i);
        }

        assertThat(closedTrajectories()).isEqualTo(10);
        assertThat(context.committed()).isFalse();
    }

    @Test
    void shouldNotAskWhenKafkaStreamsCommittedTheTrajectoriesAlready() {
        Processor<String, Routed, String, Routed> p = start("exactly_once_v2");
        episode(p, "e1");
        episode(p, "e2");

        commitHook.flushCache();
        quietCheck().punctuate(10_020L);

        assertThat(context.committed()).as("the interval's commit carried them").isFalse();
    }

    @Test
    void shouldLeaveCommitsToKafkaStreamsUnderAtLeastOnce() {
        Processor<String, Routed, String, Routed> p = start("at_least_once");

        episode(p, "e1");
        episode(p, "e2");

        assertThat(closedTrajectories()).isEqualTo(2);
        assertThat(context.committed()).isFalse();
        assertThat(context.scheduledPunctuators()).as("only the assembler's own ticks")
                .extracting(MockProcessorContext.CapturedPunctuator::getInterval)
                .containsOnly(TrajectoryAssembler.TICK);
    }
}
