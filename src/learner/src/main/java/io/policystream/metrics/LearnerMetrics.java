package io.policystream.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The learner's meters, in one place. Names are lower-case and dot-separated, tagged by policy
 * (never by episode) and by a low-cardinality reason, outcome or stream task. Prometheus shows them
 * with dots as underscores, the base unit appended when the name does not already end with it,
 * and {@code _total} after counters: see docs/operations.md for the full list.
 *
 * <p>Statistics of one update (gradient norms, entropy, KL, importance weights) are distribution
 * summaries with one observation per update, so that {@code rate(x_sum) / rate(x_count)} is their
 * mean over any window and {@code x_max} their recent maximum.
 */
public final class LearnerMetrics {
    private static final Logger LOG = LoggerFactory.getLogger(LearnerMetrics.class);
    static final double[] EPISODE_PERCENTILES = {0.1, 0.5, 0.9, 0.99};

    private final MeterRegistry registry;
    private final PublicationListener listener;
    private final Map<String, AtomicLong> versions = new ConcurrentHashMap<>();
    /** The events counters by policy, then type: registered once, incremented per event. */
    private final Map<String, Map<String, Counter>> eventCounters = new ConcurrentHashMap<>();
    /** Open episodes per task, then per policy. */
    private final Map<String, Map<String, AtomicLong>> open = new ConcurrentHashMap<>();

    public LearnerMetrics(MeterRegistry registry) {
        this(registry, (policy, version, publishedAtMs, endTimes) -> { });
    }

    /** Meters into {@code registry}, and every published version told to {@code listener} as well. */
    public LearnerMetrics(MeterRegistry registry, PublicationListener listener) {
        this.registry = registry;
        this.listener = listener;
    }

    /**
     * Told of each version as the learner publishes it, on the stream thread that publishes it: a
     * benchmark joins it with the moment the version becomes visible to readers. Must be quick; what
     * it throws is logged and otherwise ignored.
     */
    @FunctionalInterface
    public interface PublicationListener {
        /**
         * @param publishedAtMs when the version was made (epoch ms, the learner's clock)
         * @param endTimes the last event time (epoch ms) of each trajectory the version learned from
         */
        void published(String policy, long version, long publishedAtMs, long[] endTimes);
    }

