package io.policystream.cli.bench;

import io.policystream.cli.ExitCodes;
import io.policystream.cli.UserException;

import io.policystream.perf.BenchCase;
import io.policystream.perf.EndToEndBench;
import io.policystream.perf.ScaleOutBench;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code policystream bench}: the end-to-end throughput benchmark. */
@Command(name = "bench", header = "Measures the learner against a pass-through topology on the same topic.", mixinStandardHelpOptions = true,
        description = {
            "Measures the learner against the physical limit, on one events topic in one run: fills a topic "
                + "with recorded-style episodes, runs a pass-through Kafka Streams topology with the same "
                + "processing guarantee (how fast Kafka can deliver), then the learner from a fresh application "
                + "id until every trajectory is in a published version, and prints the ratio learner / "
                + "pass-through. It ends with a summary in Markdown, ready for BENCHMARKS.md: a row per network "
                + "(events/s of both, the ratio, the target and whether it is met, the learner's CPU per event in "
                + "all and by thread, the bytes the broker took in per event), under the command, the date (UTC) "
                + "and the machine.",
            "",
            "--network all measures, one after the other in this process and on one broker, the two networks "
                + "with a target: 4-64-64-2 categorical with the defaults (target 0.5), then 17-256-256-6 "
                + "gaussian with --events 200000 --warmup-events 100000 of its own (target 0.2). An --events or "
                + "--warmup-events given applies to both networks; the other options apply to both as well. "
                + "The summary has a row for each. It measures throughput only, and takes no --gaussian: the "
                + "networks have their own distributions.",
            "",
            "--mode latency puts a steady load on the learner and prints, per trajectory, the time from its "
                + "last event to the version that learned from it and to the moment a read_committed reader "
                + "sees that version (p50, p99, max), once the learner has caught up with the load.",
            "",
            "--mode memory opens many episodes and prints the heap after a GC, the state directory's size "
                + "and the process's resident memory.",
            "",
            "--mode scale-out fills the topic once, then runs one learner as its own JVM (a 'policystream "
                + "learn' process) until every trajectory is learned, then two learner JVMs sharing one "
                + "application id on the same topic. It prints the events/s of one and of two, the events "
                + "partitions each of the two held, and the trajectories published in each case, which must "
                + "be equal. On a small machine the JVMs share the cores, so expect the split and the counts "
                + "to hold, not a speed-up. It must run from the jar (java -jar policystream-bench.jar).",
            "",
            "The benchmarks are not in the product jar: this command is in target/policystream-bench.jar "
                + "(the bench module, src/bench), built beside target/policystream.jar, from which it takes "
                + "everything else. Run it as java -jar target/policystream-bench.jar bench [options].",
            "",
            "Examples:",
            "  policystream bench --events 1000000 --partitions 4 --network 4-64-64-2",
            "  policystream bench --network all",
            "  policystream bench --mode latency --rate 20000 --seconds 120 --commit-interval 20",
            "  policystream bench --mode scale-out --events 1000000 --partitions 4"
        })
public final class BenchCommand implements Callable<Integer> {
    private static final List<String> MODES = List.of("throughput", "latency", "memory", "scale-out");

    @Spec
    CommandSpec spec;

    @Option(names = "--events", defaultValue = "" + EndToEndBench.DEFAULT_EVENTS, paramLabel = "N",
            description = "Events to fill the topic with (default: ${DEFAULT-VALUE}; with --network all, "
                    + "200000 for 17-256-256-6).")
    long events;

    @Option(names = "--partitions", defaultValue = "4", paramLabel = "N",
            description = "Partitions of the events topic (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Option(names = "--network", defaultValue = "4-64-64-2", paramLabel = "IN-H..-OUT|all",
            description = "Network sizes, input to output, or all: 4-64-64-2 categorical, then 17-256-256-6 "
                    + "gaussian with events of its own, as described above (default: ${DEFAULT-VALUE}).")
    String network;

    @Option(names = "--gaussian", description = "A gaussian policy instead of a categorical one.")
    boolean gaussian;

    @Option(names = "--guarantee", defaultValue = "exactly_once_v2", paramLabel = "G",
            description = "exactly_once_v2 or at_least_once (default: ${DEFAULT-VALUE}).")
    String guarantee;

    @Option(names = "--batch", defaultValue = "8", paramLabel = "M",
            description = "batch.trajectories (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--episode-length", defaultValue = "50", paramLabel = "T",
            description = "Steps per episode (default: ${DEFAULT-VALUE}).")
    int episodeLength;

    @Option(names = "--preaggregate", defaultValue = "1", paramLabel = "K",
            hidden = true, description = "Retired with gradient.preaggregate (no effect since 2026-12); accepted so that recorded commands still run.")
    int preaggregate;

    @Option(names = "--commit-interval", defaultValue = "100", paramLabel = "MS",
            description = "commit.interval.ms of both applications (default: ${DEFAULT-VALUE}).")
    long commitInterval;

