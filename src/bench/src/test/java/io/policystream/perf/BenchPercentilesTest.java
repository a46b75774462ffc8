package io.policystream.perf;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The bench's latency figures are nearest-rank percentiles of every observation. */
class BenchPercentilesTest {

    @Test
    void shouldGiveCountMedianP99AndMaxByNearestRank() {
        List<Long> values = new ArrayList<>();
        for (long v = 200; v >= 1; v--) {
            values.add(v);
        }
        // 200 values 1..200: the median is the 100th, p99 the 198th.
        assertThat(EndToEndBench.percentiles(values)).containsExactly(200, 100, 198, 200);
        assertThat(values.get(0)).as("the input is left as it was").isEqualTo(200);
    }

    @Test
    void shouldSayNothingWasMeasuredWhenThereIsNothing() {
        assertThat(EndToEndBench.percentiles(List.of())).containsExactly(0, -1, -1, -1);
        assertThat(EndToEndBench.percentiles(List.of(7L))).containsExactly(1, 7, 7, 7);
    }
}
