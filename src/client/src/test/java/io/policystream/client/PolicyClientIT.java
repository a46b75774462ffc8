package io.policystream.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.policystream.event.Action;
import io.policystream.event.Event;
import io.policystream.event.EventType;
import io.policystream.policy.Activation;
import io.policystream.policy.Architecture;
import io.policystream.policy.Initializer;
import io.policystream.policy.PolicyNetwork;
import io.policystream.policy.PolicyParams;
import io.policystream.testkit.KafkaCluster;
import io.policystream.testkit.TopicReader;
import io.policystream.wire.EventCodec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The acting SDK on a real broker: version swaps, refused params, and events as the wire format says. */
class PolicyClientIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Architecture ARCH = Architecture.categorical(4, List.of(8), 3, Activation.TANH);

    @RegisterExtension
    static final KafkaCluster KAFKA = KafkaCluster.empty();

    @Test
    void shouldActWithWholeVersionsAndSwapToEachNewOne() throws Exception {
        Map<String, String> topics = KAFKA.createPrefixedProjectTopics("swap.");
        String paramsTopic = topics.get("topic.params");
        Properties client = KAFKA.clientProperties();
        List<PolicyParams> published = new ArrayList<>();
        published.add(Initializer.initialize("p", ARCH, 1, 0));
        ParamsTopic.publish(client, published.get(0), WAIT, paramsTopic);
        try (PolicyClient pc = PolicyClient.connect(client, paramsTopic, 7)) {
            assertThatThrownBy(() -> pc.act("nobody", new double[4])).isInstanceOf(NoParamsException.class);
            assertThat(pc.awaitParams("p", WAIT).version()).isZero();
            List<Decision> decisions = Collections.synchronizedList(new ArrayList<>());
            ExecutorService pool = Executors.newFixedThreadPool(4);
            List<Future<?>> running = new ArrayList<>();
            double[] state = {0.1, -0.2, 0.3, -0.4};
            for (int i = 0; i < 4; i++) {
                running.add(pool.submit(() -> {
                    for (int k = 0; k < 3000; k++) {
                        decisions.add(pc.act("p", state));
                    }
                }));
            }
            for (int v = 1; v <= 3; v++) {
                published.add(Initializer.initialize("p", ARCH, 100 + v, 0).relabel("p", v, 0, 0, 0));
                ParamsTopic.publish(client, published.get(v), WAIT, paramsTopic);
            }
            for (Future<?> f : running) {
                f.get();
            }
            pool.shutdown();
            assertThat(pc.awaitParams("p", 3, WAIT).version()).isEqualTo(3);
            // Each decision's log-prob is exactly that of the version it names: one whole version each time.
            PolicyNetwork net = new PolicyNetwork(ARCH);
            for (Decision d : decisions) {
                PolicyParams p = published.get((int) d.version());
                assertThat(d.logProb()).isEqualTo(net.logProb(p, state, d.action(), net.newWorkspace()));
            }
            assertThat(pc.act("p", state).version()).isEqualTo(3);
            assertThat(pc.act("p", state, PolicyClient.Mode.GREEDY).action()).isInstanceOf(Action.Discrete.class);
        }
    }

    @Test
    void shouldRefuseInvalidParamsAndKeepTheLastGoodVersion() throws Exception {
        Map<String, String> topics = KAFKA.createPrefixedProjectTopics("bad.");
        String paramsTopic = topics.get("topic.params");
        Properties client = KAFKA.clientProperties();
        ParamsTopic.publish(client, Initializer.initialize("q", ARCH, 1, 0), WAIT, paramsTopic);
        try (PolicyClient pc = PolicyClient.connect(client, paramsTopic, 7);
             KafkaProducer<String, String> raw = new KafkaProducer<>(client, new StringSerializer(),
                     new StringSerializer())) {
            pc.awaitParams("q", WAIT);
            raw.send(new ProducerRecord<>(paramsTopic, "q", "{\"policy\":\"q\",\"version\":9,\"distribution\":"
                    + "\"categorical\",\"activation\":\"tanh\",\"layers\":[{\"weights\":[[1,2],[3]],\"bias\":[0,0]}]}"));
            raw.send(new ProducerRecord<>(paramsTopic, "q", "garbage"));
            raw.flush();
            ParamsTopic.publish(client, Initializer.initialize("q", ARCH, 2, 0).relabel("q", 1, 0, 0, 0), WAIT,
                    paramsTopic);
            assertThat(pc.awaitParams("q", 1, WAIT).version()).isEqualTo(1);
            assertThat(pc.refusedParams()).isEqualTo(2);
        }
    }

    @Test
    void shouldRecordStepsAndLateRewardsExactlyAsTheWireFormatSays() throws Exception {
        Map<String, String> topics = KAFKA.createPrefixedProjectTopics("rec.");
        Properties client = KAFKA.clientProperties();
        PolicyClient pc = PolicyClient.offline(3);
        pc.offer(Initializer.initialize("r", ARCH, 1, 0));
        double[] s0 = {1, 2, 3, 4};
        Decision d0 = pc.act("r", s0);
        try (EpisodeRecorder rec = new EpisodeRecorder(client, topics.get("topic.events"))) {
            rec.step("ep-1", 0, s0, d0, 0.5, false, false);
            rec.step("ep-1", 1, s0, d0, 1.0, true, false);
            rec.reward("r", "ep-1", 0, 2.0, false, false);
        }
        EventCodec codec = new EventCodec();
        try (TopicReader reader = new TopicReader(client, topics.get("topic.events"))) {
            List<ConsumerRecord<byte[], byte[]>> recs = reader.until(r -> r.size() >= 3, WAIT);
            List<Event> events = new ArrayList<>();
            for (ConsumerRecord<byte[], byte[]> r : recs) {
                assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo("ep-1");
                events.add(codec.decode("ep-1", r.value()));
            }
            assertThat(events).extracting(Event::type).containsExactly(EventType.STEP, EventType.STEP, EventType.REWARD);
            Event first = events.get(0);
            assertThat(first.logProb()).isEqualTo(d0.logProb());
            assertThat(first.policyVersion()).isZero();
            assertThat(first.action()).isEqualTo(d0.action());
            assertThat(first.state()).containsExactly(s0);
            assertThat(events.get(1).done()).isTrue();
            assertThat(events.get(2).reward()).isEqualTo(2.0);
            assertThat(events.get(2).step()).isZero();
            assertThat(events).allSatisfy(e -> assertThat(e.time()).isPositive());
        }
    }
}
