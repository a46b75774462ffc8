package io.policystream.config;

import io.policystream.learn.BaselineKind;
import io.policystream.learn.OptimizerKind;
import io.policystream.learn.Returns;
import io.policystream.policy.Activation;
import io.policystream.policy.Distribution;
import io.policystream.policy.StdMode;
import io.policystream.trajectory.TimeoutAction;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The learner's configuration: every key declared once, below, and a loaded, validated set of values.
 *
 * <p>A configuration is a Java properties file. A key without a prefix sets a learner-level value,
 * or the default of a per-policy key for every policy; {@code policy.<id>.<key>} overrides a
 * per-policy key for one policy. Keys starting with {@code kafka.} or {@code streams.} are passed,
 * without the prefix, to the Kafka clients and to Kafka Streams. Any other key is an error. Loading
 * checks every entry and reports all problems at once in one {@link ConfigException}.
 *
 * <p>When a policy id contains dots, {@code policy.<id>.<key>} is split at the first dot after
 * which a declared key follows: {@code policy.a.b.gamma} sets gamma of policy {@code a.b}.
 */
public final class LearnerConfig {
    /** Prefix of a key that overrides one policy: {@code policy.<id>.<key>}. */
    public static final String POLICY_PREFIX = "policy.";
    /** Prefix of settings passed to every Kafka client (admin, producer, consumer, streams). */
    public static final String KAFKA_PREFIX = "kafka.";
    /** Prefix of settings passed to Kafka Streams only. */
    public static final String STREAMS_PREFIX = "streams.";
    /** A policy id, as in the wire format. */
    public static final Pattern POLICY_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private static final ConfigDef DEFINITION = new ConfigDef();

    // Per-policy keys: the wire format's table, in its order.

