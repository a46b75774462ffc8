package io.policystream.learn;

/**
 * The per-policy settings the estimator and the update need, as typed values. Every field is a
 * public configuration key (see {@code docs/configuration.md}); this record is what the pure math
 * sees of the configuration.
 *
 * @param returns {@code returns}: total or reward-to-go
 * @param gamma {@code gamma}: discount
 * @param baseline {@code baseline}: none, mean or value
 * @param baselineDecay {@code baseline.decay}: weight of the old running mean
 * @param normalizeAdvantages {@code normalize.advantages}
 * @param entropyCoef {@code entropy.coef}: beta
 * @param importanceClip {@code importance.clip}: c of min(c, pi_theta / pi_b)
 * @param maxStaleness {@code max.staleness}: versions
 * @param optimizer {@code optimizer}: sgd or adam
 * @param learningRate {@code learning.rate}: alpha
 * @param valueLearningRate {@code value.learning.rate}: the value network's alpha (0: alpha)
 * @param momentum {@code momentum}: mu of SGD
 * @param beta1 {@code adam.beta1}
 * @param beta2 {@code adam.beta2}
 * @param epsilon {@code adam.epsilon}
 * @param clipNorm {@code clip.norm}: 0 = off
 * @param batchTrajectories {@code batch.trajectories}: m
 */
public record LearningRules(Returns returns, double gamma, BaselineKind baseline, double baselineDecay,
                            boolean normalizeAdvantages, double entropyCoef, double importanceClip,
                            int maxStaleness, OptimizerKind optimizer, double learningRate,
                            double valueLearningRate, double momentum, double beta1, double beta2,
                            double epsilon, double clipNorm, int batchTrajectories) {

    /** The spec's plain estimator ("vanilla") with learning rate alpha and batch m. */
    public static LearningRules vanilla(double alpha, int m) {
        return new LearningRules(Returns.TOTAL, 1.0, BaselineKind.NONE, 0.9, false, 0.0, 1.0, 16,
                OptimizerKind.SGD, alpha, 0.0, 0.0, 0.9, 0.999, 1e-8, 0.0, m);
    }

    /** The defaults of the configuration table. */
    public static LearningRules defaults() {
        return new LearningRules(Returns.REWARD_TO_GO, 0.99, BaselineKind.MEAN, 0.9, true, 0.0, 1.0, 16,
                OptimizerKind.ADAM, 0.01, 0.0, 0.0, 0.9, 0.999, 1e-8, 0.0, 8);
    }

    /** The value network's learning rate: {@code value.learning.rate}, or alpha when that is 0. */
    public double effectiveValueLearningRate() {
        return valueLearningRate > 0.0 ? valueLearningRate : learningRate;
    }

    public LearningRules withReturns(Returns r, double g) {
        return new LearningRules(r, g, baseline, baselineDecay, normalizeAdvantages, entropyCoef, importanceClip,
                maxStaleness, optimizer, learningRate, valueLearningRate, momentum, beta1, beta2, epsilon, clipNorm,
                batchTrajectories);
    }

    public LearningRules withBaseline(BaselineKind b, boolean normalize) {
        return new LearningRules(returns, gamma, b, baselineDecay, normalize, entropyCoef, importanceClip,
                maxStaleness, optimizer, learningRate, valueLearningRate, momentum, beta1, beta2, epsilon, clipNorm,
                batchTrajectories);
    }

    public LearningRules withEntropy(double coef) {
        return new LearningRules(returns, gamma, baseline, baselineDecay, normalizeAdvantages, coef, importanceClip,
                maxStaleness, optimizer, learningRate, valueLearningRate, momentum, beta1, beta2, epsilon, clipNorm,
                batchTrajectories);
    }

    public LearningRules withImportance(double clip, int staleness) {
        return new LearningRules(returns, gamma, baseline, baselineDecay, normalizeAdvantages, entropyCoef, clip,
                staleness, optimizer, learningRate, valueLearningRate, momentum, beta1, beta2, epsilon, clipNorm,
                batchTrajectories);
    }

    public LearningRules withOptimizer(OptimizerKind o, double alpha, double mu) {
        return new LearningRules(returns, gamma, baseline, baselineDecay, normalizeAdvantages, entropyCoef,
                importanceClip, maxStaleness, o, alpha, valueLearningRate, mu, beta1, beta2, epsilon, clipNorm,
                batchTrajectories);
    }

    public LearningRules withClipNorm(double c) {
        return new LearningRules(returns, gamma, baseline, baselineDecay, normalizeAdvantages, entropyCoef,
                importanceClip, maxStaleness, optimizer, learningRate, valueLearningRate, momentum, beta1, beta2,
                epsilon, c, batchTrajectories);
    }
}
