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
}
