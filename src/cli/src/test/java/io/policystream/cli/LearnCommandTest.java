package io.policystream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.policystream.testkit.CommandRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The learner's command line: clear one-line errors and exit codes for what users get wrong. */
class LearnCommandTest {

    @TempDir
    Path dir;

    @Test
    void shouldExitWith3AndOneLineWhenKafkaCannotBeReached() {
        CommandRun run = CommandRun.of("learn", "--bootstrap-servers", "127.0.0.1:1", "--startup-timeout", "3s",
                "--state-dir", dir.toString());
        assertThat(run.exitCode()).isEqualTo(ExitCodes.UNAVAILABLE);
        assertThat(run.err()).startsWith("error: Kafka at 127.0.0.1:1 did not answer within 3 s: nothing listens at"
                + " 127.0.0.1:1 (connection refused)");
        assertThat(run.err().strip().lines()).hasSize(1);
    }

    @Test
    void shouldExitWith2AndOneLineForABootstrapAddressWithoutAPort() {
        CommandRun run = CommandRun.of("learn", "--bootstrap-servers", "127.0.0.1:", "--state-dir", dir.toString(),
                "--metrics-port", "0");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).isEqualTo("error: invalid Kafka settings: Invalid url in bootstrap.servers: 127.0.0.1:"
                + System.lineSeparator());
    }

    @Test
    void shouldExitWith2AndNameEveryBadKey() throws IOException {
        Path conf = dir.resolve("bad.properties");
        Files.writeString(conf, "learning.rate=-1\nbatch.trajectories=zero\npolicy.cp.gamma=2\n");
        CommandRun run = CommandRun.of("learn", "--config", conf.toString(), "--state-dir", dir.toString());
        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("learning.rate").contains("batch.trajectories").contains("policy.cp.gamma");
    }

    @Test
    void shouldExplainABadFlag() {
        CommandRun run = CommandRun.of("learn", "--startup-timeout", "soon");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("--startup-timeout");
    }

    @Test
    void shouldRefuseInitWithoutAPolicyShape() {
        CommandRun run = CommandRun.of("init", "--policy", "cp");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("--obs and --actions are required");
    }

    @Test
    void shouldExitWith3WhenInitCannotReachKafka() {
        CommandRun run = CommandRun.of("init", "--policy", "cp", "--obs", "4", "--actions", "2",
                "--bootstrap-servers", "127.0.0.1:1", "--timeout", "2s");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.UNAVAILABLE);
        assertThat(run.err()).contains("did not answer within 2 s");
    }

    @Test
    void shouldPrintHelpForEveryCommand() {
        for (String cmd : new String[] {"broker", "topics", "init", "learn", "train", "serve", "simulate", "demo",
            "export", "import", "evaluate", "replay", "promote", "rollback", "bench"}) {
            CommandRun run = CommandRun.of(cmd, "--help");
            assertThat(run.exitCode()).as(cmd).isZero();
            assertThat(run.out()).as(cmd).contains("Usage: policystream " + cmd);
        }
    }

    @Test
    void shouldKeepTheDescriptionsLinesAsWritten() {
        assertThat(CommandRun.of("demo", "--help").out())
                .contains("Watch PolicyStream learn, with nothing to set up: starts a real Kafka broker inside this"
                        + System.lineSeparator() + "process, creates the topics");
    }
}
