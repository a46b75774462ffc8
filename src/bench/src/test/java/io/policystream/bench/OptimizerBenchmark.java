package io.policystream.bench;

import io.policystream.learn.Adam;
import io.policystream.learn.Sgd;
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
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * One optimiser step, in ns per parameter, over vectors the size of the benchmarked policies'
 * theta: 4,610 (4-64-64-2 categorical) and 71,948 (17-256-256-6 gaussian with a logStd vector).
 * Each benchmark method is declared once per size, because {@code @OperationsPerInvocation} must be
 * a compile-time constant.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class OptimizerBenchmark {
    /** theta of a 4-64-64-2 categorical policy. */
    public static final int CARTPOLE_PARAMS = 4_610;
    /** theta of a 17-256-256-6 gaussian policy with std=parameter. */
    public static final int MUJOCO_PARAMS = 71_948;

    /** The vectors of one size. */
    public abstract static class Vectors {
        double[] params;
        double[] grad;
        double[] first;
        double[] second;
        long step;

        abstract int size();

        @Setup(Level.Trial)
        public void setUp() {
            SplittableRandom rng = new SplittableRandom(7L);
            int n = size();
            params = new double[n];
            grad = new double[n];
            first = new double[n];
            second = new double[n];
            for (int i = 0; i < n; i++) {
                params[i] = 0.1 * (2.0 * rng.nextDouble() - 1.0);
                grad[i] = 2.0 * rng.nextDouble() - 1.0;
            }
        }

        long nextStep() {
            return ++step;
        }
    }

    /** Vectors of {@value #CARTPOLE_PARAMS}. */
    @State(Scope.Thread)
    public static class Cartpole extends Vectors {
        @Override
        int size() {
            return CARTPOLE_PARAMS;
        }
    }

    /** Vectors of {@value #MUJOCO_PARAMS}. */
    @State(Scope.Thread)
    public static class Mujoco extends Vectors {
        @Override
        int size() {
            return MUJOCO_PARAMS;
        }
    }

    // Defaults of the configuration table: beta1 0.9, beta2 0.999, epsilon 1e-8.
    private final Adam adam = new Adam(0.9, 0.999, 1e-8);
    private final Sgd sgd = new Sgd(0.0);
    private final Sgd sgdMomentum = new Sgd(0.9);
    private static final double LEARNING_RATE = 1e-3;

    private void adam(Vectors v, Blackhole bh) {
        adam.stepInPlace(v.params, v.grad, LEARNING_RATE, v.first, v.second, v.nextStep());
        bh.consume(v.params);
    }

    private void sgd(Sgd opt, Vectors v, Blackhole bh) {
        opt.stepInPlace(v.params, v.grad, LEARNING_RATE, v.first, v.second, v.nextStep());
        bh.consume(v.params);
    }

    @Benchmark
    @OperationsPerInvocation(CARTPOLE_PARAMS)
    public void adamCartpole(Cartpole v, Blackhole bh) {
        adam(v, bh);
    }

    @Benchmark
    @OperationsPerInvocation(MUJOCO_PARAMS)
    public void adamMujoco(Mujoco v, Blackhole bh) {
        adam(v, bh);
    }

    @Benchmark
    @OperationsPerInvocation(CARTPOLE_PARAMS)
    public void sgdCartpole(Cartpole v, Blackhole bh) {
        sgd(sgd, v, bh);
    }

    @Benchmark
    @OperationsPerInvocation(MUJOCO_PARAMS)
    public void sgdMujoco(Mujoco v, Blackhole bh) {
        sgd(sgd, v, bh);
    }

    @Benchmark
    @OperationsPerInvocation(CARTPOLE_PARAMS)
    public void sgdMomentumCartpole(Cartpole v, Blackhole bh) {
        sgd(sgdMomentum, v, bh);
    }

    @Benchmark
    @OperationsPerInvocation(MUJOCO_PARAMS)
    public void sgdMomentumMujoco(Mujoco v, Blackhole bh) {
        sgd(sgdMomentum, v, bh);
    }
}
