package io.policystream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.policystream.testkit.CommandRun;
import org.junit.jupiter.api.Test;

/** The benchmark's flags are checked before anything starts; the benchmark itself runs on demand only. */
class BenchCommandTest {

    @Test
    void shouldRefuseABadNetworkWithExitCode2() {
        CommandRun run = CommandRun.of("bench", "--network", "4-x-2");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("--network must be positive sizes");
    }

    @Test
    void shouldRefuseAnUnknownGuaranteeOrMode() {
        assertThat(CommandRun.of("bench", "--guarantee", "maybe").err()).contains("--guarantee must be");
        CommandRun mode = CommandRun.of("bench", "--mode", "fast", "--events", "1");
        assertThat(mode.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(mode.err()).contains("--mode must be throughput, latency or memory");
    }
}
