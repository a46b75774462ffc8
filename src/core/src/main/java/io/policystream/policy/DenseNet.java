package io.policystream.policy;

/**
 * A dense network over a flat parameter vector: forward pass and backpropagation.
 *
 * <p>{@code x_k = act(W_k x_{k-1} + b_k)} for every layer but the last, which is linear. The
 * backward pass adds {@code dL/dW_k = delta_k x_{k-1}^T} and {@code dL/db_k = delta_k} into a
 * gradient buffer with the layout of {@link MlpShape}, and carries
 * {@code delta_{k-1} = (W_k^T delta_k) * act'(x_{k-1})} down. Nothing is allocated per call: the
 * activations live in a {@link Cache} that each thread owns.
 */
final class DenseNet {
    private final MlpShape shape;
    private final Activation activation;

    DenseNet(MlpShape shape, Activation activation) {
        this.shape = shape;
        this.activation = activation;
    }

    MlpShape shape() {
        return shape;
    }

    /** Per-thread buffers for one forward and backward pass. */
    static final class Cache {
        final double[][] outputs;
        final double[] delta;
        final double[] nextDelta;
        final double[] deltaB;
        final double[] nextDeltaB;
        double[] input;

        Cache(MlpShape shape) {
            outputs = new double[shape.layerCount()][];
            for (int k = 0; k < shape.layerCount(); k++) {
                outputs[k] = new double[shape.outputSize(k)];
            }
            delta = new double[shape.maxWidth()];
            nextDelta = new double[shape.maxWidth()];
            deltaB = new double[shape.maxWidth()];
            nextDeltaB = new double[shape.maxWidth()];
        }

        /** The last layer's output z of the latest forward pass. */
        double[] output() {
            return outputs[outputs.length - 1];
        }
    }

    Cache newCache() {
        return new Cache(shape);
    }

    /**
     * Runs the network on {@code x}; the result is {@code cache.output()}. The cache keeps a
     * reference to {@code x} for the backward pass, so {@code x} must not change in between.
     */
    double[] forward(double[] w, double[] x, Cache cache) {
        cache.input = x;
        double[] in = x;
        int last = shape.layerCount() - 1;
        for (int k = 0; k <= last; k++) {
            int nIn = shape.inputSize(k);
            int nOut = shape.outputSize(k);
            int wOff = shape.weightOffset(k);
            int bOff = shape.biasOffset(k);
            double[] out = cache.outputs[k];
            for (int o = 0; o < nOut; o++) {
                int row = wOff + o * nIn;
                double sum = w[bOff + o];
                for (int i = 0; i < nIn; i++) {
                    sum += w[row + i] * in[i];
                }
                out[o] = k < last ? activation.apply(sum) : sum;
            }
            in = out;
        }
        return cache.output();
    }

    /**
     * Adds {@code dL/dw} to {@code grad}, given {@code dOut = dL/dz} for the output of the latest
     * {@link #forward} on this cache. {@code dOut} is not modified.
     */
    void backward(double[] w, Cache cache, double[] dOut, double[] grad) {
        int last = shape.layerCount() - 1;
        double[] delta = cache.delta;
        double[] next = cache.nextDelta;
        System.arraycopy(dOut, 0, delta, 0, shape.outputSize());
        for (int k = last; k >= 0; k--) {
            int nIn = shape.inputSize(k);
            int nOut = shape.outputSize(k);
            int wOff = shape.weightOffset(k);
            int bOff = shape.biasOffset(k);
            double[] in = k == 0 ? cache.input : cache.outputs[k - 1];
            boolean carry = k > 0;
            if (carry) {
                java.util.Arrays.fill(next, 0, nIn, 0.0);
            }
            for (int o = 0; o < nOut; o++) {
                double d = delta[o];
                if (d == 0.0) {
                    continue;
                }
                grad[bOff + o] += d;
                int row = wOff + o * nIn;
                if (carry) {
                    for (int i = 0; i < nIn; i++) {
                        grad[row + i] += d * in[i];
                        next[i] += w[row + i] * d;
                    }
                } else {
                    for (int i = 0; i < nIn; i++) {
                        grad[row + i] += d * in[i];
                    }
                }
            }
            if (carry) {
                for (int i = 0; i < nIn; i++) {
                    next[i] *= activation.derivativeFromOutput(in[i]);
                }
                double[] t = delta;
                delta = next;
                next = t;
            }
        }
    }

    /**
     * Two backward passes at once, {@code dOutA} into {@code gradA} and {@code dOutB} into
     * {@code gradB}, for the latest {@link #forward}: each weight and input is read once for both,
     * which is most of the cost of a pass.
     */
    void backward2(double[] w, Cache cache, double[] dOutA, double[] gradA, double[] dOutB, double[] gradB) {
        int last = shape.layerCount() - 1;
        double[] da = cache.delta;
        double[] na = cache.nextDelta;
        double[] db = cache.deltaB;
        double[] nb = cache.nextDeltaB;
        System.arraycopy(dOutA, 0, da, 0, shape.outputSize());
        System.arraycopy(dOutB, 0, db, 0, shape.outputSize());
        for (int k = last; k >= 0; k--) {
            int nIn = shape.inputSize(k);
            int nOut = shape.outputSize(k);
            int wOff = shape.weightOffset(k);
            int bOff = shape.biasOffset(k);
            double[] in = k == 0 ? cache.input : cache.outputs[k - 1];
            boolean carry = k > 0;
            if (carry) {
                java.util.Arrays.fill(na, 0, nIn, 0.0);
                java.util.Arrays.fill(nb, 0, nIn, 0.0);
            }
            for (int o = 0; o < nOut; o++) {
                double a = da[o];
                double b = db[o];
                gradA[bOff + o] += a;
                gradB[bOff + o] += b;
                int row = wOff + o * nIn;
                if (carry) {
                    for (int i = 0; i < nIn; i++) {
                        double x = in[i];
                        double wi = w[row + i];
                        gradA[row + i] += a * x;
                        gradB[row + i] += b * x;
                        na[i] += wi * a;
                        nb[i] += wi * b;
                    }
                } else {
                    for (int i = 0; i < nIn; i++) {
                        double x = in[i];
                        gradA[row + i] += a * x;
                        gradB[row + i] += b * x;
                    }
                }
            }
            if (carry) {
                for (int i = 0; i < nIn; i++) {
                    double d = activation.derivativeFromOutput(in[i]);
                    na[i] *= d;
                    nb[i] *= d;
                }
                double[] t = da;
                da = na;
                na = t;
                t = db;
                db = nb;
                nb = t;
            }
        }
    }
}
