package io.policystream.cli;

import io.policystream.demo.Pacing;
import picocli.CommandLine.Option;

/**
 * How {@code simulate}'s actors pace themselves: by default to the learner's versions (see
 * {@link Pacing}); {@code --episodes-per-version N} fixes the share of each version,
 * {@code --rate} caps the steps per second, and {@code --unpaced} plays as fast as it can.
 */
public final class PacingOptions {

    @Option(names = "--episodes-per-version", paramLabel = "N",
            description = "Each actor plays at most N episodes with one params version, then waits up to 5 s for "
                    + "the next (and plays one more episode when none comes); 0 never waits. Default: paced, N = "
                    + "the learner's batch size (read from the versions) divided among the actors.")
    Integer episodesPerVersion;

    @Option(names = "--rate", paramLabel = "STEPS_PER_S",
            description = "Cap the steps per second of all actors together. Alone it replaces the pacing by "
                    + "versions with this fixed pace; with --episodes-per-version both apply.")
    Double rate;

    @Option(names = "--unpaced",
            description = "Play as fast as the CPU allows, never waiting for versions: to load-test a cluster or "
                    + "a learner. Most episodes are then too stale to learn from.")
    boolean unpaced;

    /**
     * The pacing these options ask for.
     *
     * @throws UserException when they contradict each other or are out of range
     */
    public Pacing pacing() {
        if (unpaced && (episodesPerVersion != null || rate != null)) {
            throw UserException.usage("--unpaced cannot be combined with --episodes-per-version or --rate");
        }
        if (episodesPerVersion != null && episodesPerVersion < 0) {
            throw UserException.usage("--episodes-per-version must be >= 0, not " + episodesPerVersion);
        }
        if (rate != null && !(rate > 0 && Double.isFinite(rate))) {
            throw UserException.usage("--rate must be a positive number of steps per second, not " + rate);
        }
        if (unpaced) {
            return Pacing.unpaced();
        }
        Pacing p;
        if (episodesPerVersion != null) {
            p = Pacing.perVersion(episodesPerVersion);
        } else if (rate != null) {
            p = Pacing.unpaced();
        } else {
            p = Pacing.auto();
        }
        return rate == null ? p : p.withRate(rate);
    }
}
