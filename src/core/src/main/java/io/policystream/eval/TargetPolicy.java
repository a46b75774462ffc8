package io.policystream.eval;

import io.policystream.event.Action;
import io.policystream.policy.Distribution;
import io.policystream.policy.PolicyNetwork;
import io.policystream.policy.PolicyParams;
import io.policystream.trajectory.Ending;
import io.policystream.trajectory.Trajectory;

/**
 * A target policy pi_e given by params, and the per-step log importance ratios
 * {@code log pi_e(u_t|s_t) - log pi_b(u_t|s_t)} of recorded trajectories under it, computed with the
 * production {@link PolicyNetwork#logProb} (log-densities for gaussian policies, never probabilities).
 *
 * <p>Not thread-safe: it keeps one network workspace.
 */
public final class TargetPolicy {
    private final PolicyParams params;
    private final PolicyNetwork network;
    private final PolicyNetwork.Workspace ws;

    public TargetPolicy(PolicyParams params) {
        this.params = params;
        this.network = new PolicyNetwork(params.architecture());
        this.ws = network.newWorkspace();
    }

    public PolicyParams params() {
        return params;
    }

    /** log pi_e(u | s). */
    public double logProb(double[] state, Action action) {
        return network.logProb(params, state, action, ws);
    }

    /** Why the trajectory cannot be evaluated under this target, or null when it can. */
    public SkipReason check(Trajectory tr) {
        if (tr.ending() == Ending.TIMED_OUT) {
            return SkipReason.INCOMPLETE;
        }
        int inputSize = params.architecture().inputSize();
        int actionSize = params.architecture().actionSize();
        boolean categorical = params.architecture().distribution() == Distribution.CATEGORICAL;
        for (int t = 0; t < tr.length(); t++) {
            if (tr.state(t).length != inputSize) {
                return SkipReason.STATE_SIZE;
            }
            Action a = tr.action(t);
            boolean fits = categorical
                    ? a instanceof Action.Discrete d && d.index() >= 0 && d.index() < actionSize
                    : a instanceof Action.Continuous c && c.size() == actionSize;
            if (!fits) {
                return SkipReason.ACTION_SHAPE;
            }
            if (Double.isNaN(tr.logProb(t)) || Double.isInfinite(tr.logProb(t))) {
                return SkipReason.MISSING_LOG_PROB;
            }
            if (tr.version(t) < 0) {
                return SkipReason.MISSING_VERSION;
            }
        }
        return null;
    }

    /**
     * The log-ratios of a trajectory that passed {@link #check}.
     *
     * @return {@code log pi_e(u_t|s_t) - logProb_t} per step, or null when a target log-probability
     *     is NaN or plus infinity ({@link SkipReason#TARGET_LOG_PROB})
     */
    public double[] logRatios(Trajectory tr) {
        double[] out = new double[tr.length()];
        double[] s = new double[tr.stateSize()];
        for (int t = 0; t < tr.length(); t++) {
            tr.copyStateInto(t, s);
            double target = network.logProb(params, s, tr.action(t), ws);
            if (Double.isNaN(target) || target == Double.POSITIVE_INFINITY) {
                return null;
            }
            out[t] = target - tr.logProb(t);
        }
        return out;
    }
}
