package io.policystream.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.policystream.event.Event;
import io.policystream.policy.Activation;
import io.policystream.policy.Architecture;
import io.policystream.policy.Initializer;
import io.policystream.policy.PolicyParams;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Each learner meter moves when its event happens in the topology. */
class LearnerMetricsTopologyTest {
    private static final Architecture CARTPOLE = Architecture.categorical(4, List.of(8), 2, Activation.TANH);
    private LearnerDriver learner;

    private LearnerDriver start(String... kv) {
        learner = LearnerDriver.withSettings(1, kv);
        learner.publish(Initializer.initialize("cp", CARTPOLE, 3, 0));
        return learner;
    }

    @AfterEach
    void close() {
        if (learner != null) {
            learner.close();
        }
    }

    private MeterRegistry registry() {
        return learner.metrics.registry();
    }

    private DistributionSummary summary(String name) {
        DistributionSummary s = registry().find(name).tag("policy", "cp").summary();
        assertThat(s).as(name).isNotNull();
        return s;
    }

    private static List<Event> episode(String ep, int n, long version, long t0, long seed) {
        return LearnerTopologyTest.episode("cp", ep, n, version, t0, new SplittableRandom(seed));
    }

    @Test
    void shouldCountEventsTrajectoriesEpisodesAndUpdatesWithTheirTags() {
        start();
        episode("a", 3, 0, 0, 1).forEach(learner::send);
        learner.send(Event.reward("cp", "b", 0, 1.0, false, false, 10));
        assertThat(registry().find("policystream.learner.events").tags("policy", "cp", "type", "step").counter()
                .count()).isEqualTo(3.0);
        assertThat(registry().find("policystream.learner.events").tags("policy", "cp", "type", "reward").counter()
                .count()).isEqualTo(1.0);
        assertThat(registry().find("policystream.learner.trajectories").tags("policy", "cp", "outcome", "completed")
                .counter().count()).isEqualTo(1.0);
        assertThat(summary("policystream.learner.episode.return").count()).isEqualTo(1);
        assertThat(summary("policystream.learner.episode.return").totalAmount()).isEqualTo(3.0);
        assertThat(summary("policystream.learner.episode.length").totalAmount()).isEqualTo(3.0);
        assertThat(registry().find("policystream.learner.updates").tag("policy", "cp").counter().count())
                .isEqualTo(1.0);
        assertThat(registry().find("policystream.learner.params.version").tag("policy", "cp").gauge().value())
                .isEqualTo(1.0);
        assertThat(registry().getMeters()).filteredOn(m -> !m.getId().getName().endsWith(".percentile"))
                .allSatisfy(m -> {
            assertThat(m.getId().getTag("episode")).isNull();
            assertThat(m.getId().getDescription()).as(m.getId().getName()).isNotBlank();
        });
    }

    @Test
    void shouldCountInvalidRecordsByReason() {
        start();
        learner.send("e", "{oops", 1);
        learner.send("e", "{oops", 2);
        assertThat(registry().find("policystream.learner.invalid").tag("reason", "malformed-json").counter().count())
                .isEqualTo(2.0);
    }

    @Test
    void shouldRecordGradientNormsEntropyAndKlOncePerUpdate() {
        start("clip.norm", "0.001");
        episode("a", 4, 0, 0, 2).forEach(learner::send);
        episode("b", 5, 1, 100, 3).forEach(learner::send);
        assertThat(learner.versions()).hasSize(2);
        DistributionSummary raw = summary("policystream.learner.gradient.norm");
        DistributionSummary clipped = summary("policystream.learner.gradient.clipped.norm");
        assertThat(raw.count()).isEqualTo(2);
        assertThat(clipped.count()).isEqualTo(2);
        assertThat(raw.max()).isGreaterThan(0.001);
        assertThat(clipped.max()).isCloseTo(0.001, org.assertj.core.data.Offset.offset(1e-12));
        DistributionSummary entropy = summary("policystream.learner.policy.entropy");
        assertThat(entropy.count()).isEqualTo(2);
        // Two actions: the entropy lies in (0, ln 2].
        assertThat(entropy.max()).isGreaterThan(0.0).isLessThanOrEqualTo(Math.log(2) + 1e-12);
        DistributionSummary kl = summary("policystream.learner.policy.kl");
        assertThat(kl.count()).isEqualTo(2);
        assertThat(kl.max()).isGreaterThan(0.0).isLessThan(1e-3);
    }

