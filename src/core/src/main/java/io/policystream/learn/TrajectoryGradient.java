package io.policystream.learn;

import io.policystream.event.Action;
import io.policystream.policy.PolicyNetwork;
import io.policystream.policy.PolicyParams;
import io.policystream.policy.ValueNetwork;
import io.policystream.trajectory.Trajectory;

/**
 * Computes one trajectory's contribution to the policy gradient at the current params.
 *
 * <p>For every step t, with {@code g_t = grad_theta log pi_theta(u_t|s_t)}:
 * <ul>
 *   <li>the return {@code G_t} ({@link ReturnCalculator});</li>
 *   <li>the raw advantage {@code a_t = G_t - V_phi(s_t)} with {@code baseline=value}, else
 *       {@code a_t = G_t} (the mean baseline and normalisation are applied per batch by the
 *       {@link PolicyUpdater});</li>
 *   <li>the truncated importance weight {@code w_t = min(c, pi_theta(u_t|s_t) / exp(logProb_t))}
 *       when the step was acted by another version than the params', else exactly 1;</li>
 *   <li>the sums {@code S1 += w_t a_t g_t}, {@code S0 += w_t g_t}, {@code E += grad H(pi(.|s_t))}
 *       and, for the value network, {@code sum_t (V(s_t) - G_t) grad_phi V(s_t)}, the gradient of
 *       {@code 0.5 (V(s_t) - G_t)^2}.</li>
 * </ul>
 * The weight {@code w_t} is held constant in the gradient, as in truncated importance sampling.
 * One instance per thread: it owns the workspaces, and allocates nothing per step.
 */
public final class TrajectoryGradient {
    private final PolicyNetwork network;
    private final PolicyNetwork.Batch batch;
    private final ValueNetwork valueNetwork;
    private final ValueNetwork.Batch valueBatch;
    private double[] rewards = new double[0];
    private double[] returns = new double[0];
    private final double[] advantages = new double[PolicyNetwork.BLOCK_STEPS];
    /**
     * The trajectory's own scalar sums, added to the target sums once it is done: so the target
     * receives exactly what {@code compute} followed by {@link GradientSums#plusInPlace} would add,
     * and nothing at all when the trajectory fails half-way.
     */
    private double sumAdvantage;
    private double sumAdvantageSq;
    private double sumReturn;
    private double sumEntropy;
    private double sumWeight;
    private double sumValueLoss;
    private long truncatedWeights;
    private long reweightedSteps;

    public TrajectoryGradient(io.policystream.policy.Architecture architecture) {
        this.network = new PolicyNetwork(architecture);
        this.batch = network.newBatch();
        this.valueNetwork = architecture.hasValue() ? new ValueNetwork(architecture) : null;
        this.valueBatch = valueNetwork == null ? null : valueNetwork.newBatch();
    }

    /** Empty sums for these params and rules. */
    public static GradientSums emptySums(PolicyParams params, LearningRules rules) {
        return GradientSums.empty(params.policy(), params.version(), params.thetaSize(), valueSize(params, rules),
                rules);
    }

    /** The value network's gradient length in sums for {@code params} under {@code rules}: 0 without one. */
    private static int valueSize(PolicyParams params, LearningRules rules) {
        return rules.baseline() == BaselineKind.VALUE ? params.architecture().valueParamCount() : 0;
    }

