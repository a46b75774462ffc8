package io.policystream.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The optimiser benchmark's vector sizes are the policy benchmark's theta sizes. */
class BenchmarkShapesTest {

    @Test
    void shouldSizeOptimizerVectorsLikeTheBenchmarkedPolicies() {
        assertThat(PolicyGradientBenchmark.architecture("cartpole").policyParamCount())
                .isEqualTo(OptimizerBenchmark.CARTPOLE_PARAMS);
        assertThat(PolicyGradientBenchmark.architecture("mujoco").policyParamCount())
                .isEqualTo(OptimizerBenchmark.MUJOCO_PARAMS);
    }
}
