package io.policystream.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.policystream.client.PolicyClient;
import io.policystream.policy.Activation;
import io.policystream.policy.Architecture;
import io.policystream.policy.Initializer;
import io.policystream.policy.PolicyParams;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The pacing of simulated actors, against a {@link PolicyClient} fed by hand. */
class ActorPacerTest {
    private static final String POLICY = "cartpole";
    private static final PolicyParams V0 = Initializer.initialize(POLICY,
            Architecture.categorical(4, List.of(8), 2, Activation.TANH), 7L, 1_000L);

    private static PolicyParams version(long v, long trajectories) {
        return new PolicyParams(POLICY, v, V0.architecture(), V0.copyTheta(), null, trajectories, 0, 1_000L);
    }

    private final List<String> notices = new CopyOnWriteArrayList<>();

    private PolicyClient clientAtV0() {
        PolicyClient c = PolicyClient.offline(1);
        c.offer(V0);
        return c;
    }

    @Test
    void shouldPlayItsShareOfAVersionThenWaitForTheNext() throws Exception {
        PolicyClient client = clientAtV0();
        ActorPacer pacer = new ActorPacer(client, POLICY, Pacing.perVersion(3).withVersionWait(Duration.ofSeconds(30)),
                1, notices::add);
        ActorPacer.Lane lane = pacer.lane();
        for (int i = 0; i < 3; i++) {
            assertThat(lane.beforeEpisode().version()).isZero();
        }
        CompletableFuture<PolicyParams> fourth = CompletableFuture.supplyAsync(() -> call(lane));
        Thread.sleep(500);
        assertThat(fourth).as("the fourth episode on version 0 must wait").isNotDone();
        client.offer(version(1, 8));
        assertThat(fourth.get(5, TimeUnit.SECONDS).version()).isEqualTo(1);
        assertThat(lane.beforeEpisode().version()).isEqualTo(1);
        assertThat(notices).isEmpty();
    }

    @Test
    void shouldPlayOnAfterTheBoundedWaitAndSaySoOnce() throws Exception {
        ActorPacer pacer = new ActorPacer(clientAtV0(), POLICY,
                Pacing.perVersion(2).withVersionWait(Duration.ofMillis(200)), 1, notices::add);
        ActorPacer.Lane lane = pacer.lane();
        lane.beforeEpisode();
        lane.beforeEpisode();
        long start = System.nanoTime();
        assertThat(lane.beforeEpisode().version()).isZero();
        assertThat(lane.beforeEpisode().version()).isZero();
        long waitedMillis = (System.nanoTime() - start) / 1_000_000;
        assertThat(waitedMillis).as("each episode beyond the share waits the bound").isGreaterThanOrEqualTo(390);
        assertThat(notices).hasSize(1);
        assertThat(notices.get(0)).contains("no version of cartpole after 0").contains("is the learner running");
    }

    @Test
    void shouldNeverWaitWhenUnpaced() throws Exception {
        ActorPacer pacer = new ActorPacer(clientAtV0(), POLICY, Pacing.unpaced().withVersionWait(Duration.ofSeconds(30)),
                4, notices::add);
        ActorPacer.Lane lane = pacer.lane();
        long start = System.nanoTime();
        for (int i = 0; i < 1000; i++) {
            assertThat(lane.beforeEpisode().version()).isZero();
        }
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        assertThat(notices).isEmpty();
    }

    @Test
    void shouldShareOneLearnerBatchAmongTheActorsByDefault() {
        Pacing auto = Pacing.auto();
        // Before any learned version: the learner's default batch of 8.
        assertThat(auto.episodesPerVersion(0, 0, 4)).isEqualTo(2);
        assertThat(auto.episodesPerVersion(0, 0, 3)).isEqualTo(3);
        assertThat(auto.episodesPerVersion(0, 0, 16)).isEqualTo(1);
        // Version 10 made of 320 trajectories: batches of 32.
        assertThat(auto.episodesPerVersion(10, 320, 4)).isEqualTo(8);
        assertThat(auto.episodesPerVersion(10, 320, 1)).isEqualTo(32);
        assertThat(auto.episodesPerVersion(3, 25, 2)).isEqualTo(5);
        // A fixed share ignores the versions; 0 never waits.
        assertThat(Pacing.perVersion(5).episodesPerVersion(10, 320, 4)).isEqualTo(5);
        assertThat(Pacing.unpaced().episodesPerVersion(10, 320, 4)).isZero();
        assertThat(Pacing.unpaced().pacedByVersions()).isFalse();
        assertThat(auto.pacedByVersions()).isTrue();
    }

    @Test
    void shouldFollowTheBatchSizeOfTheVersions() throws Exception {
        PolicyClient client = PolicyClient.offline(1);
        client.offer(version(4, 64));
        ActorPacer pacer = new ActorPacer(client, POLICY, Pacing.auto().withVersionWait(Duration.ofSeconds(30)), 2,
                notices::add);
        ActorPacer.Lane lane = pacer.lane();
        for (int i = 0; i < 8; i++) {
            assertThat(lane.beforeEpisode().version()).isEqualTo(4);
        }
        CompletableFuture<PolicyParams> ninth = CompletableFuture.supplyAsync(() -> call(lane));
        Thread.sleep(300);
        assertThat(ninth).as("16 a batch, 2 actors: the ninth episode waits").isNotDone();
        client.offer(version(5, 80));
        assertThat(ninth.get(5, TimeUnit.SECONDS).version()).isEqualTo(5);
    }

    @Test
    void shouldHoldAllActorsTogetherToTheRate() throws Exception {
        ActorPacer pacer = new ActorPacer(clientAtV0(), POLICY, Pacing.unpaced().withRate(1000), 2, notices::add);
        long start = System.nanoTime();
        CompletableFuture<Void> other = CompletableFuture.runAsync(() -> steps(pacer, 150));
        steps(pacer, 150);
        other.get(10, TimeUnit.SECONDS);
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertThat(millis).as("300 steps at 1000 steps/s").isBetween(290L, 5_000L);
    }

    @Test
    void shouldEndEveryWaitWhenStopped() throws Exception {
        ActorPacer pacer = new ActorPacer(clientAtV0(), POLICY,
                Pacing.perVersion(1).withVersionWait(Duration.ofMinutes(10)), 1, notices::add);
        ActorPacer.Lane lane = pacer.lane();
        lane.beforeEpisode();
        CompletableFuture<PolicyParams> waiting = CompletableFuture.supplyAsync(() -> call(lane));
        Thread.sleep(200);
        pacer.stop();
        assertThatThrownBy(() -> waiting.get(5, TimeUnit.SECONDS)).hasRootCauseInstanceOf(InterruptedException.class);
        assertThatThrownBy(lane::beforeEpisode).isInstanceOf(InterruptedException.class);
    }

    @Test
    void shouldRefuseNonsense() {
        assertThatThrownBy(() -> new Pacing(-2, Duration.ofSeconds(1), 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Pacing(1, Duration.ZERO, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Pacing.auto().withRate(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }

    private static PolicyParams call(ActorPacer.Lane lane) {
        try {
            return lane.beforeEpisode();
        } catch (InterruptedException e) {
            throw new java.util.concurrent.CompletionException(e);
        }
    }

    private static void steps(ActorPacer pacer, int n) {
        try {
            for (int i = 0; i < n; i++) {
                pacer.beforeStep();
            }
        } catch (InterruptedException e) {
            throw new java.util.concurrent.CompletionException(e);
        }
    }
}
