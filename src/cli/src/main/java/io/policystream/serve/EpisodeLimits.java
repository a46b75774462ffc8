package io.policystream.serve;

import java.time.Duration;
import java.util.Objects;

/**
 * How many episodes the service keeps track of, and for how long an idle one is kept.
 *
 * @param maxOpen the most episodes open at once; a new episode beyond it is refused with 503
 * @param idle an episode with no act or reward for this long is forgotten
 */
public record EpisodeLimits(int maxOpen, Duration idle) {
    /** The defaults of {@code policystream serve}: 100,000 open episodes, 10 minutes idle. */
    public static final EpisodeLimits DEFAULT = new EpisodeLimits(100_000, Duration.ofMinutes(10));

    public EpisodeLimits {
        Objects.requireNonNull(idle, "idle");
        if (maxOpen < 1) {
            throw new IllegalArgumentException("maxOpen must be >= 1, not " + maxOpen);
        }
        if (idle.isZero() || idle.isNegative()) {
            throw new IllegalArgumentException("idle must be positive, not " + idle);
        }
    }
}
