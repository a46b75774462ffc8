package io.policystream.learn;

/**
 * Stochastic gradient descent with momentum mu: {@code v <- mu v + g}, {@code theta <- theta - alpha v}.
 * With mu = 0 this is {@code theta <- theta - alpha g}, the spec's vanilla update for
 * {@code g = -(1/m) sum_i sum_t grad log pi(u_t|s_t) R(tau_i)}.
 */
public final class Sgd implements Optimizer {
    private final double momentum;

    public Sgd(double momentum) {
        if (!(momentum >= 0.0 && momentum < 1.0)) {
            throw new IllegalArgumentException("momentum must be in [0, 1), not " + momentum);
        }
        this.momentum = momentum;
    }

    @Override
    public void stepInPlace(double[] params, double[] grad, double learningRate, double[] first, double[] second,
                            long step) {
        if (momentum == 0.0) {
            for (int i = 0; i < params.length; i++) {
                params[i] -= learningRate * grad[i];
            }
            return;
        }
        for (int i = 0; i < params.length; i++) {
            first[i] = momentum * first[i] + grad[i];
            params[i] -= learningRate * first[i];
        }
    }
}
