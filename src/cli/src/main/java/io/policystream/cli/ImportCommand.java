package io.policystream.cli;

import io.policystream.replay.ImportSummary;
import io.policystream.replay.LineFormat;
import io.policystream.replay.TopicImporter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code policystream import}: the lines of an export file back to a topic. */
@Command(name = "import", header = "Produces the lines of an exported file back to a topic, idempotently.", mixinStandardHelpOptions = true,
        description = {
            "Produces the lines of a file written by 'export' to a topic, keyed, in file order, with an",
            "idempotent producer. kv lines go to the partition of their key (null keys round-robin);",
            "exact lines to the partition and with the timestamp they name.",
            "",
            "Safe to run again: the topic is read first, records it already holds from an earlier import",
            "of the same file are skipped, and only the rest is written, so two runs write the file once",
            "and an interrupted run resumes. If the topic holds anything else the import is refused",
            "before writing; --append writes every line anyway. The whole file is checked before the",
            "first record is written. The topic must exist.",
            "",
            "Example:",
            "  policystream import --file events.tsv --topic copy.events"
        })
public final class ImportCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    KafkaOptions kafka;

    @Option(names = "--file", required = true, paramLabel = "FILE", description = "The file to read ('-' for stdin).")
    String file;

    @Option(names = "--topic", required = true, paramLabel = "TOPIC", description = "The topic to write to.")
    String topic;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "kv", converter = LineFormatConverter.class,
            description = "kv: key<TAB>value (default); exact: partition<TAB>timestamp<TAB>key<TAB>value.")
    LineFormat format;

    @Option(names = "--append", description = "Write every line even when the topic already holds records.")
    boolean append;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "30s", converter = DurationConverter.class,
            description = "Longest wait for Kafka (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Override
    public Integer call() throws IOException, InterruptedException {
        PrintWriter err = spec.commandLine().getErr();
        Path input = input();
        ProgressBar bar = ProgressBar.onTerminal(err, "import");
        ImportSummary summary;
        try {
            summary = new TopicImporter(kafka.clientProperties(), timeout).importFile(input, topic, format, append, bar);
        } catch (TimeoutException | org.apache.kafka.common.errors.TimeoutException e) {
            throw new UserException(ExitCodes.UNAVAILABLE, "Kafka at " + kafka.bootstrapServers()
                    + " did not answer in time: " + e.getMessage());
        } catch (ExecutionException | IllegalArgumentException e) {
            throw new UserException(ExitCodes.FAILED, e.getMessage());
        } finally {
            bar.finish();
            if (!input.toString().equals(file)) {
                Files.deleteIfExists(input);
            }
        }
        err.println("imported " + summary.produced() + " records to " + topic + " (" + summary.records()
                + " in the file, " + summary.alreadyPresent() + " already there)");
        err.flush();
        return ExitCodes.OK;
    }

    /** The file to read twice (check, then produce); stdin is saved to a temporary file first. */
    private Path input() throws IOException {
        if (!"-".equals(file)) {
            Path p = Path.of(file);
            if (!Files.isReadable(p)) {
                throw UserException.usage("cannot read --file " + file + ": no such readable file");
            }
            return p;
        }
        Path tmp = Files.createTempFile("policystream-import-", ".tsv");
        Files.copy(System.in, tmp, StandardCopyOption.REPLACE_EXISTING);
        return tmp;
    }
}
