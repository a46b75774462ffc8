package io.policystream.serve;

import io.policystream.wire.Identifiers;

/**
 * The wire format's rules for ids ({@link Identifiers}), checked at the door so that a bad id is a
 * 400 naming its field rather than an event the codec refuses to write.
 */
final class Ids {
    private Ids() {
    }

    /** A policy id matches {@code [A-Za-z0-9._-]{1,64}}. */
    static void checkPolicy(String id) {
        String problem = Identifiers.policyProblem("policy", id);
        if (problem != null) {
            throw ServeException.badField("policy", problem);
        }
    }

    /** An episode id is 1 to 256 Unicode code points and valid Unicode. */
    static void checkEpisode(String id) {
        String problem = Identifiers.episodeProblem(id);
        if (problem != null) {
            throw ServeException.badField("episode", problem);
        }
    }

    /** The string cut to a length an error message can carry. */
    static String abbreviate(String s) {
        return Identifiers.abbreviate(s);
    }
}
