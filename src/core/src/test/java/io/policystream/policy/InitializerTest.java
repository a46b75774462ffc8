package io.policystream.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class InitializerTest {
    private static final Architecture ARCH = Architecture.gaussian(3, List.of(5, 4), 2, Activation.TANH,
            StdMode.PARAMETER).withValue(List.of(6));

    @Test
    void shouldGiveTheSameParamsBitForBitForTheSameSeed() {
        PolicyParams a = Initializer.initialize("p", ARCH, 42, 0);
        PolicyParams b = Initializer.initialize("p", ARCH, 42, 0);
        assertThat(a).isEqualTo(b);
        long[] bitsA = java.util.Arrays.stream(a.copyTheta()).mapToLong(Double::doubleToRawLongBits).toArray();
        long[] bitsB = java.util.Arrays.stream(b.copyTheta()).mapToLong(Double::doubleToRawLongBits).toArray();
        assertThat(bitsA).containsExactly(bitsB);
        assertThat(Initializer.initialize("p", ARCH, 43, 0).copyTheta()).isNotEqualTo(a.copyTheta());
    }

    @Test
    void shouldFollowTheDocumentedScheme() {
        PolicyParams p = Initializer.initialize("p", ARCH, 7, 0);
        MlpShape shape = ARCH.policyShape();
        double hidden = Math.sqrt(6.0 / (3 + 5));
        double last = Math.sqrt(6.0 / (4 + 2)) * Initializer.POLICY_OUTPUT_SCALE;
        for (int i = 0; i < 15; i++) {
            assertThat(Math.abs(p.theta(shape.weightOffset(0) + i))).isLessThanOrEqualTo(hidden);
        }
        for (int i = 0; i < 8; i++) {
            assertThat(Math.abs(p.theta(shape.weightOffset(2) + i))).isLessThanOrEqualTo(last);
        }
        for (int o = 0; o < 5; o++) {
            assertThat(p.theta(shape.biasOffset(0) + o)).isZero();
        }
        assertThat(p.theta(ARCH.logStdOffset())).isEqualTo(Initializer.INITIAL_LOG_STD);
        assertThat(p.hasValue()).isTrue();
        assertThat(p.version()).isZero();
    }
}
