package io.policystream.bench;

import io.policystream.policy.Activation;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * ns per hidden unit of the forward pass's non-linearity, {@link Activation#apply}, over
 * {@value #UNITS} pre-activations in [-3, 3]: how much of {@code PolicyGradientBenchmark.forward}
 * is {@code Math.tanh} rather than multiply-adds.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ActivationBenchmark {
    /** Hidden units of one 64-64 forward pass. */
    public static final int UNITS = 128;

    private final double[] x = new double[UNITS];
    private final double[] y = new double[UNITS];

    @Setup(Level.Trial)
    public void setUp() {
        SplittableRandom rng = new SplittableRandom(3L);
        for (int i = 0; i < UNITS; i++) {
            x[i] = 6.0 * rng.nextDouble() - 3.0;
        }
    }

    @Benchmark
    @OperationsPerInvocation(UNITS)
    public double[] tanh() {
        for (int i = 0; i < UNITS; i++) {
            y[i] = Activation.TANH.apply(x[i]);
        }
        return y;
    }

    @Benchmark
    @OperationsPerInvocation(UNITS)
    public double[] relu() {
        for (int i = 0; i < UNITS; i++) {
            y[i] = Activation.RELU.apply(x[i]);
        }
        return y;
    }
}
