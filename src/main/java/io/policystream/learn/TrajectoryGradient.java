package io.policystream.learn;

import io.policystream.config.BaselineKind;
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
    private final PolicyNetwork.Workspace workspace;
    private final ValueNetwork valueNetwork;
    private final ValueNetwork.Workspace valueWorkspace;
    private double[] state = new double[0];
    private double[] returns = new double[0];

    public TrajectoryGradient(io.policystream.policy.Architecture architecture) {
        this.network = new PolicyNetwork(architecture);
        this.workspace = network.newWorkspace();
        this.valueNetwork = architecture.hasValue() ? new ValueNetwork(architecture) : null;
        this.valueWorkspace = valueNetwork == null ? null : valueNetwork.newWorkspace();
    }

    /** Empty sums for these params and rules. */
    public static GradientSums emptySums(PolicyParams params, LearningRules rules) {
        return GradientSums.empty(params.policy(), params.version(), params.thetaSize(),
                rules.baseline() == BaselineKind.VALUE ? params.architecture().valueParamCount() : 0, rules);
    }

    /** The trajectory's contribution, as new sums. */
    public GradientSums compute(PolicyParams params, LearningRules rules, Trajectory tr) {
        GradientSums sums = emptySums(params, rules);
        addInPlace(params, rules, tr, sums);
        return sums;
    }

    /** Adds the trajectory's contribution to {@code sums}. */
    public void addInPlace(PolicyParams params, LearningRules rules, Trajectory tr, GradientSums sums) {
        if (rules.baseline() == BaselineKind.VALUE && !params.hasValue()) {
            throw new IllegalArgumentException("baseline=value needs params with a value network; policy "
                    + params.policy() + " has none");
        }
        int n = tr.length();
        ensureCapacity(n, tr.stateSize());
        ReturnCalculator.returnsInto(tr.rewards(), rules.returns(), rules.gamma(), returns);

        boolean separateEntropy = sums.entropyGrad != null;
        double beta = rules.entropyCoef();
        boolean useValue = sums.valueGrad != null;
        long version = params.version();
        for (int t = 0; t < n; t++) {
            tr.copyStateInto(t, state);
            double g = returns[t];
            double a = g;
            if (useValue) {
                double v = valueNetwork.value(params, state, valueWorkspace);
                double err = v - g;
                valueNetwork.accumulateGradient(params, valueWorkspace, err, sums.valueGrad);
                sums.sumValueLoss += 0.5 * err * err;
                a = g - v;
            }
            double logProb = network.evaluate(params, state, tr.action(t), workspace);
            double w = 1.0;
            if (tr.version(t) != version) {
                double ratio = Math.exp(logProb - tr.logProb(t));
                if (ratio > rules.importanceClip()) {
                    w = rules.importanceClip();
                    sums.truncatedWeights++;
                } else {
                    w = ratio;
                }
                sums.reweightedSteps++;
            }
            if (sums.weightGrad != null) {
                network.accumulateGradients(params, workspace, w * a, separateEntropy ? 0.0 : beta,
                        sums.advantageGrad, w, 0.0, sums.weightGrad);
            } else {
                network.accumulateGradient(params, workspace, w * a, separateEntropy ? 0.0 : beta, sums.advantageGrad);
            }
            if (separateEntropy) {
                network.accumulateGradient(params, workspace, 0.0, 1.0, sums.entropyGrad);
            }
            sums.sumAdvantage += a;
            sums.sumAdvantageSq += a * a;
            sums.sumReturn += g;
            sums.sumEntropy += network.lastEntropy(workspace);
            sums.sumWeight += w;
        }
        sums.trajectories++;
        sums.steps += n;
        sums.sumEpisodeReward += tr.totalReward();
        sums.maxEventTime = Math.max(sums.maxEventTime, tr.lastEventTime());
        sums.sampleStatesInPlace(tr);
    }

    private void ensureCapacity(int n, int stateSize) {
        if (state.length != stateSize) {
            state = new double[stateSize];
        }
        if (returns.length < n) {
            returns = new double[Math.max(n, returns.length * 2)];
        }
    }
}
