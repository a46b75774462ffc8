package io.policystream.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.policystream.testkit.Executables;
import io.policystream.testkit.Repo;
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
 * relative to itself and names the compose Alertmanager), the rules, and runs the alerts' unit
 * tests; amtool checks monitoring/alertmanager.yml and its routes. Skipped only where the
 * {@code promtool} binary (Debian package 'prometheus') or {@code amtool} (Debian package
 * 'prometheus-alertmanager') is absent.
 */
class PromtoolTest {
    private static final Path MONITORING = Repo.file("monitoring");

    private static String promtool(String... args) throws IOException, InterruptedException {
        return run("promtool", "prometheus", args);
    }

    private static String amtool(String... args) throws IOException, InterruptedException {
        return run("amtool", "prometheus-alertmanager", args);
    }

    private static String run(String tool, String debianPackage, String... args)
            throws IOException, InterruptedException {
        Path binary = Executables.find(tool).orElse(null);
        Assumptions.assumeTrue(binary != null, "skipped: no '" + tool + "' binary on the PATH "
                + "(install the Debian package '" + debianPackage + "' to run it)");
        List<String> cmd = new ArrayList<>();
        cmd.add(binary.toString());
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(tool + " " + String.join(" ", args) + " did not finish within 60 s");
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as("%s %s:%n%s", tool, String.join(" ", args), out).isZero();
        return out;
    }

    @Test
    void shouldAcceptThePrometheusConfigAndTheRuleFileItNames() throws Exception {
        assertThat(promtool("check", "config", MONITORING.resolve("prometheus.yml").toString()))
                .contains("1 rule files found");
    }

    @Test
    void shouldAcceptTheAlertmanagerConfig() throws Exception {
        assertThat(amtool("check-config", MONITORING.resolve("alertmanager.yml").toString())).contains("SUCCESS")
                .contains("1 receivers");
    }

    @Test
    void shouldRouteEveryAlertToTheDocumentedReceiver() throws Exception {
        String config = "--config.file=" + MONITORING.resolve("alertmanager.yml");
        for (String labels : List.of("alertname=PolicyStreamLearnerDown severity=critical",
                "alertname=PolicyStreamNoNewVersion severity=warning policy=cartpole")) {
            List<String> args = new ArrayList<>(List.of("config", "routes", "test", config, "--verify.receivers=operators"));
            args.addAll(List.of(labels.split(" ")));
            assertThat(amtool(args.toArray(String[]::new))).as(labels).contains("operators");
        }
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
