package io.policystream.policy;

import java.util.Objects;

/**
 * Where a published version's numbers came from when they were not learned from the version before
 * it: promoted from another params topic, or rolled back to an older version. {@link #NONE} for
 * versions made by the learner or by {@code init}.
 *
 * @param promotedFromTopic the params topic the numbers were promoted from, or null
 * @param promotedFromVersion their version on that topic; meaningful only with a topic
 * @param rolledBackTo the older version of the same policy whose numbers these are, or -1
 */
public record Provenance(String promotedFromTopic, long promotedFromVersion, long rolledBackTo) {
    /** A version learned or initialised, not promoted or rolled back. */
    public static final Provenance NONE = new Provenance(null, -1, -1);

    public Provenance {
        if (promotedFromTopic != null && promotedFromVersion < 0) {
            throw new IllegalArgumentException("a promotion needs a version >= 0, not " + promotedFromVersion);
        }
        if (promotedFromTopic == null && promotedFromVersion != -1) {
            throw new IllegalArgumentException("a promoted-from version needs its topic");
        }
        if (promotedFromTopic != null && promotedFromTopic.isEmpty()) {
            throw new IllegalArgumentException("the promoted-from topic is empty");
        }
        if (rolledBackTo < -1) {
            throw new IllegalArgumentException("rolledBackTo must be a version >= 0 or -1 for none, not "
                    + rolledBackTo);
        }
    }

    /** Promoted from version {@code version} of params topic {@code topic}. */
    public static Provenance promotedFrom(String topic, long version) {
        return new Provenance(Objects.requireNonNull(topic, "topic"), version, -1);
    }

    /** Republished from version {@code version} of the same policy's history. */
    public static Provenance rolledBackTo(long version) {
        if (version < 0) {
            throw new IllegalArgumentException("rolledBackTo must be >= 0, not " + version);
        }
        return new Provenance(null, -1, version);
    }

    public boolean isPromotion() {
        return promotedFromTopic != null;
    }

    public boolean isRollback() {
        return rolledBackTo >= 0;
    }
}
