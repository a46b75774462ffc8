package io.policystream.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.policystream.broker.EmbeddedKafkaBroker;
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
import org.apache.kafka.common.errors.UnsupportedSaslMechanismException;
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
    void shouldWriteAScramLibrdkafkaConfigPerUserAndOfferNoPlainWithoutTls() throws Exception {
        for (String user : List.of("admin", "learner", "actor")) {
            Path file = dir.resolve("data").resolve(user + ".librdkafka.conf").toAbsolutePath();
            assertThat(run.out()).contains(file.toString());
            Properties p = new Properties();
            try (Reader r = Files.newBufferedReader(file)) {
                p.load(r);
            }
            assertThat(p).containsEntry("bootstrap.servers", "127.0.0.1:" + port)
                    .containsEntry("security.protocol", "SASL_PLAINTEXT").containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                    .containsEntry("sasl.username", user).containsKey("sasl.password").doesNotContainKey("ssl.ca.location");
        }
        assertThat(run.out()).doesNotContain("CA certificate");

        // PLAIN would send the password in clear here.
        Properties plain = config("actor");
        plain.put("sasl.mechanism", "PLAIN");
        plain.put("sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required "
                + "username=\"actor\" password=\"whatever\";");
        try (Admin actor = Admin.create(plain)) {
            assertThatThrownBy(() -> actor.listTopics().names().get(WAIT.toSeconds(), TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(UnsupportedSaslMechanismException.class);
        }
    }

    @Test
    void shouldRefuseToStartASecureDataDirectoryWithoutSecure() throws Exception {
        Path secureData = dir.resolve("secure-then-plain");
        EmbeddedKafkaBroker.builder().dataDir(secureData).secure(false).timeout(WAIT).start().close();
        int plainPort;
        try (ServerSocket s = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
            plainPort = s.getLocalPort();
        }
        BrokerCommand plain = new BrokerCommand();
        CliRun plainRun = new CliRun(plain);
        ExecutorService plainExecutor = Executors.newSingleThreadExecutor();
        try {
            Future<Integer> code = plainExecutor.submit(() -> plainRun.execute("--port", String.valueOf(plainPort),
                    "--data-dir", secureData.toString()));
            assertThat(code.get(WAIT.toSeconds(), TimeUnit.SECONDS)).as(plainRun.out()).isEqualTo(ExitCodes.USAGE);
        } finally {
            plain.stop();
            plainExecutor.shutdown();
            assertThat(plainExecutor.awaitTermination(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        }
        assertThat(plainRun.err()).startsWith("error: " + secureData.toAbsolutePath() + " belongs to a secure broker")
                .contains("start it with --secure");
        assertThat(plainRun.out()).doesNotContain("ready");
        assertThat(secureData.resolve("actor.properties")).exists();
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
