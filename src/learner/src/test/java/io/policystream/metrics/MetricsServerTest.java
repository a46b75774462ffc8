package io.policystream.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The endpoint over real HTTP on loopback. */
class MetricsServerTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    private final PrometheusMeterRegistry registry = MetricsServer.newRegistry();
    private final AtomicReference<Health> health = new AtomicReference<>(Health.up(Map.of("kafkaStreams", "RUNNING")));
    private MetricsServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private HttpResponse<String> get(String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .timeout(TIMEOUT);
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void shouldServeTheRegistryInThePrometheusTextFormat() throws Exception {
        server = MetricsServer.start("127.0.0.1", 0, registry, health::get);
        Counter.builder("policystream.test.things").baseUnit("things").description("Things").tag("policy", "p")
                .register(registry).increment(3);
        HttpResponse<String> r = get("/metrics");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(
                v -> assertThat(v).startsWith("text/plain; version=0.0.4"));
        assertThat(r.body()).contains("# TYPE policystream_test_things_total counter")
                .contains("policystream_test_things_total{policy=\"p\"} 3.0");
    }

    @Test
    void shouldServeOpenMetricsWhenTheScraperAsksForIt() throws Exception {
        server = MetricsServer.start("127.0.0.1", 0, registry, health::get);
        Counter.builder("policystream.test.things").description("Things").register(registry).increment();
        HttpResponse<String> r = get("/metrics", "Accept", "application/openmetrics-text;version=1.0.0,text/plain;q=0.5");
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(
                v -> assertThat(v).startsWith("application/openmetrics-text"));
        assertThat(r.body()).contains("policystream_test_things_total 1.0").endsWith("# EOF\n");
    }

    @Test
    void shouldReportUpWith200AndDownWith503AndTheDetails() throws Exception {
        server = MetricsServer.start("127.0.0.1", 0, registry, health::get);
        ObjectMapper json = new ObjectMapper();
        HttpResponse<String> up = get("/health");
        assertThat(up.statusCode()).isEqualTo(200);
        assertThat(up.headers().firstValue("Content-Type")).hasValue("application/json");
        JsonNode body = json.readTree(up.body());
        assertThat(body.get("status").asText()).isEqualTo("UP");
        assertThat(body.get("kafkaStreams").asText()).isEqualTo("RUNNING");

        health.set(Health.down(Map.of("kafkaStreams", "ERROR", "error", "broker unreachable")));
        HttpResponse<String> down = get("/health");
        assertThat(down.statusCode()).isEqualTo(503);
        body = json.readTree(down.body());
        assertThat(body.get("status").asText()).isEqualTo("DOWN");
        assertThat(body.get("error").asText()).isEqualTo("broker unreachable");

        health.set(Health.starting(Map.of("state", "REBALANCING", "restoring", "1 store, 5 of 9 records")));
        HttpResponse<String> starting = get("/health");
        assertThat(starting.statusCode()).isEqualTo(503);
        body = json.readTree(starting.body());
        assertThat(body.get("status").asText()).isEqualTo("STARTING");
        assertThat(body.get("state").asText()).isEqualTo("REBALANCING");
        assertThat(body.get("restoring").asText()).isEqualTo("1 store, 5 of 9 records");
    }

    @Test
    void shouldReportDownWhenTheHealthSupplierFails() throws Exception {
        server = MetricsServer.start("127.0.0.1", 0, registry, () -> {
            throw new IllegalStateException("no broker");
        });
        HttpResponse<String> r = get("/health");
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(r.body()).contains("\"status\":\"DOWN\"").contains("no broker");
    }

    @Test
    void shouldAnswerOtherPathsWith404AndOtherMethodsWith405() throws Exception {
        server = MetricsServer.start("127.0.0.1", 0, registry, health::get);
        assertThat(get("/metrics/extra").statusCode()).isEqualTo(404);
        HttpResponse<String> post = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                + "/metrics")).timeout(TIMEOUT).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(405);
    }

    @Test
    void shouldRefuseAPortInUseWithAMessageNamingIt() {
        server = MetricsServer.start("127.0.0.1", 0, registry, health::get);
        assertThatThrownBy(() -> MetricsServer.start("127.0.0.1", server.port(), registry, health::get))
                .isInstanceOf(UncheckedIOException.class).hasMessageContaining(":" + server.port());
    }

    @Test
    void shouldStopServingWhenClosed() throws Exception {
        server = MetricsServer.start("127.0.0.1", 0, registry, health::get);
        int port = server.port();
        server.close();
        server = null;
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health")).timeout(TIMEOUT)
                .build();
        assertThatThrownBy(() -> http.send(req, HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(java.io.IOException.class);
    }
}
