package io.policystream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.policystream.testkit.KafkaCluster;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code topics create} and {@code topics check} as a user runs them, against a real broker. */
class TopicsCommandIT {

    @RegisterExtension
    static final KafkaCluster KAFKA = KafkaCluster.empty();

    @TempDir
    Path dir;

    @Test
    void shouldCreateTheBundledTopicsOnceThenFindThemMatching() {
        CliRun first = topics("create");
        CliRun second = topics("create");
        CliRun check = topics("check");

        assertThat(first.out()).contains("created  policystream.events", "created  policystream.params",
                "created  policystream.params.history", "created  policystream.dlq", "4 created, 0 already existed");
        assertThat(second.out()).contains("existed  policystream.events", "0 created, 4 already existed");
        assertThat(check.out()).contains("All 4 topics on " + KAFKA.bootstrapServers() + " match their definitions.");
    }

    @Test
    void shouldExitOneAndPrintEachDifference() throws IOException {
        String name = "it-" + UUID.randomUUID();
        String missing = "it-" + UUID.randomUUID();
        Path created = Files.createDirectories(dir.resolve("created"));
        define(created, name, 2, "config.retention.ms=1000");
        assertThat(topics("create", "--topics-dir", created.toString()).exitCode()).isEqualTo(ExitCodes.OK);
        Path wanted = Files.createDirectories(dir.resolve("wanted"));
        define(wanted, name, 3, "config.retention.ms=2000");
        define(wanted, missing, 1, "");

        CliRun check = topics("check", "--topics-dir", wanted.toString());

        assertThat(check.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(check.out().lines()).containsExactlyInAnyOrder(
                name + ": partitions: expected 3, actual 2",
                name + ": config retention.ms: expected 2000, actual 1000",
                missing + ": missing",
                "3 difference(s) on " + KAFKA.bootstrapServers() + ".");
    }

    @Test
    void shouldGiveNewTopicsTheReplicationOfASingleBroker() throws Exception {
        String name = "it-" + UUID.randomUUID();
        Files.writeString(dir.resolve(name + ".properties"), "name=" + name + "\npartitions=2\n");

        CliRun create = topics("create", "--topics-dir", dir.toString());
        CliRun check = topics("check", "--topics-dir", dir.toString());

        assertThat(create.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(create.out()).contains("created  " + name + " (replication factor 1, min.insync.replicas 1)")
                .contains("(1 broker)");
        try (Admin admin = KAFKA.admin()) {
            TopicDescription d = admin.describeTopics(List.of(name)).allTopicNames().get(30, TimeUnit.SECONDS)
                    .get(name);
            assertThat(d.partitions()).allSatisfy(p -> assertThat(p.replicas()).hasSize(1));
            ConfigResource r = new ConfigResource(ConfigResource.Type.TOPIC, name);
            assertThat(admin.describeConfigs(List.of(r)).all().get(30, TimeUnit.SECONDS).get(r)
                    .get("min.insync.replicas").value()).isEqualTo("1");
        }
        assertThat(check.exitCode()).as(check.out()).isEqualTo(ExitCodes.OK);
        assertThat(topics("check", "--topics-dir", dir.toString(), "--replication-factor", "1").exitCode())
                .isEqualTo(ExitCodes.OK);
    }

    @Test
    void shouldRefuseMoreCopiesThanTheClusterHasBrokers() throws Exception {
        String name = "it-" + UUID.randomUUID();
        Files.writeString(dir.resolve(name + ".properties"), "name=" + name + "\npartitions=1\n");

        CliRun three = topics("create", "--topics-dir", dir.toString(), "--replication-factor", "3");
        CliRun isr = topics("create", "--topics-dir", dir.toString(), "--min-insync-replicas", "2");

        assertThat(three.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(three.err()).isEqualTo("error: a replication factor of 3 needs at least 3 brokers, but the cluster"
                + " has 1 broker; use 1 or less (the default chooses 1 for this cluster) (Kafka at "
                + KAFKA.bootstrapServers() + "); nothing was created" + System.lineSeparator());
        assertThat(isr.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(isr.err()).contains("min.insync.replicas must be between 1 and the replication factor 1, not 2");
        try (Admin admin = KAFKA.admin()) {
            assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).doesNotContain(name);
        }
        assertThat(topics("create", "--replication-factor", "0").err())
                .contains("--replication-factor must be at least 1, not 0");
    }

    @Test
    void shouldExitUnavailableWithOneLineWhenNoBrokerAnswers() throws IOException {
        String address = "127.0.0.1:" + unusedPort();
        CliRun run = new CliRun(new TopicsCommand());

        int code = run.execute("check", "--bootstrap-servers", address, "--timeout", "1s");

        assertThat(code).isEqualTo(ExitCodes.UNAVAILABLE);
        assertThat(run.err()).isEqualTo("error: Kafka at " + address + " did not answer within 1 s: nothing listens at "
                + address + " (connection refused); is a broker running there?" + System.lineSeparator());
    }

    @Test
    void shouldExitUsageNamingFileAndLineOfABadDefinition() throws IOException {
        Files.writeString(dir.resolve("t.properties"), "name=t\npartitions=many\nreplication.factor=1\n");
        CliRun run = new CliRun(new TopicsCommand());

        int code = run.execute("create", "--bootstrap-servers", KAFKA.bootstrapServers(), "--topics-dir", dir.toString());

        assertThat(code).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).isEqualTo("error: " + dir.resolve("t.properties")
                + ":2: partitions must be an integer, got 'many'" + System.lineSeparator());
    }

    @Test
    void shouldExitUsageForABadTimeout() {
        CliRun run = new CliRun(new TopicsCommand());

        assertThat(run.execute("check", "--timeout", "soon")).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("'soon' is not a duration; use e.g. 500ms, 30s or 2m");
    }

    private CliRun topics(String... args) {
        CliRun run = new CliRun(new TopicsCommand());
        String[] all = new String[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--bootstrap-servers";
        all[args.length + 1] = KAFKA.bootstrapServers();
        run.execute(all);
        return run;
    }

    private static void define(Path folder, String name, int partitions, String extra) throws IOException {
        Files.writeString(folder.resolve(name + ".properties"),
                "name=" + name + "\npartitions=" + partitions + "\nreplication.factor=1\n" + extra + "\n");
    }

    private static int unusedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
