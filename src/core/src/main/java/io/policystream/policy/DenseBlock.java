package io.policystream.policy;

/**
 * One thread's buffers for running a {@link DenseNet} over a block of up to {@link #capacity()}
 * steps at once, as matrix-matrix products, with the same math as the per-step passes.
 *
 * <p>Forward: {@code X_k = act(X_{k-1} W_k^T + b_k)} for every layer but the last, which is
 * linear; {@code X_k} holds one row per step. Backward, for an output derivative {@code D_L}
 * (one row per step): {@code D_{k-1} = (D_k W_k) .* act'(X_{k-1})}, and a gradient with per-step
 * coefficients {@code c_t} gets {@code dW_k += sum_t c_t D_{k,t}^T X_{k-1,t}} and
 * {@code db_k += sum_t c_t D_{k,t}}. Because backpropagation is linear in the output derivative,
 * one pass of {@code D} per direction (log-prob, entropy) serves every gradient that mixes them.
 *
 * <p>Why the layout: C2 (JDK 17) vectorises {@code y[j] += s * x[j]} when every array in the loop
 * is indexed by the bare loop variable, but neither a double dot product (a reduction) nor a loop
 * that reads a flat array at {@code row + j} while it writes another at {@code j} (it cannot rule
 * out the overlap). So every matrix is an array of rows: the activations and deltas, a row copy and
 * a transposed copy of each weight matrix (rebuilt only when another weight array arrives; params
 * never change their arrays), and the gradient accumulators, drained into the flat gradient once
 * per trajectory. Every inner loop runs over the longer dimension of its layer, and combines four
 * rows at a time so each loaded element feeds four multiply-adds.
 */
final class DenseBlock {
    private final MlpShape shape;
    private final Activation activation;
    private final int capacity;
    /** The input rows, filled by the caller: {@code input[t]} has {@code inputSize} numbers. */
    final double[][] input;
    /** {@code act[k][t]}: the output of layer k at step t; the last layer's is z. */
    final double[][][] act;
    /** Two directions of output derivative, each ping-ponged between two row buffers. */
    private final double[][] deltaA;
    private final double[][] nextA;
    private final double[][] deltaB;
    private final double[][] nextB;
    /** The coefficient-weighted combination of the directions for one gradient at one layer. */
    private final double[][] mixed;
    /** {@code rows[k][o]}: row o of W_k (nIn numbers); {@code cols[k][i]}: column i (nOut numbers). */
    private final double[][][] rows;
    private final double[][][] cols;
    /** The weight array {@link #rows} and {@link #cols} were copied from. */
    private double[] copiedFrom;

    DenseBlock(MlpShape shape, Activation activation, int capacity) {
        this.shape = shape;
        this.activation = activation;
        this.capacity = capacity;
        int layers = shape.layerCount();
        int width = shape.maxWidth();
        input = new double[capacity][shape.inputSize()];
        act = new double[layers][][];
        rows = new double[layers][][];
        cols = new double[layers][][];
        for (int k = 0; k < layers; k++) {
            act[k] = new double[capacity][shape.outputSize(k)];
            rows[k] = new double[shape.outputSize(k)][shape.inputSize(k)];
            cols[k] = new double[shape.inputSize(k)][shape.outputSize(k)];
        }
        deltaA = new double[capacity][width];
        nextA = new double[capacity][width];
        deltaB = new double[capacity][width];
        nextB = new double[capacity][width];
        mixed = new double[capacity][width];
    }

    int capacity() {
        return capacity;
    }

    /** The last layer's output rows. */
    double[][] output() {
        return act[act.length - 1];
    }

    /** The first direction's output derivative rows, to be filled before {@link #backward}. */
    double[][] outputDeltaA() {
        return deltaA;
    }

    /** The second direction's output derivative rows, to be filled before {@link #backward}. */
    double[][] outputDeltaB() {
        return deltaB;
    }

    /** A zero gradient in the orientation this block accumulates in. */
    Gradient newGradient() {
        return new Gradient(shape);
    }

    private void copyWeights(double[] w) {
        if (w == copiedFrom) {
            return;
        }
        for (int k = 0; k < shape.layerCount(); k++) {
            int nIn = shape.inputSize(k);
            int nOut = shape.outputSize(k);
            int wOff = shape.weightOffset(k);
            for (int o = 0; o < nOut; o++) {
                System.arraycopy(w, wOff + o * nIn, rows[k][o], 0, nIn);
                for (int i = 0; i < nIn; i++) {
                    cols[k][i][o] = w[wOff + o * nIn + i];
                }
            }
        }
        copiedFrom = w;
    }

    /** Runs the network on {@code input[0..steps)}; the results are {@link #output()}'s rows. */
    void forward(double[] w, int steps) {
        copyWeights(w);
        int last = shape.layerCount() - 1;
        double[][] in = input;
        for (int k = 0; k <= last; k++) {
            int nIn = shape.inputSize(k);
            int nOut = shape.outputSize(k);
            int bOff = shape.biasOffset(k);
            double[][] out = act[k];
            if (nOut < SHORT) {
                forwardDots(rows[k], w, bOff, in, out, steps, nIn, nOut);
            } else {
                forwardAxpy(cols[k], w, bOff, in, out, steps, nIn, nOut);
            }
            if (k < last) {
                for (int t = 0; t < steps; t++) {
                    double[] y = out[t];
                    for (int o = 0; o < nOut; o++) {
                        y[o] = activation.apply(y[o]);
                    }
                }
            }
            in = out;
        }
    }

