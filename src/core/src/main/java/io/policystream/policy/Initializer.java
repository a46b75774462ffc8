package io.policystream.policy;

import java.util.SplittableRandom;

/**
 * Seeded initial params (version 0): the same seed and architecture give the same numbers, bit
 * for bit, on every machine.
 *
 * <p>The scheme: one {@link SplittableRandom} seeded with {@code seed} draws, in the flat order of
 * theta and then of the value vector, every weight from the uniform distribution on
 * {@code [-l, l]} with Glorot's {@code l = sqrt(6 / (fan_in + fan_out))}; the policy's last layer
 * is then scaled by {@value #POLICY_OUTPUT_SCALE}, so the first policy is close to uniform
 * (categorical) or centred on 0 (gaussian). Biases are 0; {@code logStd} is
 * {@value #INITIAL_LOG_STD} (standard deviation 1).
 */
public final class Initializer {
    /** Scale of the policy's output layer at initialisation. */
    public static final double POLICY_OUTPUT_SCALE = 0.01;
    /** Initial log standard deviation of a gaussian policy. */
    public static final double INITIAL_LOG_STD = 0.0;

    private Initializer() {
    }

    /** Version 0 of a policy with this architecture, drawn from {@code seed}. */
    public static PolicyParams initialize(String policy, Architecture architecture, long seed, long time) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] theta = new double[architecture.policyParamCount()];
        fill(architecture.policyShape(), theta, rng, POLICY_OUTPUT_SCALE);
        if (architecture.hasLogStdVector()) {
            for (int j = 0; j < architecture.actionSize(); j++) {
                theta[architecture.logStdOffset() + j] = INITIAL_LOG_STD;
            }
        }
        double[] value = null;
        if (architecture.hasValue()) {
            value = new double[architecture.valueParamCount()];
            fill(architecture.valueShape(), value, rng, 1.0);
        }
        return new PolicyParams(policy, 0L, architecture, theta, value, 0L, 0L, time);
    }

    private static void fill(MlpShape shape, double[] w, SplittableRandom rng, double lastLayerScale) {
        int last = shape.layerCount() - 1;
        for (int k = 0; k <= last; k++) {
            int nIn = shape.inputSize(k);
            int nOut = shape.outputSize(k);
            double limit = Math.sqrt(6.0 / (nIn + nOut)) * (k == last ? lastLayerScale : 1.0);
            int off = shape.weightOffset(k);
            for (int i = 0; i < nIn * nOut; i++) {
                w[off + i] = (2.0 * rng.nextDouble() - 1.0) * limit;
            }
            // Biases stay 0.
        }
    }
}
