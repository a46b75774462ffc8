package io.policystream.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.policystream.cli.ExitCodes;
import io.policystream.cli.Main;
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
        assertThat(mode.err()).contains("--mode must be throughput, latency, memory or scale-out");
    }

    @Test
    void shouldRefuseScaleOutOnOnePartitionBeforeStartingAnything() {
        CommandRun run = CommandRun.of("bench", "--mode", "scale-out", "--partitions", "1", "--events", "1");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("--mode scale-out needs --partitions 2 or more");
    }

    @Test
    void shouldRefuseScaleOutOutsideTheJarBecauseTheLearnerJvmsRunIt() {
        // Tests load the classes from a directory, so there is no jar to start learner JVMs from.
        CommandRun run = CommandRun.of("bench", "--mode", "scale-out", "--events", "1");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("run it as java -jar policystream-bench.jar bench --mode scale-out");
    }

    @Test
    void shouldExplainScaleOutInTheHelp() {
        CommandRun run = CommandRun.of("bench", "--help");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(run.out()).contains("--mode scale-out fills the topic once");
        // The option's own text, read from the model: the usage help wraps it at any word.
        String[] mode = Main.commandLine().getSubcommands().get("bench").getCommandSpec().findOption("--mode")
                .description();
        assertThat(String.join(" ", mode)).contains("scale-out (one learner JVM, then two sharing the partitions");
    }
}
