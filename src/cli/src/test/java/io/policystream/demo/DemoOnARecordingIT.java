package io.policystream.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.policystream.client.ParamsTopic;
import io.policystream.policy.Activation;
import io.policystream.policy.Architecture;
import io.policystream.policy.Initializer;
import io.policystream.policy.PolicyParams;
import io.policystream.testkit.KafkaCluster;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo on a cluster that already holds versions of its policy (a recording, an earlier run):
 * it refuses rather than taking them over, and under a new id it learns its own policy from
 * version 0 and counts only the versions its learner published.
 */
class DemoOnARecordingIT {
    @RegisterExtension
    static final KafkaCluster KAFKA = KafkaCluster.withProjectTopics();

    private static final String PARAMS = "policystream.params";
    private static final String HISTORY = "policystream.params.history";

    @TempDir
    Path out;

    @Test
    void shouldRefuseAPolicyWithVersionsAndLearnANewOneBesideIt() throws Exception {
        PolicyParams v0 = Initializer.initialize("cartpole", Architecture.categorical(4, List.of(64, 64), 2,
                Activation.TANH), 3L, 1_000L);
        for (long v = 0; v <= 54; v += 6) {
            ParamsTopic.publish(KAFKA.clientProperties(), new PolicyParams("cartpole", v, v0.architecture(),
                    v0.copyTheta(), null, 8 * v, 0, 1_000L), Duration.ofSeconds(30), PARAMS, HISTORY);
        }

        StringWriter log = new StringWriter();
        assertThatThrownBy(() -> Demo.run(settings(null, 300), new PrintWriter(log, true)))
                .isInstanceOf(Demo.PolicyExistsException.class)
                .hasMessageContaining("policy 'cartpole' already has version 54")
                .hasMessageContaining("--policy cartpole-2");
        assertThat(log.toString()).doesNotContain("SOLVED").doesNotContain("episodes");
        assertThat(latest("cartpole").version()).as("the recording's policy is left alone").isEqualTo(54);

        StringWriter fresh = new StringWriter();
        Demo.Summary s = Demo.run(settings("cartpole-2", 300), new PrintWriter(fresh, true));
        assertThat(s.versions()).as(fresh.toString()).isPositive();
        // Its own versions from 0: the summary counts those published before it was printed; the
        // learner may publish a few more from the episodes in flight before it stops.
        List<Long> versions = ParamsTopic.readAll(KAFKA.clientProperties(), HISTORY, Duration.ofSeconds(30)).stream()
                .filter(p -> p.policy().equals("cartpole-2")).map(PolicyParams::version).toList();
        assertThat(versions).first().isEqualTo(0L);
        assertThat(versions).hasSize((int) (versions.get(versions.size() - 1) + 1)).doesNotHaveDuplicates();
        assertThat(versions.get(versions.size() - 1)).isGreaterThanOrEqualTo(s.versions());
        assertThat(fresh.toString()).contains("learning cartpole-2 with 4 actors")
                .contains(s.versions() + " versions learned");
        assertThat(s.solved()).isEqualTo(fresh.toString().contains("SOLVED"));
        assertThat(latest("cartpole").version()).isEqualTo(54);
        assertThat(out.resolve("cartpole-2-curve.csv")).exists();
    }

    private Demo.Settings settings(String policy, long episodes) {
        return new Demo.Settings(DemoEnvironment.CARTPOLE, 4, episodes, 1, KAFKA.bootstrapServers(), Map.of(), out,
                Duration.ofMinutes(4), Map.of(), policy);
    }

    private static PolicyParams latest(String policy) throws Exception {
        return ParamsTopic.readLatest(KAFKA.clientProperties(), PARAMS, Duration.ofSeconds(30)).get(policy);
    }
}
