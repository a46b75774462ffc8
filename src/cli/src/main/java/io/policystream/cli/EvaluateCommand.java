package io.policystream.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.policystream.client.ParamsTopic;
import io.policystream.config.LearnerConfig;
import io.policystream.eval.BootstrapSettings;
import io.policystream.eval.Estimator;
import io.policystream.eval.EstimatorResult;
import io.policystream.eval.EvaluationReport;
import io.policystream.eval.EvaluationSettings;
import io.policystream.eval.PolicyEvaluation;
import io.policystream.eval.SkipReason;
import io.policystream.eval.TargetEvaluation;
import io.policystream.eval.ValueModelChoice;
import io.policystream.policy.PolicyParams;
import io.policystream.replay.RecordRange;
import io.policystream.offline.RecordedTrajectories;
import io.policystream.trajectory.Trajectory;
import io.policystream.wire.ParamsCodec;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.common.KafkaException;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code policystream evaluate}: how well would another policy have done on the recorded episodes? */
@Command(name = "evaluate", header = "Estimates how a policy would have done on recorded episodes (off-policy).",
        description = {
            "Estimates what a target policy's average return would have been on the episodes recorded",
            "from another (the behaviour) policy, without running it: off-policy evaluation with",
            "importance sampling (IS, WIS, PDIS, PDWIS) and, with a value model, doubly robust (DR, WDR)",
            "estimators. Each estimate comes with a 95%% bootstrap interval, its effective sample size",
            "(ESS: how many recorded episodes it is really worth) and the largest weight's share.",
            "Trust an estimate only when its ESS is large; a warning says when it is below --min-ess.",
            "",
            "Events come from a file (--events) or a topic (--topic, optionally --from/--to: an offset,",
            "@epoch-ms or an ISO-8601 time). Targets are params files (--params), versions from the",
            "history topic (--version), or the latest version (--latest); give several to compare them.",
            "",
            "Examples:",
            "  policystream evaluate --events examples/cartpole-events.jsonl --params candidate.json",
            "  policystream evaluate --topic policystream.events --from 2025-11-24T10:00:00Z \\",
            "      --policy cartpole --version 10 --version 20 --latest",
            "  policystream evaluate --events recorded.jsonl --params a.json --params b.json --json"
        })
public final class EvaluateCommand implements Callable<Integer> {

    // Only -h/--help: '--version N' names a target version here, not the program's version.
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @Spec
    CommandSpec spec;

    @Mixin
    KafkaOptions kafka;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Input input;

    static final class Input {
        @Option(names = "--events", paramLabel = "FILE",
                description = "Recorded events: one event JSON or 'key<TAB>json' per line ('-' reads standard input).")
        String events;

        @Option(names = "--topic", paramLabel = "TOPIC", description = "An events topic to read, e.g. policystream.events.")
        String topic;
    }

    @Option(names = "--from", paramLabel = "POS",
            description = "Start of the topic range (inclusive): an offset, @epoch-ms, or an ISO-8601 time. Default: the beginning.")
    String from;

    @Option(names = "--to", paramLabel = "POS",
            description = "End of the topic range (exclusive), same forms as --from. Default: the end when reading starts.")
    String to;

    @Option(names = "--params", paramLabel = "FILE", description = "A target policy's params JSON; repeatable.")
    List<Path> params = new ArrayList<>();

    @Option(names = "--version", paramLabel = "N", description = "A target version from --history-topic; repeatable.")
    List<Long> versions = new ArrayList<>();

    @Option(names = "--latest", description = "Add the latest version on --params-topic as a target.")
    boolean latest;

    @Option(names = "--history-topic", paramLabel = "TOPIC", defaultValue = "policystream.params.history",
            description = "Topic holding every params version (default: ${DEFAULT-VALUE}).")
    String historyTopic;

    @Option(names = "--params-topic", paramLabel = "TOPIC", defaultValue = "policystream.params",
            description = "Compacted topic holding the latest params (default: ${DEFAULT-VALUE}).")
    String paramsTopic;

