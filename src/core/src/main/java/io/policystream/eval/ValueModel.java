package io.policystream.eval;

import io.policystream.event.Action;
import io.policystream.policy.PolicyParams;
import io.policystream.policy.ValueNetwork;

/**
 * Estimates of the target policy's values for the doubly robust estimators: V(s_t) and Q(s_t, u_t).
 *
 * <p>DR is unbiased and WDR consistent however wrong the model is, as long as it was not fit on the
 * trajectory it is applied to and V is the target's average of Q, {@code V(s) = sum_u pi_e(u|s) Q(s,u)};
 * a good model lowers their variance. With only a state-value model, Q(s, u) = V(s) (the default of
 * {@link #actionValue}), which satisfies that for any V and makes DR the per-decision estimator with
 * the control variate {@code sum_t gamma^t (w_{t-1} - w_t) V(s_t)}.
 *
 * <p>Why not {@code Q(s_t,u_t) = r_t + gamma V(s_{t+1})} with the logged r_t and s_{t+1}: put into
 * Jiang and Li's recursion {@code V_DR(t) = V(s_t) + rho_t (r_t + gamma V_DR(t+1) - Q)} it gives
 * {@code V_DR(t) - V(s_t) = rho_t gamma (V_DR(t+1) - V(s_{t+1}))}, which is 0 at the end, so DR
 * collapses to V(s_0) and ignores every reward: it is only as good as the model. Q must be a
 * function of (s_t, u_t), not of what happened after.
 */
public interface ValueModel {

    /** V(s_t), the target's expected discounted return from state s at time t. */
    double value(double[] state, int t);

    /** Q(s_t, u_t); V(s_t) unless the model knows better. */
    default double actionValue(double[] state, Action action, int t) {
        return value(state, t);
    }

    /** One line saying what the model is, for reports. */
    String description();

    /**
     * The learned state-value network V_phi(s) of params trained with {@code baseline=value}. The
     * learner fits it to the returns of the policies that acted, near the version that carries it;
     * it ignores t and knows no Q, so Q(s, u) = V(s).
     */
    static ValueModel learned(PolicyParams params) {
        if (!params.hasValue()) {
            throw new IllegalArgumentException(params + " has no value network");
        }
        ValueNetwork net = new ValueNetwork(params.architecture());
        ValueNetwork.Workspace ws = net.newWorkspace();
        return new ValueModel() {
            @Override
            public double value(double[] state, int t) {
                return net.value(params, state, ws);
            }

            @Override
            public String description() {
                return "learned value network of " + params.policy() + " v" + params.version();
            }
        };
    }
}
