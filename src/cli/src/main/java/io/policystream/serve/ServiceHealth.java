package io.policystream.serve;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * The service's state for {@code GET /health}.
 *
 * @param up whether the params topic is being followed and the broker answers
 * @param openEpisodes episodes being tracked
 * @param versions the params version in use for each policy that has one, sorted by policy
 */
public record ServiceHealth(boolean up, int openEpisodes, Map<String, Long> versions) {
    public ServiceHealth {
        versions = Collections.unmodifiableMap(new TreeMap<>(versions));
    }
}
