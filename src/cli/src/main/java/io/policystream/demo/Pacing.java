package io.policystream.demo;

import java.time.Duration;
import java.util.Objects;

/**
 * How simulated actors pace themselves. Unpaced actors play as fast as the CPU allows (tens of
 * thousands of steps a second), far faster than a learner publishes versions: most of what they
 * record is then too stale to learn from. Paced by versions, each actor plays at most
 * {@code episodesPerVersion} episodes with one params version and then waits, up to
 * {@code versionWait}, for the next; when that wait runs out it plays one more episode with the
 * version it has and waits again, so a stopped learner slows the actors down without hanging them.
 * A rate caps the steps of all actors together per second.
 *
 * @param episodesPerVersion episodes per actor per version: {@link #AUTO}, 0 (never wait) or more
 * @param versionWait the longest one wait for the next version
 * @param stepsPerSecond the most steps per second of all actors together; 0 for no cap
 */
public record Pacing(int episodesPerVersion, Duration versionWait, double stepsPerSecond) {
    /** Episodes per version chosen from the learner's batch size: see {@link #episodesPerVersion(long, long, int)}. */
    public static final int AUTO = -1;
    /** The longest an actor waits for a new version before it plays one more episode with the one it has. */
    public static final Duration VERSION_WAIT = Duration.ofSeconds(5);
    /** The batch size assumed before the learner has published a version (the learner's default). */
    public static final int DEFAULT_BATCH = 8;

    public Pacing {
        Objects.requireNonNull(versionWait, "versionWait");
        if (episodesPerVersion < AUTO) {
            throw new IllegalArgumentException("episodesPerVersion must be >= 0 or AUTO, not " + episodesPerVersion);
        }
        if (versionWait.isNegative() || versionWait.isZero()) {
            throw new IllegalArgumentException("versionWait must be positive, not " + versionWait);
        }
        if (!(stepsPerSecond >= 0) || Double.isInfinite(stepsPerSecond)) {
            throw new IllegalArgumentException("stepsPerSecond must be finite and >= 0, not " + stepsPerSecond);
        }
    }

    /** The default: paced by versions, as many episodes per actor as fill one learner batch. */
    public static Pacing auto() {
        return new Pacing(AUTO, VERSION_WAIT, 0);
    }

    /** At most {@code n} episodes per actor per version (0 never waits). */
    public static Pacing perVersion(int n) {
        return new Pacing(n, VERSION_WAIT, 0);
    }

    /** As fast as the actors can play. */
    public static Pacing unpaced() {
        return new Pacing(0, VERSION_WAIT, 0);
    }

    /** This pacing with all actors together capped at {@code stepsPerSecond} (0 for no cap). */
    public Pacing withRate(double stepsPerSecond) {
        return new Pacing(episodesPerVersion, versionWait, stepsPerSecond);
    }

    /** This pacing with another bound on one wait for a version. */
    public Pacing withVersionWait(Duration wait) {
        return new Pacing(episodesPerVersion, wait, stepsPerSecond);
    }

    /** Whether actors wait for versions at all. */
    public boolean pacedByVersions() {
        return episodesPerVersion != 0;
    }

    /**
     * The episodes each of {@code actors} plays with one version. Fixed, or with {@link #AUTO}
     * {@code ceil(b / actors)}, where b is the learner's batch size as the params show it: version
     * v holds the trajectories of v batches, so b = ceil(trajectories / v) (clamped to
     * [1, 4096]), and {@link #DEFAULT_BATCH} before the first learned version. Together the actors
     * then record one batch per version: enough for the learner to publish the next one, and no
     * more than it can learn from before they are stale.
     */
    public int episodesPerVersion(long version, long trajectories, int actors) {
        if (episodesPerVersion != AUTO) {
            return episodesPerVersion;
        }
        long batch = version > 0 && trajectories > 0 ? (trajectories + version - 1) / version : DEFAULT_BATCH;
        batch = Math.max(1, Math.min(4096, batch));
        return (int) Math.max(1, (batch + actors - 1) / actors);
    }
}
