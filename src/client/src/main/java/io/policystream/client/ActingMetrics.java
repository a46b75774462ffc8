package io.policystream.client;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The acting side's meters (the SDK and the acting service): decisions, act latency, the params
 * version in use and its age, and recorder failures. Tagged by policy; decisions also by version,
 * whose series are bounded: when a policy moves to a new version, decision counters of versions
 * older than the previous one are removed, so a process exposes at most two versions per policy.
 */
public final class ActingMetrics {
    private final MeterRegistry registry;
    private final Map<String, InUse> inUse = new ConcurrentHashMap<>();

    /** The version a policy acts with, and that version's own time. */
    private static final class InUse {
        volatile long version = -1;
        volatile long timeMs = Long.MIN_VALUE;
    }

    public ActingMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Meters that go nowhere but can be read back. */
    public static ActingMetrics inMemory() {
        return new ActingMetrics(new SimpleMeterRegistry());
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** One action chosen by {@code policy} at params {@code version}. */
    public void decision(String policy, long version) {
        Counter.builder("policystream.acting.decisions").description("Actions chosen, by policy and params version")
                .baseUnit("decisions").tag("policy", policy).tag("version", Long.toString(version))
                .register(registry).increment();
    }

    /** How long one act call took, from the request to the chosen action. */
    public void actLatency(String policy, Duration latency) {
        Timer.builder("policystream.acting.act.latency").description("Time to choose an action")
                .tag("policy", policy).publishPercentiles(0.5, 0.9, 0.99).register(registry)
                .record(latency.toNanos(), TimeUnit.NANOSECONDS);
    }

    /**
     * The params a policy now acts with: their version and their own time (epoch ms, the
     * {@code time} of the params JSON), from which the age gauge is computed at each scrape.
     */
    public void paramsInUse(String policy, long version, long versionTimeMs) {
        InUse u = inUse.computeIfAbsent(policy, p -> {
            InUse n = new InUse();
            Gauge.builder("policystream.acting.params.version", n, x -> x.version)
                    .description("Params version the policy acts with").baseUnit("version").tag("policy", p)
                    .register(registry);
            Gauge.builder("policystream.acting.params.age", n, x -> x.timeMs == Long.MIN_VALUE ? Double.NaN
                            : Math.max(0.0, (registry.config().clock().wallTime() - x.timeMs) / 1000.0))
                    .description("Seconds since the version in use was made").baseUnit("seconds").tag("policy", p)
                    .register(registry);
            return n;
        });
        long previous = u.version;
        u.timeMs = versionTimeMs;
        u.version = version;
        if (version > previous) {
            forgetDecisionsBefore(policy, previous);
        }
    }

    /** A recorded event that could not be sent to Kafka. */
    public void recorderError(String policy) {
        Counter.builder("policystream.acting.recorder.errors").description("Events the recorder failed to send")
                .baseUnit("errors").tag("policy", policy).register(registry).increment();
    }

    private void forgetDecisionsBefore(String policy, long oldestKept) {
        for (Meter m : registry.find("policystream.acting.decisions").tag("policy", policy).meters()) {
            String v = m.getId().getTag("version");
            if (v != null && Long.parseLong(v) < oldestKept) {
                registry.remove(m);
            }
        }
    }
}