    @Option(names = "--policy", paramLabel = "ID",
            description = "Whose episodes to evaluate on, and whose versions --version and --latest mean. Default: the targets' policy.")
    String policy;

    @Option(names = "--gamma", paramLabel = "G", defaultValue = "1.0",
            description = "Discount of the estimated return sum_t G^t r_t, in [0, 1] (default: ${DEFAULT-VALUE}).")
    double gamma;

    @Option(names = "--bootstrap", paramLabel = "B", defaultValue = "1000",
            description = "Bootstrap resamples for the intervals; 0 for point estimates only (default: ${DEFAULT-VALUE}).")
    int bootstrap;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "0",
            description = "Seed of the bootstrap, so intervals can be reproduced (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--min-ess", paramLabel = "X", defaultValue = "10",
            description = "Warn when an estimator's effective sample size is below X trajectories, or below this "
                    + "fraction of the trajectories used when X < 1 (default: ${DEFAULT-VALUE}).")
    double minEss;

    @Option(names = "--value-model", paramLabel = "KIND", defaultValue = "auto",
            description = "Value model of DR and WDR: auto (the target's learned value network, else fitted), learned, "
                    + "fitted or none (default: ${DEFAULT-VALUE}).")
    String valueModel;

    @Option(names = "--config", paramLabel = "CONF",
            description = "Learner configuration whose assembly rules (grace, timeouts, max.episode.steps) apply.")
    Path config;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "60s", converter = DurationConverter.class,
            description = "Longest time to read a topic (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(names = "--json", description = "Print the results as one JSON object instead of tables.")
    boolean json;

    /** A target and where it came from. */
    record Target(PolicyParams params, String source) {
    }

    @Override
    public Integer call() throws IOException {
        ValueModelChoice choice = validate();
        LearnerConfig conf = Configs.load(config);
        List<Target> targets = loadTargets();
        Set<String> policies = new LinkedHashSet<>();
        if (policy != null) {
            policies.add(policy);
        } else {
            targets.forEach(t -> policies.add(t.params().policy()));
        }
        RecordedTrajectories recorded = new RecordedTrajectories(conf, policies::contains);
        readEvents(recorded);
        List<Trajectory> all = recorded.finish();
        EvaluationSettings settings = new EvaluationSettings(gamma,
                new BootstrapSettings(bootstrap, seed, BootstrapSettings.DEFAULT_LEVEL), choice);
        List<TargetEvaluation> evaluations = new ArrayList<>();
        for (Target t : targets) {
            String episodesOf = policy != null ? policy : t.params().policy();
            List<Trajectory> mine = all.stream().filter(tr -> tr.policy().equals(episodesOf)).toList();
            evaluations.add(PolicyEvaluation.evaluate(t.params(), mine, settings));
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(toJson(recorded, targets, evaluations));
        } else {
            printTables(out, recorded, targets, evaluations);
        }
        out.flush();
        boolean anyEmpty = evaluations.stream().anyMatch(e -> e.report() == null);
        if (anyEmpty) {
            spec.commandLine().getErr().println("evaluate: a target had no trajectory to evaluate on; see the counts");
            spec.commandLine().getErr().flush();
            return ExitCodes.FAILED;
        }
        return ExitCodes.OK;
    }

    private ValueModelChoice validate() {
        if (input.events != null && (from != null || to != null)) {
            throw UserException.usage("--from and --to select a range of --topic; they do not apply to --events");
        }
        if (params.isEmpty() && versions.isEmpty() && !latest) {
            throw UserException.usage("no target policy: give --params FILE, --version N or --latest");
        }
        if (!(gamma >= 0.0 && gamma <= 1.0)) {
            throw UserException.usage("--gamma must be in [0, 1], not " + gamma);
        }
        if (bootstrap < 0) {
            throw UserException.usage("--bootstrap must be >= 0, not " + bootstrap);
        }
        if (!(minEss >= 0.0)) {
            throw UserException.usage("--min-ess must be >= 0, not " + minEss);
        }
        ValueModelChoice choice = ValueModelChoice.fromCode(valueModel);
        if (choice == null) {
            throw UserException.usage("--value-model must be auto, learned, fitted or none, not '" + valueModel + "'");
        }
        return choice;
    }

    private List<Target> loadTargets() {
        List<Target> out = new ArrayList<>();
        ParamsCodec codec = new ParamsCodec();
        for (Path p : params) {
            out.add(new Target(Configs.readParams(p, codec), p.toString()));
        }
        if (!versions.isEmpty()) {
            List<PolicyParams> history = readParamsTopic(historyTopic);
            String id = policyOf(history, historyTopic);
            for (long v : versions) {
                PolicyParams found = history.stream().filter(p -> p.policy().equals(id) && p.version() == v)
                        .reduce((a, b) -> b).orElseThrow(() -> UserException.usage("version " + v + " of policy "
                                + id + " is not on " + historyTopic + " (it may have expired)"));
                out.add(new Target(found, historyTopic));
            }
        }
        if (latest) {
            List<PolicyParams> all = readParamsTopic(paramsTopic);
            String id = policyOf(all, paramsTopic);
            PolicyParams last = all.stream().filter(p -> p.policy().equals(id)).reduce((a, b) -> b).orElseThrow();
            out.add(new Target(last, paramsTopic + " (latest)"));
        }
        return out;
    }

    /** --policy, or the only policy on the topic. */
    private String policyOf(List<PolicyParams> onTopic, String topic) {
        Set<String> ids = new LinkedHashSet<>();
        onTopic.forEach(p -> ids.add(p.policy()));
        if (policy != null) {
            if (!ids.contains(policy)) {
                throw UserException.usage("policy " + policy + " has no params on " + topic);
            }
            return policy;
        }
        if (ids.size() != 1) {
            throw UserException.usage(ids.isEmpty() ? "no params on " + topic
                    : topic + " holds several policies " + ids + "; choose one with --policy");
        }
        return ids.iterator().next();
    }

    private List<PolicyParams> readParamsTopic(String topic) {
        try {
            return ParamsTopic.readAll(kafka.clientProperties(), topic, timeout);
        } catch (TimeoutException e) {
            throw new UserException(ExitCodes.UNAVAILABLE, e.getMessage() + " at " + kafka.bootstrapServers());
        } catch (IllegalStateException e) {
            throw UserException.usage(e.getMessage());
        } catch (KafkaException e) {
            throw new UserException(ExitCodes.UNAVAILABLE, "cannot read " + topic + ": " + e.getMessage());
        }
    }

    private void readEvents(RecordedTrajectories recorded) throws IOException {
        if (input.events != null) {
            try (BufferedReader in = "-".equals(input.events)
                    ? new BufferedReader(new java.io.InputStreamReader(System.in, StandardCharsets.UTF_8))
                    : Files.newBufferedReader(Path.of(input.events), StandardCharsets.UTF_8)) {
                String line;
                while ((line = in.readLine()) != null) {
                    recorded.acceptLine(line);
                }
            } catch (java.nio.file.NoSuchFileException e) {
                throw UserException.usage("cannot read --events " + input.events + ": no such file");
            }
            return;
        }
        RecordRange.Position start;
        RecordRange.Position end;
        try {
            start = from == null ? null : RecordRange.parse(from);
            end = to == null ? null : RecordRange.parse(to);
        } catch (IllegalArgumentException e) {
            throw UserException.usage("--from/--to: " + e.getMessage());
        }
        try {
            RecordRange.read(kafka.clientProperties(), input.topic, start, end, timeout,
                    r -> recorded.accept(r.partition(), r.key(), r.value(), r.timestamp()));
        } catch (TimeoutException e) {
            throw new UserException(ExitCodes.UNAVAILABLE, e.getMessage() + " at " + kafka.bootstrapServers());
        } catch (IllegalStateException e) {
            throw UserException.usage(e.getMessage());
        } catch (KafkaException e) {
            throw new UserException(ExitCodes.UNAVAILABLE, "cannot read " + input.topic + ": " + e.getMessage());
        }
    }

    private double essThreshold(int used) {
        return minEss < 1.0 ? minEss * used : minEss;
    }

    /** Trajectories left out for this target: by the reader (dropped, invalid) and by the target's checks. */
    private static Map<String, Long> skipped(RecordedTrajectories recorded, TargetEvaluation ev) {
        Map<String, Long> out = new LinkedHashMap<>();
        if (recorded.dropped() > 0) {
            out.put("dropped", recorded.dropped());
        }
        if (recorded.invalidEpisodes() > 0) {
            out.put("invalid-event", recorded.invalidEpisodes());
        }
        for (SkipReason r : SkipReason.values()) {
            Long n = ev.skipped().get(r);
            if (n != null) {
                out.put(r.code(), n);
            }
        }
        return out;
    }

    private void printTables(PrintWriter out, RecordedTrajectories recorded, List<Target> targets,
                             List<TargetEvaluation> evaluations) {
        out.printf(Locale.ROOT, "input: %d records, %d events, %d duplicates, %d invalid%s, %d of other policies; "
                        + "episodes: %d complete, %d timed out, %d dropped%n", recorded.records(), recorded.events(),
                recorded.duplicates(), recorded.invalid().values().stream().mapToLong(Long::longValue).sum(),
                recorded.invalid().isEmpty() ? "" : " " + recorded.invalid(), recorded.otherPolicies(),
                recorded.completed(), recorded.timedOut(), recorded.dropped());
        for (int k = 0; k < targets.size(); k++) {
            Target t = targets.get(k);
            TargetEvaluation ev = evaluations.get(k);
            out.println();
            out.printf(Locale.ROOT, "target %s v%d (%s)%n", ev.policy(), ev.version(), t.source());
            Map<String, Long> skipped = skipped(recorded, ev);
            out.printf(Locale.ROOT, "trajectories: %d used, %d skipped%s%n", ev.used(),
                    skipped.values().stream().mapToLong(Long::longValue).sum(), skipped.isEmpty() ? "" : " " + skipped);
            EvaluationReport r = ev.report();
            if (r == null) {
                out.println("no trajectory to evaluate on");
                continue;
            }
            out.printf(Locale.ROOT, "behaviour's average return: %s (gamma %s)%n", num(r.behaviourReturn()), gamma);
            out.printf(Locale.ROOT, "value model: %s%n", ev.valueModel());
            out.printf(Locale.ROOT, "%-9s %12s  %-27s %9s %12s%n", "estimator", "estimate", "95% CI", "ESS",
                    "max weight");
            for (EstimatorResult e : r.results()) {
                String ci = e.hasInterval() ? "[" + num(e.ciLow()) + ", " + num(e.ciHigh()) + "]" : "-";
                out.printf(Locale.ROOT, "%-9s %12s  %-27s %9.1f %12.3f%n", e.estimator().label(), num(e.estimate()),
                        ci, e.effectiveSampleSize(), e.maxWeightShare());
            }
            r.unavailable().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(u ->
                    out.printf(Locale.ROOT, "%-9s %12s  (%s)%n", u.getKey().label(), "n/a", u.getValue()));
            List<EstimatorResult> low = r.lowEffectiveSampleSize(essThreshold(r.trajectories()));
            if (!low.isEmpty()) {
                out.printf(Locale.ROOT, "warning: effective sample size below %.1f for %s: the target is too far from "
                                + "the behaviour policy for these estimates to be trusted%n",
                        essThreshold(r.trajectories()),
                        String.join(", ", low.stream().map(e -> e.estimator().label()).toList()));
            }
        }
        if (targets.size() > 1) {
            out.println();
            out.println("comparison (estimates; ESS in parentheses)");
            StringBuilder head = new StringBuilder(String.format(Locale.ROOT, "%-28s %10s", "target", "behaviour"));
            for (Estimator e : Estimator.values()) {
                head.append(String.format(Locale.ROOT, " %18s", e.label()));
            }
            out.println(head);
            for (int k = 0; k < targets.size(); k++) {
                TargetEvaluation ev = evaluations.get(k);
                StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "%-28s %10s",
                        ev.policy() + " v" + ev.version(), ev.report() == null ? "-" : num(ev.report().behaviourReturn())));
                for (Estimator e : Estimator.values()) {
                    EstimatorResult res = ev.report() == null ? null : ev.report().result(e);
                    row.append(String.format(Locale.ROOT, " %18s", res == null ? "n/a"
                            : num(res.estimate()) + " (" + String.format(Locale.ROOT, "%.0f", res.effectiveSampleSize())
                            + ")"));
                }
                out.println(row);
            }
        }
    }

    private String toJson(RecordedTrajectories recorded, List<Target> targets, List<TargetEvaluation> evaluations) {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = mapper.createObjectNode();
        ObjectNode in = root.putObject("input");
        in.put("records", recorded.records());
        in.put("events", recorded.events());
        in.put("duplicates", recorded.duplicates());
        ObjectNode invalid = in.putObject("invalid");
        recorded.invalid().forEach(invalid::put);
        in.put("otherPolicies", recorded.otherPolicies());
        in.put("completed", recorded.completed());
        in.put("timedOut", recorded.timedOut());
        in.put("dropped", recorded.dropped());
        root.put("gamma", gamma);
        root.put("bootstrap", bootstrap);
        root.put("seed", seed);
        ArrayNode list = root.putArray("targets");
        for (int k = 0; k < targets.size(); k++) {
            TargetEvaluation ev = evaluations.get(k);
            ObjectNode t = list.addObject();
            t.put("policy", ev.policy());
            t.put("version", ev.version());
            t.put("source", targets.get(k).source());
            t.put("used", ev.used());
            ObjectNode skipped = t.putObject("skipped");
            skipped(recorded, ev).forEach(skipped::put);
            t.put("valueModel", ev.valueModel());
            EvaluationReport r = ev.report();
            if (r == null) {
                continue;
            }
            putNumber(t, "behaviourReturn", r.behaviourReturn());
            double threshold = essThreshold(r.trajectories());
            t.put("minEss", threshold);
            ArrayNode estimates = t.putArray("estimates");
            for (EstimatorResult e : r.results()) {
                ObjectNode o = estimates.addObject();
                o.put("estimator", e.estimator().code());
                putNumber(o, "estimate", e.estimate());
                putNumber(o, "ciLow", e.ciLow());
                putNumber(o, "ciHigh", e.ciHigh());
                putNumber(o, "ess", e.effectiveSampleSize());
                putNumber(o, "maxWeightShare", e.maxWeightShare());
                o.put("lowEss", !(e.effectiveSampleSize() >= threshold));
            }
            ObjectNode unavailable = t.putObject("unavailable");
            r.unavailable().forEach((e, why) -> unavailable.put(e.code(), why));
        }
        try {
            return mapper.writeValueAsString(root);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("writing a tree to JSON failed", e);
        }
    }

    /** JSON has no NaN or infinity: those become null. */
    private static void putNumber(ObjectNode o, String field, double v) {
        if (Double.isFinite(v)) {
            o.put(field, v);
        } else {
            o.putNull(field);
        }
    }

    private static String num(double v) {
        if (!Double.isFinite(v)) {
            return Double.isNaN(v) ? "n/a" : v > 0 ? "+inf" : "-inf";
        }
        return String.format(Locale.ROOT, "%.4g", v);
    }
}
