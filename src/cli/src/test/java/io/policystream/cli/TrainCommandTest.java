package io.policystream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.policystream.event.Action;
import io.policystream.event.Event;
import io.policystream.policy.Activation;
import io.policystream.policy.Architecture;
import io.policystream.policy.PolicyParams;
import io.policystream.policy.StdMode;
import io.policystream.testkit.CommandRun;
import io.policystream.testkit.ReferencePolicy;
import io.policystream.testkit.Repo;
import io.policystream.wire.EventCodec;
import io.policystream.wire.ParamsCodec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code policystream train} with the vanilla configuration reproduces the spec's update,
 * theta_{v+1} = theta_v + alpha (1/m) sum_i sum_t grad log pi(u_t|s_t) R(tau_i), version after
 * version, computed independently by {@link ReferencePolicy}.
 */
class TrainCommandTest {
    /** The repository's examples/, wherever the test runs. */
    private static final String EXAMPLE_EVENTS = Repo.file("examples", "cartpole-events.jsonl").toString();
    private static final String EXAMPLE_V0 = Repo.file("examples", "cartpole-params-v0.json").toString();
    private static final String EXAMPLE_VANILLA = Repo.file("examples", "vanilla.properties").toString();

    private static final double ALPHA = 0.02;
    private static final int M = 3;
    private static final String VANILLA = String.join("\n",
            "returns=total", "gamma=1", "baseline=none", "normalize.advantages=false", "entropy.coef=0",
            "optimizer=sgd", "momentum=0", "clip.norm=0", "learning.rate=" + ALPHA, "batch.trajectories=" + M, "");

    @TempDir
    Path dir;

    private final EventCodec events = new EventCodec();
    private final ParamsCodec params = new ParamsCodec();

    @Test
    void shouldReproduceTheVanillaUpdateForACategoricalPolicy() throws IOException {
        runAndCompare(false);
    }

    @Test
    void shouldReproduceTheVanillaUpdateForAGaussianPolicy() throws IOException {
        runAndCompare(true);
    }

    private void runAndCompare(boolean gaussian) throws IOException {
        int in = gaussian ? 3 : 4;
        int hidden = 5;
        int out = 2;
        Architecture arch = gaussian
                ? Architecture.gaussian(in, List.of(hidden), out, Activation.TANH, StdMode.PARAMETER)
                : Architecture.categorical(in, List.of(hidden), out, Activation.TANH);
        SplittableRandom rng = new SplittableRandom(gaussian ? 11 : 7);
        double[] theta = new double[arch.policyParamCount()];
        for (int i = 0; i < theta.length; i++) {
            theta[i] = rng.nextDouble(-0.5, 0.5);
        }
        PolicyParams v0 = new PolicyParams("pol", 0, arch, theta, null, 0, 0, 1000);
        Files.writeString(dir.resolve("v0.json"), params.encodeToString(v0));
        Files.writeString(dir.resolve("vanilla.properties"), VANILLA);

        // Two batches of M episodes; the second batch acted with version 1, as a live actor would.
        int batches = 2;
        List<String> lines = new ArrayList<>();
        List<List<Event>> episodes = new ArrayList<>();
        for (int b = 0; b < batches; b++) {
            for (int i = 0; i < M; i++) {
                List<Event> ep = new ArrayList<>();
                int len = 1 + rng.nextInt(4);
                for (int t = 0; t < len; t++) {
                    double[] s = new double[in];
                    for (int k = 0; k < in; k++) {
                        s[k] = rng.nextDouble(-1, 1);
                    }
                    Action a = gaussian
                            ? new Action.Continuous(new double[] {rng.nextDouble(-2, 2), rng.nextDouble(-2, 2)})
                            : new Action.Discrete(rng.nextInt(out));
                    ep.add(Event.step("pol", "b" + b + "-e" + i, t, s, a, -0.5, b, rng.nextDouble(-1, 2),
                            t == len - 1, false, 2000L + 100 * b + t));
                }
                episodes.add(ep);
                // Steps written in reverse, one duplicated, the last one with a key: assembly must cope.
                for (int t = ep.size() - 1; t >= 0; t--) {
                    String json = new String(events.encode(ep.get(t)), StandardCharsets.UTF_8);
                    lines.add(t == 0 ? ep.get(t).episode() + "\t" + json : json);
                }
                lines.add(new String(events.encode(ep.get(0)), StandardCharsets.UTF_8));
            }
            lines.add("{not json");
            lines.add("{\"type\":\"step\",\"policy\":\"nobody\",\"episode\":\"x\",\"step\":0,\"state\":[1],"
                    + "\"action\":0,\"logProb\":-1,\"policyVersion\":0}");
        }
        Files.write(dir.resolve("events.jsonl"), lines);

        CommandRun run = CommandRun.of("train", "--events", dir.resolve("events.jsonl").toString(),
                "--init", dir.resolve("v0.json").toString(), "--config", dir.resolve("vanilla.properties").toString(),
                "--out", dir.resolve("out.jsonl").toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.err()).contains("malformed-json").contains("unknown-policy")
                .contains("invalid=4").contains("versions=2").contains("duplicates=" + (batches * M));

        List<String> outLines = Files.readAllLines(dir.resolve("out.jsonl"));
        assertThat(outLines).hasSize(batches);
        double[] current = theta.clone();
        for (int b = 0; b < batches; b++) {
            ReferencePolicy ref = ReferencePolicy.fromFlat(in, hidden, out, gaussian, current);
            double[] step = new double[current.length];
            for (int i = 0; i < M; i++) {
                List<Event> ep = episodes.get(b * M + i);
                double r = ep.stream().mapToDouble(Event::reward).sum();
                for (Event e : ep) {
                    double[] g = gaussian
                            ? ref.gaussianGradient(e.state(), ((Action.Continuous) e.action()).values())
                            : ref.categoricalGradient(e.state(), ((Action.Discrete) e.action()).index());
                    for (int k = 0; k < g.length; k++) {
                        step[k] += ALPHA / M * g[k] * r;
                    }
                }
            }
            double size = 0;
            for (int k = 0; k < step.length; k++) {
                current[k] += step[k];
                size = Math.max(size, Math.abs(step[k]));
            }
            PolicyParams published;
            try {
                published = params.decode(outLines.get(b).getBytes(StandardCharsets.UTF_8));
            } catch (Exception e) {
                throw new AssertionError(e);
            }
            assertThat(published.version()).isEqualTo(b + 1);
            assertThat(published.trajectories()).isEqualTo((long) (b + 1) * M);
            double[] actual = published.copyTheta();
            for (int k = 0; k < actual.length; k++) {
                assertThat(Math.abs(actual[k] - current[k])).as("version %d theta[%d]", b + 1, k)
                        .isLessThanOrEqualTo(1e-9 * size);
            }
            current = actual;
        }
    }

