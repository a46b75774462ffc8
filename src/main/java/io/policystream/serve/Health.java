package io.policystream.serve;

import java.util.Map;

/**
 * The service's state for {@code GET /health}.
 *
 * @param up whether the params topic is being followed
 * @param openEpisodes episodes being tracked
 * @param versions the params version in use for each policy that has one
 */
public record Health(boolean up, int openEpisodes, Map<String, Long> versions) {
    public Health {
        versions = Map.copyOf(versions);
    }
}
