package io.policystream.serve;

/**
 * The wire format's rules for ids (docs/wire-format.md), checked at the door so that a bad id is a
 * 400 naming its field rather than an event the codec refuses to write.
 */
final class Ids {
    static final int MAX_POLICY_LENGTH = 64;
    static final int MAX_EPISODE_LENGTH = 256;
    private static final int MAX_QUOTED = 64;

    private Ids() {
    }

    /** A policy id matches {@code [A-Za-z0-9._-]{1,64}}. */
    static void checkPolicy(String id) {
        boolean ok = !id.isEmpty() && id.length() <= MAX_POLICY_LENGTH;
        for (int i = 0; ok && i < id.length(); i++) {
            char c = id.charAt(i);
            ok = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '_'
                    || c == '-';
        }
        if (!ok) {
            throw ServeException.badField("policy", "policy: must match [A-Za-z0-9._-]{1," + MAX_POLICY_LENGTH
                    + "}, got \"" + abbreviate(id) + "\"");
        }
    }

    /**
     * An episode id is 1 to 256 Unicode code points (what Python's {@code len} counts) and valid
     * Unicode: it becomes a Kafka key in UTF-8, which an unpaired surrogate cannot be.
     */
    static void checkEpisode(String id) {
        int length = 0;
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < id.length() && Character.isLowSurrogate(id.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw ServeException.badField("episode", "episode: not valid Unicode (unpaired surrogate at index "
                        + i + ")");
            }
            length++;
        }
        if (length == 0 || length > MAX_EPISODE_LENGTH) {
            throw ServeException.badField("episode", "episode: must be 1 to " + MAX_EPISODE_LENGTH
                    + " characters, got " + length);
        }
    }

    /** The string cut to a length an error message can carry. */
    static String abbreviate(String s) {
        return s.length() <= MAX_QUOTED ? s : s.substring(0, MAX_QUOTED) + "...";
    }
}
