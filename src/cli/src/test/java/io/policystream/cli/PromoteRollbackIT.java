package io.policystream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.policystream.client.ParamsTopic;
import io.policystream.policy.Activation;
import io.policystream.policy.Architecture;
import io.policystream.policy.Initializer;
import io.policystream.policy.PolicyParams;
import io.policystream.policy.Provenance;
import io.policystream.testkit.KafkaCluster;
import io.policystream.topics.TopicDefinition;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** promote and rollback on a real broker: the next version number, the numbers copied, the provenance recorded. */
class PromoteRollbackIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Architecture ARCH = Architecture.categorical(4, List.of(8), 2, Activation.TANH);

    @RegisterExtension
    static final KafkaCluster KAFKA = KafkaCluster.empty();

    @TempDir
    static Path dir;

    private static Path config;

    @BeforeAll
    static void topics() throws Exception {
        Map<String, String> names = KAFKA.createPrefixedProjectTopics("prod.");
        config = dir.resolve("learner.properties");
        Files.writeString(config, "topic.params=" + names.get("topic.params") + "\ntopic.history="
                + names.get("topic.history") + "\n");
        KAFKA.createTopics(List.of(new TopicDefinition("shadow.params", 1, 1, Map.of()),
                new TopicDefinition("shadow.params.history", 1, 1, Map.of())));
        for (long v = 0; v <= 2; v++) {
            PolicyParams p = Initializer.initialize("cartpole", ARCH, 100 + v, 0).relabel("cartpole", v, 10 * v, 100 * v, 5);
            ParamsTopic.publish(KAFKA.clientProperties(), p, WAIT, "prod.policystream.params",
                    "prod.policystream.params.history");
        }
        for (long v = 0; v <= 3; v++) {
            PolicyParams p = Initializer.initialize("cartpole", ARCH, 200 + v, 0).relabel("cartpole", v, 7 * v, 70 * v, 5);
            ParamsTopic.publish(KAFKA.clientProperties(), p, WAIT, "shadow.params", "shadow.params.history");
        }
        PolicyParams other = Initializer.initialize("cartpole", Architecture.categorical(4, List.of(), 2,
                Activation.TANH), 1, 0).relabel("cartpole", 9, 0, 0, 5);
        KAFKA.createTopics(List.of(new TopicDefinition("linear.params", 1, 1, Map.of())));
        ParamsTopic.publish(KAFKA.clientProperties(), other, WAIT, "linear.params");
    }

    private static CliRun run(Object command, String... args) {
        CliRun run = new CliRun(command);
        List<String> all = new ArrayList<>(List.of("--bootstrap-servers", KAFKA.bootstrapServers(), "--config",
                config.toString()));
        all.addAll(List.of(args));
        run.execute(all.toArray(String[]::new));
        return run;
    }

    private static List<PolicyParams> history() throws Exception {
        return ParamsTopic.readAll(KAFKA.clientProperties(), "prod.policystream.params.history", WAIT);
    }

    private static PolicyParams version(List<PolicyParams> all, long v) {
        return all.stream().filter(p -> p.version() == v).reduce((a, b) -> b).orElseThrow();
    }

    @Test
    void shouldPromoteAShadowVersionAndThenRollBackRecordingBothInTheHistory() throws Exception {
        CliRun promote = run(new PromoteCommand(), "--from-topic", "shadow.params", "--version", "3", "--policy",
                "cartpole");

        assertThat(promote.exitCode()).as(promote.err()).isZero();
        assertThat(promote.out()).contains("promoted shadow.params version 3 of cartpole as version 3");
        List<PolicyParams> afterPromote = history();
        PolicyParams promoted = version(afterPromote, 3);
        PolicyParams shadow3 = version(ParamsTopic.readAll(KAFKA.clientProperties(), "shadow.params.history", WAIT), 3);
        assertThat(promoted.provenance()).isEqualTo(Provenance.promotedFrom("shadow.params", 3));
        assertThat(promoted.copyTheta()).isEqualTo(shadow3.copyTheta());
        assertThat(promoted.trajectories()).isEqualTo(shadow3.trajectories());
        assertThat(ParamsTopic.readLatest(KAFKA.clientProperties(), "prod.policystream.params", WAIT).get("cartpole"))
                .isEqualTo(promoted);

        CliRun rollback = run(new RollbackCommand(), "--policy", "cartpole", "--to", "1");

        assertThat(rollback.exitCode()).as(rollback.err()).isZero();
        assertThat(rollback.out()).contains("rolled cartpole back to version 1, published as version 4");
        List<PolicyParams> all = history();
        assertThat(all).extracting(PolicyParams::version).containsExactly(0L, 1L, 2L, 3L, 4L);
        PolicyParams rolledBack = version(all, 4);
        assertThat(rolledBack.provenance()).isEqualTo(Provenance.rolledBackTo(1));
        assertThat(rolledBack.copyTheta()).isEqualTo(version(all, 1).copyTheta());
        assertThat(version(all, 2).provenance()).isEqualTo(Provenance.NONE);
        assertThat(ParamsTopic.readLatest(KAFKA.clientProperties(), "prod.policystream.params", WAIT).get("cartpole")
                .version()).isEqualTo(4);
    }

    @Test
    void shouldRefuseWhatCannotBePromotedOrRolledBackWithOneLine() throws Exception {
        int before = history().size();

        CliRun missing = run(new PromoteCommand(), "--from-topic", "shadow.params", "--version", "17", "--policy",
                "cartpole");
        CliRun otherShape = run(new PromoteCommand(), "--from-topic", "linear.params", "--version", "9", "--policy",
                "cartpole");
        CliRun unknown = run(new RollbackCommand(), "--policy", "cartpole", "--to", "99");
        CliRun negative = run(new RollbackCommand(), "--policy", "cartpole", "--to", "-1");

        assertThat(missing.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(missing.err().strip()).isEqualTo("error: version 17 of policy cartpole is on neither "
                + "shadow.params.history nor shadow.params");
        assertThat(otherShape.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(otherShape.err()).contains("another architecture").contains("init --force");
        assertThat(unknown.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(unknown.err()).contains("version 99 of policy cartpole is not on prod.policystream.params.history");
        assertThat(negative.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(history()).hasSize(before);
    }
}
