package io.policystream.serve;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * Everything {@code policystream serve} is configured with, besides the Kafka client properties.
 *
 * @param http where to listen, with how many threads, and the body limit
 * @param episodes how many episodes are tracked, and for how long when idle
 * @param paramsTopic the params topic to follow
 * @param eventsTopic the events topic to record to
 * @param policies the policies served; empty serves every policy that has params
 * @param startupTimeout how long to wait at start for the params topic to be read to its end
 */
public record ServeConfig(HttpSettings http, EpisodeLimits episodes, String paramsTopic, String eventsTopic,
                          Set<String> policies, Duration startupTimeout) {
    public ServeConfig {
        Objects.requireNonNull(http, "http");
        Objects.requireNonNull(episodes, "episodes");
        Objects.requireNonNull(paramsTopic, "paramsTopic");
        Objects.requireNonNull(eventsTopic, "eventsTopic");
        Objects.requireNonNull(startupTimeout, "startupTimeout");
        policies = Set.copyOf(policies);
        for (String p : policies) {
            try {
                Ids.checkPolicy(p);
            } catch (ServeException e) {
                throw new IllegalArgumentException("policies: " + e.getMessage());
            }
        }
    }
}
