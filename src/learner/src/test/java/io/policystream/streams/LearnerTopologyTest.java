package io.policystream.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.policystream.event.Action;
import io.policystream.event.Event;
import io.policystream.policy.Activation;
import io.policystream.policy.Architecture;
import io.policystream.policy.Initializer;
import io.policystream.policy.PolicyNetwork;
import io.policystream.policy.PolicyParams;
import io.policystream.streams.internals.LearnerStores;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LearnerTopologyTest {
    private static final Architecture CARTPOLE = Architecture.categorical(4, List.of(8), 2, Activation.TANH);
    private LearnerDriver learner;

    private LearnerDriver start(String... kv) {
        learner = LearnerDriver.withSettings(2, kv);
        return learner;
    }

    @AfterEach
    void close() {
        if (learner != null) {
            learner.close();
        }
    }

    private static PolicyParams v0(String policy) {
        return Initializer.initialize(policy, CARTPOLE, 3, 0);
    }

    /** An episode of {@code n} steps acted by version {@code version}, times from {@code t0}. */
    static List<Event> episode(String policy, String ep, int n, long version, long t0, SplittableRandom rng) {
        PolicyParams p = v0(policy);
        PolicyNetwork net = new PolicyNetwork(CARTPOLE);
        PolicyNetwork.Workspace ws = net.newWorkspace();
        java.util.ArrayList<Event> out = new java.util.ArrayList<>();
        for (int t = 0; t < n; t++) {
            double[] s = {rng.nextDouble(-1, 1), rng.nextDouble(-1, 1), rng.nextDouble(-1, 1), rng.nextDouble(-1, 1)};
            PolicyNetwork.Sample a = net.sample(p, s, rng, ws);
            out.add(Event.step(policy, ep, t, s, a.action(), a.logProb(), version, 1.0, t == n - 1, false, t0 + t));
        }
        return out;
    }

    @Test
    void shouldPublishOneVersionPerBatchWithConsecutiveNumbers() {
        start();
        learner.publish(v0("cp"));
        SplittableRandom rng = new SplittableRandom(1);
        for (int i = 0; i < 6; i++) {
            episode("cp", "e" + i, 3 + i, 0, 1000L * i, rng).forEach(learner::send);
        }
        List<PolicyParams> versions = learner.versions();
        assertThat(versions).extracting(PolicyParams::version).containsExactly(1L, 2L, 3L);
        assertThat(versions).extracting(PolicyParams::trajectories).containsExactly(2L, 4L, 6L);
        assertThat(learner.publishedParams()).hasSize(3);
    }

    @Test
    void shouldAssembleOutOfOrderAndDuplicatedStepsLikeTheOfflineTrainer() {
        start();
        learner.publish(v0("cp"));
        SplittableRandom rng = new SplittableRandom(2);
        List<Event> a = episode("cp", "a", 4, 0, 0, rng);
        List<Event> b = episode("cp", "b", 3, 0, 10, rng);
        learner.send(a.get(3));
        learner.send(b.get(1));
        learner.send(a.get(1));
        learner.send(a.get(1));
        learner.send(b.get(0));
        learner.send(a.get(0));
        learner.send(b.get(2));
        assertThat(learner.versions()).isEmpty();
        learner.send(a.get(2));
        List<PolicyParams> versions = learner.versions();
        assertThat(versions).hasSize(1);
        assertThat(versions.get(0).steps()).isEqualTo(7);
        assertThat(learner.metrics.count("policystream.learner.duplicates")).isEqualTo(1.0);
        assertThat(learner.deadLetters()).isEmpty();
    }

    @Test
    void shouldCountLateRewardsWithinTheGraceOnStreamTime() {
        start("reward.grace.ms", "5000", "batch.trajectories", "1");
        learner.publish(v0("cp"));
        List<Event> a = episode("cp", "a", 2, 0, 1000, new SplittableRandom(3));
        a.forEach(learner::send);
        learner.send(Event.reward("cp", "a", 1, 10.0, false, false, 3000));
        assertThat(learner.versions()).isEmpty();
        // Another episode's event moves stream time past the grace.
        learner.send(episode("cp", "b", 1, 0, 7000, new SplittableRandom(4)).get(0).withTime(7000));
        List<PolicyParams> versions = learner.versions();
        assertThat(versions).hasSize(1);
        assertThat(versions.get(0).steps()).isEqualTo(2);
        // Rewards 1 + (1 + 10): the late reward counted.
        assertThat(learner.metrics.registry().find("policystream.learner.episode.return").summary().max())
                .isEqualTo(12.0);
        learner.send(Event.reward("cp", "a", 1, 1.0, false, false, 7100));
        assertThat(learner.deadLetters()).extracting(LearnerDriver.DeadLetter::reason).containsExactly("episode-closed");
    }

    @Test
    void shouldCloseGraceAndTimeoutsOnTheWallClockWhenTheTopicIsQuiet() {
        start("reward.grace.ms", "5000", "episode.timeout.ms", "60000", "batch.trajectories", "1");
        learner.publish(v0("cp"));
        episode("cp", "a", 2, 0, 1000, new SplittableRandom(3)).forEach(learner::send);
        List<Event> open = episode("cp", "b", 3, 0, 1000, new SplittableRandom(5));
        learner.send(open.get(0));
        learner.send(open.get(1));
        learner.advanceWallClock(Duration.ofSeconds(6));
        assertThat(learner.versions()).extracting(PolicyParams::steps).containsExactly(2L);
        learner.advanceWallClock(Duration.ofSeconds(60));
        List<PolicyParams> v = learner.versions();
        assertThat(v).extracting(PolicyParams::steps).containsExactly(4L);
        assertThat(learner.metrics.count("policystream.learner.trajectories")).isEqualTo(2.0);
    }

    @Test
    void shouldDropTimedOutEpisodesWhenConfigured() {
        start("episode.timeout.ms", "1000", "on.timeout", "drop", "batch.trajectories", "1");
        learner.publish(v0("cp"));
        List<Event> open = episode("cp", "b", 3, 0, 0, new SplittableRandom(5));
        learner.send(open.get(0));
        learner.advanceWallClock(Duration.ofSeconds(2));
        assertThat(learner.versions()).isEmpty();
        assertThat(learner.metrics.registry().find("policystream.learner.trajectories").tag("outcome", "dropped")
                .counter().count()).isEqualTo(1.0);
    }

    @Test
    void shouldDropStaleTrajectoriesAndCountThem() {
        start("max.staleness", "0", "batch.trajectories", "1");
        learner.publish(v0("cp"));
        SplittableRandom rng = new SplittableRandom(6);
        episode("cp", "a", 2, 0, 0, rng).forEach(learner::send);
        assertThat(learner.versions()).hasSize(1);
        episode("cp", "b", 2, 0, 10, rng).forEach(learner::send);
        assertThat(learner.versions()).isEmpty();
        assertThat(learner.metrics.registry().find("policystream.learner.trajectories").tag("outcome", "stale")
                .counter().count()).isEqualTo(1.0);
    }

    @Test
    void shouldLearnSeveralPoliciesWithTheirOwnConfiguration() {
        start("policy.b.batch.trajectories", "1");
        learner.publish(v0("a"));
        learner.publish(v0("b"));
        SplittableRandom rng = new SplittableRandom(7);
        episode("a", "a1", 2, 0, 0, rng).forEach(learner::send);
        episode("b", "b1", 2, 0, 0, rng).forEach(learner::send);
        episode("b", "b2", 2, 1, 0, rng).forEach(learner::send);
        List<PolicyParams> v = learner.versions();
        assertThat(v).extracting(p -> p.policy() + p.version()).containsExactly("b1", "b2");
        episode("a", "a2", 2, 0, 0, rng).forEach(learner::send);
        assertThat(learner.versions()).extracting(p -> p.policy() + p.version()).containsExactly("a1");
    }

    @Test
    void shouldSendEveryInvalidRecordToTheDeadLetterTopicWithItsReason() {
        start("max.episode.steps", "2");
        learner.publish(v0("cp"));
        String good = "{\"policy\":\"cp\",\"episode\":\"e\",\"step\":0,\"state\":[0,0,0,0],\"action\":1,"
                + "\"logProb\":-0.7,\"policyVersion\":0}";
        learner.send("e", "{oops", 1);
        learner.send("e", good.replace("\"cp\"", "\"ghost\""), 2);
        learner.send("e", good.replace("[0,0,0,0]", "[0,0,0]"), 3);
        learner.send("other", good, 4);
        learner.send("e", good.replace("\"action\":1", "\"action\":5"), 5);
        learner.send("e", good.replace("-0.7", "0.7"), 6);
        learner.send("e", good, 7);
        learner.send("e", good.replace("-0.7", "-0.1"), 8);
        learner.send("e", good.replace("\"step\":0", "\"step\":2"), 9);
        learner.send("e", null, 10);
        List<LearnerDriver.DeadLetter> dead = learner.deadLetters();
        assertThat(dead).extracting(LearnerDriver.DeadLetter::reason).containsExactly("malformed-json",
                "unknown-policy", "wrong-dimension", "key-mismatch", "bad-action", "out-of-range",
                "conflicting-duplicate", "limit-exceeded", "malformed-json");
        assertThat(dead.get(0).value()).isEqualTo("{oops");
        assertThat(dead.get(0).key()).isEqualTo("e");
        assertThat(dead.get(0).topic()).isEqualTo("policystream.events");
        assertThat(dead.get(2).message()).contains("state").contains("expects 4");
        assertThat(learner.metrics.count("policystream.learner.invalid")).isEqualTo(9.0);
    }

    @Test
    void shouldWaitForTheParamsVersionTheActorUsed() {
        start("batch.trajectories", "1");
        learner.publish(v0("cp"));
        SplittableRandom rng = new SplittableRandom(8);
        // Acted with version 1, which this learner has not seen yet.
        episode("cp", "a", 2, 1, 0, rng).forEach(learner::send);
        assertThat(learner.versions()).isEmpty();
        PolicyParams v1 = v0("cp").relabel("cp", 1, 0, 0, 0);
        learner.publish(v1);
        learner.advanceWallClock(Duration.ofMillis(50));
        assertThat(learner.versions()).extracting(PolicyParams::version).containsExactly(2L);
    }

    /** The versions the offline trainer makes of these event lines. */
    private static List<PolicyParams> trainOffline(io.policystream.offline.FileTrainer offline, CharSequence lines)
            throws Exception {
        List<PolicyParams> files = new java.util.ArrayList<>();
        offline.run(new java.io.BufferedReader(new java.io.StringReader(lines.toString())), files::add,
                new java.io.PrintWriter(new java.io.StringWriter()));
        return files;
    }

    @ParameterizedTest
    @ValueSource(strings = {"json", "binary"})
    void shouldMatchTheOfflineTrainerVersionForVersion(String paramsEncoding) throws Exception {
        start("batch.trajectories", "3", "optimizer", "adam", "entropy.coef", "0.01", "params.encoding",
                paramsEncoding);
        PolicyParams p0 = v0("cp");
        learner.publish(p0);
        io.policystream.offline.FileTrainer offline = new io.policystream.offline.FileTrainer(learner.config,
                List.of(p0));
        StringBuilder lines = new StringBuilder();
        SplittableRandom rng = new SplittableRandom(9);
        io.policystream.wire.EventCodec codec = new io.policystream.wire.EventCodec();
        for (int batch = 0; batch < 3; batch++) {
            for (int i = 0; i < 3; i++) {
                for (Event e : episode("cp", "b" + batch + "e" + i, 2 + rng.nextInt(5), batch, batch * 100L, rng)) {
                    learner.send(e);
                    lines.append(new String(codec.encode(e), java.nio.charset.StandardCharsets.UTF_8)).append('\n');
                }
            }
        }
        List<byte[]> records = learner.historyRecords();
        assertThat(records).allMatch(r -> (r[0] == 0) == paramsEncoding.equals("binary"),
                "written as " + paramsEncoding);
        io.policystream.wire.ParamsCodec paramsCodec = new io.policystream.wire.ParamsCodec();
        List<PolicyParams> online = new java.util.ArrayList<>();
        for (byte[] r : records) {
            online.add(paramsCodec.decode(r));
        }
        List<PolicyParams> files = trainOffline(offline, lines);
        assertThat(online).hasSize(3);
        assertThat(files).hasSize(3);
        for (int v = 0; v < 3; v++) {
            assertThat(online.get(v).copyTheta()).containsExactly(files.get(v).copyTheta());
            assertThat(online.get(v).version()).isEqualTo(files.get(v).version());
        }
    }

    @Test
    void shouldAssembleLongShuffledEpisodesWithLateRewardsAcrossChunksLikeTheOfflineTrainer() throws Exception {
        start("batch.trajectories", "2");
        PolicyParams p0 = v0("cp");
        learner.publish(p0);
        io.policystream.offline.FileTrainer offline = new io.policystream.offline.FileTrainer(learner.config,
                List.of(p0));
        StringBuilder lines = new StringBuilder();
        io.policystream.wire.EventCodec codec = new io.policystream.wire.EventCodec();
        SplittableRandom rng = new SplittableRandom(11);
        for (int i = 0; i < 4; i++) {
            // 70 to 139 steps: three to five chunks of the episode store, written out of order.
            List<Event> events = new java.util.ArrayList<>(episode("cp", "long" + i, 70 + rng.nextInt(70), 0, 0, rng));
            Event last = events.remove(events.size() - 1);
            int steps = events.size();
            for (int k = 0; k < 12; k++) {
                int t = rng.nextInt(steps);
                events.add(Event.reward("cp", "long" + i, t, rng.nextDouble(-2, 2), false, false, t));
                events.add(events.get(rng.nextInt(events.size())));
            }
            java.util.Collections.shuffle(events, new java.util.Random(rng.nextLong()));
            events.add(last);
            for (Event e : events) {
                learner.send(e);
                lines.append(new String(codec.encode(e), java.nio.charset.StandardCharsets.UTF_8)).append('\n');
            }
        }
        List<PolicyParams> online = learner.versions();
        List<PolicyParams> files = trainOffline(offline, lines);
        assertThat(online).as("dead letters %s", learner.deadLetters()).hasSize(2);
        assertThat(files).hasSize(2);
        for (int v = 0; v < 2; v++) {
            assertThat(online.get(v).steps()).isEqualTo(files.get(v).steps());
            assertThat(online.get(v).copyTheta()).containsExactly(files.get(v).copyTheta());
        }
        assertThat(learner.deadLetters()).isEmpty();
        assertThat(learner.metrics.count("policystream.learner.duplicates")).isEqualTo(48.0);
    }

    @Test
    void shouldRunGracesAndTimeoutsOnTheEventsOwnTimeNotTheRecordTimestamps() {
        start("episode.timeout.ms", "1000", "batch.trajectories", "1");
        learner.publish(v0("cp"));
        List<Event> ep = episode("cp", "a", 3, 0, 5_000, new SplittableRandom(10));
        // Event times around 5 s, record timestamps 30 s later (as when a recording is replayed).
        for (Event e : ep) {
            learner.send(e.episode(), new String(new io.policystream.wire.EventCodec().encode(e),
                    java.nio.charset.StandardCharsets.UTF_8), 35_000 + e.step());
        }
        assertThat(learner.deadLetters()).isEmpty();
        assertThat(learner.versions()).extracting(PolicyParams::steps).containsExactly(3L);
    }

    @Test
    void shouldMakeEveryVersionOfExactlyBatchTrajectoriesWhateverGradientPreaggregateSays() {
        start("batch.trajectories", "4", "gradient.preaggregate", "3");
        learner.publish(v0("cp"));
        SplittableRandom rng = new SplittableRandom(11);
        for (int i = 0; i < 8; i++) {
            episode("cp", "e" + i, 3, 0, i * 10L, rng).forEach(learner::send);
        }
        assertThat(learner.versions()).extracting(PolicyParams::trajectories).containsExactly(4L, 8L);
    }

    @Test
    void shouldPublishAVersionAsSoonAsItsBatchIsCompleteWithoutWaitingForTheWallClock() {
        start("batch.trajectories", "1");
        learner.publish(v0("cp"));
        episode("cp", "a", 3, 0, 0, new SplittableRandom(12)).forEach(learner::send);
        assertThat(learner.versions()).extracting(PolicyParams::trajectories).containsExactly(1L);
    }

    @Test
    void shouldKeepTheTrajectoriesOfAnIncompleteBatchInTheWriterUntilItsVersion() {
        start("batch.trajectories", "3");
        learner.publish(v0("cp"));
        SplittableRandom rng = new SplittableRandom(13);
        episode("cp", "a", 3, 0, 0, rng).forEach(learner::send);
        episode("cp", "b", 4, 0, 10, rng).forEach(learner::send);
        assertThat(learner.writerStoreEntries(LearnerStores.PENDING_TRAJECTORIES)).isEqualTo(2);
        assertThat(learner.versions()).isEmpty();

        episode("cp", "c", 2, 0, 20, rng).forEach(learner::send);
        assertThat(learner.writerStoreEntries(LearnerStores.PENDING_TRAJECTORIES)).isZero();
        assertThat(learner.versions()).extracting(PolicyParams::trajectories).containsExactly(3L);
    }

    @Test
    void shouldWriteAnEpisodeStillOpenAtACommitToTheEpisodeStores() {
        start("batch.trajectories", "4");
        learner.publish(v0("cp"));
        List<Event> ep = episode("cp", "open", 40, 0, 0, new SplittableRandom(14));
        // All but the last step: the episode stays open; the driver commits after each record.
        ep.subList(0, ep.size() - 1).forEach(learner::send);
        assertThat(learner.assemblyStoreEntries(LearnerStores.EPISODE_HEADERS)).isEqualTo(1);
        assertThat(learner.assemblyStoreEntries(LearnerStores.EPISODE_CHUNKS)).as("two chunks of 32 steps").isEqualTo(2);

        learner.send(ep.get(ep.size() - 1));
        assertThat(learner.assemblyStoreEntries(LearnerStores.EPISODE_CHUNKS)).isZero();
        assertThat(learner.assemblyStoreEntries(LearnerStores.EPISODE_HEADERS)).as("the closed episode's header stays")
                .isLessThanOrEqualTo(1);
    }
}
