package io.policystream.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.Reader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code policystream broker --secure --no-tls}: SASL_PLAINTEXT with SCRAM and ACLs, and a client
 * config per user. The command is the embedded broker, so this runs on the embedded broker only,
 * whichever cluster {@code KafkaCluster} is set to; {@code SecurityIT} checks the same rights on
 * either cluster.
 */
class SecureBrokerCommandIT {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    static Path dir;
    static int port;
    static BrokerCommand command;
    static CliRun run;
    static ExecutorService executor;
    static Future<Integer> exitCode;

    @BeforeAll
    static void startBrokerCommand() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        command = new BrokerCommand();
        run = new CliRun(command);
        executor = Executors.newSingleThreadExecutor();
        exitCode = executor.submit(() -> run.execute("--port", String.valueOf(port), "--data-dir",
                dir.resolve("data").toString(), "--secure", "--no-tls"));
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!run.out().contains("actor ") && !exitCode.isDone() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
    }

    @AfterAll
    static void stopBrokerCommand() throws Exception {
        command.stop();
        executor.shutdown();
        assertThat(executor.awaitTermination(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
    }

    private static Properties config(String user) throws Exception {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(dir.resolve("data").resolve(user + ".properties"))) {
            p.load(r);
        }
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + port);
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 20_000);
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        return p;
    }

    @Test
    void shouldPrintWhereEachUsersClientConfigIs() {
        assertThat(run.out()).contains("Security: SASL_PLAINTEXT with SCRAM-SHA-512 and ACLs");
        for (String user : List.of("admin", "learner", "actor")) {
            assertThat(run.out()).contains(dir.resolve("data").resolve(user + ".properties").toAbsolutePath().toString());
        }
    }

    @Test
    void shouldLetEachUserDoWhatItsAclsAllowAndNoMore() throws Exception {
        try (Admin admin = Admin.create(config("admin"))) {
            admin.createTopics(List.of(new NewTopic("policystream.events", 1, (short) 1))).all()
                    .get(WAIT.toSeconds(), TimeUnit.SECONDS);
        }
        try (Admin actor = Admin.create(config("actor"))) {
            assertThat(actor.listTopics().names().get(WAIT.toSeconds(), TimeUnit.SECONDS))
                    .containsExactly("policystream.events");
            assertThatThrownBy(() -> actor.createTopics(List.of(new NewTopic("policystream.params", 1, (short) 1)))
                    .all().get(WAIT.toSeconds(), TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(TopicAuthorizationException.class);
        }
    }
}
