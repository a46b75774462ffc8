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
        assertThat(run.err()).contains("--network must be 'all' or positive sizes joined by '-', like 4-64-64-2, "
                + "not '4-x-2'");
        assertThat(CommandRun.of("bench", "--network", "All").err())
                .contains("--network must be 'all' or sizes like 4-64-64-2, not 'All'");
    }

    @Test
    void shouldRefuseNetworkAllWithGaussianOrOutsideThroughputBeforeStartingAnything() {
        CommandRun gaussian = CommandRun.of("bench", "--network", "all", "--gaussian");
        assertThat(gaussian.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(gaussian.err()).contains("--gaussian does not go with --network all, whose networks have their "
                + "own distributions: 4-64-64-2 categorical and 17-256-256-6 gaussian");
        CommandRun latency = CommandRun.of("bench", "--network", "all", "--mode", "latency");
        assertThat(latency.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(latency.err()).contains("--network all measures throughput only: give --mode latency one network");
    }

    @Test
    void shouldExplainNetworkAllInTheHelp() {
        CommandRun run = CommandRun.of("bench", "--help");
        assertThat(run.out()).contains("--network=IN-H..-OUT|all");
        // The description's paragraphs, read from the model: the usage help wraps them at any word.
        String help = String.join(" ", Main.commandLine().getSubcommands().get("bench").getCommandSpec().usageMessage()
                .description());
        assertThat(help).contains("--network all measures, one after the other in this process and on one broker, "
                + "the two networks with a target: 4-64-64-2 categorical with the defaults (target 0.5), then "
                + "17-256-256-6 gaussian with --events 200000 --warmup-events 100000 of its own (target 0.2).");
        assertThat(help).contains("It ends with a summary in Markdown, ready for BENCHMARKS.md");
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
