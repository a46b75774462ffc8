package io.policystream.bench;

import io.policystream.learn.GradientSums;
import io.policystream.policy.Initializer;
import io.policystream.policy.PolicyNetwork;
import io.policystream.policy.PolicyParams;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The writer's KL diagnostic of one version, in µs: the mean KL divergence between the version
 * before and after the update over the batch's {@value GradientSums#SAMPLE_STATES} sample states.
 * {@code oneByOne} runs the network state by state ({@link PolicyNetwork#klDivergence}),
 * {@code inBlocks} over the states at once ({@link PolicyNetwork#meanKlDivergence}), as the writer
 * does. Networks as in {@link PolicyGradientBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class KlDiagnosticBenchmark {
    @Param({"cartpole", "mujoco"})
    public String network;

    private PolicyNetwork net;
    private PolicyNetwork.Workspace ws;
    private PolicyNetwork.StatesBlock block;
    private PolicyParams before;
    private PolicyParams after;
    private double[][] states;

    @Setup
    public void setUp() {
        var arch = PolicyGradientBenchmark.architecture(network);
        net = new PolicyNetwork(arch);
        ws = net.newWorkspace();
        block = net.newStatesBlock();
        before = Initializer.initialize("bench", arch, 42L, 0L);
        double[] theta = before.copyTheta();
        SplittableRandom rng = new SplittableRandom(43);
        for (int i = 0; i < theta.length; i++) {
            theta[i] += rng.nextDouble(-1e-3, 1e-3);
        }
        after = before.next(1, theta, before.copyValue(), 8, 400, 0);
        states = new double[GradientSums.SAMPLE_STATES][arch.inputSize()];
        for (double[] s : states) {
            for (int i = 0; i < s.length; i++) {
                s[i] = rng.nextDouble(-2, 2);
            }
        }
    }

    @Benchmark
    public double oneByOne() {
        double sum = 0.0;
        for (double[] s : states) {
            sum += net.klDivergence(before, after, s, ws);
        }
        return sum / states.length;
    }

    @Benchmark
    public double inBlocks() {
        return net.meanKlDivergence(before, after, k -> states[k], states.length, block);
    }
}