    public static final ConfigKey<Distribution> DISTRIBUTION = DEFINITION.define("distribution",
            ConfigType.enumeration(Distribution.values(), Distribution::wireName), Distribution.CATEGORICAL,
            Scope.POLICY, "Action distribution of a new policy (used by init): categorical samples an index a "
                    + "with probability softmax(z)_a; gaussian samples u ~ N(mu, diag(sigma^2)) with mu = z.");
    public static final ConfigKey<List<Integer>> LAYERS = DEFINITION.define("layers", ConfigType.POSITIVE_INT_LIST,
            List.of(64, 64), Scope.POLICY, "Hidden layer widths of a new policy network, input to output (used "
                    + "by init): x_k = act(W_k x_{k-1} + b_k) per hidden layer, then z = W_L x_{L-1} + b_L; "
                    + "empty gives a linear policy z = W s + b.");
    public static final ConfigKey<Activation> ACTIVATION = DEFINITION.define("activation",
            ConfigType.enumeration(Activation.values(), Activation::wireName), Activation.TANH, Scope.POLICY,
            "Hidden-layer activation act of a new policy and its value network (used by init): tanh(x) or "
                    + "relu(x) = max(0, x); the last layer is linear.");
    public static final ConfigKey<StdMode> STD = DEFINITION.define("std",
            ConfigType.enumeration(StdMode.values(), StdMode::wireName), StdMode.PARAMETER, Scope.POLICY,
            "Standard deviation of a new gaussian policy (used by init; ignored for categorical): parameter "
                    + "is a trainable vector with sigma = exp(logStd); network is a second output head with "
                    + "logStd = clamp(z[n..2n), -20, 2).");
    public static final ConfigKey<Returns> RETURNS = DEFINITION.define("returns",
            ConfigType.enumeration(Returns.values(), Returns::wireName), Returns.REWARD_TO_GO, Scope.POLICY,
            "Return credited to the action at step t of a trajectory with rewards r_0..r_T: total: "
                    + "G_t = sum_{k=0..T} gamma^k r_k for every t (the design's R(tau)); reward-to-go: "
                    + "G_t = sum_{k=t..T} gamma^(k-t) r_k.");
    public static final ConfigKey<Double> GAMMA = DEFINITION.define("gamma", ConfigType.DOUBLE, 0.99,
            Range.closed(0, 1), Scope.POLICY,
            "Discount gamma in the returns G_t (see returns); 1 leaves rewards undiscounted.");
    public static final ConfigKey<BaselineKind> BASELINE = DEFINITION.define("baseline",
            ConfigType.enumeration(BaselineKind.values(), BaselineKind::wireName), BaselineKind.MEAN, Scope.POLICY,
            "Baseline b in the advantage A_t = G_t - b: none: b = 0; mean: a running mean of returns (see "
                    + "baseline.decay); value: b = V_phi(s_t), a state-value network (see value.layers) "
                    + "trained to minimise (1/2) (G_t - V_phi(s_t))^2.");
    public static final ConfigKey<Boolean> NORMALIZE_ADVANTAGES = DEFINITION.define("normalize.advantages",
            ConfigType.BOOLEAN, true, Scope.POLICY, "Standardise the advantages over all steps of a batch: "
                    + "A_t <- (A_t - mean(A)) / (std(A) + 1e-8).");
    public static final ConfigKey<Double> ENTROPY_COEF = DEFINITION.define("entropy.coef", ConfigType.DOUBLE, 0.0,
            Range.atLeast(0), Scope.POLICY, "Entropy bonus weight beta: the objective gains "
                    + "beta * (1/m) sum_i sum_t H(pi_theta(. given s_t)), which keeps exploring; 0 turns it off.");
    public static final ConfigKey<Double> IMPORTANCE_CLIP = DEFINITION.define("importance.clip", ConfigType.DOUBLE,
            1.0, Range.above(0), Scope.POLICY, "Truncation c of the importance weight of an action taken by an "
                    + "older policy version: w_t = min(c, exp(log pi_theta(u_t given s_t) - logProb_t)), "
                    + "multiplying that step's term of the gradient.");
    public static final ConfigKey<Integer> MAX_STALENESS = DEFINITION.define("max.staleness", ConfigType.INT, 16,
            Range.atLeast(0), Scope.POLICY, "A trajectory is dropped and counted when v - min_t policyVersion_t "
                    + "> max.staleness, with v the version it would update; 0 learns only on-policy.");
    public static final ConfigKey<OptimizerKind> OPTIMIZER = DEFINITION.define("optimizer",
            ConfigType.enumeration(OptimizerKind.values(), OptimizerKind::wireName), OptimizerKind.ADAM,
            Scope.POLICY, "Update rule for the batch gradient g (an ascent direction): sgd: v <- momentum*v + g, "
                    + "theta <- theta + alpha*v; adam: Adam of Kingma and Ba (2015), see adam.beta1, adam.beta2 "
                    + "and adam.epsilon.");
    public static final ConfigKey<Double> LEARNING_RATE = DEFINITION.define("learning.rate", ConfigType.DOUBLE,
            0.01, Range.above(0), Scope.POLICY, "Step size alpha of the policy update; vanilla: "
                    + "theta_{v+1} = theta_v + alpha * (1/m) sum_i sum_t grad log pi_theta(u_t given s_t) R(tau_i).");
    public static final ConfigKey<Double> MOMENTUM = DEFINITION.define("momentum", ConfigType.DOUBLE, 0.0,
            Range.closedOpen(0, 1), Scope.POLICY, "SGD momentum mu: v <- mu*v + g, theta <- theta + alpha*v, "
                    + "v starting at 0; 0 is plain SGD; ignored by adam.");
    public static final ConfigKey<Double> ADAM_BETA1 = DEFINITION.define("adam.beta1", ConfigType.DOUBLE, 0.9,
            Range.closedOpen(0, 1), Scope.POLICY, "Adam's first-moment decay beta1: m <- beta1*m + (1-beta1)*g, "
                    + "bias-corrected m_hat = m / (1 - beta1^t) at the t-th update.");
    public static final ConfigKey<Double> ADAM_BETA2 = DEFINITION.define("adam.beta2", ConfigType.DOUBLE, 0.999,
            Range.closedOpen(0, 1), Scope.POLICY, "Adam's second-moment decay beta2: s <- beta2*s + (1-beta2)*g^2, "
                    + "bias-corrected s_hat = s / (1 - beta2^t) at the t-th update.");
    public static final ConfigKey<Double> ADAM_EPSILON = DEFINITION.define("adam.epsilon", ConfigType.DOUBLE, 1e-8,
            Range.above(0), Scope.POLICY,
            "Adam's epsilon in theta <- theta + alpha * m_hat / (sqrt(s_hat) + epsilon).");
    public static final ConfigKey<Double> CLIP_NORM = DEFINITION.define("clip.norm", ConfigType.DOUBLE, 0.0,
            Range.atLeast(0), Scope.POLICY, "Clip the batch gradient to this global L2 norm c before the update: "
                    + "g <- g * min(1, c / ||g||_2); 0 turns clipping off.");
    public static final ConfigKey<Integer> BATCH_TRAJECTORIES = DEFINITION.define("batch.trajectories",
            ConfigType.INT, 8, Range.atLeast(1), Scope.POLICY, "Number m of complete trajectories per update: "
                    + "g = (1/m) sum_{i=1..m} sum_t grad log pi_theta(u_t given s_t) A_t.");
    public static final ConfigKey<Long> SEED = DEFINITION.define("seed", ConfigType.LONG, 0L, Scope.POLICY,
            "Seed of every random choice of the learner for this policy (initial weights first), so a run "
                    + "can be reproduced.");

