package io.policystream.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ActivationTest {

    @Test
    void shouldComputeTanhWithin3UlpOfMathTanh() {
        SplittableRandom rng = new SplittableRandom(1);
        double worst = 0;
        for (int i = 0; i < 1_000_000; i++) {
            double x = i % 2 == 0 ? rng.nextDouble(-25, 25) : rng.nextDouble(-1, 1) * Math.pow(10, -rng.nextInt(12));
            double expected = Math.tanh(x);
            double actual = Activation.TANH.apply(x);
            worst = Math.max(worst, Math.abs(actual - expected) / Math.ulp(expected));
        }
        assertThat(worst).isLessThanOrEqualTo(3.0);
        assertThat(Activation.TANH.apply(0.0)).isEqualTo(0.0);
        assertThat(Activation.TANH.apply(-0.0)).isEqualTo(-0.0);
        assertThat(Activation.TANH.apply(40)).isEqualTo(1.0);
        assertThat(Activation.TANH.apply(-40)).isEqualTo(-1.0);
    }

    @Test
    void shouldComputeReluAndItsDerivative() {
        assertThat(Activation.RELU.apply(-2)).isZero();
        assertThat(Activation.RELU.apply(3)).isEqualTo(3);
        assertThat(Activation.RELU.derivativeFromOutput(0)).isZero();
        assertThat(Activation.RELU.derivativeFromOutput(1.5)).isEqualTo(1);
        assertThat(Activation.TANH.derivativeFromOutput(0.5)).isEqualTo(0.75);
    }
}
