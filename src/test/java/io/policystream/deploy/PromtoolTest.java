package io.policystream.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.policystream.testkit.Executables;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * monitoring/ as Prometheus itself reads it: promtool checks the config (which loads alerts.yml
 * relative to itself), the rules, and runs the alerts' unit tests. Skipped only where the
 * {@code promtool} binary (Debian package 'prometheus') is absent.
 */
class PromtoolTest {
    private static final Path MONITORING = Path.of("monitoring");

    private static String promtool(String... args) throws IOException, InterruptedException {
        Path promtool = Executables.find("promtool").orElse(null);
        Assumptions.assumeTrue(promtool != null, "PromtoolTest skipped: no 'promtool' binary on the PATH "
                + "(install the Debian package 'prometheus' to run it)");
        List<String> cmd = new ArrayList<>();
        cmd.add(promtool.toString());
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("promtool " + String.join(" ", args) + " did not finish within 60 s");
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as("promtool %s:%n%s", String.join(" ", args), out).isZero();
        return out;
    }

    @Test
    void shouldAcceptThePrometheusConfigAndTheRuleFileItNames() throws Exception {
        assertThat(promtool("check", "config", MONITORING.resolve("prometheus.yml").toString()))
                .contains("1 rule files found");
    }

    @Test
    void shouldAcceptTheAlertRules() throws Exception {
        assertThat(promtool("check", "rules", MONITORING.resolve("alerts.yml").toString())).contains("SUCCESS");
    }

    @Test
    void shouldFireTheAlertsWhenTheirConditionsHoldAndOnlyThen() throws Exception {
        assertThat(promtool("test", "rules", MONITORING.resolve("alerts_test.yml").toString())).contains("SUCCESS");
    }
}
