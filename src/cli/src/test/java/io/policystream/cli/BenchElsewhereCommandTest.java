package io.policystream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.policystream.testkit.CommandRun;
import org.junit.jupiter.api.Test;

/** The product jar does not carry the benchmarks; its bench command says where they are. */
class BenchElsewhereCommandTest {

    @Test
    void shouldPointToTheBenchJarWithExitCode2WhenTheBenchModuleIsNotOnTheClassPath() {
        CommandRun run = CommandRun.of("bench", "--mode", "latency", "--events", "1");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("run java -jar target/policystream-bench.jar bench");
    }

    @Test
    void shouldListBenchWithWhereItIsInTheTopLevelHelp() {
        CommandRun run = CommandRun.of("--help");
        assertThat(run.out()).contains("bench", "in target/policystream-bench.jar, not in this jar");
    }
}
