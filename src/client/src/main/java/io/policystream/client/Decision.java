package io.policystream.client;

import io.policystream.event.Action;

/**
 * An action chosen by a policy, with what the learner needs to learn from it.
 *
 * @param policy the policy id
 * @param action the action to take: an index (categorical) or a vector (gaussian, before clipping)
 * @param logProb log pi(action | state) under the version that chose it (natural log)
 * @param version the params version that chose it
 */
public record Decision(String policy, Action action, double logProb, long version) {
}
