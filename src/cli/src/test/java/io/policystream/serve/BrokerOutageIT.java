package io.policystream.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.policystream.client.ParamsTopic;
import io.policystream.config.LearnerConfig;
import io.policystream.client.ActingMetrics;
import io.policystream.metrics.LearnerMetrics;
import io.policystream.metrics.MetricsServer;
import io.policystream.policy.Activation;
import io.policystream.policy.Architecture;
import io.policystream.policy.Initializer;
import io.policystream.policy.PolicyParams;
import io.policystream.streams.LearnerApp;
import io.policystream.testkit.KafkaCluster;
import io.policystream.testkit.TopicReader;
import io.policystream.wire.ParamsCodec;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.LongStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broker stopped for a while and started again on the same port and data: the learner and the
 * acting service report the outage on their health endpoints while it lasts, wait, recover, and
 * every episode acted before, just before, during and after the outage is learned from. On either
 * cluster: the embedded broker is shut down and started again on the same ports and data directory,
 * the Docker container stopped and started again with the same port binding and writable layer.
 */
class BrokerOutageIT {
    private static final Duration WAIT = Duration.ofSeconds(90);
    /** Bound on each health endpoint noticing the outage, and its end. */
    private static final Duration NOTICE = Duration.ofSeconds(30);
    /** How long the broker stays down at least, once both endpoints report it. */
    private static final Duration OUTAGE = Duration.ofSeconds(8);
    private static final Architecture CARTPOLE = Architecture.categorical(4, List.of(16), 2, Activation.TANH);
    private static final String PREFIX = "outage.";
    private static final int BATCH = 8;
    /** Between two acting requests during the outage, so that they span it rather than come in a burst. */
    private static final Duration PACE = Duration.ofMillis(600);

    @RegisterExtension
    static final KafkaCluster KAFKA = KafkaCluster.empty();

    @TempDir
    Path work;

    private final SplittableRandom rng = new SplittableRandom(3);
    private long steps;
    private int episodes;
    /** Acting requests answered 503 (and retried), and the slowest answer to any of them. */
    private int refused;
    private long slowestAnswerMs;

