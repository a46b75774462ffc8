package io.policystream.wire;

import io.policystream.event.InvalidReason;

/** The forms of the ids the wire format carries: policy ids and episode ids. */
final class Identifiers {
    /** Longest policy id: it becomes a metric tag and part of topic keys, so it stays short. */
    static final int MAX_POLICY_LENGTH = 64;
    /** Longest episode id, counted in Unicode code points (what Python's {@code len} counts). */
    static final int MAX_EPISODE_LENGTH = 256;

    private Identifiers() {
    }

    /** Refuses a policy id outside {@code [A-Za-z0-9._-]{1,64}}. */
    static void checkPolicy(String field, String id) {
        boolean ok = !id.isEmpty() && id.length() <= MAX_POLICY_LENGTH;
        for (int i = 0; ok && i < id.length(); i++) {
            char c = id.charAt(i);
            ok = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '_'
                    || c == '-';
        }
        if (!ok) {
            throw new WireException(InvalidReason.BAD_FORMAT, field + ": must match [A-Za-z0-9._-]{1,"
                    + MAX_POLICY_LENGTH + "}, got \"" + WireJson.abbreviate(id) + "\"");
        }
    }

    /**
     * Refuses an episode id that is empty, longer than 256 code points, or not valid Unicode (an
     * unpaired surrogate from a {@code \ud800} escape cannot be a Kafka key in UTF-8).
     */
    static void checkEpisode(String id) {
        int length = 0;
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < id.length() && Character.isLowSurrogate(id.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new WireException(InvalidReason.BAD_FORMAT,
                        "episode: not valid Unicode (unpaired surrogate at index " + i + ")");
            }
            length++;
        }
        if (length == 0 || length > MAX_EPISODE_LENGTH) {
            throw new WireException(InvalidReason.BAD_FORMAT,
                    "episode: must be 1 to " + MAX_EPISODE_LENGTH + " characters, got " + length);
        }
    }
}