    @Test
    void shouldRecordImportanceWeightsAndStalenessOfOldActors() {
        start("importance.clip", "0.5", "max.staleness", "5");
        episode("a", 3, 0, 0, 4).forEach(learner::send);
        assertThat(summary("policystream.learner.staleness").max()).isEqualTo(0.0);
        assertThat(summary("policystream.learner.importance.weight").max()).isEqualTo(1.0);
        assertThat(summary("policystream.learner.importance.truncated").max()).isEqualTo(0.0);
        // Acted by version 0, learned at version 1: one version stale, every ratio (near 1) truncated at 0.5.
        episode("b", 4, 0, 100, 5).forEach(learner::send);
        assertThat(learner.versions()).hasSize(2);
        assertThat(summary("policystream.learner.staleness").max()).isEqualTo(1.0);
        assertThat(summary("policystream.learner.importance.weight").count()).isEqualTo(2);
        assertThat(summary("policystream.learner.importance.truncated").max()).isEqualTo(1.0);
        assertThat(summary("policystream.learner.importance.weight").totalAmount()).isEqualTo(1.5);
    }

    @Test
    void shouldTimeTheUpdateFromEachTrajectorysLastEventToItsPublication() {
        learner = LearnerDriver.withSettings(2);
        learner.publish(Initializer.initialize("cp", CARTPOLE, 3, 0));
        learner.advanceWallClock(Duration.ofSeconds(10));
        episode("a", 3, 0, 1000, 6).forEach(learner::send);
        episode("b", 2, 0, 4000, 7).forEach(learner::send);
        assertThat(learner.versions()).hasSize(1);
        Timer t = registry().find("policystream.learner.update.latency").tag("policy", "cp").timer();
        // The trajectories end at 1002 and 4001 ms, the version comes at 10 000 ms on the driver's clock.
        assertThat(t.count()).isEqualTo(2);
        assertThat(t.max(TimeUnit.MILLISECONDS)).isEqualTo(10_000 - 1002);
        assertThat(t.totalTime(TimeUnit.MILLISECONDS)).isEqualTo((10_000 - 1002) + (10_000 - 4001));
    }

    @Test
    void shouldCountNonFiniteUpdatesAsSkipped() {
        start();
        List<Event> e = episode("a", 2, 0, 0, 7);
        for (Event x : e) {
            // Finite rewards whose return overflows: the gradient is not finite.
            learner.send(Event.step("cp", "a", x.step(), x.state(), x.action(), x.logProb(), 0, 1.7e308, x.done(),
                    false, x.time()));
        }
        assertThat(learner.versions()).isEmpty();
        assertThat(registry().find("policystream.learner.skipped.updates").tag("policy", "cp").counter().count())
                .isEqualTo(1.0);
        assertThat(registry().find("policystream.learner.gradient.norm").summary()).isNull();
    }

    @Test
    void shouldGaugeOpenEpisodesPerTaskAndForgetThemWhenTheTaskCloses() {
        start("episode.timeout.ms", "600000");
        List<Event> a = episode("a", 3, 0, 0, 8);
        learner.send(a.get(0));
        episode("b", 2, 0, 0, 9).subList(0, 1).forEach(learner::send);
        learner.advanceWallClock(Duration.ofSeconds(1));
        Gauge open = registry().find("policystream.learner.open.episodes").tags("policy", "cp", "task", "0_0").gauge();
        assertThat(open).isNotNull();
        assertThat(open.value()).isEqualTo(2.0);
        learner.send(a.get(1));
        learner.send(a.get(2));
        learner.advanceWallClock(Duration.ofSeconds(1));
        assertThat(open.value()).isEqualTo(1.0);
        MeterRegistry registry = registry();
        learner.close();
        learner = null;
        assertThat(registry.find("policystream.learner.open.episodes").meters()).isEmpty();
    }
}
