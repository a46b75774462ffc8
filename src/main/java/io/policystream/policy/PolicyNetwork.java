package io.policystream.policy;

import io.policystream.event.Action;
import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * The policy pi_theta(u | s) of the wire format: a dense network and its action distribution.
 *
 * <p>Forward pass: {@code z = W_L x_{L-1} + b_L} with hidden layers {@code x_k = act(W_k x_{k-1} + b_k)}.
 * <ul>
 *   <li>categorical: {@code log pi(a|s) = z_a - logsumexp(z)}, with
 *       {@code d log pi / dz_k = [k = a] - p_k}; entropy {@code H = -sum_k p_k log p_k} with
 *       {@code dH/dz_k = -p_k (log p_k + H)}.</li>
 *   <li>gaussian: {@code mu = z} (or {@code z[0..n)} with std=network),
 *       {@code log pi(u|s) = sum_j [-(u_j - mu_j)^2 / (2 sigma_j^2) - logStd_j - ln(2 pi)/2]}, with
 *       {@code d/dmu_j = (u_j - mu_j) / sigma_j^2} and {@code d/dlogStd_j = (u_j - mu_j)^2 / sigma_j^2 - 1};
 *       entropy {@code H = sum_j (logStd_j + ln(2 pi e)/2)} with {@code dH/dlogStd_j = 1}. With
 *       std=network, {@code logStd = clamp(z[n..2n), -20, 2)} and its derivative is zero where the
 *       clamp is active.</li>
 * </ul>
 *
 * <p>Usage: {@link #evaluate} runs the forward pass and keeps what the backward pass needs in a
 * {@link Workspace}; {@link #accumulateGradient} then adds any mix of the log-prob and entropy
 * gradients into a flat buffer with theta's layout, as often as needed, without allocating.
 * A network is immutable and shared; a workspace belongs to one thread.
 */
public final class PolicyNetwork {
    private static final double HALF_LOG_2PI = 0.5 * Math.log(2.0 * Math.PI);
    private static final double HALF_LOG_2PI_E = 0.5 * Math.log(2.0 * Math.PI * Math.E);

    private final Architecture architecture;
    private final DenseNet net;
    private final int actionSize;
    private final boolean categorical;
    private final boolean stdFromNetwork;
    private final int logStdOffset;

    public PolicyNetwork(Architecture architecture) {
        this.architecture = architecture;
        this.net = new DenseNet(architecture.policyShape(), architecture.activation());
        this.actionSize = architecture.actionSize();
        this.categorical = architecture.distribution() == Distribution.CATEGORICAL;
        this.stdFromNetwork = architecture.std() == StdMode.NETWORK;
        this.logStdOffset = architecture.logStdOffset();
    }

    public Architecture architecture() {
        return architecture;
    }

    /** Buffers of one thread's forward and backward passes. */
    public static final class Workspace {
        final DenseNet.Cache cache;
        /** d log pi / dz over the network output. */
        final double[] dLogProb;
        /** dH / dz over the network output. */
        final double[] dEntropy;
        /** d log pi / d logStd for the logStd vector (std=parameter). */
        final double[] dLogProbLogStd;
        /** Probabilities (categorical) or standard deviations (gaussian). */
        final double[] scratch;
        /** The output derivative handed to the backward pass. */
        final double[] dOut;
        /** The second output derivative of {@link PolicyNetwork#accumulateGradients}. */
        final double[] dOutB;
        double logProb;
        double entropy;

        Workspace(DenseNet net, int actionSize) {
            cache = net.newCache();
            dLogProb = new double[net.shape().outputSize()];
            dEntropy = new double[net.shape().outputSize()];
            dLogProbLogStd = new double[actionSize];
            scratch = new double[net.shape().outputSize()];
            dOut = new double[net.shape().outputSize()];
            dOutB = new double[net.shape().outputSize()];
        }
    }

    public Workspace newWorkspace() {
        return new Workspace(net, actionSize);
    }

    /**
     * Runs the forward pass for state {@code s} and action {@code a}, and keeps the derivatives of
     * log pi(a|s) and of the entropy with respect to the network output.
     *
     * @return log pi(a | s), natural log
     */
    public double evaluate(PolicyParams p, double[] s, Action a, Workspace ws) {
        checkParams(p);
        double[] z = net.forward(p.theta, s, ws.cache);
        if (categorical) {
            evaluateCategorical(z, discrete(a), ws);
        } else {
            evaluateGaussian(p.theta, z, (Action.Continuous) a, ws);
        }
        return ws.logProb;
    }

    /** Entropy of pi(.|s) from the latest {@link #evaluate} on this workspace. */
    public double lastEntropy(Workspace ws) {
        return ws.entropy;
    }

    /** log pi(a|s) from the latest {@link #evaluate} on this workspace. */
    public double lastLogProb(Workspace ws) {
        return ws.logProb;
    }

    /**
     * Adds {@code logProbScale * d log pi(a|s)/d theta + entropyScale * dH(s)/d theta} to
     * {@code grad} (theta's layout), for the state and action of the latest {@link #evaluate}.
     */
    public void accumulateGradient(PolicyParams p, Workspace ws, double logProbScale, double entropyScale,
                                   double[] grad) {
        int nOut = ws.dLogProb.length;
        double[] dOut = ws.dOut;
        for (int k = 0; k < nOut; k++) {
            dOut[k] = logProbScale * ws.dLogProb[k] + entropyScale * ws.dEntropy[k];
        }
        net.backward(p.theta, ws.cache, dOut, grad);
        if (architecture.hasLogStdVector()) {
            for (int j = 0; j < actionSize; j++) {
                // dH/dlogStd_j = 1 for a state-independent logStd.
                grad[logStdOffset + j] += logProbScale * ws.dLogProbLogStd[j] + entropyScale;
            }
        }
    }

    /**
     * Two {@link #accumulateGradient} calls in one backward pass: {@code a * d log pi/d theta +
     * aEntropy * dH/d theta} into {@code gradA} and {@code b * d log pi/d theta + bEntropy * dH/d theta}
     * into {@code gradB}. The results equal those of the two calls (zeros may differ in sign).
     */
    public void accumulateGradients(PolicyParams p, Workspace ws, double a, double aEntropy, double[] gradA,
                                    double b, double bEntropy, double[] gradB) {
        int nOut = ws.dLogProb.length;
        for (int k = 0; k < nOut; k++) {
            ws.dOut[k] = a * ws.dLogProb[k] + aEntropy * ws.dEntropy[k];
            ws.dOutB[k] = b * ws.dLogProb[k] + bEntropy * ws.dEntropy[k];
        }
        net.backward2(p.theta, ws.cache, ws.dOut, gradA, ws.dOutB, gradB);
        if (architecture.hasLogStdVector()) {
            for (int j = 0; j < actionSize; j++) {
                gradA[logStdOffset + j] += a * ws.dLogProbLogStd[j] + aEntropy;
                gradB[logStdOffset + j] += b * ws.dLogProbLogStd[j] + bEntropy;
            }
        }
    }

    /** log pi(a | s). */
    public double logProb(PolicyParams p, double[] s, Action a, Workspace ws) {
        return evaluate(p, s, a, ws);
    }

    /** The entropy of pi(. | s). */
    public double entropy(PolicyParams p, double[] s, Workspace ws) {
        checkParams(p);
        double[] z = net.forward(p.theta, s, ws.cache);
        if (categorical) {
            softmaxInto(z, ws.scratch);
            return categoricalEntropy(z, ws.scratch);
        }
        double h = 0.0;
        for (int j = 0; j < actionSize; j++) {
            h += logStd(p.theta, z, j) + HALF_LOG_2PI_E;
        }
        return h;
    }

    /**
     * The Kullback-Leibler divergence KL(pi_p(.|s) || pi_q(.|s)) of two params of this network at
     * state {@code s}, in nats:
     * <ul>
     *   <li>categorical: {@code sum_k p_k (log p_k - log q_k)}, with log-softmax computed from
     *       log-sum-exp;</li>
     *   <li>gaussian (diagonal): {@code sum_j [log sigma_q,j - log sigma_p,j
     *       + (sigma_p,j^2 + (mu_p,j - mu_q,j)^2) / (2 sigma_q,j^2) - 1/2]}.</li>
     * </ul>
     */
    public double klDivergence(PolicyParams p, PolicyParams q, double[] s, Workspace ws) {
        checkParams(p);
        checkParams(q);
        double[] zp = net.forward(p.theta, s, ws.cache).clone();
        double[] zq = net.forward(q.theta, s, ws.cache);
        if (categorical) {
            double lseP = logSumExp(zp);
            double lseQ = logSumExp(zq);
            double kl = 0.0;
            for (int k = 0; k < zp.length; k++) {
                double logP = zp[k] - lseP;
                kl += Math.exp(logP) * (logP - (zq[k] - lseQ));
            }
            return Math.max(0.0, kl);
        }
        double kl = 0.0;
        for (int j = 0; j < actionSize; j++) {
            double lsP = logStd(p.theta, zp, j);
            double lsQ = logStd(q.theta, zq, j);
            double diff = zp[j] - zq[j];
            kl += lsQ - lsP + (Math.exp(2.0 * lsP) + diff * diff) * Math.exp(-2.0 * lsQ) / 2.0 - 0.5;
        }
        return Math.max(0.0, kl);
    }

    /** An action drawn from pi(. | s), with its log-probability. */
    public Sample sample(PolicyParams p, double[] s, RandomGenerator rng, Workspace ws) {
        checkParams(p);
        double[] z = net.forward(p.theta, s, ws.cache);
        if (categorical) {
            double lse = logSumExp(z);
            double u = rng.nextDouble();
            double cumulative = 0.0;
            int chosen = z.length - 1;
            for (int k = 0; k < z.length; k++) {
                cumulative += Math.exp(z[k] - lse);
                if (u < cumulative) {
                    chosen = k;
                    break;
                }
            }
            return new Sample(new Action.Discrete(chosen), z[chosen] - lse);
        }
        double[] u = new double[actionSize];
        double logProb = 0.0;
        for (int j = 0; j < actionSize; j++) {
            double ls = logStd(p.theta, z, j);
            double noise = rng.nextGaussian();
            u[j] = z[j] + Math.exp(ls) * noise;
            logProb += -0.5 * noise * noise - ls - HALF_LOG_2PI;
        }
        return new Sample(new Action.Continuous(u), logProb);
    }

    /** The most likely action: the arg-max logit, or the mean. */
    public Action mostLikely(PolicyParams p, double[] s, Workspace ws) {
        checkParams(p);
        double[] z = net.forward(p.theta, s, ws.cache);
        if (categorical) {
            int best = 0;
            for (int k = 1; k < z.length; k++) {
                if (z[k] > z[best]) {
                    best = k;
                }
            }
            return new Action.Discrete(best);
        }
        return new Action.Continuous(Arrays.copyOf(z, actionSize));
    }

    /** An action and its log-probability under the policy that drew it. */
    public record Sample(Action action, double logProb) {
    }

    /** {@code log sum_k exp(z_k)}, computed as {@code max + log sum exp(z_k - max)} so it never overflows. */
    public static double logSumExp(double[] z) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : z) {
            max = Math.max(max, v);
        }
        if (max == Double.NEGATIVE_INFINITY || Double.isNaN(max)) {
            return max;
        }
        double sum = 0.0;
        for (double v : z) {
            sum += Math.exp(v - max);
        }
        return max + Math.log(sum);
    }

    private void evaluateCategorical(double[] z, int a, Workspace ws) {
        if (a < 0 || a >= z.length) {
            throw new IllegalArgumentException("action " + a + " is outside [0, " + z.length + ")");
        }
        double lse = softmaxInto(z, ws.scratch);
        double[] p = ws.scratch;
        double h = categoricalEntropy(z, p);
        for (int k = 0; k < z.length; k++) {
            ws.dLogProb[k] = (k == a ? 1.0 : 0.0) - p[k];
            ws.dEntropy[k] = -p[k] * ((z[k] - lse) + h);
        }
        ws.logProb = z[a] - lse;
        ws.entropy = h;
    }

    private void evaluateGaussian(double[] theta, double[] z, Action.Continuous a, Workspace ws) {
        if (a.size() != actionSize) {
            throw new IllegalArgumentException("action has " + a.size() + " dimensions, the policy " + actionSize);
        }
        double logProb = 0.0;
        double h = 0.0;
        Arrays.fill(ws.dEntropy, 0.0);
        for (int j = 0; j < actionSize; j++) {
            double ls = logStd(theta, z, j);
            double invVar = Math.exp(-2.0 * ls);
            double diff = a.get(j) - z[j];
            double sq = diff * diff * invVar;
            logProb += -0.5 * sq - ls - HALF_LOG_2PI;
            h += ls + HALF_LOG_2PI_E;
            ws.dLogProb[j] = diff * invVar;
            double dLogStd = sq - 1.0;
            if (stdFromNetwork) {
                boolean active = clampActive(z[actionSize + j]);
                ws.dLogProb[actionSize + j] = active ? 0.0 : dLogStd;
                ws.dEntropy[actionSize + j] = active ? 0.0 : 1.0;
            } else {
                ws.dLogProbLogStd[j] = dLogStd;
            }
        }
        ws.logProb = logProb;
        ws.entropy = h;
    }

    private double logStd(double[] theta, double[] z, int j) {
        if (stdFromNetwork) {
            double raw = z[actionSize + j];
            return Math.max(StdMode.MIN_LOG_STD, Math.min(StdMode.MAX_LOG_STD, raw));
        }
        return theta[logStdOffset + j];
    }

    private static boolean clampActive(double raw) {
        return raw < StdMode.MIN_LOG_STD || raw > StdMode.MAX_LOG_STD;
    }

    /** Writes softmax(z) into p and returns logsumexp(z). */
    private static double softmaxInto(double[] z, double[] p) {
        double lse = logSumExp(z);
        for (int k = 0; k < z.length; k++) {
            p[k] = Math.exp(z[k] - lse);
        }
        return lse;
    }

    private static double categoricalEntropy(double[] z, double[] p) {
        double lse = logSumExp(z);
        double h = 0.0;
        for (int k = 0; k < z.length; k++) {
            if (p[k] > 0.0) {
                h -= p[k] * (z[k] - lse);
            }
        }
        return h;
    }

    private static int discrete(Action a) {
        if (a instanceof Action.Discrete d) {
            return d.index();
        }
        throw new IllegalArgumentException("a categorical policy needs a discrete action, got " + a);
    }

    private void checkParams(PolicyParams p) {
        if (p.architecture() != architecture && !p.architecture().equals(architecture)) {
            throw new IllegalArgumentException("params of " + p.architecture() + " given to a network of "
                    + architecture);
        }
    }
}
