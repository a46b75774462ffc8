package io.policystream.serve;

import static io.policystream.serve.Fixtures.CARTPOLE;
import static org.assertj.core.api.Assertions.assertThat;

import io.policystream.client.PolicyClient;
import io.policystream.serve.Fixtures.RecordingSink;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Thousands of seeded hostile requests across every endpoint of the acting service: random bytes,
 * deep nesting, huge and non-finite numbers, wrong types, strange strings, oversized bodies with
 * and without a declared length, wrong methods and unknown paths. The service answers each with a
 * status that names the problem, never a 500, and goes on serving. It prints one line of figures,
 * which RELIABILITY.md quotes.
 */
class ActingHttpServerFuzzTest {
    private static final int REQUESTS = 5000;
    private static final int MAX_BODY = 16 * 1024;
    private static final int MAX_OPEN = 200;
    private static final Set<Integer> ALLOWED = Set.of(200, 400, 404, 405, 413, 503);
    private static final String[] NUMBERS = {"NaN", "Infinity", "-Infinity", "1e999", "-1e999", "1e-999",
        "123456789012345678901234567890", "-0", "9223372036854775808", "1.5", "\"1\"", "true", "null", "[]", "{}"};
    private static final String[] STRINGS = {"\"\"", "\"a b\"", "\"\\u0000\"", "\"\\ud800\"", "\"\u00e9\u4e2d\"",
        "5", "[\"x\"]", "{}", "null", "\"../../etc\"", "\"" + "x".repeat(5000) + "\""};

    private final PolicyClient client = PolicyClient.offline(42);
    private final RecordingSink sink = new RecordingSink();
    private ActingHttpServer server;
    private Http http;

    @BeforeEach
    void start() throws Exception {
        client.offer(Fixtures.cartpole(0));
        client.offer(Fixtures.arm());
        ActingService service = new ActingService(client, sink, new EpisodeLimits(MAX_OPEN, Duration.ofMinutes(10)),
                Set.of(CARTPOLE, "arm", "later"), InstantSource.system());
        server = ActingHttpServer.start(service, new HttpSettings("127.0.0.1", 0, 4, MAX_BODY));
        http = new Http(server.port());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void shouldNeverAnswer500NorStopWhateverTheRequest() {
        SplittableRandom rng = new SplittableRandom(7);
        Map<String, Integer> statuses = new TreeMap<>();
        int oversized = 0;
        for (int i = 0; i < REQUESTS; i++) {
            Request r = request(rng, i);
            HttpResponse<String> response = http.send(r.method(), r.path(), r.body() == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : r.chunked() ? HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(r.body()))
                    : HttpRequest.BodyPublishers.ofByteArray(r.body()));
            int status = response.statusCode();
            statuses.merge(r.kind() + " " + status, 1, Integer::sum);
            assertThat(status).as("%s %s %s", r.kind(), r.method(), r.path()).isIn(ALLOWED);
            if (status != 200) {
                assertThat(Http.json(response).get("error").asText()).as(r.kind()).isNotBlank();
            }
            if (r.body() != null && r.body().length > MAX_BODY) {
                assertThat(status).as("a body over the limit, %s", r.kind()).isEqualTo(413);
                oversized++;
            }
        }
        assertThat(http.get("/health").statusCode()).isEqualTo(200);
        assertThat(http.post("/v1/reward", "{\"episode\":\"after\",\"reward\":1}").statusCode()).isIn(404, 200);
        assertThat(http.get("/v1/policies/cartpole").statusCode()).isEqualTo(200);
        assertThat(oversized).isGreaterThan(REQUESTS / 20);
        System.out.printf("ActingHttpServerFuzzTest figures: %d requests, %d oversized (all 413), 0 answered 500;"
                + " by kind and status %s%n", REQUESTS, oversized, statuses);
    }

    /** One generated request. */
    private record Request(String kind, String method, String path, byte[] body, boolean chunked) {
    }

    private Request request(SplittableRandom rng, int i) {
        String path = rng.nextInt(10) < 6 ? "/v1/act" : "/v1/reward";
        return switch (i % 12) {
            case 0 -> post("random-bytes", path, randomBytes(rng, 1 + rng.nextInt(3000)), rng);
            case 1 -> post("deep-nesting", path, deep(rng), rng);
            case 2 -> post("number", path, numberIn(rng), rng);
            case 3 -> post("string", path, stringIn(rng), rng);
            case 4 -> post("oversized", path, oversized(rng), rng);
            case 5 -> post("huge-array", "/v1/act", hugeArray(rng), rng);
            case 6 -> post("valid", path, valid(rng, path), rng);
            case 7 -> post("truncated", path, truncated(rng, path), rng);
            case 8 -> new Request("policy-path", "GET", "/v1/policies/" + pathSegment(rng), null, false);
            case 9 -> new Request("method", rng.nextBoolean() ? "PUT" : "DELETE",
                    rng.nextBoolean() ? path : "/health", "{}".getBytes(StandardCharsets.UTF_8), false);
            case 10 -> new Request("unknown-path", rng.nextBoolean() ? "GET" : "POST", "/" + pathSegment(rng),
                    "{}".getBytes(StandardCharsets.UTF_8), false);
            default -> new Request("health", "GET", "/health", null, false);
        };
    }

