package io.policystream.learn;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The spare vectors a gradient pool computes the next sums in. */
class SpareArraysTest {
    private static final LearningRules RULES = LearningRules.defaults();

    @Test
    void shouldHandOutASpareVectorOfTheLengthAskedClearedToZero() {
        SpareArrays spare = new SpareArrays(1 << 20);
        GradientSums used = GradientSums.empty("p", 0, 100, 0, RULES.withBaseline(BaselineKind.NONE, false).withEntropy(0.0));
        Arrays.fill(used.advantageGrad, 1.5);
        double[] given = used.advantageGrad;
        spare.giveBack(used);

        assertThat(spare.zeros(99)).as("another length").isNotSameAs(given).hasSize(99);
        double[] again = spare.zeros(100);
        assertThat(again).isSameAs(given).containsOnly(0.0);
        assertThat(spare.zeros(100)).as("each spare vector once").isNotSameAs(given);
    }

    @Test
    void shouldKeepNoMoreThanItsBoundAndLeaveTheRestToTheCollector() {
        SpareArrays spare = new SpareArrays(8L * 250);
        for (int i = 0; i < 5; i++) {
            spare.giveBack(GradientSums.empty("p", 0, 100, 0, RULES));
        }
        assertThat(spare.bytes()).isLessThanOrEqualTo(8L * 250);
        spare.zeros(100);
        spare.zeros(100);
        assertThat(spare.bytes()).isZero();
    }

    @Test
    void shouldGiveSumsComputedInSpareVectorsTheSameBitsAsNewOnes() {
        SpareArrays spare = new SpareArrays(1 << 20);
        GradientSums dirty = GradientSums.empty("p", 0, 100, 0, RULES);
        Arrays.fill(dirty.advantageGrad, Double.NaN);
        if (dirty.weightGrad != null) {
            Arrays.fill(dirty.weightGrad, -0.0);
        }
        spare.giveBack(dirty);
        GradientSums reused = GradientSums.empty("p", 0, 100, 0, RULES, spare);
        GradientSums fresh = GradientSums.empty("p", 0, 100, 0, RULES);
        assertThat(reused.snapshot().advantageGrad()).containsExactly(fresh.snapshot().advantageGrad());
        if (fresh.weightGrad != null) {
            assertThat(reused.weightGrad).containsExactly(fresh.weightGrad);
        }
    }
}