    @Option(names = "--threads", defaultValue = "1", paramLabel = "N",
            description = "Stream threads of the learner and the pass-through (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--learner-config", paramLabel = "KEY=VALUE",
            description = "A learner setting (docs/configuration.md) on top of the bench's own, for experiments "
                    + "such as --learner-config gradient.threads=0; repeatable. The headline targets hold for the "
                    + "defaults.")
    Map<String, String> learnerConfig = new java.util.LinkedHashMap<>();

    @Option(names = "--mode", defaultValue = "throughput", paramLabel = "MODE",
            description = "throughput (learner vs pass-through), latency (steady load, update latency "
                    + "percentiles), memory (many open episodes) or scale-out (one learner JVM, then two "
                    + "sharing the partitions; needs --partitions 2 or more) (default: ${DEFAULT-VALUE}).")
    String mode;

    @Option(names = "--warmup-events", defaultValue = "" + EndToEndBench.DEFAULT_WARMUP_EVENTS, paramLabel = "N",
            description = "Events of the unmeasured warm-up round of --mode throughput, on topics of its own, "
                    + "so the JIT compiler is mostly done before the timing starts (with 200,000 it was still "
                    + "compiling, a few us of CPU per event, through the measured learner); 0 skips it "
                    + "(default: ${DEFAULT-VALUE}; with --network all, 100000 for 17-256-256-6).")
    long warmupEvents;

    @Option(names = "--rate", defaultValue = "20000", paramLabel = "EVENTS/S",
            description = "Steady load of --mode latency (default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--seconds", defaultValue = "120", paramLabel = "S",
            description = "Duration of --mode latency: S/2 seconds of warm-up (the JIT), longer until the learner "
                    + "has caught up with the load that came meanwhile (at most S more), then S/2 seconds measured "
                    + "(default: ${DEFAULT-VALUE}).")
    int seconds;

    @Option(names = "--open-episodes", defaultValue = "100000", paramLabel = "N",
            description = "Open episodes of --mode memory (default: ${DEFAULT-VALUE}).")
    int openEpisodes;

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT",
            description = "Use this cluster instead of an embedded broker.")
    String bootstrapServers;

    @Override
    public Integer call() throws Exception {
        if (!MODES.contains(mode)) {
            throw UserException.usage("--mode must be throughput, latency, memory or scale-out, not '" + mode + "'");
        }
        List<BenchCase> cases = NetworkOption.cases(network, gaussian, given("--events", events),
                given("--warmup-events", warmupEvents));
        if (cases.size() > 1 && !mode.equals("throughput")) {
            throw UserException.usage("--network all measures throughput only: give --mode " + mode
                    + " one network, e.g. --network 4-64-64-2");
        }
        if (!guarantee.equals("exactly_once_v2") && !guarantee.equals("at_least_once")) {
            throw UserException.usage("--guarantee must be exactly_once_v2 or at_least_once");
        }
        if (events < 1 || partitions < 1 || batch < 1 || episodeLength < 1 || preaggregate < 1 || commitInterval < 0
                || threads < 1 || warmupEvents < 0) {
            throw UserException.usage("--events, --partitions, --batch, --episode-length, --preaggregate and --threads must be at least 1, --commit-interval and --warmup-events at least 0");
        }
        BenchCase first = cases.get(0);
        EndToEndBench.Settings settings = new EndToEndBench.Settings(first.events(), partitions, first.hidden(),
                first.obs(), first.actions(), first.gaussian(), guarantee, batch, episodeLength, bootstrapServers,
                preaggregate, commitInterval, threads, learnerConfig);
        switch (mode) {
            case "throughput" -> EndToEndBench.throughput(settings, cases, commandLine(), spec.commandLine().getOut());
            case "latency" -> EndToEndBench.latency(settings, rate, seconds, spec.commandLine().getOut());
            case "memory" -> EndToEndBench.memory(settings, openEpisodes, spec.commandLine().getOut());
            case "scale-out" -> {
                if (partitions < 2) {
                    throw UserException.usage("--mode scale-out needs --partitions 2 or more: two learners split "
                            + "the partitions of the events topic");
                }
                java.nio.file.Path jar = ScaleOutBench.ownJar().orElseThrow(() -> UserException.usage(
                        "--mode scale-out starts learner JVMs from the policystream jar: run it as "
                                + "java -jar policystream-bench.jar bench --mode scale-out"));
                ScaleOutBench.run(settings, jar, spec.commandLine().getOut());
            }
            default -> throw new IllegalStateException("a mode not in MODES: " + mode);
        }
        return ExitCodes.OK;
    }

    /** The option's value when the command line gave it, else empty (its default is not the user's choice). */
    private OptionalLong given(String option, long value) {
        return spec.commandLine().getParseResult().hasMatchedOption(option) ? OptionalLong.of(value)
                : OptionalLong.empty();
    }

    /** The command as typed, from the subcommand on ({@code bench --network all}), for the summary. */
    private String commandLine() {
        return spec.root().commandLine().getParseResult().originalArgs().stream()
                .map(a -> a.isEmpty() || a.matches(".*[\\s'\"`|].*") ? "'" + a.replace("'", "'\\''") + "'" : a)
                .collect(Collectors.joining(" "));
    }
}