    // Per-policy keys beyond the wire format's table.

    public static final ConfigKey<List<Integer>> VALUE_LAYERS = DEFINITION.define("value.layers",
            ConfigType.POSITIVE_INT_LIST, List.of(64, 64), Scope.POLICY, "Hidden layer widths of the state-value "
                    + "network V_phi used with baseline=value, same activation as the policy, one linear output; "
                    + "empty gives V_phi(s) = w s + b.");
    public static final ConfigKey<Double> VALUE_LEARNING_RATE = DEFINITION.define("value.learning.rate",
            ConfigType.DOUBLE, 0.0, Range.atLeast(0), Scope.POLICY, "Step size of the value network's updates, "
                    + "with the same optimizer as the policy, descending (1/2) (G_t - V_phi(s_t))^2; 0 means "
                    + "the same as learning.rate.");
    public static final ConfigKey<Double> BASELINE_DECAY = DEFINITION.define("baseline.decay", ConfigType.DOUBLE,
            0.9, Range.closedOpen(0, 1), Scope.POLICY, "Decay d of the running-mean baseline (baseline=mean): "
                    + "the first batch is learned with b = 0 and then sets b = mean of its returns G_t (over all "
                    + "its steps); each later batch is learned with the current b and then moves it, "
                    + "b <- d*b + (1-d)*mean(G_t). With normalize.advantages=true the baseline cancels out.");
    public static final ConfigKey<Long> REWARD_GRACE_MS = DEFINITION.define("reward.grace.ms", ConfigType.LONG, 0L,
            Range.atLeast(0), Scope.POLICY, "How long a completed episode waits, in milliseconds, for late reward "
                    + "events that still add to its r_t before it joins a batch; 0 sends it at completion.");
    public static final ConfigKey<Long> EPISODE_TIMEOUT_MS = DEFINITION.define("episode.timeout.ms", ConfigType.LONG,
            300_000L, Range.above(0), Scope.POLICY, "An open episode with no new event for this many "
                    + "milliseconds is closed as on.timeout says and counted.");
    public static final ConfigKey<TimeoutAction> ON_TIMEOUT = DEFINITION.define("on.timeout",
            ConfigType.enumeration(TimeoutAction.values(), TimeoutAction::wireName), TimeoutAction.TRUNCATE,
            Scope.POLICY, "What becomes of an episode that timed out: truncate learns from it as truncated at "
                    + "its last step; drop discards it.");
    public static final ConfigKey<Integer> MAX_EPISODE_STEPS = DEFINITION.define("max.episode.steps", ConfigType.INT,
            10_000, Range.atLeast(1), Scope.POLICY, "Longest episode learned from: an episode is cut as truncated "
                    + "after this many steps, so it cannot hold state without bound; later steps are counted "
                    + "and ignored.");
    public static final ConfigKey<Integer> MAX_OPEN_EPISODES = DEFINITION.define("max.open.episodes",
            ConfigType.INT, 100_000, Range.atLeast(1), Scope.POLICY, "Most episodes of one policy held open at "
                    + "once by one stream task (one partition of the events topic, so at most partitions times this "
                    + "per learner); the first event of another episode goes to the dead-letter topic as "
                    + "limit-exceeded and is counted.");
    public static final ConfigKey<Integer> MAX_REWARDS_PER_STEP = DEFINITION.define("max.rewards.per.step",
            ConfigType.INT, 100, Range.atLeast(1), Scope.POLICY, "Most distinct late reward events one step of "
                    + "an episode adds up; later ones go to the dead-letter topic as limit-exceeded. With "
                    + "max.episode.steps it bounds an open episode's state: at most max.episode.steps step events "
                    + "(each as large as the policy's state and action) and as many tallies of at most this many "
                    + "rewards.");