    /**
     * Why {@code tr} cannot be learned from at {@code params} under {@code rules}, or null when it
     * can: what {@link #addInPlace} would refuse, found without computing (states or actions that do
     * not fit the network, a value baseline without a value network).
     */
    public static String problem(PolicyParams params, LearningRules rules, Trajectory tr) {
        io.policystream.policy.Architecture a = params.architecture();
        if (tr.stateSize() != a.inputSize()) {
            return "states of " + tr.stateSize() + " numbers, the network takes " + a.inputSize();
        }
        if (rules.baseline() == BaselineKind.VALUE && !params.hasValue()) {
            return "baseline=value needs params with a value network; policy " + params.policy() + " has none";
        }
        boolean categorical = a.distribution() == io.policystream.policy.Distribution.CATEGORICAL;
        for (int t = 0; t < tr.length(); t++) {
            Action u = tr.action(t);
            if (categorical) {
                if (!(u instanceof Action.Discrete d) || d.index() < 0 || d.index() >= a.actionSize()) {
                    return "step " + t + ": action " + u + " is not one of the policy's " + a.actionSize()
                            + " actions";
                }
            } else if (!(u instanceof Action.Continuous c) || c.size() != a.actionSize()) {
                return "step " + t + ": action " + u + " is not a vector of the policy's " + a.actionSize()
                        + " dimensions";
            }
        }
        return null;
    }

    /** The trajectory's contribution, as new sums. */
    public GradientSums compute(PolicyParams params, LearningRules rules, Trajectory tr) {
        GradientSums sums = emptySums(params, rules);
        addInPlace(params, rules, tr, sums);
        return sums;
    }

    /** {@link #compute}, into sums whose vectors come from {@code spare}. */
    GradientSums compute(PolicyParams params, LearningRules rules, Trajectory tr, SpareArrays spare) {
        GradientSums sums = GradientSums.empty(params.policy(), params.version(), params.thetaSize(),
                valueSize(params, rules), rules, spare);
        addInPlace(params, rules, tr, sums);
        return sums;
    }

    /**
     * Adds the trajectory's contribution to {@code sums}, a batch or empty sums: bit for bit what
     * adding {@link #compute its own sums} to it would add, without allocating them. The steps go
     * through the networks in blocks of {@link PolicyNetwork#BLOCK_STEPS}: a batched forward pass,
     * the per-step head (log pi, hence w_t), then one batched backward pass that forms S1, S0 and E
     * together.
     *
     * @throws IllegalArgumentException when the trajectory cannot be learned from at these params
     *     (an action the network does not have, sums of another shape, ...); {@code sums} is then
     *     left as it was
     */
    public void addInPlace(PolicyParams params, LearningRules rules, Trajectory tr, GradientSums sums) {
        if (rules.baseline() == BaselineKind.VALUE && !params.hasValue()) {
            throw new IllegalArgumentException("baseline=value needs params with a value network; policy "
                    + params.policy() + " has none");
        }
        if (!sums.policy().equals(params.policy()) || sums.advantageGrad.length != params.thetaSize()
                || (sums.valueGrad != null) != (rules.baseline() == BaselineKind.VALUE)
                || (sums.valueGrad != null && sums.valueGrad.length != params.architecture().valueParamCount())) {
            throw new IllegalArgumentException("gradient sums of different shapes cannot be added");
        }
        sumAdvantage = 0.0;
        sumAdvantageSq = 0.0;
        sumReturn = 0.0;
        sumEntropy = 0.0;
        sumWeight = 0.0;
        sumValueLoss = 0.0;
        truncatedWeights = 0;
        reweightedSteps = 0;
        int n = tr.length();
        ensureCapacity(n);
        for (int t = 0; t < n; t++) {
            rewards[t] = tr.reward(t);
        }
        ReturnCalculator.returnsInto(rewards, n, rules.returns(), rules.gamma(), returns);
        try {
            for (int start = 0; start < n; start += PolicyNetwork.BLOCK_STEPS) {
                addBlock(params, rules, tr, start, Math.min(PolicyNetwork.BLOCK_STEPS, n - start), sums);
            }
        } catch (RuntimeException e) {
            network.clearGradients(batch);
            if (valueBatch != null) {
                valueNetwork.clearGradient(valueBatch);
            }
            throw e;
        }
        network.drainGradient(batch, S1, sums.advantageGrad);
        if (sums.weightGrad != null) {
            network.drainGradient(batch, S0, sums.weightGrad);
        }
        if (sums.entropyGrad != null) {
            network.drainGradient(batch, entropySlot(sums), sums.entropyGrad);
        }
        if (sums.valueGrad != null) {
            valueNetwork.drainGradient(valueBatch, sums.valueGrad);
        }
        sums.trajectories++;
        sums.steps += n;
        sums.sumAdvantage += sumAdvantage;
        sums.sumAdvantageSq += sumAdvantageSq;
        sums.sumReturn += sumReturn;
        sums.sumEntropy += sumEntropy;
        sums.sumWeight += sumWeight;
        sums.truncatedWeights += truncatedWeights;
        sums.reweightedSteps += reweightedSteps;
        sums.diagnostics.sumValueLoss += sumValueLoss;
        sums.diagnostics.sumEpisodeReward += tr.totalReward();
        sums.diagnostics.endedAt(tr.lastEventTime());
        if (n > 0) {
            sums.diagnostics.sampleStatesInPlace(tr);
        }
    }

