package io.policystream.serve;

import io.policystream.event.Action;

/**
 * The answer to an {@link ActRequest}: what to do, and what was recorded for it.
 *
 * @param action the action: an index (categorical) or a vector (gaussian)
 * @param logProb log pi(action | state) under the version that chose it
 * @param version the params version that chose it
 * @param step the step number the service gave this decision inside its episode
 */
public record ActResult(Action action, double logProb, long version, long step) {
}
