package io.policystream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.policystream.client.ParamsTopic;
import io.policystream.policy.PolicyParams;
import io.policystream.testkit.CommandRun;
import io.policystream.testkit.KafkaCluster;
import io.policystream.wire.ParamsCodec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code policystream init} on a real broker: version 0 once, a refusal, then --force as the next version, as it says. */
class InitCommandIT {

    @RegisterExtension
    static final KafkaCluster KAFKA = KafkaCluster.withProjectTopics();

    @TempDir
    Path dir;

    @Test
    void shouldPublishVersionZeroOnceAndReplaceItOnlyWithForce() throws Exception {
        String servers = KAFKA.bootstrapServers();
        CommandRun first = CommandRun.of("init", "--policy", "cartpole", "--obs", "4", "--actions", "2",
                "--bootstrap-servers", servers);
        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(first.out()).contains("published cartpole version 0");

        CommandRun again = CommandRun.of("init", "--policy", "cartpole", "--obs", "4", "--actions", "2",
                "--bootstrap-servers", servers);
        assertThat(again.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(again.err()).contains("already has params (version 0)")
                .contains("use --force to publish the new params as version 1").doesNotContain("new version 0");

        Path conf = dir.resolve("wide.properties");
        Files.writeString(conf, "layers=8\nseed=9\n");
        CommandRun forced = CommandRun.of("init", "--policy", "cartpole", "--obs", "4", "--actions", "2",
                "--config", conf.toString(), "--force", "--bootstrap-servers", servers);
        assertThat(forced.exitCode()).as(forced.err()).isZero();
        assertThat(forced.out()).contains("published cartpole version 1, replacing version 0 (");

        List<PolicyParams> history = ParamsTopic.readAll(KAFKA.clientProperties(), "policystream.params.history",
                Duration.ofSeconds(30));
        assertThat(history).extracting(PolicyParams::version).containsExactly(0L, 1L);
        assertThat(history.get(0).architecture().hidden()).containsExactly(64, 64);
        assertThat(history.get(1).architecture().hidden()).containsExactly(8);
        assertThat(ParamsTopic.readLatest(KAFKA.clientProperties(), "policystream.params", Duration.ofSeconds(30))
                .get("cartpole").version()).isEqualTo(1);

        // A params file forced over the policy: its numbers, published as the version --force said.
        Path file = dir.resolve("v0.json");
        Files.writeString(file, new ParamsCodec().encodeToString(history.get(0)));
        CommandRun refused = CommandRun.of("init", "--params", file.toString(), "--bootstrap-servers", servers);
        assertThat(refused.err()).contains("use --force to publish the new params as version 2");
        CommandRun fromFile = CommandRun.of("init", "--params", file.toString(), "--force",
                "--bootstrap-servers", servers);
        assertThat(fromFile.exitCode()).as(fromFile.err()).isZero();
        assertThat(fromFile.out()).contains("published cartpole version 2, replacing version 1 (");
        PolicyParams latest = ParamsTopic.readLatest(KAFKA.clientProperties(), "policystream.params",
                Duration.ofSeconds(30)).get("cartpole");
        assertThat(latest.version()).isEqualTo(2);
        assertThat(latest.copyTheta()).containsExactly(history.get(0).copyTheta());
    }
}
