package io.policystream.eval;

import io.policystream.event.Action;
import io.policystream.policy.Activation;
import io.policystream.policy.Architecture;
import io.policystream.policy.PolicyParams;
import io.policystream.policy.StdMode;
import io.policystream.trajectory.Ending;
import io.policystream.trajectory.Trajectory;
import java.util.List;

/** Policies with known probabilities, built as real params, and small statistics helpers. */
final class EvalFixtures {
    private EvalFixtures() {
    }

    /**
     * A linear categorical policy over one-hot states whose softmax is exactly {@code probs[s][a]}:
     * the weight of action a on state component s is log probs[s][a], biases 0.
     */
    static PolicyParams categorical(String policy, long version, double[][] probs) {
        int states = probs.length;
        int actions = probs[0].length;
        Architecture arch = Architecture.categorical(states, List.of(), actions, Activation.TANH);
        double[] theta = new double[arch.policyParamCount()];
        for (int a = 0; a < actions; a++) {
            for (int s = 0; s < states; s++) {
                theta[a * states + s] = Math.log(probs[s][a]);
            }
        }
        return new PolicyParams(policy, version, arch, theta, null, 0, 0, 0);
    }

    /** A linear gaussian policy of one input (always 1.0) with mean {@code mean} and standard deviation {@code std}. */
    static PolicyParams gaussian(String policy, long version, double mean, double std) {
        Architecture arch = Architecture.gaussian(1, List.of(), 1, Activation.TANH, StdMode.PARAMETER);
        return new PolicyParams(policy, version, arch, new double[] {mean, 0.0, Math.log(std)}, null, 0, 0, 0);
    }

    static double[] oneHot(int k, int n) {
        double[] x = new double[n];
        x[k] = 1.0;
        return x;
    }

    static int index(double[] oneHot) {
        for (int i = 0; i < oneHot.length; i++) {
            if (oneHot[i] == 1.0) {
                return i;
            }
        }
        throw new IllegalArgumentException("not one-hot");
    }

    static Trajectory trajectory(String policy, String episode, double[][] states, Action[] actions,
                                 double[] logProbs, double[] rewards) {
        long[] versions = new long[states.length];
        return new Trajectory(policy, episode, states, actions, logProbs, versions, rewards, Ending.DONE, 0L);
    }

    static double mean(double[] xs) {
        double s = 0.0;
        for (double x : xs) {
            s += x;
        }
        return s / xs.length;
    }

    static double variance(double[] xs) {
        double m = mean(xs);
        double s = 0.0;
        for (double x : xs) {
            s += (x - m) * (x - m);
        }
        return s / (xs.length - 1);
    }

    /** Standard error of the mean. */
    static double standardError(double[] xs) {
        return Math.sqrt(variance(xs) / xs.length);
    }
}
