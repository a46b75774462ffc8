package io.policystream.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.policystream.client.ParamsTopic;
import io.policystream.config.LearnerConfig;
import io.policystream.event.Event;
import io.policystream.policy.Activation;
import io.policystream.policy.Architecture;
import io.policystream.policy.Initializer;
import io.policystream.policy.PolicyNetwork;
import io.policystream.policy.PolicyParams;
import io.policystream.streams.LearnerApp;
import io.policystream.testkit.Executables;
import io.policystream.testkit.KafkaCluster;
import io.policystream.wire.EventCodec;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.DoublePredicate;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Prometheus server scrapes a running learner on loopback, and its query API shows the
 * learner's version and trajectory counters moving as it learns. Skipped only where the
 * {@code prometheus} binary is absent (CI installs the Debian package; see .ci/run).
 */
class PrometheusIT {
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final Architecture CARTPOLE = Architecture.categorical(4, List.of(8), 2, Activation.TANH);

    @RegisterExtension
    static final KafkaCluster KAFKA = KafkaCluster.empty();

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void shouldLetPrometheusScrapeTheLearnersVersionAndTrajectoriesAsTheyMove() throws Exception {
        Path prometheus = Executables.find("prometheus").orElse(null);
        Assumptions.assumeTrue(prometheus != null, "PrometheusIT skipped: no 'prometheus' binary on the PATH "
                + "(install the Debian package 'prometheus' to run it)");

        Map<String, String> conf = new HashMap<>(KAFKA.createPrefixedProjectTopics("prom."));
        conf.put("application.id", "prom.learner");
        conf.put("layers", "8");
        conf.put("batch.trajectories", "2");
        conf.put("commit.interval.ms", "20");
        LearnerConfig config = LearnerConfig.fromMap(conf);
        PolicyParams v0 = Initializer.initialize("cartpole", CARTPOLE, 11, System.currentTimeMillis());
        ParamsTopic.publish(KAFKA.clientProperties(), v0, WAIT, config.paramsTopic(), config.historyTopic());

        PrometheusMeterRegistry registry = MetricsServer.newRegistry();
        try (LearnerApp app = new LearnerApp(config, KAFKA.clientProperties(), dir.resolve("state"),
                new LearnerMetrics(registry));
             AutoCloseable jvm = ProcessMetrics.bindTo(registry);
             AutoCloseable kafkaMetrics = app.bindClientMetrics(registry);
             MetricsServer endpoint = MetricsServer.start("127.0.0.1", 0, registry, app::health);
             KafkaProducer<byte[], byte[]> producer = producer()) {
            app.start(WAIT);
            int webPort = freePort();
            Path yml = dir.resolve("prometheus.yml");
            Files.writeString(yml, """
                    global:
                      scrape_interval: 1s
                      evaluation_interval: 1s
                    scrape_configs:
                      - job_name: learner
                        static_configs:
                          - targets: ['127.0.0.1:%d']
                    """.formatted(endpoint.port()));
            Process server = new ProcessBuilder(prometheus.toString(), "--config.file=" + yml,
                    "--storage.tsdb.path=" + dir.resolve("tsdb"), "--web.listen-address=127.0.0.1:" + webPort)
                    .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
            try {
                String base = "http://127.0.0.1:" + webPort;
                awaitReady(base, server);
                assertThat(awaitQuery(base, "up{job=\"learner\"}", v -> v == 1.0)).isEqualTo(1.0);

                SplittableRandom rng = new SplittableRandom(3);
                send(producer, config, v0, 0, 4, rng);
                double version = awaitQuery(base, "policystream_learner_params_version{policy=\"cartpole\"}",
                        v -> v >= 2.0);
                double trajectories = awaitQuery(base,
                        "sum(policystream_learner_trajectories_total{policy=\"cartpole\",outcome=\"completed\"})",
                        v -> v >= 4.0);

                send(producer, config, v0, 4, 4, rng);
                assertThat(awaitQuery(base, "policystream_learner_params_version{policy=\"cartpole\"}",
                        v -> v >= 4.0)).isGreaterThan(version);
                assertThat(awaitQuery(base,
                        "sum(policystream_learner_trajectories_total{policy=\"cartpole\",outcome=\"completed\"})",
                        v -> v >= 8.0)).isGreaterThan(trajectories);
                assertThat(awaitQuery(base, "sum(policystream_learner_updates_total)", v -> v >= 4.0))
                        .isGreaterThanOrEqualTo(4.0);
                // The series the dashboard and the alerts read exist too.
                awaitQuery(base, "sum(policystream_learner_episode_return_count)", v -> v >= 8.0);
                awaitQuery(base, "count(jvm_memory_used_bytes)", v -> v >= 1.0);
                awaitQuery(base, "count(kafka_consumer_fetch_manager_records_consumed_total)", v -> v >= 1.0);
                // What the consumer-lag alert of monitoring/alerts.yml reads.
                awaitQuery(base, "count(kafka_consumer_fetch_manager_records_lag_max)", v -> v >= 1.0);
            } finally {
                server.destroy();
                if (!server.waitFor(15, TimeUnit.SECONDS)) {
                    server.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            }
        }
    }

    private KafkaProducer<byte[], byte[]> producer() {
        Properties p = KAFKA.clientProperties();
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** Episodes {@code from..from+n-1}, acted by {@code acting}, timed now. */
    private static void send(KafkaProducer<byte[], byte[]> producer, LearnerConfig config, PolicyParams acting,
                             int from, int n, SplittableRandom rng) {
        EventCodec codec = new EventCodec();
        PolicyNetwork net = new PolicyNetwork(acting.architecture());
        PolicyNetwork.Workspace ws = net.newWorkspace();
        for (int i = from; i < from + n; i++) {
            String ep = "ep-" + i;
            int len = 3 + rng.nextInt(5);
            for (int t = 0; t < len; t++) {
                double[] s = {rng.nextDouble(-1, 1), rng.nextDouble(-1, 1), rng.nextDouble(-1, 1),
                    rng.nextDouble(-1, 1)};
                PolicyNetwork.Sample a = net.sample(acting, s, rng, ws);
                Event e = Event.step(acting.policy(), ep, t, s, a.action(), a.logProb(), acting.version(), 1.0,
                        t == len - 1, false, System.currentTimeMillis());
                producer.send(new ProducerRecord<>(config.eventsTopic(), ep.getBytes(StandardCharsets.UTF_8),
                        codec.encode(e)));
            }
        }
        producer.flush();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private void awaitReady(String base, Process server) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!server.isAlive()) {
                throw new AssertionError("prometheus exited with " + server.exitValue() + ":\n"
                        + Files.readString(dir.resolve("prometheus.log")));
            }
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/-/ready"))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // Not listening yet.
            }
            Thread.sleep(200);
        }
        throw new AssertionError("prometheus not ready within " + WAIT + ":\n"
                + Files.readString(dir.resolve("prometheus.log")));
    }

    /**
     * Polls {@code /api/v1/query} until the first sample's value satisfies {@code until}; returns it.
     * Fails after {@link #WAIT}, naming the last answer.
     */
    private double awaitQuery(String base, String promql, DoublePredicate until) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/query?query="
                    + URLEncoder.encode(promql, StandardCharsets.UTF_8))).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            last = r.body();
            JsonNode body = json.readTree(last);
            assertThat(body.path("status").asText()).as(last).isEqualTo("success");
            JsonNode result = body.path("data").path("result");
            if (result.size() > 0) {
                double v = Double.parseDouble(result.get(0).path("value").get(1).asText());
                if (until.test(v)) {
                    return v;
                }
            }
            Thread.sleep(250);
        }
        throw new AssertionError("query " + promql + " did not reach its value within " + WAIT + "; last answer: "
                + last);
    }
}
