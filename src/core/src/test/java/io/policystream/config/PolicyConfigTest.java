package io.policystream.config;

import io.policystream.learn.BaselineKind;
import io.policystream.learn.LearningRules;
import io.policystream.learn.OptimizerKind;
import io.policystream.learn.Returns;
import io.policystream.policy.Architecture;
import io.policystream.policy.Distribution;
import io.policystream.policy.StdMode;
import io.policystream.trajectory.AssemblyRules;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PolicyConfigTest {

    @Test
    void shouldDescribeTheVanillaEstimatorOfTheWireFormat() {
        PolicyConfig v = PolicyConfig.vanilla();

        assertThat(v.returns()).isEqualTo(Returns.TOTAL);
        assertThat(v.gamma()).isEqualTo(1.0);
        assertThat(v.baseline()).isEqualTo(BaselineKind.NONE);
        assertThat(v.normalizeAdvantages()).isFalse();
        assertThat(v.entropyCoef()).isEqualTo(0.0);
        assertThat(v.optimizer()).isEqualTo(OptimizerKind.SGD);
        assertThat(v.momentum()).isEqualTo(0.0);
        assertThat(v.clipNorm()).isEqualTo(0.0);
        assertThat(v.learningRate()).as("untouched").isEqualTo(0.01);
    }

    @Test
    void shouldChangeOneKeyInACopy() {
        PolicyConfig base = PolicyConfig.vanilla();

        PolicyConfig changed = base.with("learning.rate", "0.5").with(LearnerConfig.BATCH_TRAJECTORIES, 2);

        assertThat(changed.learningRate()).isEqualTo(0.5);
        assertThat(changed.batchTrajectories()).isEqualTo(2);
        assertThat(base.learningRate()).isEqualTo(0.01);
        assertThat(changed).isNotEqualTo(base);
        assertThat(changed.with("learning.rate", "0.01").with(LearnerConfig.BATCH_TRAJECTORIES, 8)).isEqualTo(base);
    }

    @Test
    void shouldValidateAProgrammaticChange() {
        PolicyConfig base = PolicyConfig.defaults();

        assertThatThrownBy(() -> base.with(LearnerConfig.GAMMA, 1.5))
                .isInstanceOf(ConfigException.class)
                .hasMessage("gamma: 1.5 is not allowed; expected a number in [0, 1]");
        assertThatThrownBy(() -> base.with("optimizer", "adagrad"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("optimizer: 'adagrad' is not allowed; expected one of sgd, adam");
        assertThatThrownBy(() -> base.with(LearnerConfig.LAYERS, List.of(4, 0)))
                .isInstanceOf(ConfigException.class)
                .hasMessage("layers: '4,0' is not allowed; expected a comma list of positive integers (may be empty)");
        assertThatThrownBy(() -> base.with(LearnerConfig.ENTROPY_COEF, Double.NaN))
                .isInstanceOf(ConfigException.class)
                .hasMessage("entropy.coef: 'NaN' is not allowed; expected a number >= 0");
        assertThatThrownBy(() -> base.with("gamm", "0.5"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("gamm: unknown key; did you mean gamma?");
        assertThatThrownBy(() -> base.with("topic.events", "x"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("topic.events is learner-level and cannot be set per policy");
    }

    @Test
    void shouldResolveAZeroValueLearningRateToThePolicyRate() {
        PolicyConfig p = PolicyConfig.defaults().with(LearnerConfig.LEARNING_RATE, 0.2);

        assertThat(p.valueLearningRate()).isEqualTo(0.2);
        assertThat(p.with(LearnerConfig.VALUE_LEARNING_RATE, 0.03).valueLearningRate()).isEqualTo(0.03);
    }

    @Test
    void shouldBuildTheArchitectureOfANewPolicy() {
        PolicyConfig p = PolicyConfig.defaults().with("layers", "8").with("baseline", "value")
                .with("value.layers", "4,4").with("std", "network");

        Architecture categorical = p.architecture(4, 2);
        Architecture gaussian = p.with(LearnerConfig.DISTRIBUTION, Distribution.GAUSSIAN).architecture(3, 1);

        assertThat(categorical.distribution()).isEqualTo(Distribution.CATEGORICAL);
        assertThat(categorical.std()).as("std applies to gaussian policies only").isEqualTo(StdMode.PARAMETER);
        assertThat(categorical.hidden()).containsExactly(8);
        assertThat(categorical.valueHidden()).containsExactly(4, 4);
        assertThat(gaussian.std()).isEqualTo(StdMode.NETWORK);
        assertThat(gaussian.outputSize()).isEqualTo(2);
        assertThat(PolicyConfig.defaults().architecture(4, 2).hasValue()).as("baseline=mean").isFalse();
    }

    @Test
    void shouldGiveTheLearningRulesOfItsKeys() {
        PolicyConfig p = PolicyConfig.vanilla().with("learning.rate", "0.2").with("batch.trajectories", "3")
                .with("adam.beta1", "0.8").with("importance.clip", "2").with("max.staleness", "5")
                .with("baseline.decay", "0.5").with("clip.norm", "1.5");

        assertThat(p.learningRules()).isEqualTo(new LearningRules(Returns.TOTAL, 1.0, BaselineKind.NONE, 0.5, false,
                0.0, 2.0, 5, OptimizerKind.SGD, 0.2, 0.2, 0.0, 0.8, 0.999, 1e-8, 1.5, 3));
        assertThat(p.with("value.learning.rate", "0.03").learningRules().valueLearningRate()).isEqualTo(0.03);
    }

    @Test
    void shouldGiveTheAssemblyRulesOfItsKeys() {
        PolicyConfig p = PolicyConfig.defaults().with("reward.grace.ms", "250").with("episode.timeout.ms", "9000")
                .with("max.episode.steps", "40").with("max.open.episodes", "7").with("max.rewards.per.step", "3");

        assertThat(p.assemblyRules()).isEqualTo(new AssemblyRules(250, 9000, false, 40, 7, 3));
        assertThat(p.with("on.timeout", "drop").assemblyRules().dropOnTimeout()).isTrue();
    }

    @Test
    void shouldRoundTripThroughItsPropertiesForm() {
        PolicyConfig p = PolicyConfig.vanilla().with("layers", "").with("adam.epsilon", "1e-6")
                .with("seed", "42").with("on.timeout", "drop");

        PolicyConfig read = LearnerConfig.fromMap(p.asMap()).forPolicy("p");

        assertThat(read).isEqualTo(p);
        assertThat(p.asMap()).containsEntry("adam.epsilon", "1e-6").containsEntry("layers", "")
                .containsEntry("gamma", "1").doesNotContainKey("bootstrap.servers");
    }

    @Test
    void shouldRefuseToReadALearnerLevelKey() {
        assertThatThrownBy(() -> PolicyConfig.defaults().get(LearnerConfig.TOPIC_DLQ))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