    /** Rows shorter than this are too short to vectorise: such a layer uses dot products instead. */
    private static final int SHORT = 8;

    /** {@code y_t = b + sum_i x_t[i] col_i}, four columns at a time. */
    private static void forwardAxpy(double[][] col, double[] w, int bOff, double[][] in, double[][] out, int steps,
                                    int nIn, int nOut) {
        for (int t = 0; t < steps; t++) {
            double[] x = in[t];
            double[] y = out[t];
            System.arraycopy(w, bOff, y, 0, nOut);
            int i = 0;
            for (; i + 3 < nIn; i += 4) {
                double x0 = x[i];
                double x1 = x[i + 1];
                double x2 = x[i + 2];
                double x3 = x[i + 3];
                double[] c0 = col[i];
                double[] c1 = col[i + 1];
                double[] c2 = col[i + 2];
                double[] c3 = col[i + 3];
                for (int o = 0; o < nOut; o++) {
                    y[o] += x0 * c0[o] + x1 * c1[o] + x2 * c2[o] + x3 * c3[o];
                }
            }
            for (; i < nIn; i++) {
                double xi = x[i];
                double[] c = col[i];
                for (int o = 0; o < nOut; o++) {
                    y[o] += xi * c[o];
                }
            }
        }
    }

    /** {@code y_t[o] = b[o] + row_o . x_t}, four steps at a time so four sums run independently. */
    private static void forwardDots(double[][] row, double[] w, int bOff, double[][] in, double[][] out, int steps,
                                    int nIn, int nOut) {
        for (int o = 0; o < nOut; o++) {
            double[] r = row[o];
            double b = w[bOff + o];
            int t = 0;
            for (; t + 3 < steps; t += 4) {
                double[] x0 = in[t];
                double[] x1 = in[t + 1];
                double[] x2 = in[t + 2];
                double[] x3 = in[t + 3];
                double s0 = b;
                double s1 = b;
                double s2 = b;
                double s3 = b;
                for (int i = 0; i < nIn; i++) {
                    double ri = r[i];
                    s0 += ri * x0[i];
                    s1 += ri * x1[i];
                    s2 += ri * x2[i];
                    s3 += ri * x3[i];
                }
                out[t][o] = s0;
                out[t + 1][o] = s1;
                out[t + 2][o] = s2;
                out[t + 3][o] = s3;
            }
            for (; t < steps; t++) {
                double[] x = in[t];
                double s = b;
                for (int i = 0; i < nIn; i++) {
                    s += r[i] * x[i];
                }
                out[t][o] = s;
            }
        }
    }

    /**
     * Backpropagates the output derivatives of the latest {@link #forward}: direction A from
     * {@link #outputDeltaA()} and, when {@code withB}, direction B from {@link #outputDeltaB()}
     * (both are overwritten). Adds to {@code grads[g]} the gradient with output derivative
     * {@code coefA[g][t] D_A,t + coefB[g][t] D_B,t} at step t, for {@code g < gradCount}
     * ({@code coefB} is ignored without B).
     */
    void backward(double[] w, int steps, boolean withB, double[][] coefA, double[][] coefB, Gradient[] grads,
                  int gradCount) {
        copyWeights(w);
        double[][] da = deltaA;
        double[][] na = nextA;
        double[][] db = deltaB;
        double[][] nb = nextB;
        for (int k = shape.layerCount() - 1; k >= 0; k--) {
            int nIn = shape.inputSize(k);
            int nOut = shape.outputSize(k);
            double[][] x = k == 0 ? input : act[k - 1];
            for (int g = 0; g < gradCount; g++) {
                double[] ca = coefA[g];
                double[] cb = withB ? coefB[g] : null;
                for (int t = 0; t < steps; t++) {
                    double[] m = mixed[t];
                    double[] a = da[t];
                    double c = ca[t];
                    if (cb == null) {
                        for (int o = 0; o < nOut; o++) {
                            m[o] = c * a[o];
                        }
                    } else {
                        double[] b = db[t];
                        double e = cb[t];
                        for (int o = 0; o < nOut; o++) {
                            m[o] = c * a[o] + e * b[o];
                        }
                    }
                }
                grads[g].add(k, mixed, x, steps, nIn, nOut);
            }
            if (k > 0) {
                propagate(rows[k], da, na, x, steps, nIn, nOut);
                double[][] s = da;
                da = na;
                na = s;
                if (withB) {
                    propagate(rows[k], db, nb, x, steps, nIn, nOut);
                    s = db;
                    db = nb;
                    nb = s;
                }
            }
        }
    }

