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
        /** The entropy of the latest evaluate, in slot 0. */
        final double[] entropy = new double[1];

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
        ws.logProb = head(p.theta, z, a, ws.dLogProb, ws.dEntropy, ws.dLogProbLogStd, ws.scratch, ws.entropy, 0);
        return ws.logProb;
    }

    /** Entropy of pi(.|s) from the latest {@link #evaluate} on this workspace. */
    public double lastEntropy(Workspace ws) {
        return ws.entropy[0];
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

    /** The most steps one {@link Batch} holds: trajectories are processed in blocks of this many. */
    public static final int BLOCK_STEPS = 32;
    /** How many gradients a {@link Batch} accumulates at once (S1, S0 and E of the estimator). */
    public static final int GRADIENTS = 3;

    /**
     * One thread's buffers for the batched passes over a block of up to {@link #BLOCK_STEPS} steps,
     * and {@link #GRADIENTS} gradient accumulators that keep adding up over blocks until drained.
     *
     * <p>Lifecycle of a block: write the states into {@link #stateRow}; {@link #forwardBlock};
     * {@link #evaluateStep} for every step (log pi and its output derivatives, in any order); fill
     * {@link #logProbScales} and {@link #entropyScales} of the gradients wanted;
     * {@link #accumulateBlock}. After the last block, {@link #drainGradient} each gradient.
     */
    public static final class Batch {
        final DenseBlock block;
        /** d log pi_t / d logStd for the logStd vector (std=parameter). */
        final double[][] dLogProbLogStd;
        final double[] logProb = new double[BLOCK_STEPS];
        final double[] entropy = new double[BLOCK_STEPS];
        final double[] scratch;
        final double[][] logProbScale = new double[GRADIENTS][BLOCK_STEPS];
        final double[][] entropyScale = new double[GRADIENTS][BLOCK_STEPS];
        final DenseBlock.Gradient[] gradients = new DenseBlock.Gradient[GRADIENTS];
        final double[][] logStdGradients;

        Batch(DenseNet net, Activation activation, int actionSize) {
            block = new DenseBlock(net.shape(), activation, BLOCK_STEPS);
            dLogProbLogStd = new double[BLOCK_STEPS][actionSize];
            scratch = new double[net.shape().outputSize()];
            for (int g = 0; g < GRADIENTS; g++) {
                gradients[g] = block.newGradient();
            }
            logStdGradients = new double[GRADIENTS][actionSize];
        }

        /** Where state t of the block goes (the caller writes it). */
        public double[] stateRow(int t) {
            return block.input[t];
        }

        /** Gradient g's coefficient of d log pi_t / d theta, by step t of the block. */
        public double[] logProbScales(int g) {
            return logProbScale[g];
        }

        /** Gradient g's coefficient of dH_t / d theta, by step t of the block. */
        public double[] entropyScales(int g) {
            return entropyScale[g];
        }
    }

    public Batch newBatch() {
        return new Batch(net, architecture.activation(), actionSize);
    }

    /** Runs the forward pass on the first {@code steps} states of the batch. */
    public void forwardBlock(PolicyParams p, Batch b, int steps) {
        checkParams(p);
        if (steps < 1 || steps > BLOCK_STEPS) {
            throw new IllegalArgumentException("a block has 1 to " + BLOCK_STEPS + " steps, not " + steps);
        }
        b.block.forward(p.theta, steps);
    }

    /**
     * The head of step t of the latest {@link #forwardBlock}: like {@link #evaluate}, keeps the
     * derivatives of log pi(a|s_t) and of the entropy with respect to the network output.
     *
     * @return log pi(a | s_t), natural log
     */
    public double evaluateStep(PolicyParams p, Batch b, int t, Action a) {
        double lp = head(p.theta, b.block.output()[t], a, b.block.outputDeltaA()[t], b.block.outputDeltaB()[t],
                b.dLogProbLogStd[t], b.scratch, b.entropy, t);
        b.logProb[t] = lp;
        return lp;
    }

    /** Entropy of pi(.|s_t) from the latest {@link #evaluateStep} of step t. */
    public double stepEntropy(Batch b, int t) {
        return b.entropy[t];
    }

    /**
     * Adds {@code sum_t (logProbScales(g)[t] d log pi_t/d theta + entropyScales(g)[t] dH_t/d theta)}
     * over the block's steps to gradient g of the batch, for every {@code g < gradients}: the same
     * sums as {@link #accumulateGradient} step by step. Every step must have been evaluated. The
     * entropy's derivative is backpropagated only when some coefficient of it is not zero.
     */
    public void accumulateBlock(PolicyParams p, Batch b, int steps, int gradients) {
        checkParams(p);
        boolean withEntropy = false;
        for (int g = 0; g < gradients; g++) {
            for (int t = 0; t < steps; t++) {
                withEntropy |= b.entropyScale[g][t] != 0.0;
            }
        }
        if (architecture.hasLogStdVector()) {
            for (int g = 0; g < gradients; g++) {
                double[] ls = b.logStdGradients[g];
                for (int t = 0; t < steps; t++) {
                    double a = b.logProbScale[g][t];
                    double e = b.entropyScale[g][t];
                    double[] d = b.dLogProbLogStd[t];
                    for (int j = 0; j < actionSize; j++) {
                        // dH/dlogStd_j = 1 for a state-independent logStd.
                        ls[j] += a * d[j] + e;
                    }
                }
            }
        }
        b.block.backward(p.theta, steps, withEntropy, b.logProbScale, b.entropyScale, b.gradients, gradients);
    }

    /** Adds gradient g of the batch into {@code grad} (theta's layout) and zeroes it. */
    public void drainGradient(Batch b, int g, double[] grad) {
        b.gradients[g].drainInto(grad);
        if (architecture.hasLogStdVector()) {
            double[] ls = b.logStdGradients[g];
            for (int j = 0; j < actionSize; j++) {
                grad[logStdOffset + j] += ls[j];
                ls[j] = 0.0;
            }
        }
    }

    /** Zeroes every gradient of the batch, dropping what a pass that failed half-way left. */
    public void clearGradients(Batch b) {
        for (int g = 0; g < GRADIENTS; g++) {
            b.gradients[g].clear();
            Arrays.fill(b.logStdGradients[g], 0.0);
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
        return klDivergence(p, zp, q, zq);
    }

    /** One thread's buffers for {@link #meanKlDivergence}: a block of states through the network at once. */
    public static final class StatesBlock {
        final DenseBlock block;
        final double[][] firstOutput;

        StatesBlock(DenseNet net, Activation activation) {
            block = new DenseBlock(net.shape(), activation, BLOCK_STEPS);
            firstOutput = new double[BLOCK_STEPS][net.shape().outputSize()];
        }
    }

    public StatesBlock newStatesBlock() {
        return new StatesBlock(net, architecture.activation());
    }

    /**
     * The mean of {@link #klDivergence} over the states {@code state.apply(0)} to
     * {@code state.apply(n - 1)}, with the network run over up to {@link #BLOCK_STEPS} states at
     * once (each weight read once per block, not once per state: the same math, to rounding).
     *
     * @throws IllegalArgumentException when n is not positive or a state does not fit the network
     */
    public double meanKlDivergence(PolicyParams p, PolicyParams q, java.util.function.IntFunction<double[]> state,
                                   int n, StatesBlock sb) {
        checkParams(p);
        checkParams(q);
        if (n < 1) {
            throw new IllegalArgumentException("the mean over no states");
        }
        double sum = 0.0;
        for (int from = 0; from < n; from += BLOCK_STEPS) {
            int steps = Math.min(BLOCK_STEPS, n - from);
            for (int t = 0; t < steps; t++) {
                double[] x = state.apply(from + t);
                if (x.length != architecture.inputSize()) {
                    throw new IllegalArgumentException("a state of " + x.length + " numbers for a network of "
                            + architecture.inputSize() + " inputs");
                }
                System.arraycopy(x, 0, sb.block.input[t], 0, x.length);
            }
            sb.block.forward(p.theta, steps);
            double[][] out = sb.block.output();
            for (int t = 0; t < steps; t++) {
                System.arraycopy(out[t], 0, sb.firstOutput[t], 0, out[t].length);
            }
            sb.block.forward(q.theta, steps);
            for (int t = 0; t < steps; t++) {
                sum += klDivergence(p, sb.firstOutput[t], q, out[t]);
            }
        }
        return sum / n;
    }

    /** KL(pi_p || pi_q) at one state, from each network's output there ({@code zp}, {@code zq}). */
    private double klDivergence(PolicyParams p, double[] zp, PolicyParams q, double[] zq) {
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

    /**
     * The head of one step: log pi(a|z), written with its derivatives {@code dLogProb = d log pi/dz},
     * {@code dEntropy = dH/dz} and {@code dLogProbLogStd} (the logStd vector's), and the entropy
     * into {@code entropy[slot]}. {@code scratch} has the output's length.
     */
    private double head(double[] theta, double[] z, Action a, double[] dLogProb, double[] dEntropy,
                        double[] dLogProbLogStd, double[] scratch, double[] entropy, int slot) {
        if (categorical) {
            return headCategorical(z, discrete(a), dLogProb, dEntropy, scratch, entropy, slot);
        }
        return headGaussian(theta, z, (Action.Continuous) a, dLogProb, dEntropy, dLogProbLogStd, entropy, slot);
    }

    private static double headCategorical(double[] z, int a, double[] dLogProb, double[] dEntropy, double[] p,
                                          double[] entropy, int slot) {
        if (a < 0 || a >= z.length) {
            throw new IllegalArgumentException("action " + a + " is outside [0, " + z.length + ")");
        }
        double lse = softmaxInto(z, p);
        double h = categoricalEntropy(z, p);
        for (int k = 0; k < z.length; k++) {
            dLogProb[k] = (k == a ? 1.0 : 0.0) - p[k];
            dEntropy[k] = -p[k] * ((z[k] - lse) + h);
        }
        entropy[slot] = h;
        return z[a] - lse;
    }

    private double headGaussian(double[] theta, double[] z, Action.Continuous a, double[] dLogProb,
                                double[] dEntropy, double[] dLogProbLogStd, double[] entropy, int slot) {
        if (a.size() != actionSize) {
            throw new IllegalArgumentException("action has " + a.size() + " dimensions, the policy " + actionSize);
        }
        double logProb = 0.0;
        double h = 0.0;
        Arrays.fill(dEntropy, 0.0);
        for (int j = 0; j < actionSize; j++) {
            double ls = logStd(theta, z, j);
            double invVar = Math.exp(-2.0 * ls);
            double diff = a.get(j) - z[j];
            double sq = diff * diff * invVar;
            logProb += -0.5 * sq - ls - HALF_LOG_2PI;
            h += ls + HALF_LOG_2PI_E;
            dLogProb[j] = diff * invVar;
            double dLogStd = sq - 1.0;
            if (stdFromNetwork) {
                boolean active = clampActive(z[actionSize + j]);
                dLogProb[actionSize + j] = active ? 0.0 : dLogStd;
                dEntropy[actionSize + j] = active ? 0.0 : 1.0;
            } else {
                dLogProbLogStd[j] = dLogStd;
            }
        }
        entropy[slot] = h;
        return logProb;
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
