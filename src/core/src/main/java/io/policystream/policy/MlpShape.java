package io.policystream.policy;

import java.util.Arrays;

/**
 * The shape of a dense network and where each number lives in its flat parameter vector.
 *
 * <p>Layout, layer by layer from input to output: the weights row by row ({@code weights[o][i]}
 * at {@code weightOffset(k) + o * in + i}), then the bias ({@code bias[o]} at
 * {@code biasOffset(k) + o}). This is the order of the params JSON's {@code layers}.
 */
public final class MlpShape {
    private final int[] sizes;
    private final int[] weightOffsets;
    private final int[] biasOffsets;
    private final int paramCount;

    /**
     * @param sizes layer widths, input first and output last (at least two entries, all positive)
     */
    public MlpShape(int... sizes) {
        if (sizes.length < 2) {
            throw new IllegalArgumentException("a network needs an input and an output size");
        }
        for (int s : sizes) {
            if (s <= 0) {
                throw new IllegalArgumentException("layer sizes must be positive: " + Arrays.toString(sizes));
            }
        }
        this.sizes = sizes.clone();
        int layers = sizes.length - 1;
        weightOffsets = new int[layers];
        biasOffsets = new int[layers];
        int offset = 0;
        for (int k = 0; k < layers; k++) {
            weightOffsets[k] = offset;
            offset = Math.addExact(offset, Math.multiplyExact(sizes[k], sizes[k + 1]));
            biasOffsets[k] = offset;
            offset = Math.addExact(offset, sizes[k + 1]);
        }
        paramCount = offset;
    }

    /** Number of dense layers (weight matrices). */
    public int layerCount() {
        return sizes.length - 1;
    }

    /** Input width of layer k. */
    public int inputSize(int k) {
        return sizes[k];
    }

    /** Output width of layer k. */
    public int outputSize(int k) {
        return sizes[k + 1];
    }

    /** Width of the network's input. */
    public int inputSize() {
        return sizes[0];
    }

    /** Width of the network's output. */
    public int outputSize() {
        return sizes[sizes.length - 1];
    }

    /** The widest layer, input included. */
    public int maxWidth() {
        int m = 0;
        for (int s : sizes) {
            m = Math.max(m, s);
        }
        return m;
    }

    public int weightOffset(int k) {
        return weightOffsets[k];
    }

    public int biasOffset(int k) {
        return biasOffsets[k];
    }

    /** How many numbers the network has. */
    public int paramCount() {
        return paramCount;
    }

    /** A copy of the widths, input first. */
    public int[] sizes() {
        return sizes.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MlpShape m && Arrays.equals(sizes, m.sizes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(sizes);
    }

    @Override
    public String toString() {
        return Arrays.toString(sizes);
    }
}
