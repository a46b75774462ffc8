package io.policystream.metrics;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP endpoint of a long-running command, on the JDK's built-in server:
 * <ul>
 *   <li>{@code GET /metrics}: the registry in the Prometheus text format (or OpenMetrics when the
 *       scraper asks for it in {@code Accept});</li>
 *   <li>{@code GET /health}: {@code {"status":"UP"|"STARTING"|"DOWN", ...details}} with HTTP 200 (UP) or 503, from
 *       a supplier the command provides (a supplier that throws reports DOWN with its message).</li>
 * </ul>
 * Two daemon threads serve requests, so a slow scrape never blocks the command. Close it to stop.
 *
 * <pre>{@code
 * PrometheusMeterRegistry registry = MetricsServer.newRegistry();
 * try (AutoCloseable jvm = ProcessMetrics.bindTo(registry);
 *      MetricsServer server = MetricsServer.start(9405, registry, () -> Health.up())) { ... }
 * }</pre>
 */
public final class MetricsServer implements AutoCloseable {
    /** The address bound when none is given: every interface, as a container needs. */
    public static final String ANY_HOST = "0.0.0.0";

    private static final Logger LOG = LoggerFactory.getLogger(MetricsServer.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService executor;

    private MetricsServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /** A Prometheus registry with the default configuration. */
    public static PrometheusMeterRegistry newRegistry() {
        return new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    }

    /** Serves on every interface, at {@code port} (0: any free port, see {@link #port()}). */
    public static MetricsServer start(int port, PrometheusMeterRegistry registry, Supplier<Health> health) {
        return start(ANY_HOST, port, registry, health);
    }

    /**
     * Serves on {@code host}:{@code port} (port 0: any free port, see {@link #port()}).
     *
     * @throws UncheckedIOException when the address cannot be bound (e.g. the port is taken)
     */
    public static MetricsServer start(String host, int port, PrometheusMeterRegistry registry,
                                      Supplier<Health> health) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(host, port), 16);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serve metrics on " + host + ":" + port + ": " + e.getMessage(), e);
        }
        ExecutorService executor = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "policystream-metrics-http");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/metrics", exchange -> handle(exchange, () -> metrics(exchange, registry)));
        server.createContext("/health", exchange -> handle(exchange, () -> health(exchange, health)));
        server.start();
        LOG.info("metrics on http://{}:{}/metrics, health on /health", host, server.getAddress().getPort());
        return new MetricsServer(server, executor);
    }

    /** The bound port. */
    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private interface Handler {
        void run() throws IOException;
    }

    private static void handle(HttpExchange exchange, Handler handler) {
        try {
            if (!"GET".equals(exchange.getRequestMethod()) && !"HEAD".equals(exchange.getRequestMethod())) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            String path = exchange.getRequestURI().getPath();
            if (!path.equals(exchange.getHttpContext().getPath())) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            handler.run();
        } catch (IOException | RuntimeException e) {
            LOG.debug("metrics request failed", e);
        } finally {
            exchange.close();
        }
    }

    private static void metrics(HttpExchange exchange, PrometheusMeterRegistry registry) throws IOException {
        String accept = exchange.getRequestHeaders().getFirst("Accept");
        String contentType = accept != null && accept.contains("application/openmetrics-text")
                ? "application/openmetrics-text; version=1.0.0; charset=utf-8"
                : "text/plain; version=0.0.4; charset=utf-8";
        byte[] body = registry.scrape(contentType).getBytes(StandardCharsets.UTF_8);
        send(exchange, 200, contentType, body);
    }

    private static void health(HttpExchange exchange, Supplier<Health> supplier) throws IOException {
        Health h;
        try {
            h = supplier.get();
        } catch (RuntimeException e) {
            h = Health.down(Map.of("error", String.valueOf(e.getMessage())));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", h.status().name());
        h.details().forEach(body::putIfAbsent);
        send(exchange, h.healthy() ? 200 : 503, "application/json", JSON.writeValueAsBytes(body));
    }

    private static void send(HttpExchange exchange, int code, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        boolean head = "HEAD".equals(exchange.getRequestMethod());
        exchange.sendResponseHeaders(code, head ? -1 : body.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }
}
