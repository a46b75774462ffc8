package io.policystream.learn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import org.junit.jupiter.api.Test;

class ReturnCalculatorTest {

    @Test
    void shouldCreditTheDiscountedTotalToEveryStep() {
        double[] g = ReturnCalculator.returns(new double[] {1, 2, 4}, Returns.TOTAL, 0.5);
        // 1 + 0.5*2 + 0.25*4 = 3
        assertThat(g).containsExactly(3.0, 3.0, 3.0);
    }

    @Test
    void shouldCreditOnlyLaterRewardsWithRewardToGo() {
        double[] g = ReturnCalculator.returns(new double[] {1, 2, 4}, Returns.REWARD_TO_GO, 0.5);
        // G2 = 4; G1 = 2 + 0.5*4 = 4; G0 = 1 + 0.5*4 = 3
        assertThat(g).containsExactly(3.0, 4.0, 4.0);
    }

    @Test
    void shouldSumUndiscountedWithGammaOne() {
        double[] g = ReturnCalculator.returns(new double[] {0.1, 0.2, 0.3}, Returns.REWARD_TO_GO, 1.0);
        assertThat(g[0]).isCloseTo(0.6, offset(1e-15));
        assertThat(g[2]).isEqualTo(0.3);
    }
}
