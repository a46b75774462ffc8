package io.policystream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Bad flags of export, import, replay, promote and rollback: exit code 2 and one clear line, before any I/O. */
class ReplayFlagsTest {

    private static CliRun run(Object command, String... args) {
        CliRun run = new CliRun(command);
        run.execute(args);
        return run;
    }

    @Test
    void shouldRefuseAPositionThatIsNotOne() {
        CliRun run = run(new ExportCommand(), "--topic", "t", "--out", "-", "--from", "yesterday");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err().lines().findFirst().orElseThrow()).startsWith("error: ")
                .contains("'yesterday' is not a position");
    }

    @Test
    void shouldAskForAZoneOnATimeWithout() {
        CliRun run = run(new ExportCommand(), "--topic", "t", "--out", "-", "--to", "2026-11-25T10:00:00");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("a time needs a zone");
    }

    @Test
    void shouldRefuseAnUnknownFormat() {
        CliRun run = run(new ImportCommand(), "--file", "x.tsv", "--topic", "t", "--format", "csv");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("'csv' is not a format; use kv or exact");
    }

    @Test
    void shouldRefuseAMissingImportFile() {
        CliRun run = run(new ImportCommand(), "--file", "/nonexistent/x.tsv", "--topic", "t");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err().strip()).isEqualTo("error: cannot read --file /nonexistent/x.tsv: no such readable file");
    }

    @Test
    void shouldRequireTheTopicOfAnExport() {
        CliRun run = run(new ExportCommand(), "--out", "-");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("--topic");
    }

    @Test
    void shouldRefuseABadInitVersionAndPolicyOfAReplay() {
        CliRun negative = run(new ReplayCommand(), "--params-topic", "s", "--init-version", "-3");
        CliRun badPolicy = run(new ReplayCommand(), "--params-topic", "s", "--policy", "no spaces");

        assertThat(negative.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(negative.err().strip()).isEqualTo("error: --init-version must be >= 0, not -3");
        assertThat(badPolicy.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(badPolicy.err().strip()).isEqualTo("error: --policy 'no spaces' must match [A-Za-z0-9._-]{1,64}");
    }

    @Test
    void shouldRequireTheShadowTopicOfAReplayAndTheVersionOfAPromotion() {
        CliRun replay = run(new ReplayCommand(), "--from", "0");
        CliRun promote = run(new PromoteCommand(), "--from-topic", "s", "--policy", "p");
        CliRun notANumber = run(new RollbackCommand(), "--policy", "p", "--to", "latest");

        assertThat(replay.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(replay.err()).contains("--params-topic");
        assertThat(promote.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(promote.err()).contains("--version");
        assertThat(notANumber.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(notANumber.err()).contains("latest");
    }
}
