package io.policystream.wire;

import io.policystream.event.InvalidReason;

/**
 * The forms of the ids the wire format carries: policy ids and episode ids. The codecs refuse a
 * bad id with a {@link WireException}; the acting service asks for the same message with
 * {@link #policyProblem} and {@link #episodeProblem} and answers 400.
 */
public final class Identifiers {
    /** Longest policy id: it becomes a metric tag and part of topic keys, so it stays short. */
    public static final int MAX_POLICY_LENGTH = 64;
    /** Longest episode id, counted in Unicode code points (what Python's {@code len} counts). */
    public static final int MAX_EPISODE_LENGTH = 256;

    private Identifiers() {
    }

    /**
     * Why {@code id} is not a policy id ({@code [A-Za-z0-9._-]{1,64}}), as a message starting with
     * {@code field}, or null when it is one.
     */
    public static String policyProblem(String field, String id) {
        boolean ok = !id.isEmpty() && id.length() <= MAX_POLICY_LENGTH;
        for (int i = 0; ok && i < id.length(); i++) {
            char c = id.charAt(i);
            ok = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '_'
                    || c == '-';
        }
        return ok ? null : field + ": must match [A-Za-z0-9._-]{1," + MAX_POLICY_LENGTH + "}, got \""
                + WireJson.abbreviate(id) + "\"";
    }

    /**
     * Why {@code id} is not an episode id, or null when it is one: it must be 1 to 256 code points
     * and valid Unicode (an unpaired surrogate from a {@code \ud800} escape cannot be a Kafka key in
     * UTF-8).
     */
    public static String episodeProblem(String id) {
        int length = 0;
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < id.length() && Character.isLowSurrogate(id.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return "episode: not valid Unicode (unpaired surrogate at index " + i + ")";
            }
            length++;
        }
        if (length == 0 || length > MAX_EPISODE_LENGTH) {
            return "episode: must be 1 to " + MAX_EPISODE_LENGTH + " characters, got " + length;
        }
        return null;
    }

    /** Refuses a policy id outside {@code [A-Za-z0-9._-]{1,64}}. */
    static void checkPolicy(String field, String id) {
        String problem = policyProblem(field, id);
        if (problem != null) {
            throw new WireException(InvalidReason.BAD_FORMAT, problem);
        }
    }

    /** Refuses an episode id that {@link #episodeProblem} finds fault with. */
    static void checkEpisode(String id) {
        String problem = episodeProblem(id);
        if (problem != null) {
            throw new WireException(InvalidReason.BAD_FORMAT, problem);
        }
    }

    /** The string cut to a length an error message can carry. */
    public static String abbreviate(String s) {
        return WireJson.abbreviate(s);
    }
}
