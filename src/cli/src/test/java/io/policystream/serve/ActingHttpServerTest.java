package io.policystream.serve;

import static io.policystream.serve.Fixtures.CARTPOLE;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.policystream.client.PolicyClient;
import io.policystream.event.Event;
import io.policystream.serve.Fixtures.RecordingSink;
import io.policystream.wire.ParamsCodec;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ActingHttpServerTest {
    private static final int MAX_BODY = 4096;
    private static final String ACT = "{\"policy\":\"cartpole\",\"episode\":\"%s\",\"state\":[0.01,-0.02,0.03,0.04]}";

    private final PolicyClient client = PolicyClient.offline(42);
    private final RecordingSink sink = new RecordingSink();
    private ActingHttpServer server;
    private Http http;

    @BeforeEach
    void start() throws Exception {
        client.offer(Fixtures.cartpole(0));
        client.offer(Fixtures.arm());
        ActingService service = new ActingService(client, sink, EpisodeLimits.DEFAULT, Set.of(CARTPOLE, "arm",
                "later"), InstantSource.system());
        server = ActingHttpServer.start(service, new HttpSettings("127.0.0.1", 0, 4, MAX_BODY));
        http = new Http(server.port());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static String act(String episode) {
        return ACT.formatted(episode);
    }

    @Test
    void shouldActAndAnswerTheActionItsLogProbVersionAndStep() {
        HttpResponse<String> first = http.post("/v1/act", act("e1"));
        HttpResponse<String> second = http.post("/v1/act", act("e1"));

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.headers().firstValue("Content-Type")).hasValue("application/json; charset=utf-8");
        JsonNode a = Http.json(first);
        assertThat(a.get("action").isInt()).isTrue();
        assertThat(a.get("action").asInt()).isBetween(0, 1);
        assertThat(a.get("logProb").asDouble()).isNegative();
        assertThat(a.get("version").asLong()).isZero();
        assertThat(a.get("step").asLong()).isZero();
        assertThat(Http.json(second).get("step").asLong()).isEqualTo(1);
        List<Event> events = sink.events();
        assertThat(events).hasSize(2);
        assertThat(events.get(0).logProb()).isEqualTo(a.get("logProb").asDouble());
    }

    @Test
    void shouldAnswerAGaussianActionAsAnArray() {
        JsonNode a = Http.json(http.post("/v1/act",
                "{\"policy\":\"arm\",\"episode\":\"g\",\"state\":[1,2,3],\"greedy\":true}"));

        assertThat(a.get("action").isArray()).isTrue();
        assertThat(a.get("action")).hasSize(2);
    }

    @Test
    void shouldRecordARewardAndEndTheEpisode() {
        http.post("/v1/act", act("e"));

        HttpResponse<String> r = http.post("/v1/reward", "{\"episode\":\"e\",\"reward\":1.5,\"done\":true}");

        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode body = Http.json(r);
        assertThat(body.get("policy").asText()).isEqualTo(CARTPOLE);
        assertThat(body.get("step").asLong()).isZero();
        assertThat(body.get("ended").asBoolean()).isTrue();
        Event e = sink.events().get(1);
        assertThat(e.isStep()).isFalse();
        assertThat(e.reward()).isEqualTo(1.5);
        assertThat(e.done()).isTrue();
        assertThat(http.post("/v1/reward", "{\"episode\":\"e\",\"reward\":1}").statusCode()).isEqualTo(404);
    }

    @Test
    void shouldAnswerTheParamsOfAPolicyInTheWireFormat() {
        HttpResponse<String> r = http.get("/v1/policies/cartpole");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo(new ParamsCodec().encodeToString(Fixtures.cartpole(0)));
    }

    @Test
    void shouldReportHealth() {
        http.post("/v1/act", act("e"));

        HttpResponse<String> r = http.get("/health");

        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode h = Http.json(r);
        assertThat(h.get("status").asText()).isEqualTo("UP");
        assertThat(h.get("openEpisodes").asInt()).isEqualTo(1);
        assertThat(h.get("policies").get(CARTPOLE).asLong()).isZero();
    }

    static Stream<Arguments> badBodies() {
        String deep = "[".repeat(200) + "]".repeat(200);
        return Stream.of(
                // path, body, field (null: the body as a whole)
                Arguments.of("/v1/act", "{\"policy\":", null),
                Arguments.of("/v1/act", "", null),
                Arguments.of("/v1/act", "[1,2]", null),
                Arguments.of("/v1/act", act("e") + " {}", null),
                Arguments.of("/v1/act", "{\"x\":" + deep + "," + act("e").substring(1), null),
                Arguments.of("/v1/act", "{\"policy\":\"cartpole\",\"policy\":\"cartpole\"}", null),
                Arguments.of("/v1/act", "{\"episode\":\"e\",\"state\":[1,2,3,4]}", "policy"),
                Arguments.of("/v1/act", "{\"policy\":7,\"episode\":\"e\",\"state\":[1,2,3,4]}", "policy"),
                Arguments.of("/v1/act", "{\"policy\":\"cart pole\",\"episode\":\"e\",\"state\":[1,2,3,4]}", "policy"),
                Arguments.of("/v1/act", "{\"policy\":\"cartpole\",\"state\":[1,2,3,4]}", "episode"),
                Arguments.of("/v1/act", "{\"policy\":\"cartpole\",\"episode\":[],\"state\":[1,2,3,4]}", "episode"),
                Arguments.of("/v1/act", act("x".repeat(257)), "episode"),
                Arguments.of("/v1/act", "{\"policy\":\"cartpole\",\"episode\":\"e\"}", "state"),
                Arguments.of("/v1/act", "{\"policy\":\"cartpole\",\"episode\":\"e\",\"state\":\"1,2\"}", "state"),
                Arguments.of("/v1/act", "{\"policy\":\"cartpole\",\"episode\":\"e\",\"state\":[1,\"2\",3,4]}", "state"),
                Arguments.of("/v1/act", "{\"policy\":\"cartpole\",\"episode\":\"e\",\"state\":[1,NaN,3,4]}", "state"),
                Arguments.of("/v1/act", "{\"policy\":\"cartpole\",\"episode\":\"e\",\"state\":[1,1e400,3,4]}", "state"),
                Arguments.of("/v1/act", "{\"policy\":\"cartpole\",\"episode\":\"e\",\"state\":[1,2,3]}", "state"),
                Arguments.of("/v1/act", "{\"policy\":\"cartpole\",\"episode\":\"e\",\"state\":[1,2,3,4],"
                        + "\"greedy\":\"yes\"}", "greedy"),
                Arguments.of("/v1/reward", "{\"episode\":\"open\",\"reward\":1,\"step\":-1}", "step"),
                Arguments.of("/v1/reward", "{\"episode\":\"open\",\"reward\":1,\"step\":0.5}", "step"),
                Arguments.of("/v1/reward", "{\"episode\":\"open\",\"reward\":1,\"step\":1.0}", "step"),
                Arguments.of("/v1/reward", "{\"episode\":\"open\",\"reward\":1,\"step\":99999999999999999999}", "step"),
                Arguments.of("/v1/reward", "{\"episode\":\"open\",\"reward\":1,\"step\":5}", "step"),
                Arguments.of("/v1/reward", "{\"episode\":\"open\"}", "reward"),
                Arguments.of("/v1/reward", "{\"episode\":\"open\",\"reward\":\"1\"}", "reward"),
                Arguments.of("/v1/reward", "{\"episode\":\"open\",\"reward\":Infinity}", "reward"),
                Arguments.of("/v1/reward", "{\"episode\":\"open\",\"reward\":1,\"done\":1}", "done"),
                Arguments.of("/v1/reward", "{\"episode\":\"open\",\"reward\":1,\"truncated\":\"no\"}", "truncated"),
                Arguments.of("/v1/reward", "{\"episode\":\"open\",\"reward\":1,\"policy\":\"arm\"}", "policy"),
                Arguments.of("/v1/reward", "{\"reward\":1}", "episode"));
    }

    @ParameterizedTest
    @MethodSource("badBodies")
    void shouldAnswer400NamingTheFieldForBadInput(String path, String body, String field) {
        http.post("/v1/act", act("open"));

        HttpResponse<String> r = http.post(path, body);

        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        JsonNode error = Http.json(r);
        assertThat(error.get("error").asText()).isNotBlank();
        assertThat(error.get("field").isNull() ? null : error.get("field").asText()).as(r.body()).isEqualTo(field);
        assertThat(sink.events()).as("nothing recorded but the first act").hasSize(1);
    }

    static Stream<Arguments> bodiesOverAParserLimit() {
        String state = "\"state\":[1,2,3,4]";
        return Stream.of(
                Arguments.of("{\"x\":" + "[".repeat(33) + "]".repeat(33) + "," + act("e").substring(1),
                        "JSON nested deeper than 32 levels"),
                Arguments.of("{\"x\":" + "[".repeat(2000) + "]".repeat(2000) + "}",
                        "JSON nested deeper than 32 levels"),
                Arguments.of("{\"policy\":\"cartpole\",\"episode\":\"e\",\"state\":[1,2,3," + "9".repeat(1001) + "]}",
                        "a number longer than 1000 characters"),
                Arguments.of("{\"" + "n".repeat(1001) + "\":1," + state + "}",
                        "a field name longer than 1000 characters"));
    }

    @ParameterizedTest
    @MethodSource("bodiesOverAParserLimit")
    void shouldNameTheParserLimitABodyBrokeInPlainWords(String body, String message) {
        HttpResponse<String> r = http.post("/v1/act", body);

        assertError(r, 400, null);
        assertThat(Http.json(r).get("error").asText()).isEqualTo(message);
        assertThat(r.body()).doesNotContain("StreamReadConstraints").doesNotContain("getMax");
        assertThat(sink.events()).isEmpty();
    }

    @Test
    void shouldAcceptNestingUpToTheLimitItNames() {
        // The object is level 1, so 31 arrays inside it make 32 levels.
        HttpResponse<String> r = http.post("/v1/act", "{\"x\":" + "[".repeat(31) + "]".repeat(31) + ","
                + act("e").substring(1));

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    @Test
    void shouldAnswer404ForUnknownPoliciesEpisodesAndPaths() {
        assertError(http.post("/v1/act", "{\"policy\":\"nobody\",\"episode\":\"e\",\"state\":[1]}"), 404, "policy");
        assertError(http.post("/v1/reward", "{\"episode\":\"never\",\"reward\":1}"), 404, "episode");
        assertError(http.get("/v1/policies/nobody"), 404, "policy");
        assertError(http.get("/v1/policies/"), 404, null);
        assertError(http.get("/v1/policies/cartpole/extra"), 404, null);
        assertError(http.get("/v2/act"), 404, null);
        assertError(http.post("/v1/act/", act("e")), 404, null);
    }

    @Test
    void shouldAnswer405WithTheAllowedMethod() {
        HttpResponse<String> r = http.get("/v1/act");
        assertError(r, 405, null);
        assertThat(r.headers().firstValue("Allow")).hasValue("POST");
        assertError(http.get("/v1/reward"), 405, null);
        HttpResponse<String> h = http.post("/health", "{}");
        assertError(h, 405, null);
        assertThat(h.headers().firstValue("Allow")).hasValue("GET");
        assertError(http.send("DELETE", "/v1/policies/cartpole", HttpRequest.BodyPublishers.noBody()), 405, null);
    }

    @Test
    void shouldAnswer413ForABodyOverTheLimitWithOrWithoutContentLength() {
        String big = "{\"policy\":\"cartpole\",\"episode\":\"e\",\"pad\":\"" + "x".repeat(MAX_BODY) + "\"}";

        assertError(http.post("/v1/act", big), 413, null);
        byte[] bytes = big.getBytes(StandardCharsets.UTF_8);
        assertError(http.send("POST", "/v1/act",
                HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes))), 413, null);
        assertThat(http.post("/v1/act", act("e")).statusCode()).as("the service goes on").isEqualTo(200);
        assertThat(sink.events()).hasSize(1);
    }

    @Test
    void shouldAcceptABodyOfExactlyTheLimit() {
        String body = act("e");
        String padded = body.substring(0, body.length() - 1) + ",\"pad\":\"\"}";
        padded = padded.replace("\"pad\":\"\"", "\"pad\":\"" + "x".repeat(MAX_BODY - padded.length()) + "\"");
        assertThat(padded.getBytes(StandardCharsets.UTF_8)).hasSize(MAX_BODY);

        assertThat(http.post("/v1/act", padded).statusCode()).isEqualTo(200);
    }

    @Test
    void shouldAnswer503ForAServedPolicyWithoutParams() {
        HttpResponse<String> r = http.post("/v1/act", "{\"policy\":\"later\",\"episode\":\"e\",\"state\":[1]}");

        assertError(r, 503, "policy");
        assertThat(r.headers().firstValue("Retry-After")).isPresent();
        assertError(http.get("/v1/policies/later"), 503, "policy");
    }

    @Test
    void shouldNumberEveryEpisodeWithoutGapsOrDuplicatesUnderConcurrency() throws Exception {
        int threads = 8;
        int episodes = 50;
        int actsPerThread = 100;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<Map<String, List<Long>>>> futures = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            SplittableRandom rng = new SplittableRandom(i);
            futures.add(pool.submit(() -> {
                Map<String, List<Long>> steps = new TreeMap<>();
                for (int k = 0; k < actsPerThread; k++) {
                    String episode = "ep-" + rng.nextInt(episodes);
                    HttpResponse<String> r = http.post("/v1/act", act(episode));
                    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
                    steps.computeIfAbsent(episode, e -> new ArrayList<>()).add(Http.json(r).get("step").asLong());
                }
                return steps;
            }));
        }
        Map<String, List<Long>> answered = new TreeMap<>();
        for (Future<Map<String, List<Long>>> f : futures) {
            f.get(60, TimeUnit.SECONDS).forEach((e, s) -> answered.computeIfAbsent(e, x -> new ArrayList<>()).addAll(s));
        }
        pool.shutdown();
        assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();

        Map<String, List<Long>> recorded = sink.events().stream().collect(Collectors.groupingBy(Event::episode,
                TreeMap::new, Collectors.mapping(Event::step, Collectors.toList())));
        assertThat(recorded.keySet()).isEqualTo(answered.keySet());
        long total = 0;
        for (Map.Entry<String, List<Long>> e : recorded.entrySet()) {
            int n = e.getValue().size();
            List<Long> expected = Stream.iterate(0L, t -> t + 1).limit(n).toList();
            assertThat(e.getValue()).as("recorded in order, " + e.getKey()).isEqualTo(expected);
            assertThat(answered.get(e.getKey()).stream().sorted().toList()).as("answered, " + e.getKey())
                    .isEqualTo(expected);
            total += n;
        }
        assertThat(total).isEqualTo((long) threads * actsPerThread);
    }

    @Test
    void shouldNeverAnswer500ToHostileBodies() {
        SplittableRandom rng = new SplittableRandom(2024);
        String[] seeds = {
            act("h"), "{\"episode\":\"h\",\"reward\":1,\"step\":0}", "{\"episode\":\"h\",\"reward\":-2.5,\"done\":true}",
            "{\"policy\":\"arm\",\"episode\":\"h2\",\"state\":[1,2,3],\"greedy\":false}"
        };
        String[] tokens = {"{", "}", "[", "]", ",", ":", "\"", "null", "true", "-", "1e999", "NaN", "\\u0000",
            "\\ud800", "\"state\"", "\"step\"", "9223372036854775808", "-0", "\u00e9", "\t", "/*"};
        for (int i = 0; i < 400; i++) {
            byte[] body = switch (i % 4) {
                case 0 -> randomBytes(rng);
                case 1 -> flipBytes(seeds[rng.nextInt(seeds.length)].getBytes(StandardCharsets.UTF_8), rng);
                case 2 -> insertTokens(seeds[rng.nextInt(seeds.length)], tokens, rng);
                default -> truncate(seeds[rng.nextInt(seeds.length)], rng);
            };
            String path = rng.nextBoolean() ? "/v1/act" : "/v1/reward";
            HttpResponse<String> r = http.post(path, body);
            assertThat(r.statusCode()).as("%s %s", path, new String(body, StandardCharsets.UTF_8))
                    .isIn(200, 400, 404, 503);
            if (r.statusCode() != 200) {
                assertThat(Http.json(r).get("error").asText()).isNotBlank();
            }
        }
        assertThat(http.get("/health").statusCode()).isEqualTo(200);
        assertThat(http.post("/v1/act", act("after")).statusCode()).isEqualTo(200);
    }

    private static byte[] randomBytes(SplittableRandom rng) {
        byte[] b = new byte[rng.nextInt(200)];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) rng.nextInt(256);
        }
        return b;
    }

    private static byte[] flipBytes(byte[] b, SplittableRandom rng) {
        int flips = 1 + rng.nextInt(4);
        for (int k = 0; k < flips; k++) {
            b[rng.nextInt(b.length)] = (byte) rng.nextInt(256);
        }
        return b;
    }

    private static byte[] insertTokens(String s, String[] tokens, SplittableRandom rng) {
        StringBuilder sb = new StringBuilder(s);
        int n = 1 + rng.nextInt(3);
        for (int k = 0; k < n; k++) {
            sb.insert(rng.nextInt(sb.length() + 1), tokens[rng.nextInt(tokens.length)]);
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] truncate(String s, SplittableRandom rng) {
        return s.substring(0, rng.nextInt(s.length())).getBytes(StandardCharsets.UTF_8);
    }

    private static void assertError(HttpResponse<String> r, int status, String field) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        JsonNode error = Http.json(r);
        assertThat(error.get("error").asText()).isNotBlank();
        assertThat(error.get("field").isNull() ? null : error.get("field").asText()).as(r.body()).isEqualTo(field);
    }
}