    /** The batch's gradients: S1, then S0 when the sums keep it, then E when they keep it apart. */
    private static final int S1 = 0;
    private static final int S0 = 1;

    private static int entropySlot(GradientSums sums) {
        return sums.weightGrad == null ? 1 : 2;
    }

    private void addBlock(PolicyParams params, LearningRules rules, Trajectory tr, int start, int m,
                          GradientSums sums) {
        boolean separateEntropy = sums.entropyGrad != null;
        double beta = rules.entropyCoef();
        boolean useValue = sums.valueGrad != null;
        long version = params.version();
        for (int j = 0; j < m; j++) {
            tr.copyStateInto(start + j, batch.stateRow(j));
        }
        if (useValue) {
            double[] scales = valueBatch.scales();
            for (int j = 0; j < m; j++) {
                tr.copyStateInto(start + j, valueBatch.stateRow(j));
            }
            valueNetwork.valuesBlock(params, valueBatch, m);
            for (int j = 0; j < m; j++) {
                double v = valueNetwork.blockValue(valueBatch, j);
                double err = v - returns[start + j];
                scales[j] = err;
                sumValueLoss += 0.5 * err * err;
                advantages[j] = returns[start + j] - v;
            }
            valueNetwork.accumulateBlock(params, valueBatch, m);
        } else {
            System.arraycopy(returns, start, advantages, 0, m);
        }
        network.forwardBlock(params, batch, m);
        double[] s1 = batch.logProbScales(S1);
        double[] s1Entropy = batch.entropyScales(S1);
        double[] s0 = batch.logProbScales(S0);
        double[] s0Entropy = batch.entropyScales(S0);
        int gradients = 1 + (sums.weightGrad == null ? 0 : 1) + (separateEntropy ? 1 : 0);
        double[] e = batch.logProbScales(entropySlot(sums));
        double[] eEntropy = batch.entropyScales(entropySlot(sums));
        for (int j = 0; j < m; j++) {
            int t = start + j;
            double g = returns[t];
            double a = advantages[j];
            double logProb = network.evaluateStep(params, batch, j, tr.action(t));
            double w = 1.0;
            if (tr.version(t) != version) {
                double ratio = Math.exp(logProb - tr.logProb(t));
                if (ratio > rules.importanceClip()) {
                    w = rules.importanceClip();
                    truncatedWeights++;
                } else {
                    w = ratio;
                }
                reweightedSteps++;
            }
            s1[j] = w * a;
            s1Entropy[j] = separateEntropy ? 0.0 : beta;
            if (sums.weightGrad != null) {
                s0[j] = w;
                s0Entropy[j] = 0.0;
            }
            if (separateEntropy) {
                e[j] = 0.0;
                eEntropy[j] = 1.0;
            }
            sumAdvantage += a;
            sumAdvantageSq += a * a;
            sumReturn += g;
            sumEntropy += network.stepEntropy(batch, j);
            sumWeight += w;
        }
        network.accumulateBlock(params, batch, m, gradients);
    }

    private void ensureCapacity(int n) {
        if (returns.length < n) {
            returns = new double[Math.max(n, returns.length * 2)];
            rewards = new double[returns.length];
        }
    }
}
