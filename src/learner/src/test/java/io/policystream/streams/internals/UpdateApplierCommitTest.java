package io.policystream.streams.internals;

import static org.assertj.core.api.Assertions.assertThat;

import io.policystream.config.LearnerConfig;
import io.policystream.metrics.LearnerMetrics;
import io.policystream.policy.Activation;
import io.policystream.policy.Architecture;
import io.policystream.policy.Initializer;
import io.policystream.policy.PolicyParams;
import io.policystream.wire.ParamsCodec;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;

/**
 * Under exactly-once a version is visible once the writer's transaction commits, so the writer asks
 * for that commit right after the version, at most once per commit interval.
 */
class UpdateApplierCommitTest {
    private static final Architecture NET = Architecture.categorical(4, List.of(8), 2, Activation.TANH);
    private final MockProcessorContext<String, byte[]> context = new MockProcessorContext<>();
    private final PolicyParams v0 = Initializer.initialize("cp", NET, 3, 0);
    private LearnerConfig config;

    private Processor<String, WriterInput, String, byte[]> start(String guarantee) {
        config = LearnerConfig.fromMap(Map.of("layers", "8", "batch.trajectories", "1", "commit.interval.ms", "25",
                "processing.guarantee", guarantee));
        KeyValueStore<String, byte[]> params = ProcessorFixtures.store(LearnerStores.PARAMS);
        ProcessorFixtures.attachWriterStores(context, params);
        params.put("cp", new ParamsCodec().encode(v0));
        context.setCurrentSystemTimeMs(1_000L);
        Processor<String, WriterInput, String, byte[]> p = new UpdateApplier(config, LearnerMetrics.inMemory(), new DecodedParams()).get();
        p.init(context);
        return p;
    }

    private Record<String, WriterInput> gradient(String episode) {
        return new Record<>("cp", new WriterInput.Closed(ProcessorFixtures.trajectory(episode, 2)), 900L);
    }

    @Test
    void shouldAskForACommitRightAfterAVersionAtMostOncePerCommitInterval() {
        Processor<String, WriterInput, String, byte[]> p = start("exactly_once_v2");

        p.process(gradient("a"));
        assertThat(context.forwarded()).hasSize(1);
        assertThat(context.committed()).as("the first version commits at once").isTrue();

        context.resetCommit();
        context.setCurrentSystemTimeMs(1_005L);
        p.process(gradient("b"));
        assertThat(context.forwarded()).hasSize(2);
        assertThat(context.committed()).as("5 ms after the last request: wait").isFalse();

        MockProcessorContext.CapturedPunctuator every = context.scheduledPunctuators().stream()
                .filter(c -> c.getInterval().equals(Duration.ofMillis(25))).findFirst().orElseThrow();
        every.getPunctuator().punctuate(1_025L);
        assertThat(context.committed()).as("the interval's end commits the waiting version").isTrue();

        context.resetCommit();
        every.getPunctuator().punctuate(1_050L);
        assertThat(context.committed()).as("nothing made since: nothing to ask").isFalse();
    }

    @Test
    void shouldLeaveCommitsToKafkaStreamsUnderAtLeastOnce() {
        Processor<String, WriterInput, String, byte[]> p = start("at_least_once");

        p.process(gradient("a"));

        assertThat(context.forwarded()).hasSize(1);
        assertThat(context.committed()).isFalse();
        assertThat(context.scheduledPunctuators()).as("only the retry of waiting trajectories")
                .extracting(MockProcessorContext.CapturedPunctuator::getInterval).containsExactly(UpdateApplier.RETRY);
    }
}
