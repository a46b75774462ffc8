package io.policystream.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.policystream.policy.Activation;
import io.policystream.policy.Architecture;
import io.policystream.policy.Initializer;
import io.policystream.policy.PolicyParams;
import io.policystream.wire.ParamsCodec;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Params on the params topic that fail validation never reach the learner's state, and each is counted. */
class LearnerParamsRefusalTopologyTest {
    private static final Architecture CARTPOLE = Architecture.categorical(4, List.of(8), 2, Activation.TANH);
    private LearnerDriver learner;

    @AfterEach
    void close() {
        if (learner != null) {
            learner.close();
        }
    }

    private double refused(String reason) {
        var c = learner.metrics.registry().find("policystream.learner.params.refused").tag("reason", reason).counter();
        return c == null ? 0.0 : c.count();
    }

    private void publishRaw(String key, String json) {
        learner.publish(key, json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void shouldRefuseInvalidParamsKeepTheLastGoodVersionAndCountEachRefusal() {
        Map<String, String> conf = new HashMap<>();
        conf.put("batch.trajectories", "1");
        conf.put("layers", "8");
        learner = new LearnerDriver(conf);
        PolicyParams v0 = Initializer.initialize("cp", CARTPOLE, 3, 0);
        learner.publish(v0);
        String good = new String(new ParamsCodec().encode(v0.relabel("cp", 9, 0, 0, 0)), StandardCharsets.UTF_8);
        int firstWeight = good.indexOf("\"weights\":[[") + "\"weights\":[[".length();
        int comma = good.indexOf(',', firstWeight);

        // Version 9 in each, so adopting any of them would show as version 10 next.
        publishRaw("cp", good.substring(0, firstWeight) + "1e999" + good.substring(comma));
        publishRaw("cp", good.substring(0, firstWeight) + good.substring(comma + 1));
        publishRaw("cp", good.replace("\"policy\":\"cp\"", "\"policy\":\"other\""));
        publishRaw("cp", "{\"policy\":\"cp\",\"version\":9,");
        publishRaw("cp", good.replace("\"bias\":[", "\"bias\":[NaN,"));

        LearnerTopologyTest.episode("cp", "a", 3, 0, 0, new SplittableRandom(1)).forEach(learner::send);

        List<PolicyParams> versions = learner.versions();
        assertThat(versions).extracting(PolicyParams::version).containsExactly(1L);
        assertThat(learner.deadLetters()).isEmpty();
        assertThat(refused("non-finite")).isEqualTo(2.0);
        assertThat(refused("wrong-dimension")).as("a row one entry short").isEqualTo(1.0);
        assertThat(refused("key-mismatch")).isEqualTo(1.0);
        assertThat(refused("malformed-json")).isEqualTo(1.0);
        assertThat(learner.metrics.count("policystream.learner.params.refused")).isEqualTo(5.0);
        assertThat(learner.metrics.registry().find("policystream.learner.params.version").gauge().value())
                .isEqualTo(1.0);
    }
}