    @Test
    void shouldReportTheOutageOnBothHealthEndpointsThenRecoverAndLearnFromEveryEpisode() throws Exception {
        Properties kafka = KAFKA.clientProperties();
        Map<String, String> conf = KAFKA.createPrefixedProjectTopics(PREFIX);
        conf.put("application.id", PREFIX + "learner");
        conf.put("layers", "16");
        conf.put("commit.interval.ms", "50");
        conf.put("batch.trajectories", String.valueOf(BATCH));
        conf.put("max.staleness", "100000");
        LearnerConfig config = LearnerConfig.fromMap(conf);
        PolicyParams v0 = Initializer.initialize("cartpole", CARTPOLE, 9, 0);
        ParamsTopic.publish(kafka, v0, WAIT, config.paramsTopic(), config.historyTopic());
        ActingMetrics acting = ActingMetrics.inMemory();
        ServeConfig serveConfig = new ServeConfig(new HttpSettings("127.0.0.1", 0, 4,
                HttpSettings.DEFAULT_MAX_REQUEST_BYTES), EpisodeLimits.DEFAULT, config.paramsTopic(),
                config.eventsTopic(), Set.of(), WAIT);

        Map<String, Object> figures = new java.util.LinkedHashMap<>();
        try (LearnerApp learner = new LearnerApp(config, kafka, work.resolve("state"), LearnerMetrics.inMemory());
             MetricsServer learnerHttp = MetricsServer.start("127.0.0.1", 0, MetricsServer.newRegistry(),
                     learner::health);
             ServeApp serve = ServeApp.start(kafka, serveConfig, acting);
             TopicReader history = new TopicReader(kafka, config.historyTopic())) {
            learner.start(WAIT);
            Http learnerHealth = new Http(learnerHttp.port());
            Http http = new Http(serve.port());
            awaitStatus(learnerHealth, 200, WAIT, "learner UP at start");
            awaitStatus(http, 200, WAIT, "acting service UP at start");

            actEpisodes(http, BATCH, 0, Duration.ZERO);
            history.until(r -> r.size() >= 2, WAIT);
            awaitVersion(http, 1, WAIT);
            // Recorded just before the outage: acknowledged to the actor, perhaps not yet written.
            actEpisodes(http, BATCH, 1, Duration.ZERO);
            int beforeOutage = episodes;

            long t0 = System.nanoTime();
            KAFKA.stopBroker();
            figures.put("broker stopped in", seconds(t0));
            JsonNode learnerDown = awaitStatus(learnerHealth, 503, NOTICE, "learner DOWN during the outage");
            figures.put("learner DOWN after", seconds(t0));
            awaitStatus(http, 503, NOTICE, "acting service DOWN during the outage");
            figures.put("acting DOWN after", seconds(t0));
            assertThat(learnerDown.get("kafka").asText()).startsWith("unreachable");

            // An actor keeps acting through the outage: each request is answered at once, 200 (acted on the
            // params in hand, the event held by the recorder) or 503 (not recorded, retried until it is).
            ExecutorService actor = Executors.newSingleThreadExecutor();
            Future<?> duringOutage = actor.submit(() -> {
                actEpisodes(http, BATCH / 2, 1, PACE);
                return null;
            });
            actor.shutdown();
            long downUntil = System.nanoTime() + OUTAGE.toNanos();
            while (System.nanoTime() < downUntil) {
                assertThat(learnerHealth.get("/health").statusCode()).as("learner health during the outage")
                        .isEqualTo(503);
                assertThat(http.get("/health").statusCode()).as("acting health during the outage").isEqualTo(503);
                Thread.sleep(500);
            }
            figures.put("outage", seconds(t0));

            long t1 = System.nanoTime();
            KAFKA.startBroker();
            figures.put("broker restarted in", seconds(t1));
            awaitStatus(learnerHealth, 200, NOTICE, "learner UP after the outage");
            figures.put("learner UP after", seconds(t1));
            awaitStatus(http, 200, NOTICE, "acting service UP after the outage");
            figures.put("acting UP after", seconds(t1));
            duringOutage.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            figures.put("actor done after", seconds(t1));

            actEpisodes(http, BATCH / 2, 1, Duration.ZERO);
            int total = episodes;
            List<ConsumerRecord<byte[], byte[]>> recs = history.until(r -> !r.isEmpty()
                    && decode(r.get(r.size() - 1).value()).trajectories() >= total, WAIT);
            figures.put("last version after", seconds(t1));
            List<PolicyParams> versions = recs.stream().map(r -> decode(r.value())).toList();

            assertThat(versions).extracting(PolicyParams::version)
                    .containsExactlyElementsOf(LongStream.rangeClosed(0, total / BATCH).boxed().toList());
            for (int v = 1; v < versions.size(); v++) {
                assertThat(versions.get(v).trajectories() - versions.get(v - 1).trajectories())
                        .as("trajectories new in version %d", v).isEqualTo(BATCH);
            }
            PolicyParams last = versions.get(versions.size() - 1);
            assertThat(last.trajectories()).isEqualTo(total);
            assertThat(last.steps()).as("every step acted is learned from").isEqualTo(steps);
            assertThat(learner.state()).isEqualTo(KafkaStreams.State.RUNNING);
            assertThat(learner.failure()).isNull();
            // Kafka's default max.block.ms would have held a request for 60 s and the HTTP client gives up at 10.
            assertThat(slowestAnswerMs).as("slowest acting answer, ms").isLessThan(5_000);
            double errors = acting.registry().find("policystream.acting.recorder.errors").counters().stream()
                    .mapToDouble(c -> c.count()).sum();
            // Refused sends are counted too, and were retried: only events acknowledged to an actor must arrive.
            assertThat(errors).as("events the recorder could not send").isEqualTo(refused);
            long lastVersion = last.version();
            JsonNode serveHealth = awaitJson(http, j -> j.get("policies").path("cartpole").asLong() == lastVersion,
                    "the acting service follows the versions published after the outage");
            assertThat(serveHealth.get("status").asText()).isEqualTo("UP");

            System.out.printf("BrokerOutageIT figures: episodes %d (%d before the outage, %d acted during it, %d "
                            + "after), steps %d, versions 0 to %d, records lost 0, acting requests answered 503 during "
                            + "the outage and retried %d, slowest acting answer %d ms, learner RUNNING throughout; "
                            + "%s%n", total, beforeOutage, BATCH / 2, BATCH / 2, steps, lastVersion, refused,
                    slowestAnswerMs, figures.entrySet().stream().map(e -> e.getKey() + " " + e.getValue() + " s")
                            .toList());
        }
    }