    public static final ConfigKey<Integer> GRADIENT_PREAGGREGATE = DEFINITION.define("gradient.preaggregate",
            ConfigType.INT, 1, Range.atLeast(1), Scope.POLICY, "Retired, without effect: accepted so that existing "
                    + "configurations still load. Until 2026-12 the partitions computed gradients and could add k "
                    + "trajectories' sums up before sending them to the writer; now they send the trajectories "
                    + "themselves (10 to 100 times smaller than their gradient sums) and the policy's writer computes "
                    + "every gradient, so every version holds exactly batch.trajectories trajectories.");

    // Learner-level keys: one value for the process.

    public static final ConfigKey<String> APPLICATION_ID = DEFINITION.define("application.id", ConfigType.STRING,
            "policystream-learner", Matching.notBlank(), Scope.LEARNER, "Kafka Streams application id: names "
                    + "the consumer group, the internal topics and the state directory of the learner's assembly; "
                    + "its writer uses <application.id>-writer and the gradients topic <application.id>-gradients.");
    public static final ConfigKey<String> BOOTSTRAP_SERVERS = DEFINITION.define("bootstrap.servers",
            ConfigType.STRING, "127.0.0.1:9092", Matching.notBlank(), Scope.LEARNER,
            "Comma list of host:port of Kafka brokers to connect to first.");
    public static final ConfigKey<String> TOPIC_EVENTS = DEFINITION.define("topic.events", ConfigType.STRING,
            "policystream.events", Matching.topicName(), Scope.LEARNER,
            "Topic the learner reads step and reward events from, keyed by episode id.");
    public static final ConfigKey<String> TOPIC_PARAMS = DEFINITION.define("topic.params", ConfigType.STRING,
            "policystream.params", Matching.topicName(), Scope.LEARNER,
            "Compacted topic holding the latest params of each policy, keyed by policy id.");
    public static final ConfigKey<String> TOPIC_HISTORY = DEFINITION.define("topic.history", ConfigType.STRING,
            "policystream.params.history", Matching.topicName(), Scope.LEARNER,
            "Topic holding every published params version, keyed by policy id.");
    public static final ConfigKey<String> TOPIC_DLQ = DEFINITION.define("topic.dlq", ConfigType.STRING,
            "policystream.dlq", Matching.topicName(), Scope.LEARNER,
            "Dead-letter topic for input that cannot be learned from, with the reason in the headers.");
    public static final ConfigKey<ProcessingGuarantee> PROCESSING_GUARANTEE = DEFINITION.define(
            "processing.guarantee", ConfigType.enumeration(ProcessingGuarantee.values(), ProcessingGuarantee::wireName),
            ProcessingGuarantee.EXACTLY_ONCE_V2, Scope.LEARNER, "Kafka Streams processing guarantee: "
                    + "exactly_once_v2 learns from each event exactly once; at_least_once may learn from some "
                    + "twice after a crash.");
    public static final ConfigKey<Long> COMMIT_INTERVAL_MS = DEFINITION.define("commit.interval.ms",
            ConfigType.LONG, 100L, Range.atLeast(0), Scope.LEARNER, "How often, in milliseconds, Kafka Streams "
                    + "commits progress; under exactly_once_v2 it bounds how late published params become visible "
                    + "(the policies' writer commits right after a version, at most once per this interval, and "
                    + "otherwise every second, or every this interval when longer; the assembly commits at once when "
                    + "its events go quiet for 10 ms after a batch's worth of trajectories, as actors that wait for "
                    + "each version make them).");
    public static final ConfigKey<Integer> GRADIENT_THREADS = DEFINITION.define("gradient.threads", ConfigType.INT,
            -1, Range.atLeast(-1), Scope.LEARNER, "Threads, besides the policies' writer, that compute the "
                    + "gradients of the trajectories of a batch while the writer goes on with its records and "
                    + "commits; the writer adds them up in the order they came, so versions are the same with any "
                    + "number. -1: one less than the machine's processors (1 on 2 cores, none on 1); 0: the "
                    + "writer computes every gradient itself.");
    public static final ConfigKey<ParamsEncoding> PARAMS_ENCODING = DEFINITION.define("params.encoding",
            ConfigType.enumeration(ParamsEncoding.values(), ParamsEncoding::wireName), ParamsEncoding.JSON,
            Scope.LEARNER, "How the learner writes each version to the params and history topics: json, the "
                    + "params JSON every client reads (kcat included); or binary, the wire format's binary params "
                    + "(the same fields and numbers, bit for bit, as little-endian float64 after a JSON header): "
                    + "2.6 x fewer bytes and no number formatting, for large networks whose every reader "
                    + "understands it. PolicyStream reads both on any topic; init, promote and rollback write "
                    + "json.");
    public static final ConfigKey<Integer> MAX_EVENT_BYTES = DEFINITION.define("max.event.bytes", ConfigType.INT,
            1_048_576, Range.atLeast(1), Scope.LEARNER, "Largest event value accepted, in bytes; larger records "
                    + "go to the dead-letter topic before they are parsed, so before their policy is known.");
    public static final ConfigKey<Integer> DLQ_MAX_RECORD_BYTES = DEFINITION.define("dlq.max.record.bytes",
            ConfigType.INT, 1_000_000, Range.atLeast(4096), Scope.LEARNER, "Largest dead letter written, in bytes "
                    + "(key, value and headers): a refused record whose copy would be larger has its value cut, and "
                    + "if need be its key and original headers, and carries the header policystream.dlq.truncated; "
                    + "the whole record stays on the events topic at the offset its headers name. Keep it below the "
                    + "dead-letter topic's max.message.bytes and the producer's max.request.size (both 1 MiB by "
                    + "default), or a too-large dead letter would stop the learner.");

