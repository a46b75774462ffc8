package io.policystream.serve;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.policystream.wire.ParamsCodec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP face of an {@link ActingService}, so that services in any language can act and record
 * with plain JSON requests:
 *
 * <ul>
 *   <li>{@code POST /v1/act} {@code {"policy","episode","state"[,"greedy"]}} answers
 *       {@code {"action","logProb","version","step"}}</li>
 *   <li>{@code POST /v1/reward} {@code {"episode"[,"step"],"reward"[,"done","truncated","policy"]}}
 *       answers {@code {"policy","episode","step","ended"}}</li>
 *   <li>{@code GET /v1/policies/{id}} answers the params JSON of the wire format</li>
 *   <li>{@code GET /health} answers {@code {"status":"UP"|"DOWN","openEpisodes","policies"}}, 200
 *       when up and 503 when down</li>
 * </ul>
 *
 * <p>Every refusal is {@code {"error":"...","field":"..."|null}} with a status that says what is
 * wrong: 400 bad input (with the field), 404 unknown policy, episode or path, 405 wrong method, 413
 * body over the limit, 503 not ready (no params yet, episode table full, Kafka unreachable). Bad
 * input is never a 500; an unexpected failure is a 500 with a generic message, and is logged.
 *
 * <p>Built on the JDK's {@code com.sun.net.httpserver}: it adds no dependency, and small JSON
 * requests and responses at the rate one acting service sees need nothing more. Requests run on
 * a fixed pool of {@link HttpSettings#threads()} threads with a bounded queue; a request beyond
 * the queue has its connection closed by the JDK server rather than piling up in memory. Bodies
 * are read up to the limit and no further.
 */
public final class ActingHttpServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ActingHttpServer.class);
    /** Requests that may wait for a thread, per thread. */
    static final int QUEUE_PER_THREAD = 64;
    private static final String POLICIES = "/v1/policies/";
    private static final String NO_DELAY_PROPERTY = "sun.net.httpserver.nodelay";

    private final ActingService service;
    private final int maxRequestBytes;
    private final RequestJson json = new RequestJson();
    private final ParamsCodec paramsCodec = new ParamsCodec();
    private final HttpServer server;
    private final ThreadPoolExecutor executor;

    static {
        // The JDK server writes a response's headers and body separately; with Nagle's algorithm on,
        // the body waits for the client's delayed ACK of the headers, some 40 ms per request. The
        // server reads this property once, process-wide; an explicit setting is left alone.
        if (System.getProperty(NO_DELAY_PROPERTY) == null) {
            System.setProperty(NO_DELAY_PROPERTY, "true");
        }
    }

    private ActingHttpServer(ActingService service, HttpSettings settings) throws IOException {
        this.service = service;
        this.maxRequestBytes = settings.maxRequestBytes();
        this.executor = new ThreadPoolExecutor(settings.threads(), settings.threads(), 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(settings.threads() * QUEUE_PER_THREAD), threads());
        this.server = HttpServer.create(new InetSocketAddress(settings.host(), settings.port()), 0);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
    }

    /**
     * Binds and starts serving.
     *
     * @throws IOException when the address cannot be bound (e.g. the port is in use)
     */
    public static ActingHttpServer start(ActingService service, HttpSettings settings) throws IOException {
        ActingHttpServer s = new ActingHttpServer(service, settings);
        s.server.start();
        return s;
    }

    /** The port listened on (the one chosen when the settings said 0). */
    public int port() {
        return server.getAddress().getPort();
    }

    /** The address listened on. */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    /** A response: status, JSON body, extra headers. */
    private record Response(int status, byte[] body, Map<String, String> headers) {
        static Response ok(byte[] body) {
            return new Response(200, body, Map.of());
        }
    }

    private void handle(HttpExchange ex) {
        try (ex) {
            Response r;
            try {
                r = route(ex);
            } catch (ServeException e) {
                r = refusal(e, ex.getRequestURI().getPath());
            } catch (IOException e) {
                LOG.debug("could not read a request to {}: {}", ex.getRequestURI(), e.toString());
                return;
            } catch (RuntimeException e) {
                LOG.error("unexpected failure answering {} {}", ex.getRequestMethod(), ex.getRequestURI().getPath(), e);
                r = new Response(500, JsonResponses.error("internal error; the service logged the details", null),
                        Map.of());
            }
            send(ex, r);
        } catch (IOException e) {
            LOG.debug("could not answer {}: {}", ex.getRequestURI(), e.toString());
        }
    }

    private Response route(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        String method = ex.getRequestMethod();
        switch (path) {
            case "/v1/act" -> {
                requireMethod(method, "POST");
                return Response.ok(JsonResponses.act(service.act(json.act(body(ex)))));
            }
            case "/v1/reward" -> {
                requireMethod(method, "POST");
                return Response.ok(JsonResponses.reward(service.reward(json.reward(body(ex)))));
            }
            case "/health" -> {
                requireMethod(method, "GET");
                ServiceHealth h = service.health();
                return new Response(h.up() ? 200 : 503, JsonResponses.health(h), Map.of());
            }
            default -> {
                String id = path.startsWith(POLICIES) ? path.substring(POLICIES.length()) : "";
                if (id.isEmpty() || id.indexOf('/') >= 0) {
                    throw new ServeException(404, null, "no such path: " + Ids.abbreviate(path)
                            + "; the paths are /v1/act, /v1/reward, /v1/policies/{id} and /health");
                }
                requireMethod(method, "GET");
                return Response.ok(paramsCodec.encode(service.params(id)));
            }
        }
    }

    private static void requireMethod(String method, String allowed) {
        if (!method.equals(allowed)) {
            throw new ServeException(405, null, "method " + Ids.abbreviate(method) + " is not allowed here; use "
                    + allowed);
        }
    }

    private static Response refusal(ServeException e, String path) {
        Map<String, String> headers = switch (e.status()) {
            case 405 -> Map.of("Allow", path.equals("/v1/act") || path.equals("/v1/reward") ? "POST" : "GET");
            // The rest of an oversized body is not read; the connection cannot be reused.
            case 413 -> Map.of("Connection", "close");
            case 503 -> Map.of("Retry-After", "1");
            default -> Map.of();
        };
        return new Response(e.status(), JsonResponses.error(e.getMessage(), e.field()), headers);
    }

    /** The request body, read up to the limit: a longer body is refused without buffering more. */
    private byte[] body(HttpExchange ex) throws IOException {
        long declared = declaredLength(ex);
        if (declared > maxRequestBytes) {
            drain(ex.getRequestBody());
            throw tooLarge();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.max(0, Math.min(declared, 8192)));
        byte[] buf = new byte[8192];
        InputStream in = ex.getRequestBody();
        int total = 0;
        int n;
        while ((n = in.read(buf, 0, Math.min(buf.length, maxRequestBytes + 1 - total))) > 0) {
            total += n;
            if (total > maxRequestBytes) {
                drain(in);
                throw tooLarge();
            }
            out.write(buf, 0, n);
        }
        return out.toByteArray();
    }

    /**
     * Reads and discards what is left of an oversized body, up to {@link #DRAIN_LIMIT} bytes: a
     * socket closed with unread input is reset, and the client then loses the 413 itself.
     */
    private static void drain(InputStream in) {
        byte[] buf = new byte[8192];
        long left = DRAIN_LIMIT;
        try {
            int n;
            while (left > 0 && (n = in.read(buf, 0, (int) Math.min(buf.length, left))) > 0) {
                left -= n;
            }
        } catch (IOException ignored) {
            // The client went away: nothing to answer.
        }
    }

    /** The most of an oversized body read and discarded before answering 413. */
    static final long DRAIN_LIMIT = 64L << 20;

    private ServeException tooLarge() {
        return new ServeException(413, null, "the request body is larger than the limit of " + maxRequestBytes
                + " bytes");
    }

    private static long declaredLength(HttpExchange ex) {
        String v = ex.getRequestHeaders().getFirst("Content-Length");
        if (v == null) {
            return -1;
        }
        try {
            return Long.parseLong(v.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static void send(HttpExchange ex, Response r) throws IOException {
        ex.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        r.headers().forEach((k, v) -> ex.getResponseHeaders().set(k, v));
        ex.sendResponseHeaders(r.status(), r.body().length);
        try (OutputStream os = ex.getResponseBody()) {
            os.write(r.body());
        }
    }

    private static ThreadFactory threads() {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "policystream-http-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /**
     * Lets the requests in progress finish (up to 5 seconds) and stops. Requests that arrive
     * meanwhile have their connection closed. Recording is not flushed here: the recorder's owner
     * does that after this returns.
     */
    @Override
    public void close() {
        // Draining the pool first, then stopping the server at once: the JDK 17 server's own
        // stop(delay) waits the whole delay even when no exchange is in progress.
        executor.shutdown();
        try {
            if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.warn("requests still running after 5 s are cut off");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        server.stop(0);
        executor.shutdownNow();
    }
}
