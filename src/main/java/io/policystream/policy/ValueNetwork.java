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

    /** V_phi(s). The workspace keeps the pass for {@link #accumulateGradient}. */
    public double value(PolicyParams p, double[] s, Workspace ws) {
        if (p.value == null || (p.architecture() != architecture && !p.architecture().equals(architecture))) {
            throw new IllegalArgumentException("params without a matching value network");
        }
        return net.forward(p.value, s, ws.cache)[0];
    }

    /** Adds {@code scale * dV_phi(s)/d phi} to {@code grad}, for the state of the latest {@link #value}. */
    public void accumulateGradient(PolicyParams p, Workspace ws, double scale, double[] grad) {
        ws.dOut[0] = scale;
        net.backward(p.value, ws.cache, ws.dOut, grad);
    }
}
