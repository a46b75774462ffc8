package io.policystream.policy;

/**
 * The learned state-value network V_phi(s) of {@code baseline=value}: a dense network with one
 * linear output, over the params' {@code value} vector. Immutable and shared; a workspace belongs
 * to one thread.
 */
public final class ValueNetwork {
    private final Architecture architecture;
    private final DenseNet net;

    public ValueNetwork(Architecture architecture) {
        if (!architecture.hasValue()) {
            throw new IllegalArgumentException("the architecture has no value network");
        }
        this.architecture = architecture;
        this.net = new DenseNet(architecture.valueShape(), architecture.activation());
    }

    /** Buffers of one thread's passes. */
    public static final class Workspace {
        final DenseNet.Cache cache;
        final double[] dOut = new double[1];

        Workspace(DenseNet net) {
            cache = net.newCache();
        }
    }

    public Workspace newWorkspace() {
        return new Workspace(net);
    }

    /**
     * One thread's buffers for the batched passes over a block of up to
     * {@link PolicyNetwork#BLOCK_STEPS} steps, and a gradient accumulator that keeps adding up over
     * blocks until drained. Lifecycle of a block: write the states into {@link #stateRow};
     * {@link #valuesBlock}; read {@link #blockValue}; fill {@link #scales}; {@link #accumulateBlock}.
     */
    public static final class Batch {
        final DenseBlock block;
        final double[] scale = new double[PolicyNetwork.BLOCK_STEPS];
        final double[][] ones = new double[1][PolicyNetwork.BLOCK_STEPS];
        final DenseBlock.Gradient[] gradient;

        Batch(DenseNet net, Activation activation) {
            block = new DenseBlock(net.shape(), activation, PolicyNetwork.BLOCK_STEPS);
            java.util.Arrays.fill(ones[0], 1.0);
            gradient = new DenseBlock.Gradient[] {block.newGradient()};
        }

        /** Where state t of the block goes (the caller writes it). */
        public double[] stateRow(int t) {
            return block.input[t];
        }

        /** The coefficient of dV(s_t)/d phi by step t of the block. */
        public double[] scales() {
            return scale;
        }
    }

    public Batch newBatch() {
        return new Batch(net, architecture.activation());
    }

    /** Runs the network on the first {@code steps} states of the batch. */
    public void valuesBlock(PolicyParams p, Batch b, int steps) {
        checkParams(p);
        if (steps < 1 || steps > PolicyNetwork.BLOCK_STEPS) {
            throw new IllegalArgumentException("a block has 1 to " + PolicyNetwork.BLOCK_STEPS + " steps, not "
                    + steps);
        }
        b.block.forward(p.value, steps);
    }

    /** V_phi(s_t) from the latest {@link #valuesBlock}. */
    public double blockValue(Batch b, int t) {
        return b.block.output()[t][0];
    }

    /** Adds {@code sum_t scales()[t] dV_phi(s_t)/d phi} over the block to the batch's gradient. */
    public void accumulateBlock(PolicyParams p, Batch b, int steps) {
        checkParams(p);
        double[][] d = b.block.outputDeltaA();
        for (int t = 0; t < steps; t++) {
            d[t][0] = b.scale[t];
        }
        b.block.backward(p.value, steps, false, b.ones, null, b.gradient, 1);
    }

    /** Adds the batch's gradient into {@code grad} (the value vector's layout) and zeroes it. */
    public void drainGradient(Batch b, double[] grad) {
        b.gradient[0].drainInto(grad);
    }

    /** Zeroes the batch's gradient, dropping what a pass that failed half-way left. */
    public void clearGradient(Batch b) {
        b.gradient[0].clear();
    }

    /** V_phi(s). The workspace keeps the pass for {@link #accumulateGradient}. */
    public double value(PolicyParams p, double[] s, Workspace ws) {
        checkParams(p);
        return net.forward(p.value, s, ws.cache)[0];
    }

    /** Adds {@code scale * dV_phi(s)/d phi} to {@code grad}, for the state of the latest {@link #value}. */
    public void accumulateGradient(PolicyParams p, Workspace ws, double scale, double[] grad) {
        ws.dOut[0] = scale;
        net.backward(p.value, ws.cache, ws.dOut, grad);
    }

    private void checkParams(PolicyParams p) {
        if (p.value == null || (p.architecture() != architecture && !p.architecture().equals(architecture))) {
            throw new IllegalArgumentException("params without a matching value network");
        }
    }
}
