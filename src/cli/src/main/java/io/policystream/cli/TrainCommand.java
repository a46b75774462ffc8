package io.policystream.cli;

import io.policystream.config.LearnerConfig;
import io.policystream.policy.PolicyParams;
import io.policystream.offline.FileTrainer;
import io.policystream.offline.TrainingSummary;
import io.policystream.wire.ParamsCodec;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.FilterWriter;
import java.io.Writer;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code policystream train}: learn from a file of recorded events, without Kafka. */
@Command(name = "train", header = "Trains a policy offline from a file of recorded events.", mixinStandardHelpOptions = true,
        description = {
            "Trains a policy offline from a file of recorded events, exactly as the Kafka learner would.",
            "",
            "EVENTS has one event JSON per line, or 'key<TAB>json' lines as 'kcat -K\\t' writes them.",
            "Every new params version is written to OUT as one JSON line, in order. Invalid lines are",
            "reported on stderr with their line number and reason and never stop the run; a summary",
            "line ends the output on stderr.",
            "",
            "Example:",
            "  policystream train --events examples/cartpole-events.jsonl \\",
            "      --init examples/cartpole-params-v0.json --config examples/vanilla.properties \\",
            "      --out versions.jsonl"
        })
public final class TrainCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--events", required = true, paramLabel = "EVENTS",
            description = "Recorded events, JSON lines ('-' reads standard input).")
    String events;

    @Option(names = "--init", required = true, paramLabel = "PARAMS0",
            description = "Initial params JSON of a policy (version 0); repeat for several policies.")
    List<Path> init = new ArrayList<>();

    @Option(names = "--config", paramLabel = "CONF",
            description = "Learner configuration (Java properties); the documented defaults when omitted.")
    Path config;

    @Option(names = "--out", paramLabel = "OUT", defaultValue = "-",
            description = "Where to write the new versions, one JSON line each ('-' for standard output, the default).")
    String out;

    @Override
    public Integer call() throws IOException {
        LearnerConfig conf = Configs.load(config);
        ParamsCodec codec = new ParamsCodec();
        List<PolicyParams> initial = new ArrayList<>();
        for (Path p : init) {
            initial.add(Configs.readParams(p, codec));
        }
        PrintWriter err = spec.commandLine().getErr();
        FileTrainer trainer = new FileTrainer(conf, initial);
        TrainingSummary summary;
        try (BufferedReader in = open(events); Writer w = output(out)) {
            summary = trainer.run(in, params -> write(w, codec.encodeToString(params)), err);
            w.flush();
        } catch (UncheckedIOException e) {
            throw new UserException(ExitCodes.FAILED, "cannot write " + out + ": " + e.getCause().getMessage());
        }
        err.println("train: " + summary.line());
        err.flush();
        return ExitCodes.OK;
    }

    private BufferedReader open(String file) {
        if ("-".equals(file)) {
            return new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        }
        try {
            return Files.newBufferedReader(Path.of(file), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw UserException.usage("cannot read --events " + file + ": " + Configs.reason(e));
        }
    }

    private Writer output(String file) {
        if ("-".equals(file)) {
            PrintWriter stdout = spec.commandLine().getOut();
            return new FilterWriter(stdout) {
                @Override
                public void close() {
                    stdout.flush();
                }
            };
        }
        try {
            return Files.newBufferedWriter(Path.of(file), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw UserException.usage("cannot write --out " + file + ": no such directory "
                    + Path.of(file).toAbsolutePath().getParent());
        } catch (IOException e) {
            throw UserException.usage("cannot write --out " + file + ": " + Configs.reason(e));
        }
    }

    private static void write(Writer w, String json) {
        try {
            w.write(json);
            w.write('\n');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
