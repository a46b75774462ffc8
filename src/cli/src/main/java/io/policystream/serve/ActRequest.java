package io.policystream.serve;

/**
 * A request for one action: {@code POST /v1/act}.
 *
 * @param policy the policy to act with
 * @param episode the episode the decision belongs to
 * @param state the observation s_t
 * @param greedy take the most likely action rather than a sample
 */
public record ActRequest(String policy, String episode, double[] state, boolean greedy) {
    public ActRequest {
        state = state == null ? null : state.clone();
    }

    @Override
    public double[] state() {
        return state == null ? null : state.clone();
    }
}
