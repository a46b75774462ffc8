package io.policystream.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.policystream.client.EpisodeRecorder;
import io.policystream.client.PolicyClient;
import io.policystream.policy.Activation;
import io.policystream.policy.Architecture;
import io.policystream.policy.Initializer;
import io.policystream.policy.PolicyParams;
import io.policystream.testkit.KafkaCluster;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Simulated actors recording to a real broker while their versions are given by hand: paced, they
 * never play more than their share of a version; unpaced, they run far ahead of it.
 */
class ActorPoolPacingIT {
    @RegisterExtension
    static final KafkaCluster KAFKA = KafkaCluster.withProjectTopics();

    private static final String POLICY = "cartpole";
    private static final PolicyParams V0 = Initializer.initialize(POLICY,
            Architecture.categorical(4, List.of(8), 2, Activation.TANH), 7L, 1_000L);

    private static PolicyParams version(long v) {
        // Each version learned from one batch of 8 trajectories, as the learner's default.
        return new PolicyParams(POLICY, v, V0.architecture(), V0.copyTheta(), null, 8 * v, 0, 1_000L);
    }

    @Test
    void shouldNotRunAheadOfTheVersionsByDefault() throws Exception {
        List<EpisodeResult> results = new CopyOnWriteArrayList<>();
        List<String> notices = new CopyOnWriteArrayList<>();
        PolicyClient client = PolicyClient.offline(3);
        client.offer(V0);
        // The default pacing with a wait longer than the test: 4 actors share a batch of 8, 2 each.
        Pacing pacing = Pacing.auto().withVersionWait(Duration.ofMinutes(2));
        try (EpisodeRecorder recorder = new EpisodeRecorder(KAFKA.clientProperties(), "policystream.events");
             ActorPool pool = new ActorPool(POLICY, POLICY, client, recorder, 5, pacing, 0, results::add,
                     notices::add)) {
            pool.start(4);
            awaitTrue(() -> results.size() >= 8);
            Thread.sleep(1500);
            assertThat(results).as("2 episodes per actor on version 0, then they wait").hasSize(8);
            assertThat(countByActor(results)).isEqualTo(Map.of(0, 2L, 1, 2L, 2, 2L, 3, 2L));
            assertThat(results).allSatisfy(r -> assertThat(r.version()).isZero());

            client.offer(version(1));
            awaitTrue(() -> results.size() >= 16);
            Thread.sleep(1500);
            assertThat(results).as("2 more each on version 1").hasSize(16);
            assertThat(results.stream().filter(r -> r.version() == 1).count()).isEqualTo(8);
            assertThat(notices).isEmpty();

            long closing = System.nanoTime();
            pool.close();
            assertThat(Duration.ofNanos(System.nanoTime() - closing)).as("waiting actors stop at once")
                    .isLessThan(Duration.ofSeconds(5));
            assertThat(pool.done()).isTrue();
            recorder.flush();
            assertThat(recorder.errors()).isZero();
            assertThat(recorder.sent()).isEqualTo(pool.steps());
        }
    }

    @Test
    void shouldRunAheadWhenUnpaced() throws Exception {
        List<EpisodeResult> results = new CopyOnWriteArrayList<>();
        PolicyClient client = PolicyClient.offline(4);
        client.offer(V0);
        try (EpisodeRecorder recorder = new EpisodeRecorder(KAFKA.clientProperties(), "policystream.events");
             ActorPool pool = new ActorPool(POLICY, POLICY, client, recorder, 6, Pacing.unpaced(), 200,
                     results::add, notice -> { })) {
            pool.start(4);
            awaitTrue(pool::done);
            assertThat(results).as("200 episodes on version 0, 50 per actor, none waiting").hasSize(200);
            assertThat(results).allSatisfy(r -> assertThat(r.version()).isZero());
        }
    }

    private static Map<Integer, Long> countByActor(List<EpisodeResult> results) {
        return results.stream().collect(Collectors.groupingBy(EpisodeResult::actor, Collectors.counting()));
    }

    private static void awaitTrue(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited 60 s").isLessThan(deadline);
            Thread.sleep(50);
        }
    }
}
