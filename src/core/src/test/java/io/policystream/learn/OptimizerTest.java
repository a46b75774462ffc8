package io.policystream.learn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import org.junit.jupiter.api.Test;

class OptimizerTest {

    @Test
    void shouldApplyPlainSgdAsThetaMinusAlphaTimesGradient() {
        double[] theta = {1.0, -2.0};
        new Sgd(0.0).stepInPlace(theta, new double[] {0.2, -0.4}, 0.1, new double[2], new double[2], 1);
        assertThat(theta[0]).isCloseTo(0.98, offset(1e-15));
        assertThat(theta[1]).isCloseTo(-1.96, offset(1e-15));
    }

    @Test
    void shouldAccumulateVelocityWithMomentum() {
        double[] theta = {1.0, -2.0};
        double[] v = new double[2];
        Sgd sgd = new Sgd(0.5);
        sgd.stepInPlace(theta, new double[] {0.2, -0.4}, 0.1, v, new double[2], 1);
        // v = g1 = [0.2, -0.4]; theta = [0.98, -1.96]
        assertThat(v).containsExactly(0.2, -0.4);
        assertThat(theta[0]).isCloseTo(0.98, offset(1e-15));
        sgd.stepInPlace(theta, new double[] {0.1, 0.3}, 0.1, v, new double[2], 2);
        // v = 0.5 * [0.2, -0.4] + [0.1, 0.3] = [0.2, 0.1]; theta = [0.96, -1.97]
        assertThat(v[0]).isCloseTo(0.2, offset(1e-15));
        assertThat(v[1]).isCloseTo(0.1, offset(1e-15));
        assertThat(theta[0]).isCloseTo(0.96, offset(1e-15));
        assertThat(theta[1]).isCloseTo(-1.97, offset(1e-15));
    }

    @Test
    void shouldTakeAdamsFirstStepOfAlphaTimesTheSignOfTheGradient() {
        // After one step m^ = g and v^ = g^2, so the step is alpha * g / (|g| + eps).
        double[] theta = {1.0};
        double[] m = new double[1];
        double[] v = new double[1];
        new Adam(0.9, 0.999, 1e-8).stepInPlace(theta, new double[] {0.5}, 0.1, m, v, 1);
        assertThat(m[0]).isCloseTo(0.05, offset(1e-17));
        assertThat(v[0]).isCloseTo(0.00025, offset(1e-18));
        assertThat(theta[0]).isCloseTo(1.0 - 0.1 * 0.5 / (0.5 + 1e-8), offset(1e-15));
    }

    @Test
    void shouldFollowAdamsBiasCorrectedMomentsStepByStep() {
        double b1 = 0.9;
        double b2 = 0.999;
        double eps = 1e-8;
        double alpha = 0.05;
        double[] grads = {0.5, -0.25, 0.125, 2.0};
        double[] theta = {0.3};
        double[] m = new double[1];
        double[] v = new double[1];
        double em = 0;
        double ev = 0;
        double et = 0.3;
        Adam adam = new Adam(b1, b2, eps);
        for (int t = 1; t <= grads.length; t++) {
            double g = grads[t - 1];
            adam.stepInPlace(theta, new double[] {g}, alpha, m, v, t);
            em = b1 * em + (1 - b1) * g;
            ev = b2 * ev + (1 - b2) * g * g;
            double mHat = em / (1 - Math.pow(b1, t));
            double vHat = ev / (1 - Math.pow(b2, t));
            et = et - alpha * mHat / (Math.sqrt(vHat) + eps);
            assertThat(m[0]).as("m after step %d", t).isCloseTo(em, offset(1e-16));
            assertThat(v[0]).as("v after step %d", t).isCloseTo(ev, offset(1e-16));
            assertThat(theta[0]).as("theta after step %d", t).isCloseTo(et, offset(1e-15));
        }
        // Second step by hand: m = 0.02, v = 0.00031225, m^ = 0.02/0.19, v^ = 0.00031225/0.001999.
        assertThat(0.02 / 0.19).isCloseTo(0.10526315789473684, offset(1e-16));
    }

    @Test
    void shouldRefuseInvalidConstants() {
        assertThatThrownBy(() -> new Sgd(1.0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Adam(1.0, 0.999, 1e-8)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Adam(0.9, 0.999, 0.0)).isInstanceOf(IllegalArgumentException.class);
    }
}
