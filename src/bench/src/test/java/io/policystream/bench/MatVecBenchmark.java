package io.policystream.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * ns per n x n matrix-vector product (n^2 multiply-adds) in three loop shapes, to explain the
 * policy kernels' numbers without touching them:
 * <ul>
 *   <li>{@code rowDotSerial}: the loop of {@code DenseNet.forward}, one accumulator per row. Java
 *       may not reassociate double additions, so C2 cannot vectorise this reduction and each add
 *       waits for the previous one.</li>
 *   <li>{@code rowDotFourAccumulators}: the same rows with four independent partial sums (a
 *       different rounding order, so not a drop-in change).</li>
 *   <li>{@code axpyRows}: {@code out[i] += w[o][i] * d}, the shape of {@code DenseNet.backward}'s
 *       delta propagation, which has no reduction and which C2 vectorises.</li>
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class MatVecBenchmark {
    @Param({"64", "256"})
    public int n;

    private double[] w;
    private double[] x;
    private double[] out;

    @Setup(Level.Trial)
    public void setUp() {
        SplittableRandom rng = new SplittableRandom(11L);
        w = new double[n * n];
        x = new double[n];
        out = new double[n];
        for (int i = 0; i < w.length; i++) {
            w[i] = 2.0 * rng.nextDouble() - 1.0;
        }
        for (int i = 0; i < n; i++) {
            x[i] = 2.0 * rng.nextDouble() - 1.0;
        }
    }

    @Benchmark
    public double[] rowDotSerial() {
        for (int o = 0; o < n; o++) {
            int row = o * n;
            double sum = 0.0;
            for (int i = 0; i < n; i++) {
                sum += w[row + i] * x[i];
            }
            out[o] = sum;
        }
        return out;
    }

    @Benchmark
    public double[] rowDotFourAccumulators() {
        for (int o = 0; o < n; o++) {
            int row = o * n;
            double s0 = 0.0;
            double s1 = 0.0;
            double s2 = 0.0;
            double s3 = 0.0;
            int i = 0;
            for (; i + 3 < n; i += 4) {
                s0 += w[row + i] * x[i];
                s1 += w[row + i + 1] * x[i + 1];
                s2 += w[row + i + 2] * x[i + 2];
                s3 += w[row + i + 3] * x[i + 3];
            }
            for (; i < n; i++) {
                s0 += w[row + i] * x[i];
            }
            out[o] = (s0 + s1) + (s2 + s3);
        }
        return out;
    }

    @Benchmark
    public double[] axpyRows() {
        java.util.Arrays.fill(out, 0.0);
        for (int o = 0; o < n; o++) {
            int row = o * n;
            double d = x[o];
            for (int i = 0; i < n; i++) {
                out[i] += w[row + i] * d;
            }
        }
        return out;
    }
}
