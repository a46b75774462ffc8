package io.policystream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.policystream.client.ParamsTopic;
import io.policystream.policy.Activation;
import io.policystream.policy.Architecture;
import io.policystream.policy.Initializer;
import io.policystream.testkit.KafkaCluster;
import io.policystream.testkit.TopicReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code policystream serve} as a user runs it: starts, answers, stops cleanly with its events written. */
class ServeCommandIT {
    @RegisterExtension
    static final KafkaCluster KAFKA = KafkaCluster.empty();
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Pattern LISTENING = Pattern.compile("serving on http://[^:]+:(\\d+)");

    private static Map<String, String> topics;

    @BeforeAll
    static void createTopics() throws Exception {
        topics = KAFKA.createPrefixedProjectTopics("cmd.");
        ParamsTopic.publish(KAFKA.clientProperties(), Initializer.initialize("bandit",
                Architecture.categorical(2, List.of(), 3, Activation.TANH), 1L, 0L), WAIT, topics.get("topic.params"));
    }

    @Test
    void shouldServeUntilStoppedAndWriteEveryRecordedEvent() throws Exception {
        ServeCommand command = new ServeCommand();
        CliRun run = new CliRun(command);
        ExecutorService runner = Executors.newSingleThreadExecutor();
        Future<Integer> exit = runner.submit(() -> run.execute("--bootstrap-servers", KAFKA.bootstrapServers(),
                "--host", "127.0.0.1", "--port", "0", "--params-topic", topics.get("topic.params"),
                "--events-topic", topics.get("topic.events")));
        try {
            int port = awaitPort(run);
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            HttpResponse<String> act = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                    + "/v1/act")).timeout(WAIT).POST(HttpRequest.BodyPublishers.ofString(
                    "{\"policy\":\"bandit\",\"episode\":\"e\",\"state\":[1,0]}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(act.statusCode()).as(act.body()).isEqualTo(200);
            assertThat(run.out()).contains("bandit");
        } finally {
            command.stop();
            runner.shutdown();
        }

        assertThat(exit.get(WAIT.toSeconds(), TimeUnit.SECONDS)).as(run.err()).isEqualTo(ExitCodes.OK);
        assertThat(run.out()).contains("stopped");
        try (TopicReader reader = new TopicReader(KAFKA.clientProperties(), topics.get("topic.events"))) {
            assertThat(reader.until(r -> !r.isEmpty(), WAIT)).hasSize(1);
        }
    }

    @Test
    void shouldRefuseAnUnreadableParamsTopicWithExitCodeUnavailable() {
        CliRun run = new CliRun(new ServeCommand());

        int code = run.execute("--bootstrap-servers", KAFKA.bootstrapServers(), "--port", "0",
                "--params-topic", "no.such.topic", "--startup-timeout", "5s");

        assertThat(code).as(run.err()).isEqualTo(ExitCodes.UNAVAILABLE);
        assertThat(run.err()).contains("no.such.topic");
    }

    @Test
    void shouldRefuseABadPolicyIdInPoliciesAsUsage() {
        CliRun run = new CliRun(new ServeCommand());

        int code = run.execute("--policies", "ok,not ok");

        assertThat(code).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("must match");
    }

    @Test
    void shouldDescribeItselfWithExamples() {
        CliRun run = new CliRun(new ServeCommand());

        assertThat(run.execute("--help")).isZero();
        assertThat(run.out()).contains("curl", "/v1/act", "/v1/reward", "--max-request-bytes", "--episode-idle",
                "--max-open-episodes", "--bootstrap-servers");
    }

    private static int awaitPort(CliRun run) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            Matcher m = LISTENING.matcher(run.out());
            if (m.find()) {
                return Integer.parseInt(m.group(1));
            }
            if (run.exitCode() >= 0) {
                throw new AssertionError("serve exited with " + run.exitCode() + ": " + run.err());
            }
            Thread.sleep(50);
        }
        throw new AssertionError("serve did not start within " + WAIT + "; out: " + run.out() + " err: " + run.err());
    }
}
