package io.policystream.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MockClock;
import io.micrometer.core.instrument.simple.SimpleConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ActingMetricsTest {
    private final MockClock clock = new MockClock();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry(SimpleConfig.DEFAULT, clock);
    private final ActingMetrics metrics = new ActingMetrics(registry);

    @Test
    void shouldCountDecisionsByPolicyAndVersion() {
        metrics.decision("p", 3);
        metrics.decision("p", 3);
        metrics.decision("p", 4);
        assertThat(registry.get("policystream.acting.decisions").tags("policy", "p", "version", "3").counter().count())
                .isEqualTo(2.0);
        assertThat(registry.get("policystream.acting.decisions").tags("policy", "p", "version", "4").counter().count())
                .isEqualTo(1.0);
    }

    @Test
    void shouldKeepDecisionCountersOfTheCurrentAndPreviousVersionsOnly() {
        metrics.paramsInUse("p", 1, 0);
        metrics.decision("p", 1);
        metrics.paramsInUse("p", 2, 0);
        metrics.decision("p", 2);
        metrics.paramsInUse("p", 3, 0);
        metrics.decision("p", 3);
        metrics.decision("q", 1);
        assertThat(registry.find("policystream.acting.decisions").tag("policy", "p").counters())
                .extracting(c -> c.getId().getTag("version")).containsExactlyInAnyOrder("2", "3");
        assertThat(registry.find("policystream.acting.decisions").tag("policy", "q").counters()).hasSize(1);
    }

    @Test
    void shouldTimeActCalls() {
        metrics.actLatency("p", Duration.ofMillis(3));
        metrics.actLatency("p", Duration.ofMillis(5));
        assertThat(registry.get("policystream.acting.act.latency").timer().count()).isEqualTo(2);
        assertThat(registry.get("policystream.acting.act.latency").timer().max(TimeUnit.MILLISECONDS)).isEqualTo(5.0);
    }

    @Test
    void shouldGaugeTheVersionInUseAndItsAgeOnTheRegistrysClock() {
        long now = clock.wallTime();
        metrics.paramsInUse("p", 7, now - 30_000);
        assertThat(registry.get("policystream.acting.params.version").tag("policy", "p").gauge().value())
                .isEqualTo(7.0);
        assertThat(registry.get("policystream.acting.params.age").tag("policy", "p").gauge().value())
                .isEqualTo(30.0);
        clock.add(Duration.ofSeconds(15));
        assertThat(registry.get("policystream.acting.params.age").gauge().value()).isEqualTo(45.0);
        metrics.paramsInUse("p", 8, clock.wallTime());
        assertThat(registry.get("policystream.acting.params.version").gauge().value()).isEqualTo(8.0);
        assertThat(registry.get("policystream.acting.params.age").gauge().value()).isEqualTo(0.0);
    }

    @Test
    void shouldCountRecorderSendErrors() {
        metrics.recorderError("p");
        assertThat(registry.get("policystream.acting.recorder.errors").tag("policy", "p").counter().count())
                .isEqualTo(1.0);
    }

    @Test
    void shouldShowPrometheusTheNamesDocumentedInOperationsMd() {
        // What MetricsServer.newRegistry() makes (the learner module): Prometheus with its default configuration.
        PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        ActingMetrics m = new ActingMetrics(prometheus);
        m.decision("p", 1);
        m.actLatency("p", Duration.ofMillis(1));
        m.paramsInUse("p", 1, 0);
        m.recorderError("p");
        assertThat(prometheus.scrape()).contains("policystream_acting_decisions_total{policy=\"p\",version=\"1\"}",
                "policystream_acting_act_latency_seconds_count{", "policystream_acting_params_version{",
                "policystream_acting_params_age_seconds{", "policystream_acting_recorder_errors_total{");
        assertThat(prometheus.getMeters()).allSatisfy(x -> assertThat(x.getId().getDescription()).isNotBlank());
    }
}
