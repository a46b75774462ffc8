package io.policystream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.policystream.policy.PolicyParams;
import io.policystream.testkit.Repo;
import io.policystream.wire.ParamsCodec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code evaluate} on the example CartPole recording, through picocli with the project's error handling. */
class EvaluateCommandTest {
    static final String EVENTS = Repo.file("examples/cartpole-events.jsonl").toString();
    static final String V0 = Repo.file("examples/cartpole-params-v0.json").toString();

    @TempDir
    Path dir;

    /** Version 0 with every weight scaled: a different target on the same states. */
    private Path scaledTarget(double scale) throws Exception {
        ParamsCodec codec = new ParamsCodec();
        PolicyParams v0 = codec.decode(Files.readAllBytes(Path.of(V0)));
        double[] theta = v0.copyTheta();
        for (int i = 0; i < theta.length; i++) {
            theta[i] *= scale;
        }
        Path p = dir.resolve("target-" + scale + ".json");
        Files.writeString(p, codec.encodeToString(v0.next(1, theta, v0.copyValue(), 0, 0, 0)));
        return p;
    }

    @Test
    void shouldPrintATablePerTargetAndAComparison() throws Exception {
        CliRun run = new CliRun(new EvaluateCommand());
        int code = run.execute("--events", EVENTS, "--params", V0, "--params", scaledTarget(1.5).toString(),
                "--bootstrap", "200", "--seed", "3");

        assertThat(code).as(run.err()).isEqualTo(0);
        String out = run.out();
        assertThat(out).contains("target cartpole v0", "target cartpole v1", "trajectories: 40 used, 0 skipped",
                "behaviour's average return", "comparison");
        assertThat(out).containsPattern("(?m)^IS\\s+\\S+\\s+\\[\\S+, \\S+\\]");
        assertThat(out).containsPattern("(?m)^WDR\\s+");
    }

    @Test
    void shouldEstimateExactlyTheObservedReturnWhenTheTargetIsTheBehaviourPolicy() throws Exception {
        CliRun run = new CliRun(new EvaluateCommand());
        int code = run.execute("--events", EVENTS, "--params", V0, "--json", "--bootstrap", "100");

        assertThat(code).as(run.err()).isEqualTo(0);
        JsonNode root = new ObjectMapper().readTree(run.out());
        JsonNode target = root.get("targets").get(0);
        assertThat(target.get("used").asInt()).isEqualTo(40);
        double observed = target.get("behaviourReturn").asDouble();
        // Every ratio is 1 up to the logged log-prob's rounding: each estimator is the observed average.
        for (JsonNode e : target.get("estimates")) {
            assertThat(e.get("estimate").asDouble()).as(e.get("estimator").asText())
                    .isCloseTo(observed, org.assertj.core.data.Offset.offset(1e-6 * Math.abs(observed)));
            assertThat(e.get("ess").asDouble()).isCloseTo(40.0, org.assertj.core.data.Offset.offset(1e-3));
            assertThat(e.get("lowEss").asBoolean()).isFalse();
        }
        assertThat(root.get("input").get("completed").asInt()).isEqualTo(40);
    }

    @Test
    void shouldWarnWhenTheEffectiveSampleSizeIsSmall() throws Exception {
        CliRun run = new CliRun(new EvaluateCommand());
        int code = run.execute("--events", EVENTS, "--params", scaledTarget(25.0).toString(), "--min-ess", "0.9",
                "--bootstrap", "0");

        assertThat(code).as(run.err()).isEqualTo(0);
        assertThat(run.out()).contains("warning: effective sample size below 36.0");
    }

    @Test
    void shouldSkipTrajectoriesThatDoNotFitTheTargetWithAReason() throws Exception {
        // A target for states of 5 numbers cannot score CartPole's 4.
        String wide = Files.readString(Path.of(V0), StandardCharsets.UTF_8);
        ParamsCodec codec = new ParamsCodec();
        PolicyParams v0 = codec.decode(wide.getBytes(StandardCharsets.UTF_8));
        var arch = new io.policystream.policy.Architecture(v0.architecture().distribution(),
                v0.architecture().activation(), v0.architecture().std(), 5, v0.architecture().hidden(),
                v0.architecture().actionSize(), null);
        Path p = dir.resolve("wide.json");
        Files.writeString(p, codec.encodeToString(new PolicyParams("cartpole", 3, arch,
                new double[arch.policyParamCount()], null, 0, 0, 0)));
        CliRun run = new CliRun(new EvaluateCommand());
        int code = run.execute("--events", EVENTS, "--params", p.toString(), "--json");

        assertThat(code).isEqualTo(ExitCodes.FAILED);
        JsonNode target = new ObjectMapper().readTree(run.out()).get("targets").get(0);
        assertThat(target.get("used").asInt()).isZero();
        assertThat(target.get("skipped").get("state-size").asInt()).isEqualTo(40);
    }

    @Test
    void shouldSkipEpisodesWithAMissingLogProbAndCountInvalidLines() throws Exception {
        List<String> lines = Files.readAllLines(Path.of(EVENTS));
        String broken = lines.get(3).replaceFirst("\"logProb\":[^,]+,", "");
        lines.set(3, broken);
        Path events = dir.resolve("broken.jsonl");
        Files.write(events, lines);
        CliRun run = new CliRun(new EvaluateCommand());
        int code = run.execute("--events", events.toString(), "--params", V0, "--json", "--bootstrap", "0");

        assertThat(code).as(run.err()).isEqualTo(0);
        JsonNode root = new ObjectMapper().readTree(run.out());
        assertThat(root.get("input").get("invalid").get("missing-field").asInt()).isEqualTo(1);
        JsonNode target = root.get("targets").get(0);
        assertThat(target.get("used").asInt()).isEqualTo(39);
        assertThat(target.get("skipped").get("invalid-event").asInt()).isEqualTo(1);
    }

    @Test
    void shouldExitWithUsageForBadFlags() {
        CliRun noTarget = new CliRun(new EvaluateCommand());
        assertThat(noTarget.execute("--events", EVENTS)).isEqualTo(ExitCodes.USAGE);
        assertThat(noTarget.err()).contains("no target policy");

        CliRun both = new CliRun(new EvaluateCommand());
        assertThat(both.execute("--events", EVENTS, "--topic", "t", "--params", V0)).isEqualTo(ExitCodes.USAGE);
        assertThat(both.err()).contains("mutually exclusive");

        CliRun gamma = new CliRun(new EvaluateCommand());
        assertThat(gamma.execute("--events", EVENTS, "--params", V0, "--gamma", "1.5")).isEqualTo(ExitCodes.USAGE);
        assertThat(gamma.err()).contains("--gamma must be in [0, 1]");

        CliRun range = new CliRun(new EvaluateCommand());
        assertThat(range.execute("--events", EVENTS, "--params", V0, "--from", "10")).isEqualTo(ExitCodes.USAGE);
        assertThat(range.err()).contains("--from and --to select a range of --topic");

        CliRun model = new CliRun(new EvaluateCommand());
        assertThat(model.execute("--events", EVENTS, "--params", V0, "--value-model", "magic"))
                .isEqualTo(ExitCodes.USAGE);
        assertThat(model.err()).contains("--value-model must be auto, learned, fitted or none");

        CliRun missing = new CliRun(new EvaluateCommand());
        assertThat(missing.execute("--events", dir.resolve("nope.jsonl").toString(), "--params", V0))
                .isEqualTo(ExitCodes.USAGE);
        assertThat(missing.err()).contains("cannot read --events");
    }
}
