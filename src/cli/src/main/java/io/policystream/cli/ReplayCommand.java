package io.policystream.cli;

import io.policystream.config.LearnerConfig;
import io.policystream.policy.PolicyParams;
import io.policystream.replay.Position;
import io.policystream.replay.ReplayResult;
import io.policystream.replay.ShadowReplay;
import io.policystream.replay.ShadowTopics;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code policystream replay}: shadow training on a recorded range. */
@Command(name = "replay", header = "Trains a shadow learner on a recorded range into a separate params topic.", mixinStandardHelpOptions = true,
        description = {
            "Trains a fresh learner on a recorded range of the events topic (the configuration's",
            "topic.events) into shadow topics: versions go to --params-topic T2 and its history topic",
            "(T2.history), dead letters to T2.dlq. The production params are never written. The shadow",
            "topics are created when missing (from topics/); T2's history must be empty.",
            "",
            "Each policy starts from a production version copied from the history topic, keeping its",
            "number: by default the version that acted first in the range, or --init-version N. The",
            "range is copied into a one-partition scratch topic T2.events and fed to the learner batch",
            "by batch, so the same range and configuration always give the same versions, bit for bit.",
            "The scratch topic and the learner's internal topics are deleted at the end.",
            "Prints every version the shadow published.",
            "",
            "Positions as for 'export': an offset (1200), @epoch-millis, an ISO-8601 time with a zone",
            "(2026-11-25T10:00:00Z), 'beginning' or 'end'; --to is exclusive.",
            "",
            "Example:",
            "  policystream replay --from beginning --to end --config shadow.properties \\",
            "      --params-topic shadow.params"
        })
public final class ReplayCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    KafkaOptions kafka;

    @Option(names = "--from", paramLabel = "POS", defaultValue = "beginning", converter = PositionConverter.class,
            description = "First position, inclusive (default: ${DEFAULT-VALUE}).")
    Position from;

    @Option(names = "--to", paramLabel = "POS", defaultValue = "end", converter = PositionConverter.class,
            description = "Last position, exclusive (default: ${DEFAULT-VALUE}, the end when the command starts).")
    Position to;

    @Option(names = "--config", paramLabel = "CONF",
            description = "Learner configuration: production's topic names and the rules the shadow learns with.")
    Path config;

    @Option(names = "--params-topic", required = true, paramLabel = "T2", description = "The shadow params topic.")
    String paramsTopic;

    @Option(names = "--history-topic", paramLabel = "TOPIC", description = "Shadow history (default: T2.history).")
    String historyTopic;

    @Option(names = "--dlq-topic", paramLabel = "TOPIC", description = "Shadow dead letters (default: T2.dlq).")
    String dlqTopic;

    @Option(names = "--policy", paramLabel = "ID",
            description = "A policy to train; repeat for several (default: every policy in the range).")
    List<String> policies = List.of();

    @Option(names = "--init-version", paramLabel = "N",
            description = "Production version to start from (default: the version that acted first in the range).")
    Long initVersion;

    @Option(names = "--application-id", paramLabel = "ID",
            description = "The shadow learner's application id (default: policystream-replay-<random uuid>).")
    String applicationId;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "2m", converter = DurationConverter.class,
            description = "Longest wait for Kafka and for each shadow version (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (initVersion != null && initVersion < 0) {
            throw UserException.usage("--init-version must be >= 0, not " + initVersion);
        }
        for (String p : policies) {
            if (!LearnerConfig.POLICY_ID.matcher(p).matches()) {
                throw UserException.usage("--policy '" + p + "' must match [A-Za-z0-9._-]{1,64}");
            }
        }
        LearnerConfig conf = Configs.load(config);
        Map<String, String> entries = entries();
        Properties client = kafka.clientProperties();
        if (!kafka.bootstrapExplicit()) {
            client.setProperty("bootstrap.servers", conf.bootstrapServers());
        }
        String appId = applicationId != null ? applicationId : "policystream-replay-" + UUID.randomUUID();
        PrintWriter err = spec.commandLine().getErr();
        ReplayResult result;
        try {
            ShadowReplay replay = new ShadowReplay(client, entries,
                    ShadowTopics.around(paramsTopic, historyTopic, dlqTopic), appId, timeout);
            result = replay.run(from, to, new LinkedHashSet<>(policies), initVersion, err);
        } catch (TimeoutException | org.apache.kafka.common.errors.TimeoutException e) {
            throw new UserException(ExitCodes.UNAVAILABLE, e.getMessage());
        } catch (ExecutionException e) {
            throw new UserException(ExitCodes.FAILED, "replay failed: " + e.getCause().getMessage());
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new UserException(ExitCodes.FAILED, e.getMessage());
        }
        PrintWriter out = spec.commandLine().getOut();
        for (PolicyParams p : result.versions()) {
            out.println(p.policy() + " version " + p.version() + " trajectories=" + p.trajectories() + " steps="
                    + p.steps());
        }
        out.flush();
        err.println("replayed " + result.records() + " records into " + paramsTopic + ": " + result.versions().size()
                + " new versions" + (result.versions().isEmpty() ? "" : "; promote one with 'policystream promote "
                + "--from-topic " + paramsTopic + " --version N --policy ID'"));
        err.flush();
        return ExitCodes.OK;
    }

    /** The configuration file's entries as the shadow's starting point (the defaults without a file). */
    private Map<String, String> entries() throws IOException {
        Map<String, String> out = new HashMap<>();
        if (config == null) {
            return out;
        }
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(config, StandardCharsets.UTF_8)) {
            p.load(r);
        }
        for (String name : p.stringPropertyNames()) {
            out.put(name, p.getProperty(name));
        }
        return out;
    }
}
