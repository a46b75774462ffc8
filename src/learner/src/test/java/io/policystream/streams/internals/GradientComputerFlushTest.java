package io.policystream.streams.internals;

import static org.assertj.core.api.Assertions.assertThat;

import io.policystream.config.LearnerConfig;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A partial gradient sum leaves within 50 ms, or within the commit cycle it was made in when that is shorter. */
class GradientComputerFlushTest {

    private static Duration flushAt(long commitIntervalMs) {
        return GradientComputer.flushInterval(LearnerConfig.fromMap(Map.of("commit.interval.ms",
                Long.toString(commitIntervalMs))));
    }

    @Test
    void shouldFlushEvery50MsUnderTheDefaultCommitInterval() {
        assertThat(flushAt(100)).isEqualTo(Duration.ofMillis(50));
        assertThat(flushAt(30_000)).isEqualTo(Duration.ofMillis(50));
    }

    @Test
    void shouldFlushEveryCommitIntervalWhenItIsShorter() {
        assertThat(flushAt(20)).isEqualTo(Duration.ofMillis(20));
        assertThat(flushAt(1)).isEqualTo(Duration.ofMillis(1));
    }

    @Test
    void shouldNeverScheduleAZeroInterval() {
        assertThat(flushAt(0)).isEqualTo(Duration.ofMillis(1));
    }
}
