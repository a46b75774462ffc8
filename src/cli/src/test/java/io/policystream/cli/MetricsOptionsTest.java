package io.policystream.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.policystream.metrics.Health;
import io.policystream.metrics.MetricsServer;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class MetricsOptionsTest {

    private static LearnCommand parseLearn(String... args) {
        CommandLine cl = Main.commandLine();
        String[] all = new String[args.length + 1];
        all[0] = "learn";
        System.arraycopy(args, 0, all, 1, args.length);
        cl.parseArgs(all);
        return cl.getSubcommands().get("learn").getCommand();
    }

    @Test
    void shouldDefaultTheLearnersMetricsPortTo9404OnEveryInterface() {
        LearnCommand learn = parseLearn();
        assertThat(learn.metrics.port()).isEqualTo(9404);
        assertThat(learn.metrics.host).isEqualTo("0.0.0.0");
    }

    @Test
    void shouldTurnTheEndpointOffWithPortZero() {
        LearnCommand learn = parseLearn("--metrics-port", "0");
        assertThat(learn.metrics.start(MetricsServer.newRegistry(), Health::up)).isNull();
    }

    @Test
    void shouldServeOnTheGivenHostAndPort() {
        LearnCommand probe = parseLearn("--metrics-port", "0");
        try (MetricsServer any = MetricsServer.start("127.0.0.1", 0, MetricsServer.newRegistry(), Health::up)) {
            int taken = any.port();
            LearnCommand learn = parseLearn("--metrics-host", "127.0.0.1", "--metrics-port", Integer.toString(taken));
            assertThatThrownBy(() -> learn.metrics.start(MetricsServer.newRegistry(), Health::up))
                    .isInstanceOf(UserException.class).hasMessageContaining("choose another --metrics-port");
        }
        assertThat(probe.metrics.port()).isZero();
    }

    @Test
    void shouldRefuseAPortOutOfRange() {
        LearnCommand learn = parseLearn("--metrics-port", "70000");
        assertThatThrownBy(() -> learn.metrics.start(MetricsServer.newRegistry(), Health::up))
                .isInstanceOf(UserException.class).hasMessageContaining("between 0 and 65535");
    }

    @Test
    void shouldDocumentTheDefaultInTheHelp() {
        assertThat(io.policystream.testkit.CommandRun.of("learn", "--help").out())
                .contains("--metrics-port=PORT").contains("(default: 9404)");
    }
}
