package io.policystream.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.policystream.event.Event;
import io.policystream.policy.Activation;
import io.policystream.policy.Architecture;
import io.policystream.policy.Initializer;
import io.policystream.policy.PolicyParams;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Every configurable limit of the learner holds in its topology, and what it refuses is a dead letter. */
class LearnerLimitsTopologyTest {
    private static final Architecture CARTPOLE = Architecture.categorical(4, List.of(8), 2, Activation.TANH);
    private LearnerDriver learner;

    private LearnerDriver start(String... kv) {
        learner = LearnerDriver.withSettings(1, kv);
        learner.publish(Initializer.initialize("cp", CARTPOLE, 3, 0));
        learner.publish(Initializer.initialize("other", CARTPOLE, 4, 0));
        return learner;
    }

    @AfterEach
    void close() {
        if (learner != null) {
            learner.close();
        }
    }

    private static List<Event> episode(String policy, String ep, int n) {
        return LearnerTopologyTest.episode(policy, ep, n, 0, 0, new SplittableRandom(ep.hashCode()));
    }

    private double limitExceeded() {
        return learner.metrics.registry().find("policystream.learner.invalid").tag("reason", "limit-exceeded")
                .counter().count();
    }

    @Test
    void shouldRefuseANewEpisodeWhileItsPolicyHasMaxOpenEpisodesOpen() {
        start("max.open.episodes", "2");
        List<Event> a = episode("cp", "a", 2);
        List<Event> b = episode("cp", "b", 2);
        List<Event> c = episode("cp", "c", 2);
        learner.send(a.get(0));
        learner.send(b.get(0));
        learner.send(c.get(0));
        // Another policy has a limit of its own.
        episode("other", "o", 1).forEach(learner::send);

        List<LearnerDriver.DeadLetter> dead = learner.deadLetters();
        assertThat(dead).extracting(LearnerDriver.DeadLetter::reason).containsExactly("limit-exceeded");
        assertThat(dead.get(0).key()).isEqualTo("c");
        assertThat(dead.get(0).message()).contains("max.open.episodes=2");
        assertThat(limitExceeded()).isEqualTo(1.0);

        // The open episodes go on; once one completes, a new one may open.
        learner.send(a.get(1));
        c.forEach(learner::send);
        learner.send(b.get(1));
        assertThat(learner.deadLetters()).isEmpty();
        assertThat(learner.versions()).extracting(PolicyParams::policy).containsExactly("other", "cp", "cp", "cp");
    }

    @Test
    void shouldNotOpenAnEpisodeForAFirstStepBeyondMaxEpisodeSteps() {
        start("max.open.episodes", "1", "max.episode.steps", "5");
        learner.send(Event.step("cp", "far", Long.MAX_VALUE, new double[4], new io.policystream.event.Action.Discrete(0),
                -0.7, 0, 0, false, false, 1));
        learner.send(episode("cp", "a", 2).get(0));
        assertThat(learner.deadLetters()).extracting(LearnerDriver.DeadLetter::reason)
                .containsExactly("limit-exceeded");
    }

    @Test
    void shouldFreeAnOpenEpisodeSlotWhenAnEpisodeTimesOut() {
        start("max.open.episodes", "1", "episode.timeout.ms", "1000", "on.timeout", "drop");
        learner.send(episode("cp", "a", 3).get(0));
        learner.send(episode("cp", "b", 3).get(0));
        assertThat(learner.deadLetters()).extracting(LearnerDriver.DeadLetter::reason)
                .containsExactly("limit-exceeded");
        learner.advanceWallClock(java.time.Duration.ofSeconds(2));
        learner.send(episode("cp", "b", 3).get(0));
        assertThat(learner.deadLetters()).isEmpty();
    }

    @Test
    void shouldCutAnEpisodeAtMaxEpisodeStepsAndRefuseTheStepsBeyond() {
        start("max.episode.steps", "3");
        List<Event> a = episode("cp", "a", 6);
        a.forEach(learner::send);

        assertThat(learner.versions()).extracting(PolicyParams::steps).containsExactly(3L);
        List<LearnerDriver.DeadLetter> dead = learner.deadLetters();
        // The step that crosses the limit cuts and closes the episode; the later ones find it closed.
        assertThat(dead).extracting(LearnerDriver.DeadLetter::reason).containsExactly("limit-exceeded",
                "episode-closed", "episode-closed");
        assertThat(dead.get(0).message()).contains("max.episode.steps=3");
        assertThat(learner.metrics.registry().find("policystream.learner.trajectories").tag("outcome", "cut")
                .counter().count()).isEqualTo(1.0);
    }

    @Test
    void shouldRefuseLateRewardsBeyondMaxRewardsPerStep() {
        start("max.rewards.per.step", "2", "reward.grace.ms", "1000000");
        List<Event> a = episode("cp", "a", 2);
        learner.send(a.get(0));
        for (int i = 0; i < 4; i++) {
            learner.send(Event.reward("cp", "a", 0, i + 1.0, false, false, 10 + i));
        }
        // An exact duplicate of an accepted reward is still a duplicate, not a refusal.
        learner.send(Event.reward("cp", "a", 0, 1.0, false, false, 10));

        List<LearnerDriver.DeadLetter> dead = learner.deadLetters();
        assertThat(dead).extracting(LearnerDriver.DeadLetter::reason).containsExactly("limit-exceeded",
                "limit-exceeded");
        assertThat(dead.get(0).message()).contains("max.rewards.per.step=2");
        assertThat(learner.metrics.count("policystream.learner.duplicates")).isEqualTo(1.0);
    }

    @Test
    void shouldCutADeadLetterThatWouldExceedDlqMaxRecordBytes() {
        start("max.event.bytes", "100000", "dlq.max.record.bytes", "4096");
        String big = "{\"policy\":\"ghost\",\"episode\":\"b\",\"pad\":\"" + "x".repeat(20_000) + "\"}";
        learner.send("b", big, 1);
        learner.send("c", "x".repeat(50_000), 2);

        List<org.apache.kafka.streams.test.TestRecord<byte[], byte[]>> dead = learner.dlq.readRecordsToList();
        assertThat(dead).hasSize(2);
        for (var r : dead) {
            long headers = 0;
            for (var h : r.headers()) {
                headers += h.key().length() + h.value().length;
            }
            assertThat(r.key().length + r.value().length + headers).isLessThanOrEqualTo(4096);
            assertThat(r.headers().lastHeader("policystream.dlq.reason")).isNotNull();
        }
        assertThat(new String(dead.get(0).headers().lastHeader("policystream.dlq.truncated").value(),
                java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("key=1,value=" + big.length());
        assertThat(new String(dead.get(0).value(), java.nio.charset.StandardCharsets.UTF_8)).startsWith(
                "{\"policy\":\"ghost\"");
    }

    @Test
    void shouldRefuseAnEventLargerThanMaxEventBytesBeforeParsingIt() {
        start("max.event.bytes", "300");
        Event small = episode("cp", "a", 1).get(0);
        learner.send(small);
        String big = "{\"policy\":\"cp\",\"episode\":\"b\",\"pad\":\"" + "x".repeat(300) + "\"}";
        learner.send("b", big, 1);

        List<LearnerDriver.DeadLetter> dead = learner.deadLetters();
        assertThat(dead).extracting(LearnerDriver.DeadLetter::reason).containsExactly("too-large");
        assertThat(dead.get(0).value()).isEqualTo(big);
        assertThat(learner.versions()).hasSize(1);
    }
}