    /** Waits until the acting service acts with at least {@code version}: it follows the params topic on its own. */
    private static void awaitVersion(Http http, long version, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            HttpResponse<String> r = http.get("/v1/policies/cartpole");
            if (r.statusCode() == 200 && Http.json(r).get("version").asLong() >= version) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the acting service did not reach version " + version + " within " + timeout);
    }

    /**
     * Acts {@code n} episodes of 1 to 6 steps through the HTTP service, each ended by a reward, as an
     * actor would, {@code pace} apart: a 503 (the event could not be recorded) is retried until it succeeds, bounded.
     */
    private void actEpisodes(Http http, int n, long minVersion, Duration pace) throws InterruptedException {
        for (int i = 0; i < n; i++) {
            String episode = "ep-" + episodes++;
            int len = 1 + rng.nextInt(6);
            for (int t = 0; t < len; t++) {
                String state = "[" + rng.nextDouble(-1, 1) + "," + rng.nextDouble(-1, 1) + ","
                        + rng.nextDouble(-1, 1) + "," + rng.nextDouble(-1, 1) + "]";
                HttpResponse<String> r = retrying(http, "/v1/act", "{\"policy\":\"cartpole\",\"episode\":\""
                        + episode + "\",\"state\":" + state + "}");
                assertThat(Http.json(r).get("version").asLong()).isGreaterThanOrEqualTo(minVersion);
                assertThat(Http.json(r).get("step").asLong()).isEqualTo(t);
                steps++;
                Thread.sleep(pace.toMillis());
            }
            retrying(http, "/v1/reward", "{\"episode\":\"" + episode + "\",\"reward\":" + rng.nextDouble(0, 2)
                    + ",\"done\":true}");
        }
    }

    private HttpResponse<String> retrying(Http http, String path, String body) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            long t0 = System.nanoTime();
            HttpResponse<String> r = http.post(path, body);
            long ms = (System.nanoTime() - t0) / 1_000_000;
            slowestAnswerMs = Math.max(slowestAnswerMs, ms);
            if (r.statusCode() != 503) {
                assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
                return r;
            }
            refused++;
            assertThat(System.nanoTime()).as("%s answered 200 again within %s", path, WAIT).isLessThan(deadline);
            Thread.sleep(250);
        }
    }

    private static JsonNode awaitStatus(Http http, int status, Duration bound, String what) throws Exception {
        long deadline = System.nanoTime() + bound.toNanos();
        while (true) {
            HttpResponse<String> r = http.get("/health");
            if (r.statusCode() == status) {
                return Http.json(r);
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + ": /health still answers " + r.statusCode() + " " + r.body()
                        + " after " + bound);
            }
            Thread.sleep(200);
        }
    }

    private static JsonNode awaitJson(Http http, Predicate<JsonNode> done, String what) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            JsonNode j = Http.json(http.get("/health"));
            if (done.test(j)) {
                return j;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + ": /health answers " + j + " after " + WAIT);
            }
            Thread.sleep(200);
        }
    }

    private static String seconds(long since) {
        return String.format("%.1f", (System.nanoTime() - since) / 1e9);
    }

    private static PolicyParams decode(byte[] json) {
        try {
            return new ParamsCodec().decode(json);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
