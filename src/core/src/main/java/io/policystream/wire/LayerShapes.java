package io.policystream.wire;

import io.policystream.event.InvalidReason;
import io.policystream.policy.MlpShape;
import java.util.ArrayList;
import java.util.List;

/** How read layers must fit together, and how they flatten into the parameter-vector layout. */
final class LayerShapes {
    private LayerShapes() {
    }

    /**
     * Refuses layers whose input width is not the previous layer's output width; layer 0 must take
     * {@code inputSize} inputs (layer 0 of the policy network defines it, so it always does).
     */
    static void checkChain(List<DenseLayer> layers, String field, int inputSize) {
        if (layers.get(0).cols() != inputSize) {
            throw new WireException(InvalidReason.WRONG_DIMENSION, field + "[0].weights: "
                    + layers.get(0).cols() + " columns, the input size is " + inputSize);
        }
        for (int k = 1; k < layers.size(); k++) {
            int in = layers.get(k).cols();
            int previousOut = layers.get(k - 1).rows();
            if (in != previousOut) {
                throw new WireException(InvalidReason.WRONG_DIMENSION, field + "[" + k + "].weights: " + in
                        + " columns, previous layer has " + previousOut + " outputs");
            }
        }
    }

    /** Output widths of every layer but the last: the hidden sizes. */
    static List<Integer> hidden(List<DenseLayer> layers) {
        List<Integer> hidden = new ArrayList<>(layers.size() - 1);
        for (int k = 0; k < layers.size() - 1; k++) {
            hidden.add(layers.get(k).rows());
        }
        return hidden;
    }

    /** Copies the layers into {@code dst} in the {@link MlpShape} layout: weights row-major, then bias. */
    static void flattenInto(List<DenseLayer> layers, MlpShape shape, double[] dst) {
        for (int k = 0; k < layers.size(); k++) {
            DenseLayer layer = layers.get(k);
            System.arraycopy(layer.weights(), 0, dst, shape.weightOffset(k), layer.weights().length);
            System.arraycopy(layer.bias(), 0, dst, shape.biasOffset(k), layer.bias().length);
        }
    }
}