    private final Map<ConfigKey<?>, Object> values;
    private final Map<String, Map<ConfigKey<?>, Object>> overrides;
    private final Properties kafka;
    private final Properties streams;

    private LearnerConfig(Map<ConfigKey<?>, Object> values, Map<String, Map<ConfigKey<?>, Object>> overrides,
                          Properties kafka, Properties streams) {
        this.values = Map.copyOf(values);
        Map<String, Map<ConfigKey<?>, Object>> copy = new TreeMap<>();
        overrides.forEach((id, o) -> copy.put(id, Map.copyOf(o)));
        this.overrides = Collections.unmodifiableMap(copy);
        this.kafka = copyOf(kafka);
        this.streams = copyOf(streams);
    }

    /** Every declared key, in the order of the documentation. */
    public static ConfigDef definition() {
        return DEFINITION;
    }

    /** The configuration of an empty file: every key at its default. */
    public static LearnerConfig defaults() {
        return fromMap(Map.of());
    }

    /**
     * Reads a properties file (UTF-8).
     *
     * @throws ConfigException when the file cannot be read or holds any problem
     */
    public static LearnerConfig load(Path file) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (NoSuchFileException e) {
            throw new ConfigException(file + ": no such configuration file", e);
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigException(file + ": cannot read the configuration file: " + e.getMessage(), e);
        }
        return fromProperties(properties);
    }

    /**
     * Validates properties; only entries whose key and value are strings are read.
     *
     * @throws ConfigException listing every problem, one line each
     */
    public static LearnerConfig fromProperties(Properties properties) {
        Map<String, String> entries = new HashMap<>();
        for (String name : properties.stringPropertyNames()) {
            entries.put(name, properties.getProperty(name));
        }
        return fromMap(entries);
    }

    /**
     * Validates entries as they would appear in a properties file.
     *
     * @throws ConfigException listing every problem, one line each, in key order
     */
    public static LearnerConfig fromMap(Map<String, String> entries) {
        List<String> problems = new ArrayList<>();
        Map<ConfigKey<?>, Object> values = new LinkedHashMap<>();
        for (ConfigKey<?> key : DEFINITION.keys()) {
            values.put(key, key.defaultValue());
        }
        Map<String, Map<ConfigKey<?>, Object>> overrides = new TreeMap<>();
        Properties kafka = new Properties();
        Properties streams = new Properties();
        for (Map.Entry<String, String> entry : new TreeMap<>(entries).entrySet()) {
            String name = entry.getKey();
            String raw = entry.getValue();
            try {
                if (raw == null) {
                    throw new ConfigException(name + ": has no value");
                } else if (name.startsWith(KAFKA_PREFIX)) {
                    passThrough(kafka, name, KAFKA_PREFIX, raw);
                } else if (name.startsWith(STREAMS_PREFIX)) {
                    passThrough(streams, name, STREAMS_PREFIX, raw);
                } else if (name.startsWith(POLICY_PREFIX)) {
                    override(overrides, name, raw);
                } else {
                    ConfigKey<?> key = DEFINITION.find(name).orElseThrow(() -> unknownKey(name, "", name));
                    values.put(key, key.parse(name, raw));
                }
            } catch (ConfigException e) {
                problems.addAll(e.problems());
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return new LearnerConfig(values, overrides, kafka, streams);
    }

    /**
     * The configuration of one policy: the declared defaults, then the keys set without a prefix,
     * then that policy's {@code policy.<id>.} overrides.
     *
     * @throws IllegalArgumentException when the id is not a valid policy id
     */
    public PolicyConfig forPolicy(String policyId) {
        if (!POLICY_ID.matcher(policyId).matches()) {
            throw new IllegalArgumentException("not a policy id: '" + policyId + "'");
        }
        Map<ConfigKey<?>, Object> merged = policyValues();
        merged.putAll(overrides.getOrDefault(policyId, Map.of()));
        return new PolicyConfig(merged);
    }

    /** The configuration of a policy without overrides. */
    public PolicyConfig policyDefaults() {
        return new PolicyConfig(policyValues());
    }

    /** The ids of the policies that have at least one {@code policy.<id>.} override, sorted. */
    public Set<String> overriddenPolicies() {
        return overrides.keySet();
    }

    /**
     * The value of a key: for a learner-level key its one value; for a per-policy key the value every
     * policy without an override gets.
     */
    public <T> T get(ConfigKey<T> key) {
        Object value = values.get(key);
        if (value == null) {
            throw new IllegalArgumentException("not a learner key: " + key);
        }
        @SuppressWarnings("unchecked")
        T typed = (T) value;
        return typed;
    }

    public String applicationId() {
        return get(APPLICATION_ID);
    }

    /**
     * The application id of the learner's second Kafka Streams application, the policies' writer
     * ({@code <application.id>-writer}): its consumer group, transactional ids and internal topics.
     */
    public String writerApplicationId() {
        return applicationId() + "-writer";
    }

    /**
     * The topic that carries gradient sums from the partition-parallel part of the learner to the
     * policies' writer ({@code <application.id>-gradients}); the learner creates it when it is missing.
     */
    public String gradientsTopic() {
        return applicationId() + "-gradients";
    }

    public String bootstrapServers() {
        return get(BOOTSTRAP_SERVERS);
    }

    public String eventsTopic() {
        return get(TOPIC_EVENTS);
    }

    public String paramsTopic() {
        return get(TOPIC_PARAMS);
    }

    public String historyTopic() {
        return get(TOPIC_HISTORY);
    }

    public String dlqTopic() {
        return get(TOPIC_DLQ);
    }

    public ProcessingGuarantee processingGuarantee() {
        return get(PROCESSING_GUARANTEE);
    }

    /** {@link #PARAMS_ENCODING}. */
    public ParamsEncoding paramsEncoding() {
        return get(PARAMS_ENCODING);
    }

    /** {@link #GRADIENT_THREADS} as configured: -1 for one less than the processors. */
    public int gradientThreads() {
        return get(GRADIENT_THREADS);
    }

    public long commitIntervalMs() {
        return get(COMMIT_INTERVAL_MS);
    }

    public int maxEventBytes() {
        return get(MAX_EVENT_BYTES);
    }

    public int dlqMaxRecordBytes() {
        return get(DLQ_MAX_RECORD_BYTES);
    }

    /** The {@code kafka.*} entries without their prefix, for every Kafka client; a fresh copy. */
    public Properties kafkaProperties() {
        return copyOf(kafka);
    }

    /** The {@code streams.*} entries without their prefix, for Kafka Streams only; a fresh copy. */
    public Properties streamsProperties() {
        return copyOf(streams);
    }

    private Map<ConfigKey<?>, Object> policyValues() {
        Map<ConfigKey<?>, Object> policyValues = new HashMap<>();
        values.forEach((key, value) -> {
            if (key.scope() == Scope.POLICY) {
                policyValues.put(key, value);
            }
        });
        return policyValues;
    }

    private static void passThrough(Properties target, String name, String prefix, String raw) {
        String stripped = name.substring(prefix.length());
        if (stripped.isEmpty()) {
            throw new ConfigException(name + ": a pass-through key needs a name after '" + prefix + "'");
        }
        Optional<ConfigKey<?>> declared = DEFINITION.find(stripped);
        if (declared.isPresent()) {
            // Two ways to set one Kafka setting would leave the winner to the reader's guess.
            throw new ConfigException(name + ": set " + stripped + " instead, it is a declared key");
        }
        target.setProperty(stripped, raw);
    }

    private static void override(Map<String, Map<ConfigKey<?>, Object>> overrides, String name, String raw) {
        String rest = name.substring(POLICY_PREFIX.length());
        for (int dot = rest.indexOf('.'); dot >= 0; dot = rest.indexOf('.', dot + 1)) {
            Optional<ConfigKey<?>> key = DEFINITION.find(rest.substring(dot + 1));
            if (key.isPresent()) {
                String id = rest.substring(0, dot);
                overrides.computeIfAbsent(id, i -> new HashMap<>()).put(key.get(), overrideValue(name, id, key.get(), raw));
                return;
            }
        }
        int dot = rest.indexOf('.');
        if (dot <= 0 || dot == rest.length() - 1) {
            throw new ConfigException(name + ": expected policy.<id>.<key>");
        }
        throw unknownKey(name, POLICY_PREFIX + rest.substring(0, dot + 1), rest.substring(dot + 1));
    }

    private static Object overrideValue(String name, String id, ConfigKey<?> key, String raw) {
        if (!POLICY_ID.matcher(id).matches()) {
            throw new ConfigException(name + ": '" + id
                    + "' is not a valid policy id; expected 1 to 64 characters from [A-Za-z0-9._-]");
        }
        if (key.scope() == Scope.LEARNER) {
            throw new ConfigException(name + ": " + key.name()
                    + " is learner-level and cannot be set per policy; set it without the policy." + id + ". prefix");
        }
        return key.parse(name, raw);
    }

    private static ConfigException unknownKey(String name, String prefix, String keyName) {
        return new ConfigException(DEFINITION.closestName(keyName)
                .map(closest -> name + ": unknown key; did you mean " + prefix + closest + "?")
                .orElse(name + ": unknown key"));
    }

    private static Properties copyOf(Properties source) {
        Properties copy = new Properties();
        copy.putAll(source);
        return copy;
    }

    /** The declared keys with their values; the pass-through entries are left out, as they may hold secrets. */
    @Override
    public String toString() {
        Map<String, String> shown = new TreeMap<>();
        values.forEach((key, value) -> shown.put(key.name(), format(key, value)));
        overrides.forEach((id, o) -> o.forEach((key, value) ->
                shown.put(POLICY_PREFIX + id + "." + key.name(), format(key, value))));
        return "LearnerConfig" + shown;
    }

    @SuppressWarnings("unchecked")
    static <T> String format(ConfigKey<T> key, Object value) {
        return key.type().format((T) Objects.requireNonNull(value));
    }
}
