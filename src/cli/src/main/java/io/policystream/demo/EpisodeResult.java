package io.policystream.demo;

/**
 * One finished episode of a simulated actor.
 *
 * @param index 1-based order in which episodes finished, over all actors
 * @param actor the actor that played it
 * @param totalReward undiscounted return
 * @param steps its length
 * @param version the params version of its first decision
 * @param elapsedMillis when it finished, since the actors started
 */
public record EpisodeResult(long index, int actor, double totalReward, int steps, long version, long elapsedMillis) {
}
