package io.policystream.testkit;

import io.policystream.event.Event;
import io.policystream.policy.PolicyNetwork;
import io.policystream.policy.PolicyParams;
import io.policystream.wire.InvalidParamsException;
import io.policystream.wire.ParamsCodec;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Episodes an actor would record, and params read back from a topic, for the learner's integration tests. */
public final class SampledEpisodes {
    private static final ParamsCodec PARAMS = new ParamsCodec();

    private SampledEpisodes() {
    }

    /**
     * An episode of {@code n} steps acted by {@code acting}: states uniform in [-1, 1]^4, actions
     * sampled from the policy with their log-probs, rewards uniform in [0, 2], done at the last step.
     */
    public static List<Event> episode(PolicyParams acting, String ep, int n, SplittableRandom rng) {
        PolicyNetwork net = new PolicyNetwork(acting.architecture());
        PolicyNetwork.Workspace ws = net.newWorkspace();
        List<Event> out = new ArrayList<>();
        for (int t = 0; t < n; t++) {
            double[] s = {rng.nextDouble(-1, 1), rng.nextDouble(-1, 1), rng.nextDouble(-1, 1), rng.nextDouble(-1, 1)};
            PolicyNetwork.Sample a = net.sample(acting, s, rng, ws);
            out.add(Event.step(acting.policy(), ep, t, s, a.action(), a.logProb(), acting.version(),
                    rng.nextDouble(0, 2), t == n - 1, false, 1_000_000L + t));
        }
        return out;
    }

    /** Params JSON that must be valid (read from the learner's own topics). */
    public static PolicyParams decode(byte[] json) {
        try {
            return PARAMS.decode(json);
        } catch (InvalidParamsException e) {
            throw new AssertionError(e);
        }
    }
}