    @Test
    void shouldRefuseAnInvalidConfigurationWithExitCode2AndOneLinePerProblem() throws IOException {
        Files.writeString(dir.resolve("bad.properties"), "gamma=1.5\noptimizer=adagrad\n");
        Files.writeString(dir.resolve("e.jsonl"), "");
        CommandRun run = CommandRun.of("train", "--events", dir.resolve("e.jsonl").toString(), "--init",
                dir.resolve("missing.json").toString(), "--config", dir.resolve("bad.properties").toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("gamma: 1.5 is not allowed").contains("optimizer: 'adagrad' is not allowed");
    }

    @Test
    void shouldRefuseAMissingParamsFileWithExitCode2() throws IOException {
        Files.writeString(dir.resolve("e.jsonl"), "");
        CommandRun run = CommandRun.of("train", "--events", dir.resolve("e.jsonl").toString(), "--init",
                dir.resolve("missing.json").toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("cannot read params file " + dir.resolve("missing.json") + ": no such file");
    }

    @Test
    void shouldSayNoSuchFileForAMissingEventsFile() {
        CommandRun run = CommandRun.of("train", "--events", "nosuch.jsonl", "--init",
                EXAMPLE_V0);

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().strip()).isEqualTo("error: cannot read --events nosuch.jsonl: no such file");
    }

    @Test
    void shouldSayWhichDirectoryIsMissingForAnOutputFile() {
        Path out = dir.resolve("no-such-dir").resolve("versions.jsonl");
        CommandRun run = CommandRun.of("train", "--events", EXAMPLE_EVENTS, "--init",
                EXAMPLE_V0, "--out", out.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().strip()).isEqualTo("error: cannot write --out " + out + ": no such directory "
                + out.getParent());
    }

    @Test
    void shouldExplainItselfInHelp() {
        CommandRun run = CommandRun.of("train", "--help");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("--events").contains("--init").contains("--config").contains("--out");
    }

    @Test
    void shouldTrainTheExampleShippedInTheRepository() throws IOException {
        CommandRun run = CommandRun.of("train", "--events", EXAMPLE_EVENTS, "--init",
                EXAMPLE_V0, "--config", EXAMPLE_VANILLA, "--out",
                dir.resolve("versions.jsonl").toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.err()).contains("invalid=0").contains("trajectories=40").contains("versions=5");
        assertThat(Files.readAllLines(dir.resolve("versions.jsonl"))).hasSize(5);
    }
}