    private static Request post(String kind, String path, String body, SplittableRandom rng) {
        return post(kind, path, body.getBytes(StandardCharsets.UTF_8), rng);
    }

    private static Request post(String kind, String path, byte[] body, SplittableRandom rng) {
        return new Request(kind, "POST", path, body, rng.nextInt(4) == 0);
    }

    private static byte[] randomBytes(SplittableRandom rng, int n) {
        byte[] b = new byte[n];
        rng.nextBytes(b);
        return b;
    }

    private static String deep(SplittableRandom rng) {
        int depth = 33 + rng.nextInt(rng.nextBoolean() ? 100 : 7000);
        String nest = "[".repeat(depth) + "]".repeat(depth);
        String field = new String[] {"state", "x", "policy", "reward"}[rng.nextInt(4)];
        return "{\"policy\":\"cartpole\",\"episode\":\"d\",\"state\":[0,0,0,0],\"" + field + "\":" + nest + "}";
    }

    private static String numberIn(SplittableRandom rng) {
        String n = NUMBERS[rng.nextInt(NUMBERS.length)];
        if (rng.nextInt(10) == 0) {
            n = "1" + "0".repeat(900 + rng.nextInt(2000));
        }
        return switch (rng.nextInt(4)) {
            case 0 -> "{\"policy\":\"cartpole\",\"episode\":\"n\",\"state\":[0," + n + ",0,0]}";
            case 1 -> "{\"episode\":\"n\",\"reward\":" + n + "}";
            case 2 -> "{\"episode\":\"n\",\"step\":" + n + ",\"reward\":1}";
            default -> "{\"policy\":\"cartpole\",\"episode\":\"n\",\"state\":[0,0,0,0],\"greedy\":" + n + "}";
        };
    }

    private static String stringIn(SplittableRandom rng) {
        String s = STRINGS[rng.nextInt(STRINGS.length)];
        return switch (rng.nextInt(3)) {
            case 0 -> "{\"policy\":" + s + ",\"episode\":\"s\",\"state\":[0,0,0,0]}";
            case 1 -> "{\"policy\":\"cartpole\",\"episode\":" + s + ",\"state\":[0,0,0,0]}";
            default -> "{\"episode\":" + s + ",\"reward\":1,\"policy\":" + s + "}";
        };
    }

    private static byte[] oversized(SplittableRandom rng) {
        int n = MAX_BODY + 1 + rng.nextInt(rng.nextBoolean() ? 100 : 4 * MAX_BODY);
        String head = "{\"policy\":\"cartpole\",\"episode\":\"o\",\"state\":[0,0,0,0],\"pad\":\"";
        return (head + "x".repeat(Math.max(0, n - head.length() - 2)) + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    private static String hugeArray(SplittableRandom rng) {
        StringBuilder b = new StringBuilder("{\"policy\":\"cartpole\",\"episode\":\"h\",\"state\":[");
        int n = 5 + rng.nextInt(MAX_BODY / 3);
        for (int k = 0; k < n && b.length() < MAX_BODY - 8; k++) {
            b.append(k == 0 ? "" : ",").append(k % 10);
        }
        return b.append("]}").toString();
    }

    private static String valid(SplittableRandom rng, String path) {
        String ep = "v-" + rng.nextInt(2 * MAX_OPEN);
        return path.equals("/v1/act")
                ? "{\"policy\":\"cartpole\",\"episode\":\"" + ep + "\",\"state\":[0.1,0.2,0.3,0.4]}"
                : "{\"episode\":\"" + ep + "\",\"reward\":1.5,\"done\":" + rng.nextBoolean() + "}";
    }

    private static String truncated(SplittableRandom rng, String path) {
        String full = valid(rng, path);
        return full.substring(0, rng.nextInt(full.length()));
    }

    /** A path segment of random characters, percent-encoded as a client would send it. */
    private static String pathSegment(SplittableRandom rng) {
        StringBuilder b = new StringBuilder();
        int n = rng.nextInt(rng.nextBoolean() ? 10 : 2000);
        for (int k = 0; k < n; k++) {
            int c = rng.nextInt(256);
            if (Character.isLetterOrDigit(c) && c < 128) {
                b.append((char) c);
            } else {
                b.append('%').append(String.format("%02X", c));
            }
        }
        return b.toString();
    }
}
