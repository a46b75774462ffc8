package io.policystream.serve;

import static io.policystream.serve.Fixtures.CARTPOLE;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.policystream.client.ParamsTopic;
import io.policystream.event.Action;
import io.policystream.event.Event;
import io.policystream.event.EventType;
import io.policystream.testkit.KafkaCluster;
import io.policystream.testkit.TopicReader;
import io.policystream.wire.EventCodec;
import io.policystream.wire.ParamsCodec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The acting service against a real broker: what it records is exactly what the wire format says. */
class ServeIT {
    @RegisterExtension
    static final KafkaCluster KAFKA = KafkaCluster.empty();
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final double[] STATE = {0.01, -0.02, 0.03, 0.04};

    private static Map<String, String> topics;

    @BeforeAll
    static void createTopics() {
        topics = KAFKA.createPrefixedProjectTopics("serve.");
    }

    private static ServeConfig config() {
        return new ServeConfig(new HttpSettings("127.0.0.1", 0, 4, HttpSettings.DEFAULT_MAX_REQUEST_BYTES),
                EpisodeLimits.DEFAULT, topics.get("topic.params"), topics.get("topic.events"), Set.of(),
                WAIT);
    }

    private record Acted(String episode, JsonNode answer) {
    }

    @Test
    void shouldRecordNumberedStepsAndTypedRewardsAndFollowNewVersions() throws Exception {
        Properties kafka = KAFKA.clientProperties();
        ParamsTopic.publish(kafka, Fixtures.cartpole(0), WAIT, topics.get("topic.params"));

        try (ServeApp app = ServeApp.start(kafka, config())) {
            Http http = new Http(app.port());
            assertThat(Http.json(http.get("/health")).get("policies").get(CARTPOLE).asLong()).isZero();
            assertThat(http.get("/v1/policies/cartpole").body())
                    .isEqualTo(new ParamsCodec().encodeToString(Fixtures.cartpole(0)));

            List<Acted> acted = new ArrayList<>();
            for (String episode : List.of("a", "b", "a", "c", "b", "a")) {
                JsonNode answer = Http.json(http.post("/v1/act", act(episode)));
                acted.add(new Acted(episode, answer));
            }
            assertOk(http.post("/v1/reward", "{\"episode\":\"a\",\"step\":0,\"reward\":1.0}"));
            assertOk(http.post("/v1/reward", "{\"episode\":\"a\",\"reward\":2.0,\"done\":true}"));
            assertOk(http.post("/v1/reward", "{\"episode\":\"b\",\"reward\":0.5,\"truncated\":true}"));
            assertOk(http.post("/v1/reward", "{\"episode\":\"c\",\"step\":0,\"reward\":-1,\"done\":true}"));
            assertThat(app.service().openEpisodes()).isZero();

            List<Event> events = readEvents(10);
            List<Event> steps = events.stream().filter(Event::isStep).toList();
            assertThat(steps).hasSize(6);
            for (String episode : List.of("a", "b", "c")) {
                List<Acted> mine = acted.stream().filter(x -> x.episode().equals(episode)).toList();
                List<Event> recorded = steps.stream().filter(e -> e.episode().equals(episode)).toList();
                assertThat(recorded).hasSameSizeAs(mine);
                for (int t = 0; t < mine.size(); t++) {
                    JsonNode answer = mine.get(t).answer();
                    Event e = recorded.get(t);
                    assertThat(answer.get("step").asLong()).isEqualTo(t);
                    assertThat(e.step()).isEqualTo(t);
                    assertThat(e.policy()).isEqualTo(CARTPOLE);
                    assertThat(e.state()).containsExactly(STATE);
                    assertThat(e.action()).isEqualTo(new Action.Discrete(answer.get("action").asInt()));
                    assertThat(e.logProb()).isEqualTo(answer.get("logProb").asDouble());
                    assertThat(e.policyVersion()).isEqualTo(answer.get("version").asLong()).isZero();
                    assertThat(e.reward()).isZero();
                    assertThat(e.done() || e.truncated()).isFalse();
                    assertThat(e.time()).isPositive();
                }
            }
            List<Event> rewards = events.stream().filter(e -> !e.isStep()).toList();
            assertThat(rewards).extracting(Event::type).containsOnly(EventType.REWARD);
            assertThat(rewards).extracting(e -> e.episode() + "/" + e.step() + "/" + e.reward() + "/" + e.done() + "/"
                    + e.truncated()).containsExactlyInAnyOrder("a/0/1.0/false/false", "a/2/2.0/true/false",
                    "b/1/0.5/false/true", "c/0/-1.0/true/false");
            assertThat(rewards).extracting(Event::policy).containsOnly(CARTPOLE);

            ParamsTopic.publish(kafka, Fixtures.cartpole(1), WAIT, topics.get("topic.params"));
            long deadline = System.nanoTime() + WAIT.toNanos();
            long version = 0;
            for (int i = 0; version < 1 && System.nanoTime() < deadline; i++) {
                version = Http.json(http.post("/v1/act", act("after-" + i))).get("version").asLong();
                if (version < 1) {
                    Thread.sleep(100);
                }
            }
            assertThat(version).as("a newly published version is acted with").isEqualTo(1);
            assertThat(Http.json(http.get("/v1/policies/cartpole")).get("version").asLong()).isEqualTo(1);
        }
    }

    private static String act(String episode) {
        return "{\"policy\":\"cartpole\",\"episode\":\"" + episode + "\",\"state\":[0.01,-0.02,0.03,0.04]}";
    }

    private static void assertOk(java.net.http.HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    /** The first {@code n} events of the events topic, decoded against their record keys. */
    private static List<Event> readEvents(int n) throws Exception {
        EventCodec codec = new EventCodec();
        try (TopicReader reader = new TopicReader(KAFKA.clientProperties(), topics.get("topic.events"))) {
            List<ConsumerRecord<byte[], byte[]>> records = reader.until(r -> r.size() >= n, WAIT);
            List<Event> events = new ArrayList<>();
            for (ConsumerRecord<byte[], byte[]> r : records) {
                String key = new String(r.key(), StandardCharsets.UTF_8);
                events.add(codec.decode(key, r.value()));
            }
            assertThat(events).hasSize(n);
            return events;
        }
    }
}
