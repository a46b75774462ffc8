package io.policystream.streams.internals;

import static org.assertj.core.api.Assertions.assertThat;

import io.policystream.config.LearnerConfig;
import io.policystream.learn.GradientSums;
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
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;

/**
 * A partial gradient sum that was not sent when the learner stopped is made again from the
 * trajectories its store kept: after a restart the same trajectories reach the writer, once.
 */
class GradientComputerRestoreTest {
    private static final Architecture NET = Architecture.categorical(4, List.of(8), 2, Activation.TANH);
    private final LearnerConfig config = LearnerConfig.fromMap(Map.of("layers", "8",
            "gradient.preaggregate", "5", "commit.interval.ms", "100"));
    private final PolicyParams v0 = Initializer.initialize("cp", NET, 3, 0);
    private final KeyValueStore<String, byte[]> params = ProcessorFixtures.store(LearnerStores.PARAMS);
    private final KeyValueStore<String, byte[]> waiting = ProcessorFixtures.store(LearnerStores.WAITING_TRAJECTORIES);
    private final KeyValueStore<String, byte[]> partial = ProcessorFixtures.store(LearnerStores.PARTIAL_TRAJECTORIES);

    /** A computer over the same three stores, as a restarted task finds them. */
    private MockProcessorContext<String, GradientSums> start(Processor<String, Routed, String, GradientSums> p) {
        MockProcessorContext<String, GradientSums> context = new MockProcessorContext<>();
        context.setCurrentSystemTimeMs(2_000L);
        ProcessorFixtures.attach(context, params, waiting, partial);
        p.init(context);
        return context;
    }

    @Test
    void shouldSendTheKeptTrajectoriesOfAnUnsentPartialSumAfterARestart() {
        Processor<String, Routed, String, GradientSums> before = new GradientComputer(config,
                LearnerMetrics.inMemory(), new DecodedParams()).get();
        MockProcessorContext<String, GradientSums> first = start(before);
        params.put("cp", new ParamsCodec().encode(v0));
        before.process(ProcessorFixtures.closed(ProcessorFixtures.trajectory("a", 3)));
        before.process(ProcessorFixtures.closed(ProcessorFixtures.trajectory("b", 4)));
        assertThat(first.forwarded()).as("still a partial sum of 2 of 5").isEmpty();
        assertThat(partial.approximateNumEntries()).isEqualTo(2);

        // The task stops here (a crash: the partial sum in memory is gone, the stores are not).
        Processor<String, Routed, String, GradientSums> after = new GradientComputer(config,
                LearnerMetrics.inMemory(), new DecodedParams()).get();
        MockProcessorContext<String, GradientSums> second = start(after);
        List<MockProcessorContext.CapturedPunctuator> punctuators = second.scheduledPunctuators();
        MockProcessorContext.CapturedPunctuator flush = punctuators.stream()
                .filter(p -> p.getInterval().equals(Duration.ofMillis(50))).findFirst().orElseThrow();
        flush.getPunctuator().punctuate(2_000L);

        assertThat(second.forwarded()).hasSize(1);
        GradientSums sent = second.forwarded().get(0).record().value();
        assertThat(sent.trajectories()).isEqualTo(2);
        assertThat(sent.steps()).isEqualTo(7);
        assertThat(partial.approximateNumEntries()).as("sent, so no longer kept").isZero();
    }

    @Test
    void shouldForgetTheKeptTrajectoriesOnceTheirSumIsSent() {
        Processor<String, Routed, String, GradientSums> p = new GradientComputer(config,
                LearnerMetrics.inMemory(), new DecodedParams()).get();
        MockProcessorContext<String, GradientSums> context = start(p);
        params.put("cp", new ParamsCodec().encode(v0));
        for (int i = 0; i < 5; i++) {
            p.process(ProcessorFixtures.closed(ProcessorFixtures.trajectory("e" + i, 2 + i)));
        }
        assertThat(context.forwarded()).hasSize(1);
        assertThat(context.forwarded().get(0).record().value().trajectories()).isEqualTo(5);
        assertThat(partial.approximateNumEntries()).isZero();
    }
}