    /** {@code p_t = (sum_o d_t[o] row_o) .* act'(x_t)}, four rows of W at a time. */
    private void propagate(double[][] row, double[][] d, double[][] p, double[][] x, int steps, int nIn, int nOut) {
        for (int t = 0; t < steps; t++) {
            double[] dt = d[t];
            double[] pt = p[t];
            java.util.Arrays.fill(pt, 0, nIn, 0.0);
            int o = 0;
            for (; o + 3 < nOut; o += 4) {
                double d0 = dt[o];
                double d1 = dt[o + 1];
                double d2 = dt[o + 2];
                double d3 = dt[o + 3];
                double[] r0 = row[o];
                double[] r1 = row[o + 1];
                double[] r2 = row[o + 2];
                double[] r3 = row[o + 3];
                for (int i = 0; i < nIn; i++) {
                    pt[i] += d0 * r0[i] + d1 * r1[i] + d2 * r2[i] + d3 * r3[i];
                }
            }
            for (; o < nOut; o++) {
                double d0 = dt[o];
                double[] r0 = row[o];
                for (int i = 0; i < nIn; i++) {
                    pt[i] += d0 * r0[i];
                }
            }
            double[] xt = x[t];
            for (int i = 0; i < nIn; i++) {
                pt[i] *= activation.derivativeFromOutput(xt[i]);
            }
        }
    }

    /**
     * A gradient of the network's weights, accumulated over blocks in the orientation whose rows
     * are the longer dimension of each layer, and drained into a flat gradient (the layout of
     * {@link MlpShape}) with {@link #drainInto}.
     */
    static final class Gradient {
        private final MlpShape shape;
        /** Per layer: {@code [o][i]} when {@code byRow[k]}, else {@code [i][o]}. */
        private final double[][][] weights;
        private final boolean[] byRow;
        private final double[][] bias;

        Gradient(MlpShape shape) {
            this.shape = shape;
            int layers = shape.layerCount();
            weights = new double[layers][][];
            byRow = new boolean[layers];
            bias = new double[layers][];
            for (int k = 0; k < layers; k++) {
                int nIn = shape.inputSize(k);
                int nOut = shape.outputSize(k);
                byRow[k] = nIn >= nOut;
                weights[k] = byRow[k] ? new double[nOut][nIn] : new double[nIn][nOut];
                bias[k] = new double[nOut];
            }
        }

        /** {@code dW_k += sum_t d_t^T x_t}, {@code db_k += sum_t d_t}, four steps at a time. */
        void add(int k, double[][] d, double[][] x, int steps, int nIn, int nOut) {
            double[] gb = bias[k];
            for (int t = 0; t < steps; t++) {
                double[] dt = d[t];
                for (int o = 0; o < nOut; o++) {
                    gb[o] += dt[o];
                }
            }
            if (byRow[k]) {
                outerSum(weights[k], d, x, steps, nOut, nIn);
            } else {
                outerSum(weights[k], x, d, steps, nIn, nOut);
            }
        }

        /** {@code g[r][j] += sum_t a_t[r] b_t[j]}. */
        private static void outerSum(double[][] g, double[][] a, double[][] b, int steps, int nRows, int n) {
            for (int r = 0; r < nRows; r++) {
                double[] gr = g[r];
                int t = 0;
                for (; t + 3 < steps; t += 4) {
                    double a0 = a[t][r];
                    double a1 = a[t + 1][r];
                    double a2 = a[t + 2][r];
                    double a3 = a[t + 3][r];
                    double[] b0 = b[t];
                    double[] b1 = b[t + 1];
                    double[] b2 = b[t + 2];
                    double[] b3 = b[t + 3];
                    for (int j = 0; j < n; j++) {
                        gr[j] += a0 * b0[j] + a1 * b1[j] + a2 * b2[j] + a3 * b3[j];
                    }
                }
                for (; t < steps; t++) {
                    double a0 = a[t][r];
                    double[] b0 = b[t];
                    for (int j = 0; j < n; j++) {
                        gr[j] += a0 * b0[j];
                    }
                }
            }
        }

        /** Adds this gradient into {@code grad} (flat, {@link MlpShape}'s layout) and zeroes it. */
        void drainInto(double[] grad) {
            for (int k = 0; k < shape.layerCount(); k++) {
                int nIn = shape.inputSize(k);
                int nOut = shape.outputSize(k);
                int wOff = shape.weightOffset(k);
                int bOff = shape.biasOffset(k);
                double[][] g = weights[k];
                for (int o = 0; o < nOut; o++) {
                    for (int i = 0; i < nIn; i++) {
                        int at = byRow[k] ? o : i;
                        int in = byRow[k] ? i : o;
                        grad[wOff + o * nIn + i] += g[at][in];
                        g[at][in] = 0.0;
                    }
                    grad[bOff + o] += bias[k][o];
                    bias[k][o] = 0.0;
                }
            }
        }

        /** Zeroes the gradient, dropping what a failed pass left. */
        void clear() {
            for (int k = 0; k < weights.length; k++) {
                for (double[] r : weights[k]) {
                    java.util.Arrays.fill(r, 0.0);
                }
                java.util.Arrays.fill(bias[k], 0.0);
            }
        }
    }
}
