package io.policystream.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LearnerMetricsTest {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final LearnerMetrics metrics = new LearnerMetrics(registry);

    @Test
    void shouldMoveEachMeterWhenItsEventHappens() {
        metrics.eventConsumed("p", "step");
        metrics.invalidRecord("malformed-json");
        metrics.duplicate("p");
        metrics.trajectory("p", "timed-out");
        metrics.episode("p", 12.5, 7);
        metrics.updatePublished("p", 3);
        metrics.updateSkipped("p");
        metrics.gradientNorm("p", 4.0, 1.0);
        metrics.importanceWeights("p", 0.9, 0.25);
        metrics.staleness("p", 2);
        metrics.entropy("p", 0.6);
        metrics.klDivergence("p", 0.01);
        metrics.versionLearned("p", 3, 10_250, new long[] {10_000, 10_200});

        assertThat(registry.get("policystream.learner.events").tags("policy", "p", "type", "step").counter().count())
                .isEqualTo(1.0);
        assertThat(registry.get("policystream.learner.invalid").tag("reason", "malformed-json").counter().count())
                .isEqualTo(1.0);
        assertThat(registry.get("policystream.learner.duplicates").counter().count()).isEqualTo(1.0);
        assertThat(registry.get("policystream.learner.trajectories").tag("outcome", "timed-out").counter().count())
                .isEqualTo(1.0);
        assertThat(registry.get("policystream.learner.episode.return").summary().totalAmount()).isEqualTo(12.5);
        assertThat(registry.get("policystream.learner.episode.length").summary().totalAmount()).isEqualTo(7.0);
        assertThat(registry.get("policystream.learner.updates").counter().count()).isEqualTo(1.0);
        assertThat(registry.get("policystream.learner.params.version").gauge().value()).isEqualTo(3.0);
        assertThat(registry.get("policystream.learner.skipped.updates").counter().count()).isEqualTo(1.0);
        assertThat(registry.get("policystream.learner.gradient.norm").summary().max()).isEqualTo(4.0);
        assertThat(registry.get("policystream.learner.gradient.clipped.norm").summary().max()).isEqualTo(1.0);
        assertThat(registry.get("policystream.learner.importance.weight").summary().max()).isEqualTo(0.9);
        assertThat(registry.get("policystream.learner.importance.truncated").summary().max()).isEqualTo(0.25);
        assertThat(registry.get("policystream.learner.staleness").summary().max()).isEqualTo(2.0);
        assertThat(registry.get("policystream.learner.policy.entropy").summary().max()).isEqualTo(0.6);
        assertThat(registry.get("policystream.learner.policy.kl").summary().max()).isEqualTo(0.01);
        assertThat(registry.get("policystream.learner.update.latency").timer().max(TimeUnit.MILLISECONDS))
                .isEqualTo(250.0);
        assertThat(registry.get("policystream.learner.update.latency").timer().count())
                .as("one observation per trajectory").isEqualTo(2);
        assertThat(metrics.count("policystream.learner.trajectories")).isEqualTo(1.0);
    }

    @Test
    void shouldNameTagAndDescribeEveryMeterByTheConventions() {
        shouldMoveEachMeterWhenItsEventHappens();
        metrics.openEpisodes("0_1", Map.of("p", 2L));
        // Micrometer adds a ".percentile" gauge per published percentile; Prometheus folds them into the summary.
        assertThat(registry.getMeters().stream().filter(m -> !m.getId().getName().endsWith(".percentile")))
                .hasSize(18).allSatisfy(m -> {
            Meter.Id id = m.getId();
            assertThat(id.getName()).matches("policystream\\.learner(\\.[a-z]+)+");
            assertThat(id.getDescription()).as(id.getName()).isNotBlank();
            assertThat(id.getTags()).allSatisfy(t -> assertThat(t.getKey()).isIn("policy", "type", "reason",
                    "outcome", "task"));
        });
    }

    @Test
    void shouldKeepTheVersionGaugeAtTheLatestVersion() {
        metrics.paramsVersion("p", 4);
        metrics.updatePublished("p", 5);
        assertThat(registry.get("policystream.learner.params.version").tag("policy", "p").gauge().value())
                .isEqualTo(5.0);
    }

    @Test
    void shouldGaugeOpenEpisodesPerTaskAndPolicyAndRemoveThemWithTheTask() {
        metrics.openEpisodes("0_0", Map.of("a", 3L, "b", 1L));
        metrics.openEpisodes("0_1", Map.of("a", 5L));
        assertThat(registry.get("policystream.learner.open.episodes").tags("task", "0_0", "policy", "a").gauge()
                .value()).isEqualTo(3.0);
        metrics.openEpisodes("0_0", Map.of("a", 2L));
        assertThat(registry.get("policystream.learner.open.episodes").tags("task", "0_0", "policy", "a").gauge()
                .value()).isEqualTo(2.0);
        assertThat(registry.get("policystream.learner.open.episodes").tags("task", "0_0", "policy", "b").gauge()
                .value()).isEqualTo(0.0);
        metrics.taskClosed("0_0");
        assertThat(registry.find("policystream.learner.open.episodes").tag("task", "0_0").meters()).isEmpty();
        assertThat(registry.get("policystream.learner.open.episodes").tag("task", "0_1").gauge().value())
                .isEqualTo(5.0);
    }

    @Test
    void shouldShowPrometheusTheNamesDocumentedInOperationsMd() {
        PrometheusMeterRegistry prometheus = MetricsServer.newRegistry();
        LearnerMetrics m = new LearnerMetrics(prometheus);
        m.eventConsumed("p", "step");
        m.invalidRecord("malformed-json");
        m.duplicate("p");
        m.trajectory("p", "completed");
        m.episode("p", 1, 1);
        m.updatePublished("p", 1);
        m.updateSkipped("p");
        m.gradientNorm("p", 1, 1);
        m.importanceWeights("p", 1, 0);
        m.staleness("p", 0);
        m.entropy("p", 0.5);
        m.klDivergence("p", 0);
        m.versionLearned("p", 1, 105, new long[] {100});
        m.openEpisodes("0_0", Map.of("p", 1L));
        String text = prometheus.scrape();
        assertThat(text).contains("policystream_learner_events_total{", "policystream_learner_invalid_records_total{",
                "policystream_learner_duplicates_events_total{", "policystream_learner_trajectories_total{",
                "policystream_learner_episode_return{", "policystream_learner_episode_return_count{",
                "policystream_learner_episode_length_steps_sum{", "policystream_learner_updates_total{",
                "policystream_learner_params_version{", "policystream_learner_skipped_updates_total{",
                "policystream_learner_gradient_norm_sum{", "policystream_learner_gradient_clipped_norm_max{",
                "policystream_learner_importance_weight_sum{", "policystream_learner_importance_truncated_ratio_sum{",
                "policystream_learner_staleness_versions_max{", "policystream_learner_policy_entropy_nats_sum{",
                "policystream_learner_policy_kl_nats_sum{", "policystream_learner_update_latency_seconds_count{",
                "policystream_learner_update_latency_seconds{", "policystream_learner_open_episodes{");
    }

    @Test
    void shouldTimeEachTrajectoryFromItsLastEventAndTellTheListenerOfTheVersion() {
        List<String> told = new ArrayList<>();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        LearnerMetrics m = new LearnerMetrics(registry, (policy, version, at, ends) ->
                told.add(policy + " v" + version + " at " + at + " ends " + java.util.Arrays.toString(ends)));

        m.versionLearned("p", 7, 1_000, new long[] {900, 990, 1_200});

        // 100 ms and 10 ms; the end at 1 200 ms is after the publication (skewed clocks) and is no latency.
        assertThat(registry.get("policystream.learner.update.latency").timer().count()).isEqualTo(2);
        assertThat(registry.get("policystream.learner.update.latency").timer().totalTime(TimeUnit.MILLISECONDS))
                .isEqualTo(110.0);
        assertThat(told).containsExactly("p v7 at 1000 ends [900, 990, 1200]");
    }

    @Test
    void shouldRecordTheLatencyEvenWhenTheListenerFails() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        LearnerMetrics m = new LearnerMetrics(registry, (policy, version, at, ends) -> {
            throw new IllegalStateException("observer bug");
        });

        m.versionLearned("p", 1, 1_000, new long[] {900});

        assertThat(registry.get("policystream.learner.update.latency").timer().count()).isEqualTo(1);
    }
}
