package io.policystream.sim;

import io.policystream.event.Action;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class CartPoleTest {
    private static final Action LEFT = new Action.Discrete(0);
    private static final Action RIGHT = new Action.Discrete(1);

    @Test
    void shouldPushARestingCartRightByTheClosedFormAccelerations() {
        CartPole env = new CartPole();
        env.resetTo(new double[] {0, 0, 0, 0});

        StepResult r = env.step(RIGHT);

        // At rest: temp = 10/1.1 = 100/11; denominator = 0.5 (4/3 - 0.1/1.1) = 41/66,
        // theta_acc = -(100/11) (66/41) = -600/41, x_acc = 100/11 + (0.05/1.1)(600/41) = 400/41.
        // Positions move with the old, zero, velocities.
        assertThat(r.observation()).containsExactly(new double[] {0.0, 0.02 * 400 / 41, 0.0, 0.02 * -600 / 41},
                within(1e-15));
        assertThat(r.reward()).isEqualTo(1.0);
        assertThat(r.terminated()).isFalse();
        assertThat(r.truncated()).isFalse();
    }

    @Test
    void shouldFollowGymnasiumsEulerStepFromAMovingState() {
        double x = 0.1;
        double xDot = -0.2;
        double theta = 0.05;
        double thetaDot = 0.3;
        CartPole env = new CartPole();

        for (int action = 0; action <= 1; action++) {
            env.resetTo(new double[] {x, xDot, theta, thetaDot});
            double force = action == 1 ? 10.0 : -10.0;
            double cos = Math.cos(theta);
            double sin = Math.sin(theta);
            double temp = (force + 0.1 * 0.5 * thetaDot * thetaDot * sin) / (1.0 + 0.1);
            double thetaAcc = (9.8 * sin - cos * temp) / (0.5 * (4.0 / 3.0 - 0.1 * cos * cos / (1.0 + 0.1)));
            double xAcc = temp - 0.1 * 0.5 * thetaAcc * cos / (1.0 + 0.1);

            StepResult r = env.step(new Action.Discrete(action));

            assertThat(r.observation()).containsExactly(new double[] {
                x + 0.02 * xDot, xDot + 0.02 * xAcc, theta + 0.02 * thetaDot, thetaDot + 0.02 * thetaAcc},
                    within(1e-15));
        }
    }

    @Test
    void shouldMatchNumbersComputedIndependentlyInPython() {
        // Gymnasium's formulas evaluated in Python from (0.1, -0.2, 0.05, 0.3).
        CartPole env = new CartPole();
        env.resetTo(new double[] {0.1, -0.2, 0.05, 0.3});
        double[] right = env.step(RIGHT).observation();
        env.resetTo(new double[] {0.1, -0.2, 0.05, 0.3});
        double[] left = env.step(LEFT).observation();

        assertThat(right).containsExactly(new double[] {0.096, -0.005625065781779709, 0.056, 0.02349585151852651},
                within(1e-12));
        assertThat(left).containsExactly(new double[] {0.096, -0.3957976546439626, 0.056, 0.6080233136061515},
                within(1e-12));
    }

    @Test
    void shouldTerminateOnlyBeyondThePositionLimit() {
        CartPole env = new CartPole();

        env.resetTo(new double[] {2.4, 0.0, 0.0, 0.0});
        StepResult onTheLimit = env.step(RIGHT);
        env.resetTo(new double[] {2.39, 1.0, 0.0, 0.0});
        StepResult beyond = env.step(RIGHT);
        env.resetTo(new double[] {-2.39, -1.0, 0.0, 0.0});
        StepResult beyondLeft = env.step(LEFT);

        assertThat(onTheLimit.observation()[0]).isEqualTo(2.4);
        assertThat(onTheLimit.terminated()).as("|x| = 2.4 is still allowed").isFalse();
        assertThat(beyond.observation()[0]).isCloseTo(2.39 + 0.02 * 1.0, within(1e-15));
        assertThat(beyond.terminated()).isTrue();
        assertThat(beyond.reward()).as("the terminating step still pays").isEqualTo(1.0);
        assertThat(beyondLeft.terminated()).isTrue();
    }

    @Test
    void shouldTerminateBeyondTwelveDegrees() {
        double limit = 12 * 2 * Math.PI / 360;
        CartPole env = new CartPole();

        env.resetTo(new double[] {0.0, 0.0, limit - 0.001, 0.0});
        StepResult inside = env.step(RIGHT);
        env.resetTo(new double[] {0.0, 0.0, limit - 0.001, 0.1});
        StepResult outside = env.step(RIGHT);
        env.resetTo(new double[] {0.0, 0.0, -limit + 0.001, -0.1});
        StepResult outsideLeft = env.step(LEFT);

        assertThat(inside.terminated()).isFalse();
        assertThat(outside.observation()[2]).isCloseTo(limit - 0.001 + 0.02 * 0.1, within(1e-15));
        assertThat(outside.terminated()).isTrue();
        assertThat(outsideLeft.terminated()).isTrue();
    }

    @Test
    void shouldTruncateAtFiveHundredSteps() {
        CartPole env = new CartPole();
        double[] s = env.resetTo(new double[] {0, 0, 0, 0});
        StepResult r = null;

        for (int t = 1; t <= 500; t++) {
            // A linear controller that keeps the pole up from rest for far longer than 500 steps.
            boolean right = s[0] + s[1] + 10 * s[2] + 2 * s[3] > 0;
            r = env.step(right ? RIGHT : LEFT);
            s = r.observation();
            assertThat(r.terminated()).as("step %d", t).isFalse();
            assertThat(r.truncated()).as("step %d", t).isEqualTo(t == 500);
        }

        assertThat(r.done()).isTrue();
        assertThatThrownBy(() -> env.step(RIGHT)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void shouldResetEveryEntryWithinFiveHundredthsReproducibly() {
        CartPole env = new CartPole();

        for (int i = 0; i < 200; i++) {
            double[] s = env.reset(new SplittableRandom(i));
            assertThat(s).hasSize(4);
            for (double v : s) {
                assertThat(v).isBetween(-0.05, 0.05);
            }
        }
        assertThat(env.reset(new SplittableRandom(7))).containsExactly(env.reset(new SplittableRandom(7)));
    }

    @Test
    void shouldRefuseStepsOutsideAnEpisodeAndForeignActions() {
        CartPole env = new CartPole();

        assertThatThrownBy(() -> env.step(RIGHT)).isInstanceOf(IllegalStateException.class);
        env.reset(new SplittableRandom(1));
        assertThatThrownBy(() -> env.step(new Action.Discrete(2))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> env.step(new Action.Continuous(new double[] {1.0})))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldStopAfterTheTerminatingStepUntilReset() {
        CartPole env = new CartPole();
        env.resetTo(new double[] {2.39, 1.0, 0.0, 0.0});
        env.step(RIGHT);

        assertThatThrownBy(() -> env.step(RIGHT)).isInstanceOf(IllegalStateException.class);
        env.reset(new SplittableRandom(3));
        assertThat(env.step(RIGHT).reward()).isEqualTo(1.0);
    }
}
