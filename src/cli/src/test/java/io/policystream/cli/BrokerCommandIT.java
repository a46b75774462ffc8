package io.policystream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code broker} command as a user runs it: one broker for the class, started by the command in
 * a background thread, stopped the way Ctrl-C stops it. The refusals run beside it. The command is
 * the embedded broker, so this runs on the embedded broker only, whichever cluster
 * {@code KafkaCluster} is set to.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BrokerCommandIT {
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
        exitCode = executor.submit(() -> run.execute("--port", String.valueOf(port), "--data-dir", dir.resolve("data").toString()));
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!run.out().contains("ready") && !exitCode.isDone() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
    }

    @AfterAll
    static void stopBrokerCommand() throws Exception {
        command.stop();
        executor.shutdown();
        executor.awaitTermination(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    @Test
    @Order(1)
    void shouldPrintWhereTheBrokerListensAndKeepsItsData() {
        assertThat(run.out()).startsWith("Kafka broker ready on 127.0.0.1:" + port + " (data in "
                + dir.resolve("data").toAbsolutePath() + ")");
        assertThat(run.err()).isEmpty();
    }

    @Test
    @Order(2)
    void shouldServeKafkaClients() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + port))) {
            assertThat(admin.describeCluster().nodes().get(WAIT.toSeconds(), TimeUnit.SECONDS)).hasSize(1);
        }
    }

    @Test
    @Order(3)
    void shouldRefuseAPortInUseWithOneLineAndNotKillTheJvm() {
        CliRun second = new CliRun(new BrokerCommand());

        int code = second.execute("--port", String.valueOf(port), "--data-dir", dir.resolve("other").toString());

        assertThat(code).isEqualTo(ExitCodes.USAGE);
        assertThat(second.err()).isEqualTo("error: Kafka client port " + port + " on 127.0.0.1 is already in use"
                + " (another Kafka broker?); stop it or choose another --port" + System.lineSeparator());
        assertThat(second.out()).isEmpty();
    }

    @Test
    @Order(4)
    void shouldRejectAPortThatIsNotANumber() {
        CliRun bad = new CliRun(new BrokerCommand());

        assertThat(bad.execute("--port", "ninety")).isEqualTo(ExitCodes.USAGE);
        assertThat(bad.err()).startsWith("error: Invalid value for option '--port': 'ninety' is not an int");
    }

    @Test
    @Order(5)
    void shouldRejectAPortOutOfRange() {
        CliRun bad = new CliRun(new BrokerCommand());

        assertThat(bad.execute("--port", "70000")).isEqualTo(ExitCodes.USAGE);
        assertThat(bad.err()).isEqualTo("error: --port must be between 1 and 65535, got 70000" + System.lineSeparator());
    }

    @Test
    @Order(6)
    void shouldDescribeItselfInHelp() {
        CliRun help = new CliRun(new BrokerCommand());

        assertThat(help.execute("--help")).isEqualTo(ExitCodes.OK);
        assertThat(help.out()).contains("Usage: broker", "--port", "--data-dir", "--fresh", "Ctrl-C");
    }

    @Test
    @Order(7)
    void shouldStopCleanlyWhenAskedAndExitZero() throws Exception {
        command.stop();

        assertThat(exitCode.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(ExitCodes.OK);
        assertThat(run.out()).endsWith("Kafka broker stopped." + System.lineSeparator());
    }
}
