package io.policystream.config;

import io.policystream.learn.BaselineKind;
import io.policystream.learn.LearningRules;
import io.policystream.learn.OptimizerKind;
import io.policystream.learn.Returns;
import io.policystream.policy.Activation;
import io.policystream.policy.Architecture;
import io.policystream.policy.Distribution;
import io.policystream.policy.StdMode;
import io.policystream.trajectory.AssemblyRules;
import io.policystream.trajectory.TimeoutAction;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The immutable, validated configuration of one policy: a value for every per-policy key of
 * {@link LearnerConfig}. Obtained from {@link LearnerConfig#forPolicy}; tests start from
 * {@link #defaults()} or {@link #vanilla()} and change keys with {@code with}.
 */
public final class PolicyConfig {
    private final Map<ConfigKey<?>, Object> values;

    PolicyConfig(Map<ConfigKey<?>, Object> values) {
        this.values = Map.copyOf(values);
    }

    /** Every per-policy key at its declared default. */
    public static PolicyConfig defaults() {
        return LearnerConfig.defaults().policyDefaults();
    }

    /**
     * The plain estimator of the wire format's "vanilla" update: {@code returns=total}, {@code gamma=1},
     * {@code baseline=none}, {@code normalize.advantages=false}, {@code entropy.coef=0},
     * {@code optimizer=sgd}, {@code momentum=0}, {@code clip.norm=0}; every other key at its default.
     * One update is then theta_{v+1} = theta_v + alpha * (1/m) sum_i sum_t grad log pi_theta(u_t given s_t) R(tau_i).
     */
    public static PolicyConfig vanilla() {
        return defaults()
                .with(LearnerConfig.RETURNS, Returns.TOTAL)
                .with(LearnerConfig.GAMMA, 1.0)
                .with(LearnerConfig.BASELINE, BaselineKind.NONE)
                .with(LearnerConfig.NORMALIZE_ADVANTAGES, false)
                .with(LearnerConfig.ENTROPY_COEF, 0.0)
                .with(LearnerConfig.OPTIMIZER, OptimizerKind.SGD)
                .with(LearnerConfig.MOMENTUM, 0.0)
                .with(LearnerConfig.CLIP_NORM, 0.0);
    }

    /**
     * A copy with one key set from its text, as in a properties file.
     *
     * @throws ConfigException when the key is unknown, learner-level, or the value is not allowed
     */
    public PolicyConfig with(String keyName, String raw) {
        ConfigKey<?> key = LearnerConfig.definition().find(keyName).orElseThrow(() -> new ConfigException(
                LearnerConfig.definition().closestName(keyName)
                        .map(closest -> keyName + ": unknown key; did you mean " + closest + "?")
                        .orElse(keyName + ": unknown key")));
        return copyWith(key, key.parse(keyName, raw));
    }

    /**
     * A copy with one key set.
     *
     * @throws ConfigException when the key is learner-level or the value is not allowed
     */
    public <T> PolicyConfig with(ConfigKey<T> key, T value) {
        return copyWith(key, key.check(value));
    }

    private PolicyConfig copyWith(ConfigKey<?> key, Object value) {
        if (key.scope() != Scope.POLICY) {
            throw new ConfigException(key.name() + " is learner-level and cannot be set per policy");
        }
        Map<ConfigKey<?>, Object> copy = new HashMap<>(values);
        copy.put(key, value);
        return new PolicyConfig(copy);
    }

    /** The value of a per-policy key. */
    public <T> T get(ConfigKey<T> key) {
        Object value = values.get(key);
        if (value == null) {
            throw new IllegalArgumentException(key.name() + " is learner-level, not a policy key");
        }
        @SuppressWarnings("unchecked")
        T typed = (T) value;
        return typed;
    }

    /**
     * The network a new policy gets from {@code init}. The value network is present with
     * {@code baseline=value}; {@code std} applies to gaussian policies only and is
     * {@link StdMode#PARAMETER} for categorical ones.
     *
     * @param inputSize length of a state
     * @param actionSize number of actions (categorical) or action dimensions (gaussian)
     */
    public Architecture architecture(int inputSize, int actionSize) {
        StdMode std = distribution() == Distribution.GAUSSIAN ? std() : StdMode.PARAMETER;
        List<Integer> valueHidden = baseline() == BaselineKind.VALUE ? valueLayers() : null;
        return new Architecture(distribution(), activation(), std, inputSize, layers(), actionSize, valueHidden);
    }

    /**
     * What the estimator and the update see of this policy's configuration. The configuration reads
     * into {@code learn}'s rules, so that {@code learn} knows nothing of configuration.
     */
    public LearningRules learningRules() {
        return new LearningRules(returns(), gamma(), baseline(), baselineDecay(), normalizeAdvantages(),
                entropyCoef(), importanceClip(), maxStaleness(), optimizer(), learningRate(), valueLearningRate(),
                momentum(), adamBeta1(), adamBeta2(), adamEpsilon(), clipNorm(), batchTrajectories());
    }

    /**
     * How this policy's episodes are assembled and bounded. The configuration reads into
     * {@code trajectory}'s rules, so that {@code trajectory} knows nothing of configuration.
     */
    public AssemblyRules assemblyRules() {
        return new AssemblyRules(rewardGraceMs(), episodeTimeoutMs(), onTimeout() == TimeoutAction.DROP,
                maxEpisodeSteps(), maxOpenEpisodes(), maxRewardsPerStep());
    }

    public Distribution distribution() {
        return get(LearnerConfig.DISTRIBUTION);
    }

    /** Hidden widths of the policy network, input to output; may be empty. */
    public List<Integer> layers() {
        return get(LearnerConfig.LAYERS);
    }

    public Activation activation() {
        return get(LearnerConfig.ACTIVATION);
    }

    /** The configured std mode; see {@link #architecture} for how categorical policies use it. */
    public StdMode std() {
        return get(LearnerConfig.STD);
    }

    public Returns returns() {
        return get(LearnerConfig.RETURNS);
    }

    public double gamma() {
        return get(LearnerConfig.GAMMA);
    }

    public BaselineKind baseline() {
        return get(LearnerConfig.BASELINE);
    }

    public boolean normalizeAdvantages() {
        return get(LearnerConfig.NORMALIZE_ADVANTAGES);
    }

    public double entropyCoef() {
        return get(LearnerConfig.ENTROPY_COEF);
    }

    public double importanceClip() {
        return get(LearnerConfig.IMPORTANCE_CLIP);
    }

    public int maxStaleness() {
        return get(LearnerConfig.MAX_STALENESS);
    }

    public OptimizerKind optimizer() {
        return get(LearnerConfig.OPTIMIZER);
    }

    public double learningRate() {
        return get(LearnerConfig.LEARNING_RATE);
    }

    public double momentum() {
        return get(LearnerConfig.MOMENTUM);
    }

    public double adamBeta1() {
        return get(LearnerConfig.ADAM_BETA1);
    }

    public double adamBeta2() {
        return get(LearnerConfig.ADAM_BETA2);
    }

    public double adamEpsilon() {
        return get(LearnerConfig.ADAM_EPSILON);
    }

    public double clipNorm() {
        return get(LearnerConfig.CLIP_NORM);
    }

    public int batchTrajectories() {
        return get(LearnerConfig.BATCH_TRAJECTORIES);
    }

    public long seed() {
        return get(LearnerConfig.SEED);
    }

    /** Hidden widths of the value network (used with baseline=value); may be empty. */
    public List<Integer> valueLayers() {
        return get(LearnerConfig.VALUE_LAYERS);
    }

    /** The value network's step size, resolved: {@code value.learning.rate}, or learning.rate when that is 0. */
    public double valueLearningRate() {
        double configured = get(LearnerConfig.VALUE_LEARNING_RATE);
        return configured == 0.0 ? learningRate() : configured;
    }

    public double baselineDecay() {
        return get(LearnerConfig.BASELINE_DECAY);
    }

    public long rewardGraceMs() {
        return get(LearnerConfig.REWARD_GRACE_MS);
    }

    public long episodeTimeoutMs() {
        return get(LearnerConfig.EPISODE_TIMEOUT_MS);
    }

    public TimeoutAction onTimeout() {
        return get(LearnerConfig.ON_TIMEOUT);
    }

    public int maxEpisodeSteps() {
        return get(LearnerConfig.MAX_EPISODE_STEPS);
    }

    public int maxOpenEpisodes() {
        return get(LearnerConfig.MAX_OPEN_EPISODES);
    }

    public int maxRewardsPerStep() {
        return get(LearnerConfig.MAX_REWARDS_PER_STEP);
    }

    /**
     * Every key with the text of its value, sorted by key: what a properties file would hold, and the
     * provenance a params snapshot can record.
     */
    public SortedMap<String, String> asMap() {
        SortedMap<String, String> map = new TreeMap<>();
        values.forEach((key, value) -> map.put(key.name(), LearnerConfig.format(key, value)));
        return map;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PolicyConfig other && values.equals(other.values);
    }

    @Override
    public int hashCode() {
        return Objects.hash(values);
    }

    @Override
    public String toString() {
        return "PolicyConfig" + asMap();
    }
}
