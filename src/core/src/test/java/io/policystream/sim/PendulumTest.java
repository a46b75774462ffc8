package io.policystream.sim;

import io.policystream.event.Action;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class PendulumTest {

    private static Action torque(double u) {
        return new Action.Continuous(new double[] {u});
    }

    @Test
    void shouldStepByGymnasiumsFormulas() {
        Pendulum env = new Pendulum();
        env.resetTo(1.0, 0.5);

        StepResult r = env.step(torque(1.5));

        // cost = 1^2 + 0.1 * 0.5^2 + 0.001 * 1.5^2 = 1 + 0.025 + 0.00225
        // theta_dot' = 0.5 + (3 * 10 / 2 * sin 1 + 3 * 1.5) * 0.05, theta' = 1 + theta_dot' * 0.05
        double thetaDot = 0.5 + (15.0 * Math.sin(1.0) + 4.5) * 0.05;
        double theta = 1.0 + thetaDot * 0.05;
        assertThat(r.reward()).isCloseTo(-1.02725, within(1e-15));
        assertThat(r.observation()).containsExactly(new double[] {Math.cos(theta), Math.sin(theta), thetaDot},
                within(1e-15));
        assertThat(thetaDot).as("independently, in Python").isCloseTo(1.3561032386059226, within(1e-15));
        assertThat(r.terminated()).isFalse();
        assertThat(r.truncated()).isFalse();
    }

    @Test
    void shouldClipTheTorqueBeforeTheDynamicsAndTheCost() {
        Pendulum env = new Pendulum();

        env.resetTo(0.3, 0.0);
        StepResult big = env.step(torque(5.0));
        env.resetTo(0.3, 0.0);
        StepResult max = env.step(torque(2.0));
        env.resetTo(0.3, 0.0);
        StepResult negative = env.step(torque(-7.0));

        assertThat(big).isEqualTo(max);
        assertThat(max.reward()).isCloseTo(-(0.3 * 0.3 + 0.001 * 2.0 * 2.0), within(1e-15));
        assertThat(negative.observation()[2]).isCloseTo((15.0 * Math.sin(0.3) - 6.0) * 0.05, within(1e-15));
    }

    @Test
    void shouldClipTheAngularSpeedToEight() {
        Pendulum env = new Pendulum();
        env.resetTo(Math.PI / 2, 7.9);

        StepResult r = env.step(torque(2.0));

        // 7.9 + (15 * 1 + 6) * 0.05 = 8.95, clipped to 8; the angle moves with the clipped speed.
        assertThat(r.observation()[2]).isEqualTo(8.0);
        double theta = Math.PI / 2 + 8.0 * 0.05;
        assertThat(r.observation()[0]).isCloseTo(Math.cos(theta), within(1e-15));
        assertThat(r.observation()[1]).isCloseTo(Math.sin(theta), within(1e-15));

        env.resetTo(-Math.PI / 2, -7.9);
        assertThat(env.step(torque(-2.0)).observation()[2]).isEqualTo(-8.0);
    }

    @Test
    void shouldChargeTheCostOfTheStateBeforeTheStep() {
        Pendulum env = new Pendulum();
        env.resetTo(4.0, -1.0);

        StepResult r = env.step(torque(0.0));

        // norm(4) = 4 - 2 pi: the angle the pendulum had, not the one it moves to.
        double normalized = 4.0 - 2 * Math.PI;
        assertThat(r.reward()).isCloseTo(-(normalized * normalized + 0.1 * 1.0), within(1e-12));
        assertThat(r.reward()).as("independently, in Python").isCloseTo(-5.312935146920741, within(1e-12));
    }

    @Test
    void shouldNormalizeAnglesLikePythonsFlooredModulo() {
        assertThat(Pendulum.normalizeAngle(0.5 + 2 * Math.PI)).isCloseTo(0.5, within(1e-12));
        assertThat(Pendulum.normalizeAngle(-0.5 - 4 * Math.PI)).isCloseTo(-0.5, within(1e-12));
        assertThat(Pendulum.normalizeAngle(Math.PI)).isCloseTo(-Math.PI, within(1e-12));
        assertThat(Pendulum.normalizeAngle(-3.0)).isCloseTo(-3.0, within(1e-12));
    }

    @Test
    void shouldTruncateAtTwoHundredStepsAndNeverTerminate() {
        Pendulum env = new Pendulum();
        env.reset(new SplittableRandom(11));

        for (int t = 1; t <= 200; t++) {
            StepResult r = env.step(torque(t % 2 == 0 ? 2.0 : -2.0));
            assertThat(r.terminated()).isFalse();
            assertThat(r.truncated()).as("step %d", t).isEqualTo(t == 200);
        }
        assertThatThrownBy(() -> env.step(torque(0.0))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void shouldResetWithinItsRanges() {
        Pendulum env = new Pendulum();

        for (int i = 0; i < 200; i++) {
            double[] obs = env.reset(new SplittableRandom(i));
            assertThat(obs[0] * obs[0] + obs[1] * obs[1]).isCloseTo(1.0, within(1e-12));
            assertThat(obs[2]).isBetween(-1.0, 1.0);
        }
    }

    @Test
    void shouldRefuseActionsThatAreNotOneFiniteTorque() {
        Pendulum env = new Pendulum();
        env.reset(new SplittableRandom(1));

        assertThatThrownBy(() -> env.step(new Action.Discrete(1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> env.step(new Action.Continuous(new double[] {1, 2})))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> env.step(torque(Double.NaN))).isInstanceOf(IllegalArgumentException.class);
    }
}
