package io.policystream.config;

import io.policystream.learn.BaselineKind;
import io.policystream.learn.OptimizerKind;
import io.policystream.learn.Returns;
import io.policystream.policy.Activation;
import io.policystream.policy.Distribution;
import io.policystream.policy.StdMode;
import io.policystream.trajectory.TimeoutAction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class LearnerConfigTest {

    @Test
    void shouldUseTheWireFormatDefaultsForEveryPolicy() {
        PolicyConfig p = LearnerConfig.defaults().forPolicy("cartpole");

        assertThat(p.distribution()).isEqualTo(Distribution.CATEGORICAL);
        assertThat(p.layers()).containsExactly(64, 64);
        assertThat(p.activation()).isEqualTo(Activation.TANH);
        assertThat(p.std()).isEqualTo(StdMode.PARAMETER);
        assertThat(p.returns()).isEqualTo(Returns.REWARD_TO_GO);
        assertThat(p.gamma()).isEqualTo(0.99);
        assertThat(p.baseline()).isEqualTo(BaselineKind.MEAN);
        assertThat(p.normalizeAdvantages()).isTrue();
        assertThat(p.entropyCoef()).isEqualTo(0.0);
        assertThat(p.importanceClip()).isEqualTo(1.0);
        assertThat(p.maxStaleness()).isEqualTo(16);
        assertThat(p.optimizer()).isEqualTo(OptimizerKind.ADAM);
        assertThat(p.learningRate()).isEqualTo(0.01);
        assertThat(p.momentum()).isEqualTo(0.0);
        assertThat(p.adamBeta1()).isEqualTo(0.9);
        assertThat(p.adamBeta2()).isEqualTo(0.999);
        assertThat(p.adamEpsilon()).isEqualTo(1e-8);
        assertThat(p.clipNorm()).isEqualTo(0.0);
        assertThat(p.batchTrajectories()).isEqualTo(8);
        assertThat(p.seed()).isEqualTo(0L);
    }

    @Test
    void shouldUseTheDeclaredDefaultsForTheKeysBeyondTheWireFormat() {
        PolicyConfig p = LearnerConfig.defaults().forPolicy("cartpole");

        assertThat(p.valueLayers()).containsExactly(64, 64);
        assertThat(p.get(LearnerConfig.VALUE_LEARNING_RATE)).isEqualTo(0.0);
        assertThat(p.valueLearningRate()).as("0 means the same as learning.rate").isEqualTo(0.01);
        assertThat(p.baselineDecay()).isEqualTo(0.9);
        assertThat(p.rewardGraceMs()).isEqualTo(0L);
        assertThat(p.episodeTimeoutMs()).isEqualTo(300_000L);
        assertThat(p.onTimeout()).isEqualTo(TimeoutAction.TRUNCATE);
        assertThat(p.maxEpisodeSteps()).isEqualTo(10_000);
        assertThat(p.maxOpenEpisodes()).isEqualTo(100_000);
    }

    @Test
    void shouldUseTheDeclaredLearnerLevelDefaults() {
        LearnerConfig c = LearnerConfig.defaults();

        assertThat(c.applicationId()).isEqualTo("policystream-learner");
        assertThat(c.bootstrapServers()).isEqualTo("127.0.0.1:9092");
        assertThat(c.eventsTopic()).isEqualTo("policystream.events");
        assertThat(c.paramsTopic()).isEqualTo("policystream.params");
        assertThat(c.historyTopic()).isEqualTo("policystream.params.history");
        assertThat(c.dlqTopic()).isEqualTo("policystream.dlq");
        assertThat(c.processingGuarantee()).isEqualTo(ProcessingGuarantee.EXACTLY_ONCE_V2);
        assertThat(c.commitIntervalMs()).isEqualTo(100L);
        assertThat(c.maxEventBytes()).isEqualTo(1_048_576);
        assertThat(c.kafkaProperties()).isEmpty();
        assertThat(c.streamsProperties()).isEmpty();
    }

    @Test
    void shouldMarkOnlyTheProcessWideKeysAsLearnerLevel() {
        List<String> learnerLevel = LearnerConfig.definition().keys().stream()
                .filter(k -> k.scope() == Scope.LEARNER).map(ConfigKey::name).toList();

        assertThat(learnerLevel).containsExactlyInAnyOrder("application.id", "bootstrap.servers", "topic.events",
                "topic.params", "topic.history", "topic.dlq", "processing.guarantee", "commit.interval.ms", "gradient.threads",
                "params.encoding",
                "max.event.bytes", "dlq.max.record.bytes");
    }

    @Test
    void shouldReadTypedValuesOfEveryKind() {
        LearnerConfig c = LearnerConfig.fromMap(Map.of(
                "distribution", "gaussian", "layers", "32, 16,8", "normalize.advantages", "FALSE",
                "returns", "total", "gamma", " 0.5 ", "max.staleness", "0", "seed", "-9007199254740993",
                "episode.timeout.ms", "60000", "processing.guarantee", "at_least_once"));
        PolicyConfig p = c.forPolicy("any");

        assertThat(p.distribution()).isEqualTo(Distribution.GAUSSIAN);
        assertThat(p.layers()).containsExactly(32, 16, 8);
        assertThat(p.normalizeAdvantages()).isFalse();
        assertThat(p.returns()).isEqualTo(Returns.TOTAL);
        assertThat(p.gamma()).isEqualTo(0.5);
        assertThat(p.maxStaleness()).isZero();
        assertThat(p.seed()).as("a long beyond double precision").isEqualTo(-9_007_199_254_740_993L);
        assertThat(p.episodeTimeoutMs()).isEqualTo(60_000L);
        assertThat(c.processingGuarantee()).isEqualTo(ProcessingGuarantee.AT_LEAST_ONCE);
    }

    @Test
    void shouldAcceptAnEmptyLayerListAsALinearNetwork() {
        PolicyConfig p = LearnerConfig.fromMap(Map.of("layers", "", "value.layers", " ")).forPolicy("p");

        assertThat(p.layers()).isEmpty();
        assertThat(p.valueLayers()).isEmpty();
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            gamma                | 1.5       | gamma: 1.5 is not allowed; expected a number in [0, 1]
            gamma                | -0.01     | gamma: -0.01 is not allowed; expected a number in [0, 1]
            gamma                | NaN       | gamma: 'NaN' is not allowed; expected a number in [0, 1]
            gamma                | 1e999     | gamma: '1e999' is not allowed; expected a number in [0, 1]
            gamma                | 0x1p-1    | gamma: '0x1p-1' is not allowed; expected a number in [0, 1]
            entropy.coef         | -1        | entropy.coef: -1 is not allowed; expected a number >= 0
            importance.clip      | 0         | importance.clip: 0 is not allowed; expected a number > 0
            max.staleness        | -1        | max.staleness: -1 is not allowed; expected an integer >= 0
            max.staleness        | 1.5       | max.staleness: '1.5' is not allowed; expected an integer >= 0
            learning.rate        | 0         | learning.rate: 0 is not allowed; expected a number > 0
            momentum             | 1         | momentum: 1 is not allowed; expected a number in [0, 1)
            adam.beta1           | 1.0       | adam.beta1: 1.0 is not allowed; expected a number in [0, 1)
            adam.beta2           | -0.5      | adam.beta2: -0.5 is not allowed; expected a number in [0, 1)
            adam.epsilon         | 0         | adam.epsilon: 0 is not allowed; expected a number > 0
            clip.norm            | -0.1      | clip.norm: -0.1 is not allowed; expected a number >= 0
            batch.trajectories   | 0         | batch.trajectories: 0 is not allowed; expected an integer >= 1
            batch.trajectories   | 3000000000 | batch.trajectories: '3000000000' is not allowed; expected an integer >= 1
            seed                 | 1.0       | seed: '1.0' is not allowed; expected an integer
            distribution         | beta      | distribution: 'beta' is not allowed; expected one of categorical, gaussian
            activation           | sigmoid   | activation: 'sigmoid' is not allowed; expected one of tanh, relu
            std                  | fixed     | std: 'fixed' is not allowed; expected one of parameter, network
            returns              | Total     | returns: 'Total' is not allowed; expected one of total, reward-to-go
            baseline             | ema       | baseline: 'ema' is not allowed; expected one of none, mean, value
            normalize.advantages | yes       | normalize.advantages: 'yes' is not allowed; expected true or false
            optimizer            | adagrad   | optimizer: 'adagrad' is not allowed; expected one of sgd, adam
            layers               | 64,0      | layers: '64,0' is not allowed; expected a comma list of positive integers (may be empty)
            layers               | 64,,64    | layers: '64,,64' is not allowed; expected a comma list of positive integers (may be empty)
            value.layers         | a         | value.layers: 'a' is not allowed; expected a comma list of positive integers (may be empty)
            value.learning.rate  | -1        | value.learning.rate: -1 is not allowed; expected a number >= 0
            baseline.decay       | 1         | baseline.decay: 1 is not allowed; expected a number in [0, 1)
            reward.grace.ms      | -5        | reward.grace.ms: -5 is not allowed; expected an integer >= 0
            episode.timeout.ms   | 0         | episode.timeout.ms: 0 is not allowed; expected an integer > 0
            on.timeout           | keep      | on.timeout: 'keep' is not allowed; expected one of truncate, drop
            max.episode.steps    | 0         | max.episode.steps: 0 is not allowed; expected an integer >= 1
            max.open.episodes    | 0         | max.open.episodes: 0 is not allowed; expected an integer >= 1
            max.event.bytes      | 0         | max.event.bytes: 0 is not allowed; expected an integer >= 1
            commit.interval.ms   | -1        | commit.interval.ms: -1 is not allowed; expected an integer >= 0
            processing.guarantee | exactly_once | processing.guarantee: 'exactly_once' is not allowed; expected one of exactly_once_v2, at_least_once
            topic.events         | my topic  | topic.events: 'my topic' is not allowed; expected a string of 1 to 249 characters from [a-zA-Z0-9._-]
            bootstrap.servers    | "  "      | bootstrap.servers: '  ' is not allowed; expected a string that is not blank
            """)
    void shouldRejectAValueOutsideItsRangeWithOneClearLine(String key, String value, String message) {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> LearnerConfig.fromMap(Map.of(key, value)));

        assertThat(e).isNotNull();
        assertThat(e.problems()).containsExactly(message);
        assertThat(e.getMessage()).isEqualTo(message);
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource({"gamma, 0", "gamma, 1", "momentum, 0", "adam.beta1, 0.999999", "entropy.coef, 0",
            "max.staleness, 0", "clip.norm, 0", "batch.trajectories, 1", "reward.grace.ms, 0", "commit.interval.ms, 0",
            "importance.clip, 1e-12", "learning.rate, .5", "seed, -1"})
    void shouldAcceptAValueOnTheEdgeOfItsRange(String key, String value) {
        LearnerConfig c = LearnerConfig.fromMap(Map.of(key, value));

        ConfigKey<?> declared = LearnerConfig.definition().find(key).orElseThrow();
        assertThat(c.get(declared)).isEqualTo(declared.type().parse(value));
    }

    @Test
    void shouldReportEveryProblemOfAFileTogetherInKeyOrder() {
        Map<String, String> entries = Map.of(
                "gamma", "1.5",
                "policy.cartpole.optimizer", "adagrad",
                "gama", "0.9",
                "batch.trajectories", "0",
                "learning.rate", "0.05");

        ConfigException e = catchThrowableOfType(ConfigException.class, () -> LearnerConfig.fromMap(entries));

        assertThat(e.problems()).containsExactly(
                "batch.trajectories: 0 is not allowed; expected an integer >= 1",
                "gama: unknown key; did you mean gamma?",
                "gamma: 1.5 is not allowed; expected a number in [0, 1]",
                "policy.cartpole.optimizer: 'adagrad' is not allowed; expected one of sgd, adam");
        assertThat(e.getMessage().lines()).hasSize(4);
    }

    @Test
    void shouldApplyAnOverrideOnlyToItsPolicy() {
        LearnerConfig c = LearnerConfig.fromMap(Map.of(
                "learning.rate", "0.05",
                "policy.cartpole.learning.rate", "0.001",
                "policy.cartpole.layers", "16",
                "policy.pendulum.distribution", "gaussian"));

        assertThat(c.forPolicy("cartpole").learningRate()).isEqualTo(0.001);
        assertThat(c.forPolicy("cartpole").layers()).containsExactly(16);
        assertThat(c.forPolicy("cartpole").distribution()).isEqualTo(Distribution.CATEGORICAL);
        assertThat(c.forPolicy("pendulum").learningRate()).as("the file's default").isEqualTo(0.05);
        assertThat(c.forPolicy("pendulum").distribution()).isEqualTo(Distribution.GAUSSIAN);
        assertThat(c.forPolicy("other").learningRate()).isEqualTo(0.05);
        assertThat(c.forPolicy("other")).isEqualTo(c.policyDefaults());
        assertThat(c.get(LearnerConfig.LEARNING_RATE)).isEqualTo(0.05);
        assertThat(c.overriddenPolicies()).containsExactly("cartpole", "pendulum");
    }

    @Test
    void shouldSplitADottedPolicyIdWhereADeclaredKeyFollows() {
        LearnerConfig c = LearnerConfig.fromMap(Map.of(
                "policy.team.a.v2.gamma", "0.5",
                "policy.team.a.v2.adam.beta1", "0.8"));

        assertThat(c.overriddenPolicies()).containsExactly("team.a.v2");
        assertThat(c.forPolicy("team.a.v2").gamma()).isEqualTo(0.5);
        assertThat(c.forPolicy("team.a.v2").adamBeta1()).isEqualTo(0.8);
        assertThat(c.forPolicy("team.a").gamma()).isEqualTo(0.99);
    }

    @Test
    void shouldRejectAnUnknownKeyWithASuggestionForANearMiss() {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> LearnerConfig.fromMap(Map.of(
                "lerning.rate", "0.1",
                "optimiser", "sgd",
                "policy.cartpole.batch.trajectory", "4",
                "policies", "cartpole",
                "totally.unrelated", "x")));

        assertThat(e.problems()).containsExactly(
                "lerning.rate: unknown key; did you mean learning.rate?",
                "optimiser: unknown key; did you mean optimizer?",
                "policies: unknown key",
                "policy.cartpole.batch.trajectory: unknown key; did you mean policy.cartpole.batch.trajectories?",
                "totally.unrelated: unknown key");
    }

    @Test
    void shouldRejectAPolicyOverrideOfALearnerLevelKey() {
        assertThatThrownBy(() -> LearnerConfig.fromMap(Map.of("policy.cartpole.bootstrap.servers", "h:9092")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("policy.cartpole.bootstrap.servers: bootstrap.servers is learner-level and cannot be set "
                        + "per policy; set it without the policy.cartpole. prefix");
    }

    @Test
    void shouldRejectAMalformedPolicyOverride() {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> LearnerConfig.fromMap(Map.of(
                "policy.cartpole", "x",
                "policy.bad id.gamma", "0.5",
                "policy..gamma", "0.5")));

        assertThat(e.problems()).containsExactly(
                "policy..gamma: '' is not a valid policy id; expected 1 to 64 characters from [A-Za-z0-9._-]",
                "policy.bad id.gamma: 'bad id' is not a valid policy id; expected 1 to 64 characters from [A-Za-z0-9._-]",
                "policy.cartpole: expected policy.<id>.<key>");
    }

    @Test
    void shouldPassKafkaAndStreamsKeysThroughWithoutTheirPrefix() {
        LearnerConfig c = LearnerConfig.fromMap(Map.of(
                "kafka.security.protocol", "SASL_SSL",
                "kafka.sasl.mechanism", "PLAIN",
                "streams.num.stream.threads", "2",
                "streams.state.dir", "/var/lib/ps"));

        assertThat(c.kafkaProperties()).containsOnly(
                Map.entry("security.protocol", "SASL_SSL"), Map.entry("sasl.mechanism", "PLAIN"));
        assertThat(c.streamsProperties()).containsOnly(
                Map.entry("num.stream.threads", "2"), Map.entry("state.dir", "/var/lib/ps"));
    }

    @Test
    void shouldHandOutCopiesOfThePassThroughProperties() {
        LearnerConfig c = LearnerConfig.fromMap(Map.of("kafka.linger.ms", "0"));

        c.kafkaProperties().setProperty("linger.ms", "50");

        assertThat(c.kafkaProperties().getProperty("linger.ms")).isEqualTo("0");
    }

    @Test
    void shouldRejectAPassThroughKeyThatHasADeclaredKey() {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> LearnerConfig.fromMap(Map.of(
                "kafka.bootstrap.servers", "h:9092",
                "streams.processing.guarantee", "at_least_once",
                "kafka.", "x")));

        assertThat(e.problems()).containsExactly(
                "kafka.: a pass-through key needs a name after 'kafka.'",
                "kafka.bootstrap.servers: set bootstrap.servers instead, it is a declared key",
                "streams.processing.guarantee: set processing.guarantee instead, it is a declared key");
    }

    @Test
    void shouldLeaveThePassThroughEntriesOutOfTheDescription() {
        LearnerConfig c = LearnerConfig.fromMap(Map.of("kafka.sasl.jaas.config", "password=\"hunter2\"",
                "policy.cartpole.gamma", "0.5"));

        assertThat(c.toString()).doesNotContain("hunter2").contains("policy.cartpole.gamma=0.5");
    }

    @Test
    void shouldLoadAPropertiesFile(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("learner.properties");
        Files.writeString(file, """
                # defaults
                optimizer = sgd
                momentum=0.9
                policy.cartpole.gamma=0.95
                kafka.client.id=learner-1
                """, StandardCharsets.UTF_8);

        LearnerConfig c = LearnerConfig.load(file);

        assertThat(c.forPolicy("cartpole").optimizer()).isEqualTo(OptimizerKind.SGD);
        assertThat(c.forPolicy("cartpole").momentum()).isEqualTo(0.9);
        assertThat(c.forPolicy("cartpole").gamma()).isEqualTo(0.95);
        assertThat(c.kafkaProperties().getProperty("client.id")).isEqualTo("learner-1");
    }

    @Test
    void shouldReportAMissingFileAsAConfigurationProblem(@TempDir Path dir) {
        Path missing = dir.resolve("nope.properties");

        assertThatThrownBy(() -> LearnerConfig.load(missing))
                .isInstanceOf(ConfigException.class)
                .hasMessage(missing + ": no such configuration file");
    }

    @Test
    void shouldReadOnlyStringEntriesOfProperties() {
        Properties properties = new Properties();
        properties.setProperty("gamma", "0.7");
        properties.put("batch.trajectories", 4);

        LearnerConfig c = LearnerConfig.fromProperties(properties);

        assertThat(c.forPolicy("p").gamma()).isEqualTo(0.7);
        assertThat(c.forPolicy("p").batchTrajectories()).isEqualTo(8);
    }

    @Test
    void shouldRefuseAPolicyIdOutsideTheWireFormatPattern() {
        LearnerConfig c = LearnerConfig.defaults();

        assertThatThrownBy(() -> c.forPolicy("has space")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> c.forPolicy("x".repeat(65))).isInstanceOf(IllegalArgumentException.class);
    }
}
