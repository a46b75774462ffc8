package io.policystream.streams.internals;

import static org.assertj.core.api.Assertions.assertThat;

import io.policystream.config.LearnerConfig;
import io.policystream.learn.GradientSums;
import io.policystream.metrics.LearnerMetrics;
import io.policystream.policy.Activation;
import io.policystream.policy.Architecture;
import io.policystream.policy.Initializer;
import io.policystream.wire.ParamsCodec;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.metrics.stats.CumulativeCount;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;

/**
 * Under exactly-once a partial gradient sum leaves just before the task's next commit, the first
 * moment the writer can see it; under at-least-once, where it is seen once sent, on a timer.
 */
class GradientComputerCommitTest {
    private static final Architecture NET = Architecture.categorical(4, List.of(8), 2, Activation.TANH);
    private final MockProcessorContext<String, GradientSums> context = new MockProcessorContext<>();
    private Sensor commits;

    private Processor<String, Routed, String, GradientSums> start(String guarantee, boolean withCommitMeter) {
        LearnerConfig config = LearnerConfig.fromMap(Map.of("layers", "8", "gradient.preaggregate", "8",
                "commit.interval.ms", "20", "processing.guarantee", guarantee));
        if (withCommitMeter) {
            commits = context.metrics().addSensor("commits", Sensor.RecordingLevel.INFO);
            commits.add(new MetricName("commit-total", "stream-thread-metrics", "",
                    Map.of("thread-id", Thread.currentThread().getName())), new CumulativeCount());
        }
        KeyValueStore<String, byte[]> params = ProcessorFixtures.store(LearnerStores.PARAMS);
        ProcessorFixtures.attach(context, params, ProcessorFixtures.store(LearnerStores.WAITING_TRAJECTORIES),
                ProcessorFixtures.store(LearnerStores.PARTIAL_TRAJECTORIES));
        params.put("cp", new ParamsCodec().encode(Initializer.initialize("cp", NET, 3, 0)));
        context.setCurrentSystemTimeMs(1_000L);
        Processor<String, Routed, String, GradientSums> p = new GradientComputer(config,
                LearnerMetrics.inMemory(), new DecodedParams()).get();
        p.init(context);
        return p;
    }

    private static Record<String, Routed> closed(String episode) {
        return ProcessorFixtures.closed(ProcessorFixtures.trajectory(episode, 2));
    }

    private MockProcessorContext.CapturedPunctuator flushEvery(Duration interval) {
        return context.scheduledPunctuators().stream().filter(p -> p.getInterval().equals(interval))
                .findFirst().orElseThrow();
    }

    /** Runs every punctuator of that interval (the retry of waiting trajectories has 20 ms too). */
    private void punctuateEvery(Duration interval, long now) {
        context.scheduledPunctuators().stream().filter(p -> p.getInterval().equals(interval))
                .forEach(p -> p.getPunctuator().punctuate(now));
    }

    @Test
    void shouldSendAPartialSumJustBeforeTheNextCommitUnderExactlyOnce() {
        Processor<String, Routed, String, GradientSums> p = start("exactly_once_v2", true);
        MockProcessorContext.CapturedPunctuator everyPass = flushEvery(Duration.ofMillis(1));
        everyPass.getPunctuator().punctuate(1_000L); // sees the thread's count: a commit "now"
        p.process(closed("a"));
        p.process(closed("b"));

        everyPass.getPunctuator().punctuate(1_010L);
        everyPass.getPunctuator().punctuate(1_017L);
        assertThat(context.forwarded()).as("the next commit is not due yet").isEmpty();

        everyPass.getPunctuator().punctuate(1_018L);
        assertThat(context.forwarded()).hasSize(1);
        assertThat(context.forwarded().get(0).record().value().trajectories()).isEqualTo(2);

        commits.record(); // the thread commits at 1 019
        p.process(closed("c"));
        everyPass.getPunctuator().punctuate(1_019L);
        everyPass.getPunctuator().punctuate(1_036L);
        assertThat(context.forwarded()).as("a new cycle began at the commit").hasSize(1);
        everyPass.getPunctuator().punctuate(1_037L);
        assertThat(context.forwarded()).hasSize(2);
    }

    @Test
    void shouldKeepATimerOfItsOwnUnderAtLeastOnce() {
        Processor<String, Routed, String, GradientSums> p = start("at_least_once", true);
        p.process(closed("a"));
        assertThat(context.scheduledPunctuators()).noneMatch(c -> c.getInterval().equals(Duration.ofMillis(1)));

        punctuateEvery(Duration.ofMillis(20), 1_020L);

        assertThat(context.forwarded()).hasSize(1);
    }

    @Test
    void shouldKeepATimerOfItsOwnWhereTheThreadHasNoCommitMeter() {
        Processor<String, Routed, String, GradientSums> p = start("exactly_once_v2", false);
        p.process(closed("a"));

        punctuateEvery(Duration.ofMillis(20), 1_020L);

        assertThat(context.forwarded()).hasSize(1);
    }
}
