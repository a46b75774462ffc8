package io.policystream.learn;

import io.policystream.policy.PolicyParams;

/**
 * Turns a batch of m trajectories' {@link GradientSums} into the next version of a policy.
 *
 * <p>The batch's ascent direction is
 * <pre>
 *   d = (1/m) [ (S1 - c S0) / s + beta E ]
 * </pre>
 * where, over the batch's N steps with raw advantages a_t:
 * <ul>
 *   <li>{@code normalize.advantages=true}: {@code c = mean(a)}, {@code s = std(a) + 1e-8}
 *       (population standard deviation), so {@code A_t = (a_t - mean) / (std + 1e-8)}; a running
 *       mean baseline cancels out here;</li>
 *   <li>otherwise {@code c = b} (the running mean of returns from earlier batches) with
 *       {@code baseline=mean}, else 0; and {@code s = 1}.</li>
 * </ul>
 * The policy's loss gradient is {@code -d}; the value network's is
 * {@code (1/m) sum (V(s_t) - G_t) grad V(s_t)}. With {@code clip.norm > 0}, each is scaled to that
 * global L2 norm when longer. The optimiser then moves theta (learning rate alpha) and phi
 * ({@code value.learning.rate}). A gradient or a result with a non-finite number is skipped and
 * reported; it never becomes params. After the batch, the running mean moves:
 * {@code b <- decay b + (1 - decay) mean(G)} (the first batch sets {@code b = mean(G)}).
 */
public final class PolicyUpdater {
    /** Added to the standard deviation of the advantages so that a constant batch does not divide by 0. */
    public static final double NORMALIZE_EPSILON = 1e-8;

    private PolicyUpdater() {
    }

    /**
     * Applies one batch.
     *
     * @param state the policy's state before
     * @param batch the sums of the batch's trajectories, at least one
     * @param rules the policy's rules
     * @param time the new version's time, epoch ms
     */
    public static UpdateResult apply(LearnerState state, GradientSums batch, LearningRules rules, long time) {
        PolicyParams p = state.params();
        int m = batch.trajectories;
        long n = batch.steps;
        if (m == 0 || n == 0) {
            throw new IllegalArgumentException("an update needs at least one trajectory");
        }
        double mean = batch.sumAdvantage / n;
        double std = Math.sqrt(Math.max(0.0, batch.sumAdvantageSq / n - mean * mean));
        double c;
        double s;
        if (rules.normalizeAdvantages()) {
            c = mean;
            s = std + NORMALIZE_EPSILON;
        } else {
            c = rules.baseline() == BaselineKind.MEAN && state.baselineSet() ? state.baselineMean() : 0.0;
            s = 1.0;
        }
        if (c != 0.0 && batch.weightGrad == null) {
            throw new IllegalArgumentException("the batch lacks the weight sums its rules need");
        }
        double[] g = new double[p.thetaSize()];
        double beta = rules.entropyCoef();
        for (int i = 0; i < g.length; i++) {
            double shifted = c == 0.0 ? batch.advantageGrad[i] : batch.advantageGrad[i] - c * batch.weightGrad[i];
            double d = s == 1.0 ? shifted : shifted / s;
            if (batch.entropyGrad != null) {
                d += beta * batch.entropyGrad[i];
            }
            g[i] = -d / m;
        }
        double norm = norm(g);
        double clipped = clipInPlace(g, norm, rules.clipNorm());
        double[] gv = null;
        if (batch.valueGrad != null) {
            gv = new double[batch.valueGrad.length];
            for (int i = 0; i < gv.length; i++) {
                gv[i] = batch.valueGrad[i] / m;
            }
            clipInPlace(gv, norm(gv), rules.clipNorm());
        }
        if (!Double.isFinite(norm) || (gv != null && !Double.isFinite(norm(gv)))) {
            return new UpdateResult(state, false, "non-finite gradient", norm, clipped, mean, std, batch);
        }

        long step = state.step() + 1;
        Optimizer opt = rules.optimizer() == OptimizerKind.ADAM
                ? new Adam(rules.beta1(), rules.beta2(), rules.epsilon())
                : new Sgd(rules.momentum());
        double[] theta = p.copyTheta();
        double[] m1 = state.thetaFirst();
        double[] m2 = state.thetaSecond();
        opt.stepInPlace(theta, g, rules.learningRate(), m1, m2, step);
        double[] value = p.copyValue();
        double[] v1 = state.valueFirst();
        double[] v2 = state.valueSecond();
        if (gv != null && value != null) {
            opt.stepInPlace(value, gv, rules.effectiveValueLearningRate(), v1, v2, step);
        }
        PolicyParams next = p.next(p.version() + 1, theta, value, p.trajectories() + m, p.steps() + n, time);
        if (!next.allFinite()) {
            return new UpdateResult(state, false, "non-finite params after the update", norm, clipped, mean, std,
                    batch);
        }
        double b = state.baselineMean();
        boolean bSet = state.baselineSet();
        if (rules.baseline() == BaselineKind.MEAN) {
            double batchMean = batch.sumReturn / n;
            b = bSet ? rules.baselineDecay() * b + (1.0 - rules.baselineDecay()) * batchMean : batchMean;
            bSet = true;
        }
        LearnerState after = new LearnerState(next, step, m1, m2, v1, v2, b, bSet);
        return new UpdateResult(after, true, null, norm, clipped, mean, std, batch);
    }

    /** The global L2 norm of a vector. */
    public static double norm(double[] v) {
        double sum = 0.0;
        for (double x : v) {
            sum += x * x;
        }
        return Math.sqrt(sum);
    }

    /** Scales {@code g} to norm {@code max} when longer (max 0: no clipping); returns the new norm. */
    static double clipInPlace(double[] g, double norm, double max) {
        if (max <= 0.0 || !(norm > max)) {
            return norm;
        }
        double scale = max / norm;
        for (int i = 0; i < g.length; i++) {
            g[i] *= scale;
        }
        return max;
    }
}
