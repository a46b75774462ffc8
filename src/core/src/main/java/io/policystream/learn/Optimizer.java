package io.policystream.learn;

/**
 * An update rule: moves params against a loss gradient. Lifecycle: the caller owns the state
 * vectors (one slot per parameter vector, zero at first) and the step counter, and calls
 * {@link #stepInPlace} once per published version.
 */
public interface Optimizer {

    /**
     * Updates {@code params} in place for the loss gradient {@code grad}.
     *
     * @param params the parameters, changed in place
     * @param grad dLoss/dparams (a descent direction's negative)
     * @param learningRate alpha
     * @param first first state vector (velocity or first moment), changed in place
     * @param second second state vector (second moment; unused by SGD), changed in place
     * @param step the 1-based number of this update
     */
    void stepInPlace(double[] params, double[] grad, double learningRate, double[] first, double[] second, long step);
}
