package io.policystream.client;

import io.policystream.policy.Architecture;
import io.policystream.policy.PolicyNetwork;
import io.policystream.policy.PolicyParams;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Acts with the latest params of each policy. It follows the params topic in the background and
 * swaps to each new version atomically: every decision is taken with one whole version, and says
 * which. Thread-safe; each thread gets its own buffers and random stream.
 *
 * <pre>{@code
 * try (PolicyClient client = PolicyClient.connect(kafkaProps, "policystream.params")) {
 *     client.awaitParams("cartpole", Duration.ofSeconds(30));
 *     Decision d = client.act("cartpole", state);
 * }
 * }</pre>
 */
public final class PolicyClient implements AutoCloseable {
    /** How an action is chosen. */
    public enum Mode {
        /** Drawn from pi(.|s): what learning needs. */
        SAMPLE,
        /** The most likely action (arg-max logit, or the gaussian mean), with its log-prob. */
        GREEDY
    }

    private record Current(PolicyParams params, PolicyNetwork network) {
    }

    private final Map<String, Current> current = new ConcurrentHashMap<>();
    private final Object changed = new Object();
    private final ParamsSubscription subscription;
    private final ThreadLocal<Map<Architecture, PolicyNetwork.Workspace>> workspaces =
            ThreadLocal.withInitial(HashMap::new);
    private final ThreadLocal<SplittableRandom> random;
    private final AtomicLong seeds;
    private volatile ActingMetrics metrics;

    private PolicyClient(Properties client, String paramsTopic, long seed) {
        this.seeds = new AtomicLong(seed);
        this.random = ThreadLocal.withInitial(() -> new SplittableRandom(seeds.getAndIncrement()));
        this.subscription = client == null ? null : new ParamsSubscription(client, paramsTopic, this::offer);
    }

    /** A client following {@code paramsTopic} on the cluster of {@code kafka} (any client properties). */
    public static PolicyClient connect(Properties kafka, String paramsTopic) {
        return new PolicyClient(kafka, paramsTopic, System.nanoTime());
    }

    /** Like {@link #connect(Properties, String)}, with a seed for reproducible sampling. */
    public static PolicyClient connect(Properties kafka, String paramsTopic, long seed) {
        return new PolicyClient(kafka, paramsTopic, seed);
    }

    /** A client over params given by hand ({@link #offer}), without Kafka: for tests and simulations. */
    public static PolicyClient offline(long seed) {
        return new PolicyClient(null, null, seed);
    }

    /** Reports decisions, act latency and the params in use to {@code m}; returns this client. */
    public PolicyClient withMetrics(ActingMetrics m) {
        this.metrics = m;
        current.values().forEach(c -> m.paramsInUse(c.params().policy(), c.params().version(), c.params().time()));
        return this;
    }

    /**
     * Makes {@code params} the policy's current version if it is newer than the one in use.
     *
     * @return whether it was taken
     */
    public boolean offer(PolicyParams params) {
        Objects.requireNonNull(params);
        if (!params.allFinite()) {
            return false;
        }
        Current next = new Current(params, new PolicyNetwork(params.architecture()));
        Current now = current.merge(params.policy(), next,
                (old, fresh) -> fresh.params().version() > old.params().version() ? fresh : old);
        synchronized (changed) {
            changed.notifyAll();
        }
        ActingMetrics m = metrics;
        if (now == next && m != null) {
            m.paramsInUse(params.policy(), params.version(), params.time());
        }
        return now == next;
    }

    /** A sampled action of the latest version. */
    public Decision act(String policy, double[] state) {
        return act(policy, state, Mode.SAMPLE);
    }

    /**
     * An action of the latest version.
     *
     * @throws NoParamsException when the policy has no params yet
     * @throws IllegalArgumentException when the state's length does not fit the policy
     */
    public Decision act(String policy, double[] state, Mode mode) {
        long start = System.nanoTime();
        Decision d = choose(policy, state, mode);
        ActingMetrics m = metrics;
        if (m != null) {
            m.decision(policy, d.version());
            m.actLatency(policy, Duration.ofNanos(System.nanoTime() - start));
        }
        return d;
    }

    private Decision choose(String policy, double[] state, Mode mode) {
        Current c = current.get(policy);
        if (c == null) {
            throw new NoParamsException("policy '" + policy + "' has no params yet; run 'policystream init'");
        }
        PolicyParams p = c.params();
        if (state.length != p.architecture().inputSize()) {
            throw new IllegalArgumentException("state has " + state.length + " numbers, policy " + policy
                    + " expects " + p.architecture().inputSize());
        }
        for (double v : state) {
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException("state has a non-finite number");
            }
        }
        PolicyNetwork.Workspace ws = workspaces.get().computeIfAbsent(p.architecture(), a -> c.network().newWorkspace());
        if (mode == Mode.GREEDY) {
            var a = c.network().mostLikely(p, state, ws);
            return new Decision(policy, a, c.network().logProb(p, state, a, ws), p.version());
        }
        PolicyNetwork.Sample s = c.network().sample(p, state, random.get(), ws);
        return new Decision(policy, s.action(), s.logProb(), p.version());
    }

    /** The version in use, or null when the policy has none yet. */
    public PolicyParams params(String policy) {
        Current c = current.get(policy);
        return c == null ? null : c.params();
    }

    /** The policies that have params now. */
    public Set<String> policies() {
        return Set.copyOf(current.keySet());
    }

    /**
     * Waits until the policy has params (at least {@code minVersion}).
     *
     * @throws NoParamsException when none arrive within {@code timeout}
     */
    public PolicyParams awaitParams(String policy, long minVersion, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (changed) {
            while (true) {
                PolicyParams p = params(policy);
                if (p != null && p.version() >= minVersion) {
                    return p;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new NoParamsException("policy '" + policy + "' has no params"
                            + (minVersion > 0 ? " of version " + minVersion + " or later" : "") + " after "
                            + timeout.toSeconds() + " s; is it initialised ('policystream init') and is Kafka up?");
                }
                changed.wait(Math.max(1, left / 1_000_000));
            }
        }
    }

    /** Waits until the policy has any params. */
    public PolicyParams awaitParams(String policy, Duration timeout) throws InterruptedException {
        return awaitParams(policy, 0, timeout);
    }

    /** Params records refused for failing validation (wrong shapes, non-finite numbers). */
    public long refusedParams() {
        return subscription == null ? 0 : subscription.refused();
    }

    /**
     * Whether the params topic is being followed and the broker answered within the last few seconds
     * (false during a broker outage; acting goes on with the params in hand).
     */
    public boolean connected() {
        return subscription == null || subscription.connected();
    }

    @Override
    public void close() {
        if (subscription != null) {
            subscription.close();
        }
    }
}
