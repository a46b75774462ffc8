package io.policystream.learn;

/**
 * Adam (Kingma and Ba, "Adam: A Method for Stochastic Optimization", ICLR 2015, Algorithm 1):
 * <pre>
 *   m &lt;- beta1 m + (1 - beta1) g
 *   v &lt;- beta2 v + (1 - beta2) g^2
 *   m^ = m / (1 - beta1^t),  v^ = v / (1 - beta2^t)
 *   theta &lt;- theta - alpha m^ / (sqrt(v^) + epsilon)
 * </pre>
 */
public final class Adam implements Optimizer {
    private final double beta1;
    private final double beta2;
    private final double epsilon;

    public Adam(double beta1, double beta2, double epsilon) {
        if (!(beta1 >= 0.0 && beta1 < 1.0) || !(beta2 >= 0.0 && beta2 < 1.0) || !(epsilon > 0.0)) {
            throw new IllegalArgumentException("Adam needs beta1, beta2 in [0, 1) and epsilon > 0");
        }
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
    }

    @Override
    public void stepInPlace(double[] params, double[] grad, double learningRate, double[] first, double[] second,
                            long step) {
        double c1 = 1.0 - Math.pow(beta1, step);
        double c2 = 1.0 - Math.pow(beta2, step);
        for (int i = 0; i < params.length; i++) {
            double g = grad[i];
            first[i] = beta1 * first[i] + (1.0 - beta1) * g;
            second[i] = beta2 * second[i] + (1.0 - beta2) * g * g;
            double mHat = first[i] / c1;
            double vHat = second[i] / c2;
            params[i] -= learningRate * mHat / (Math.sqrt(vHat) + epsilon);
        }
    }
}
