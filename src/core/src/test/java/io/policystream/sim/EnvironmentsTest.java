package io.policystream.sim;

import io.policystream.policy.Distribution;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EnvironmentsTest {

    @Test
    void shouldCreateEveryNamedEnvironmentWithItsShape() {
        Environment cartpole = Environments.create("cartpole", 1L);
        Environment pendulum = Environments.create("pendulum", 1L);
        Environment bandit = Environments.create("bandit", 1L);

        assertThat(cartpole).isInstanceOf(CartPole.class);
        assertThat(cartpole.observationSize()).isEqualTo(4);
        assertThat(cartpole.actionKind()).isEqualTo(Distribution.CATEGORICAL);
        assertThat(cartpole.actionSize()).isEqualTo(2);
        assertThat(pendulum).isInstanceOf(Pendulum.class);
        assertThat(pendulum.observationSize()).isEqualTo(3);
        assertThat(pendulum.actionKind()).isEqualTo(Distribution.GAUSSIAN);
        assertThat(pendulum.actionSize()).isEqualTo(1);
        assertThat(bandit).isInstanceOf(ContextualBandit.class);
        assertThat(bandit.observationSize()).isEqualTo(Environments.BANDIT_CONTEXTS);
        assertThat(bandit.actionKind()).isEqualTo(Distribution.CATEGORICAL);
        assertThat(bandit.actionSize()).isEqualTo(Environments.BANDIT_ARMS);
        for (String name : Environments.names()) {
            assertThat(Environments.create(name, 0L).name()).isEqualTo(name);
        }
    }

    @Test
    void shouldSeedTheBanditsBestArms() {
        ContextualBandit a = (ContextualBandit) Environments.create("bandit", 3L);
        ContextualBandit b = (ContextualBandit) Environments.create("bandit", 3L);

        for (int k = 0; k < Environments.BANDIT_CONTEXTS; k++) {
            assertThat(a.bestArm(k)).isEqualTo(b.bestArm(k));
        }
    }

    @Test
    void shouldRefuseAnUnknownName() {
        assertThatThrownBy(() -> Environments.create("mountaincar", 0L))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown environment 'mountaincar'; expected one of cartpole, pendulum, bandit");
    }
}
