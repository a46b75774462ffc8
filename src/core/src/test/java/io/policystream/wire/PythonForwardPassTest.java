package io.policystream.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.policystream.event.Action;
import io.policystream.policy.Distribution;
import io.policystream.policy.PolicyNetwork;
import io.policystream.policy.PolicyParams;
import io.policystream.testkit.Executables;
import io.policystream.testkit.Repo;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The forward pass of examples/python/policystream_wire.py, written from docs/wire-format.md, gives
 * the same log-probabilities, means and log standard deviations as {@link PolicyNetwork} on every
 * golden params file, JSON and binary (so Python's reader of binary params is checked too), at random
 * states and actions. Skipped only where no {@code python3} is on
 * the PATH.
 */
class PythonForwardPassTest {
    private static final Path EXAMPLES = Repo.file("examples", "python");
    private static final long SEED = 20261202L;
    private static final int CASES = 200;
    private static final double TOLERANCE = 1e-12;
    private static final double HALF_LOG_2PI_E = 0.5 * Math.log(2 * Math.PI * Math.E);

    @TempDir
    Path dir;

    private final ObjectMapper json = new ObjectMapper();

    @ParameterizedTest
    @ValueSource(strings = {Golden.PARAMS_CATEGORICAL, Golden.PARAMS_GAUSSIAN_PARAMETER, Golden.PARAMS_GAUSSIAN_NETWORK,
        Golden.PARAMS_CATEGORICAL_BINARY, Golden.PARAMS_GAUSSIAN_PARAMETER_BINARY, Golden.PARAMS_GAUSSIAN_NETWORK_BINARY})
    void shouldComputeWhatPolicyNetworkComputes(String golden) throws Exception {
        Path python = Executables.find("python3").orElse(null);
        Assumptions.assumeTrue(python != null, "PythonForwardPassTest skipped: no 'python3' on the PATH "
                + "(install Python 3 to run it)");
        PolicyParams params = new ParamsCodec().decode(Golden.bytes(golden));
        PolicyNetwork net = new PolicyNetwork(params.architecture());
        PolicyNetwork.Workspace ws = net.newWorkspace();
        boolean categorical = params.architecture().distribution() == Distribution.CATEGORICAL;
        int inputs = params.architecture().inputSize();
        int actions = params.architecture().actionSize();

        SplittableRandom rng = new SplittableRandom(SEED);
        List<double[]> states = new ArrayList<>();
        List<Action> chosen = new ArrayList<>();
        StringBuilder cases = new StringBuilder();
        for (int i = 0; i < CASES; i++) {
            // Wide enough that relu units switch off and tanh units saturate, and the clamp of a
            // network log std is reached.
            double[] s = rng.doubles(inputs, -3, 3).toArray();
            Action a = categorical ? new Action.Discrete(rng.nextInt(actions))
                    : new Action.Continuous(rng.doubles(actions, -2, 2).toArray());
            states.add(s);
            chosen.add(a);
            cases.append(json.writeValueAsString(java.util.Map.of("state", s,
                    "action", a instanceof Action.Discrete d ? (Object) d.index() : ((Action.Continuous) a).values())))
                    .append('\n');
        }
        List<JsonNode> answers = runPython(python, golden, cases.toString());
        assertThat(answers).hasSize(CASES);

        for (int i = 0; i < CASES; i++) {
            double[] s = states.get(i);
            JsonNode answer = answers.get(i);
            String where = "seed " + SEED + ", case " + i + ", " + golden + ", python: " + answer;
            assertClose(answer.get("logProb").asDouble(), net.logProb(params, s, chosen.get(i), ws), where);
            if (categorical) {
                for (int k = 0; k < actions; k++) {
                    assertClose(answer.get("logProbs").get(k).asDouble(),
                            net.logProb(params, s, new Action.Discrete(k), ws), where);
                }
                continue;
            }
            double[] mean = ((Action.Continuous) net.mostLikely(params, s, ws)).values();
            double entropy = 0;
            for (int j = 0; j < actions; j++) {
                assertClose(answer.get("mean").get(j).asDouble(), mean[j], where);
                entropy += answer.get("logStd").get(j).asDouble() + HALF_LOG_2PI_E;
            }
            // The entropy of a diagonal gaussian is sum_j (logStd_j + 0.5 ln(2 pi e)).
            assertClose(entropy, net.entropy(params, s, ws), where);
        }
    }

    /** Equal to 1e-12, relative to the size of the number when it is larger than 1. */
    private static void assertClose(double python, double java, String where) {
        assertThat(python).as(where).isCloseTo(java, within(TOLERANCE * Math.max(1.0, Math.abs(java))));
    }

    private List<JsonNode> runPython(Path python, String golden, String cases) throws Exception {
        Path paramsFile = dir.resolve(golden);
        Files.write(paramsFile, Golden.bytes(golden));
        Path input = dir.resolve("cases.jsonl");
        Files.writeString(input, cases);
        Path output = dir.resolve("out.jsonl");
        Process p = new ProcessBuilder(python.toString(), "forward_check.py", paramsFile.toAbsolutePath().toString())
                .directory(EXAMPLES.toFile()).redirectInput(input.toFile()).redirectOutput(output.toFile())
                .redirectError(ProcessBuilder.Redirect.appendTo(output.toFile())).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("forward_check.py did not finish within 60 s");
        }
        String out = Files.readString(output, StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as("forward_check.py:%n%s", out).isZero();
        List<JsonNode> answers = new ArrayList<>();
        for (String line : out.split("\n")) {
            if (!line.isBlank()) {
                answers.add(json.readTree(line));
            }
        }
        return answers;
    }
}