    /** Meters that go nowhere but can be read back (tests, and commands run without metrics). */
    public static LearnerMetrics inMemory() {
        return new LearnerMetrics(new SimpleMeterRegistry());
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** An event consumed, by type (step, reward). Once per event: the counter is looked up once per policy and type. */
    public void eventConsumed(String policy, String type) {
        Map<String, Counter> byType = eventCounters.computeIfAbsent(policy, p -> new ConcurrentHashMap<>());
        Counter c = byType.get(type);
        if (c == null) {
            c = byType.computeIfAbsent(type, t -> Counter.builder("policystream.learner.events")
                    .description("Valid events consumed from the events topic").baseUnit("events")
                    .tag("policy", policy).tag("type", t).register(registry));
        }
        c.increment();
    }

    /** A record refused and sent to the DLQ, by reason code (no policy tag: it may be unknown or forged). */
    public void invalidRecord(String reason) {
        Counter.builder("policystream.learner.invalid").description("Records refused and sent to the DLQ")
                .baseUnit("records").tag("reason", reason).register(registry).increment();
    }

    /**
     * A params record of the params topic refused for failing validation, by reason code; the last
     * good version stays in use. No policy tag: the key may be forged.
     */
    public void paramsRefused(String reason) {
        Counter.builder("policystream.learner.params.refused")
                .description("Params records refused for failing validation; the last good version stays in use")
                .baseUnit("records").tag("reason", reason).register(registry).increment();
    }

    /** An exact duplicate, counted once and otherwise ignored. */
    public void duplicate(String policy) {
        Counter.builder("policystream.learner.duplicates").description("Exact duplicate events ignored")
                .baseUnit("events").tag("policy", policy).register(registry).increment();
    }

    /**
     * A trajectory closed or discarded, by outcome: completed, cut, timed-out (used), dropped
     * (timed out and discarded), stale (older than max.staleness), no-params, unusable.
     */
    public void trajectory(String policy, String outcome) {
        Counter.builder("policystream.learner.trajectories").description("Trajectories by outcome")
                .baseUnit("trajectories").tag("policy", policy).tag("outcome", outcome).register(registry)
                .increment();
    }

    /** A completed trajectory's undiscounted return and length. */
    public void episode(String policy, double totalReward, int length) {
        DistributionSummary.builder("policystream.learner.episode.return")
                .description("Undiscounted return of completed trajectories").tag("policy", policy)
                .publishPercentiles(EPISODE_PERCENTILES).register(registry).record(totalReward);
        DistributionSummary.builder("policystream.learner.episode.length")
                .description("Length of completed trajectories").baseUnit("steps").tag("policy", policy)
                .publishPercentiles(EPISODE_PERCENTILES).register(registry).record(length);
    }

    /** A version published. */
    public void updatePublished(String policy, long version) {
        Counter.builder("policystream.learner.updates").description("Params versions published")
                .baseUnit("updates").tag("policy", policy).register(registry).increment();
        paramsVersion(policy, version);
    }

    /** The version the learner's state is at: published by it, or adopted from the params topic. */
    public void paramsVersion(String policy, long version) {
        versions.computeIfAbsent(policy, p -> {
            AtomicLong v = new AtomicLong(-1);
            Gauge.builder("policystream.learner.params.version", v, AtomicLong::get)
                    .description("Params version the learner is at (latest published or adopted)")
                    .baseUnit("version").tag("policy", p).register(registry);
            return v;
        }).set(version);
    }

    /** An update skipped because its gradient or its result was not finite. */
    public void updateSkipped(String policy) {
        Counter.builder("policystream.learner.skipped.updates")
                .description("Updates skipped because the gradient or the new params were not finite")
                .baseUnit("updates").tag("policy", policy).register(registry).increment();
    }

    /** The global L2 norm of an update's policy gradient, before and after clipping. */
    public void gradientNorm(String policy, double norm, double clippedNorm) {
        DistributionSummary.builder("policystream.learner.gradient.norm")
                .description("Global L2 norm of the policy's loss gradient per update, before clipping")
                .tag("policy", policy).register(registry).record(norm);
        DistributionSummary.builder("policystream.learner.gradient.clipped.norm")
                .description("Global L2 norm of the policy's loss gradient per update, after clipping")
                .tag("policy", policy).register(registry).record(clippedNorm);
    }

    /**
     * The importance weights of an update's batch: their mean over its steps, and the fraction of
     * its steps whose ratio was truncated at importance.clip.
     */
    public void importanceWeights(String policy, double meanWeight, double truncatedFraction) {
        DistributionSummary.builder("policystream.learner.importance.weight")
                .description("Mean truncated importance weight over an update's steps (1 when on-policy)")
                .tag("policy", policy).register(registry).record(meanWeight);
        DistributionSummary.builder("policystream.learner.importance.truncated")
                .description("Fraction of an update's steps whose importance ratio was truncated")
                .baseUnit("ratio").tag("policy", policy).register(registry).record(truncatedFraction);
    }

    /** How many versions a trajectory's oldest action is behind the params its gradient is computed at. */
    public void staleness(String policy, long versionsBehind) {
        DistributionSummary.builder("policystream.learner.staleness")
                .description("Versions between a trajectory's oldest acting version and the params it is learned at")
                .baseUnit("versions").tag("policy", policy).register(registry).record(Math.max(0, versionsBehind));
    }

    /** The mean entropy of the policy over an update's steps, in nats. */
    public void entropy(String policy, double meanEntropy) {
        DistributionSummary.builder("policystream.learner.policy.entropy")
                .description("Mean policy entropy over an update's steps").baseUnit("nats").tag("policy", policy)
                .register(registry).record(meanEntropy);
    }

    /** KL(pi_old || pi_new) between consecutive versions, averaged over the update's sample states, in nats. */
    public void klDivergence(String policy, double kl) {
        DistributionSummary.builder("policystream.learner.policy.kl")
                .description("KL divergence from the previous version to the new one, mean over sample states")
                .baseUnit("nats").tag("policy", policy).register(registry).record(kl);
    }

    /**
     * A version published at {@code publishedAtMs} that learned from trajectories whose last events
     * came at {@code endTimes} (epoch ms): one observation of the update latency per trajectory. A
     * negative difference (skewed clocks, synthetic event times) is not a latency and is not recorded.
     */
    public void versionLearned(String policy, long version, long publishedAtMs, long[] endTimes) {
        Timer timer = Timer.builder("policystream.learner.update.latency")
                .description("Time from the last event of a trajectory to the publication of the version that "
                        + "learned from it (event times must be wall-clock)")
                .tag("policy", policy).publishPercentiles(0.5, 0.9, 0.99).register(registry);
        for (long end : endTimes) {
            long latency = publishedAtMs - end;
            if (latency >= 0) {
                timer.record(latency, TimeUnit.MILLISECONDS);
            }
        }
        try {
            listener.published(policy, version, publishedAtMs, endTimes.clone());
        } catch (RuntimeException e) {
            // An observer must not stop the learner: the version is published whatever it does.
            LOG.warn("the publication listener failed on version {} of policy {}", version, policy, e);
        }
    }

    /**
     * The open episodes of one stream task, by policy; a policy missing from {@code byPolicy}
     * has none left.
     */
    public void openEpisodes(String task, Map<String, Long> byPolicy) {
        Map<String, AtomicLong> gauges = open.computeIfAbsent(task, t -> new ConcurrentHashMap<>());
        gauges.forEach((policy, v) -> {
            if (!byPolicy.containsKey(policy)) {
                v.set(0);
            }
        });
        byPolicy.forEach((policy, n) -> gauges.computeIfAbsent(policy, p -> {
            AtomicLong v = new AtomicLong();
            Gauge.builder("policystream.learner.open.episodes", v, AtomicLong::get)
                    .description("Episodes waiting in the assembler's store, per stream task")
                    .baseUnit("episodes").tag("policy", p).tag("task", task).register(registry);
            return v;
        }).set(n));
    }

    /** A stream task closed (rebalance, shutdown): its gauges go, another instance reports the task now. */
    public void taskClosed(String task) {
        Map<String, AtomicLong> gauges = open.remove(task);
        if (gauges == null) {
            return;
        }
        for (Meter m : registry.find("policystream.learner.open.episodes").tag("task", task).meters()) {
            registry.remove(m);
        }
    }

    /** Sum of a counter over all its tags, for tests and progress lines. */
    public double count(String name) {
        return registry.find(name).counters().stream().mapToDouble(Counter::count).sum();
    }
}
