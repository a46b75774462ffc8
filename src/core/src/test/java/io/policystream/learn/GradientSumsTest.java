package io.policystream.learn;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The end times that ride along with gradient sums, from which the learner times each trajectory. */
class GradientSumsTest {

    private static GradientSums endingAt(long... times) {
        GradientSums g = new GradientSums("p", 3, 4, true, false, 0);
        for (long t : times) {
            g.diagnostics().endedAt(t);
        }
        return g;
    }

    @Test
    void shouldKeepEveryTrajectorysEndTimeInTheOrderAddedAcrossMerges() {
        GradientSums batch = endingAt(30, 10);
        batch.plusInPlace(endingAt(20));
        batch.plusInPlace(endingAt());
        batch.plusInPlace(endingAt(50, 40));

        assertThat(batch.diagnostics().endTimes()).containsExactly(30, 10, 20, 50, 40);
        assertThat(batch.diagnostics().maxEventTime()).isEqualTo(50);
    }

    @Test
    void shouldIgnoreUnknownEndTimes() {
        GradientSums g = endingAt(Long.MIN_VALUE, 7);

        assertThat(g.diagnostics().endTimes()).containsExactly(7);
        assertThat(endingAt(Long.MIN_VALUE).diagnostics().maxEventTime()).isEqualTo(Long.MIN_VALUE);
    }

    @Test
    void shouldHoldTheEndTimesOfALargeBatch() {
        GradientSums batch = endingAt();
        for (long t = 0; t < 100_000; t++) {
            batch.plusInPlace(endingAt(t));
        }

        long[] ends = batch.diagnostics().endTimes();
        assertThat(ends).hasSize(100_000);
        assertThat(ends[0]).isZero();
        assertThat(ends[99_999]).isEqualTo(99_999);
        assertThat(GradientSums.restore(batch.snapshot()).diagnostics().endTimes()).isEqualTo(ends);
    }
}
