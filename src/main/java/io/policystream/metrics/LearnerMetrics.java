package io.policystream.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The learner's meters, in one place. Names are lower-case and dot-separated, tagged by policy
 * (never by episode) and by a low-cardinality reason or outcome.
 */
public final class LearnerMetrics {
    private final MeterRegistry registry;
    private final Map<String, AtomicLong> versions = new ConcurrentHashMap<>();

    public LearnerMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Meters that go nowhere but can be read back (tests, and commands run without metrics). */
    public static LearnerMetrics inMemory() {
        return new LearnerMetrics(new SimpleMeterRegistry());
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** An event consumed, by type (step, reward). */
    public void eventConsumed(String policy, String type) {
        Counter.builder("policystream.learner.events").description("Events consumed from the events topic")
                .baseUnit("events").tag("policy", policy).tag("type", type).register(registry).increment();
    }

    /** A record refused and sent to the dead-letter topic, by reason code. */
    public void invalidRecord(String reason) {
        Counter.builder("policystream.learner.invalid").description("Records refused and sent to the DLQ")
                .baseUnit("records").tag("reason", reason).register(registry).increment();
    }

    /** An exact duplicate, counted once and otherwise ignored. */
    public void duplicate(String policy) {
        Counter.builder("policystream.learner.duplicates").description("Exact duplicate events ignored")
                .baseUnit("events").tag("policy", policy).register(registry).increment();
    }

    /** A trajectory closed, by outcome (completed, timed-out, dropped, stale, cut). */
    public void trajectory(String policy, String outcome) {
        Counter.builder("policystream.learner.trajectories").description("Trajectories by outcome")
                .baseUnit("trajectories").tag("policy", policy).tag("outcome", outcome).register(registry)
                .increment();
    }

    /** A completed trajectory's undiscounted return and length. */
    public void episode(String policy, double totalReward, int length) {
        DistributionSummary.builder("policystream.learner.episode.return").description("Undiscounted episode return")
                .tag("policy", policy).publishPercentiles(0.5, 0.9, 0.99).register(registry).record(totalReward);
        DistributionSummary.builder("policystream.learner.episode.length").description("Episode length")
                .baseUnit("steps").tag("policy", policy).publishPercentiles(0.5, 0.9, 0.99).register(registry)
                .record(length);
    }

    /** A version published. */
    public void updatePublished(String policy, long version) {
        Counter.builder("policystream.learner.updates").description("Params versions published")
                .baseUnit("updates").tag("policy", policy).register(registry).increment();
        versions.computeIfAbsent(policy, p -> {
            AtomicLong v = new AtomicLong(-1);
            Gauge.builder("policystream.learner.params.version", v, AtomicLong::get)
                    .description("Latest params version published").tag("policy", p).register(registry);
            return v;
        }).set(version);
    }

    /** An update skipped because it was not finite. */
    public void updateSkipped(String policy) {
        Counter.builder("policystream.learner.updates.skipped").description("Non-finite updates skipped")
                .baseUnit("updates").tag("policy", policy).register(registry).increment();
    }

    /** Sum of a counter over all its tags, for tests and progress lines. */
    public double count(String name) {
        return registry.find(name).counters().stream().mapToDouble(Counter::count).sum();
    }
}
