package io.policystream.cli;

import io.policystream.replay.ExportSummary;
import io.policystream.replay.LineFormat;
import io.policystream.replay.Position;
import io.policystream.replay.TopicExporter;
import io.policystream.replay.UnwritableRecordException;
import java.io.FilterWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code policystream export}: a range of a topic to a file of lines. */
@Command(name = "export", header = "Writes a range of a topic to a file of key<TAB>value lines.", mixinStandardHelpOptions = true,
        description = {
            "Writes the records of a topic between two positions to a file, one 'key<TAB>value' line each",
            "(the form 'train' reads), or with --format exact 'partition<TAB>timestamp<TAB>key<TAB>value'",
            "for an exact copy. Partitions are merged by record timestamp, then partition number; each",
            "partition keeps its offset order. A null key or value is written empty. A record that a line",
            "cannot hold (not UTF-8, a line break, a tab in the key) stops the export, naming it, unless",
            "--skip-unwritable. Shows a progress bar on a terminal; ends with a count on stderr.",
            "",
            "Positions (--from inclusive, --to exclusive): an offset of every partition (1200), epoch",
            "milliseconds (@1764000000000), an ISO-8601 time with a zone (2026-11-25T10:00:00Z),",
            "'beginning' or 'end' (the end when the command starts).",
            "",
            "Examples:",
            "  policystream export --topic policystream.events --out events.tsv",
            "  policystream export --topic policystream.events --from 2026-11-25T10:00:00Z \\",
            "      --to @1764068400000 --out -"
        })
public final class ExportCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    KafkaOptions kafka;

    @Option(names = "--topic", required = true, paramLabel = "TOPIC", description = "The topic to read.")
    String topic;

    @Option(names = "--from", paramLabel = "POS", defaultValue = "beginning", converter = PositionConverter.class,
            description = "First position, inclusive (default: ${DEFAULT-VALUE}).")
    Position from;

    @Option(names = "--to", paramLabel = "POS", defaultValue = "end", converter = PositionConverter.class,
            description = "Last position, exclusive (default: ${DEFAULT-VALUE}, the end when the command starts).")
    Position to;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Where to write ('-' for stdout).")
    String out;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "kv", converter = LineFormatConverter.class,
            description = "kv: key<TAB>value (default); exact: partition<TAB>timestamp<TAB>key<TAB>value.")
    LineFormat format;

    @Option(names = "--skip-unwritable", description = "Leave out, and count, records a line cannot hold.")
    boolean skipUnwritable;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "30s", converter = DurationConverter.class,
            description = "Longest wait for Kafka or for the next record (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Override
    public Integer call() throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        ProgressBar bar = ProgressBar.onTerminal(err, "export");
        ExportSummary summary;
        try (Writer w = output()) {
            summary = new TopicExporter(kafka.clientProperties(), timeout)
                    .export(topic, from, to, format, skipUnwritable, w, bar);
        } catch (TimeoutException | org.apache.kafka.common.errors.TimeoutException e) {
            bar.finish();
            throw new UserException(ExitCodes.UNAVAILABLE, "Kafka at " + kafka.bootstrapServers()
                    + " did not deliver " + topic + " in time: " + e.getMessage());
        } catch (UnwritableRecordException e) {
            bar.finish();
            throw new UserException(ExitCodes.FAILED, e.getMessage() + "; --skip-unwritable leaves such records out");
        } catch (IllegalArgumentException e) {
            bar.finish();
            throw new UserException(ExitCodes.FAILED, e.getMessage());
        }
        bar.finish();
        int partitions = summary.ranges().size();
        err.println("exported " + summary.records() + " records of " + topic + " (" + partitions
                + (partitions == 1 ? " partition" : " partitions") + ", from " + from + " to " + to + ") to "
                + ("-".equals(out) ? "stdout" : out)
                + (summary.skipped() > 0 ? "; skipped " + summary.skipped() + " a line cannot hold" : ""));
        err.flush();
        return ExitCodes.OK;
    }

    private Writer output() {
        if ("-".equals(out)) {
            PrintWriter stdout = spec.commandLine().getOut();
            return new FilterWriter(stdout) {
                @Override
                public void close() {
                    stdout.flush();
                }
            };
        }
        try {
            return Files.newBufferedWriter(Path.of(out), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw UserException.usage("cannot write --out " + out + ": " + e.getMessage());
        }
    }
}
