package io.policystream.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.policystream.event.Event;
import io.policystream.policy.Activation;
import io.policystream.policy.Architecture;
import io.policystream.policy.Initializer;
import io.policystream.policy.PolicyParams;
import io.policystream.wire.EventCodec;
import io.policystream.wire.ParamsCodec;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The learner and the {@code format} field: events of a newer minor version are learned from, an
 * event of a newer major version goes to the dead-letter topic as {@code unsupported-format} and is
 * counted, and params of a newer major version are refused while the last good version stays.
 */
class WireFormatVersionTopologyTest {
    private static final Architecture CARTPOLE = Architecture.categorical(4, List.of(8), 2, Activation.TANH);
    private final EventCodec codec = new EventCodec();
    private LearnerDriver learner;

    @AfterEach
    void close() {
        if (learner != null) {
            learner.close();
        }
    }

    /** The event as PolicyStream writes it, with {@code extra} raw fields added before the closing brace. */
    private String json(Event e, String extra) {
        String plain = new String(codec.encode(e), StandardCharsets.UTF_8);
        return plain.substring(0, plain.length() - 1) + "," + extra + "}";
    }

    private double invalid(String reason) {
        var c = learner.metrics.registry().find("policystream.learner.invalid").tag("reason", reason).counter();
        return c == null ? 0.0 : c.count();
    }

    @Test
    void shouldLearnFromANewerMinorVersionAndDeadLetterANewerMajorWithItsReason() {
        learner = LearnerDriver.withSettings(1);
        PolicyParams v0 = Initializer.initialize("cp", CARTPOLE, 5, 0);
        learner.publish(v0);
        SplittableRandom rng = new SplittableRandom(2);

        // Format 1.4 with a field this reader does not know: learned from as if it were absent.
        for (Event e : LearnerTopologyTest.episode("cp", "minor", 3, 0, 0, rng)) {
            learner.send(e.episode(), json(e, "\"format\":\"1.4\",\"context\":{\"region\":\"eu\"}"), e.time());
        }
        assertThat(learner.versions()).extracting(PolicyParams::version).containsExactly(1L);

        // Format 2.0: refused whole, although every field of 1.x in it is valid.
        List<Event> major = LearnerTopologyTest.episode("cp", "major", 2, 1, 10, rng);
        String refused = json(major.get(0), "\"format\":\"2.0\"");
        learner.send("major", refused, 10);
        learner.send("major", json(major.get(1), "\"format\":2"), 11);

        List<LearnerDriver.DeadLetter> dead = learner.deadLetters();
        assertThat(dead).extracting(LearnerDriver.DeadLetter::reason)
                .containsExactly("unsupported-format", "unsupported-format");
        assertThat(dead.get(0).value()).isEqualTo(refused);
        assertThat(dead.get(0).key()).isEqualTo("major");
        assertThat(dead.get(0).topic()).isEqualTo(learner.config.eventsTopic());
        assertThat(dead.get(0).message()).startsWith("format: version 2.0").contains("reads 1.x");
        assertThat(invalid("unsupported-format")).isEqualTo(2.0);
        assertThat(learner.metrics.count("policystream.learner.invalid")).isEqualTo(2.0);
        assertThat(learner.versions()).as("the refused episode is never learned from").isEmpty();
    }

    @Test
    void shouldRefuseParamsOfANewerMajorVersionAndKeepTheLastGoodOne() {
        learner = LearnerDriver.withSettings(1);
        PolicyParams v0 = Initializer.initialize("cp", CARTPOLE, 5, 0);
        learner.publish(v0);
        String v9 = new ParamsCodec().encodeToString(v0.relabel("cp", 9, 0, 0, 0));
        learner.publish("cp", (v9.substring(0, v9.length() - 1) + ",\"format\":\"2.0\"}")
                .getBytes(StandardCharsets.UTF_8));

        LearnerTopologyTest.episode("cp", "a", 3, 0, 0, new SplittableRandom(1)).forEach(learner::send);

        assertThat(learner.versions()).extracting(PolicyParams::version)
                .as("version 9 was not adopted, so the next one is 1").containsExactly(1L);
        var refused = learner.metrics.registry().find("policystream.learner.params.refused")
                .tag("reason", "unsupported-format").counter();
        assertThat(refused).isNotNull();
        assertThat(refused.count()).isEqualTo(1.0);
        assertThat(learner.deadLetters()).isEmpty();
    }
}
