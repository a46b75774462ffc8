package io.policystream.replay;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/**
 * A point in every partition of a topic, as {@code --from} and {@code --to} write it:
 * <ul>
 *   <li>{@code beginning} or {@code end}: the partition's first retained offset, or its end when the
 *       command starts;</li>
 *   <li>a plain integer {@code N >= 0}: offset N of every partition (clamped to what the partition
 *       holds);</li>
 *   <li>{@code @MILLIS}: the first record whose timestamp is at or after MILLIS, epoch milliseconds,
 *       e.g. {@code @1764000000000};</li>
 *   <li>an ISO-8601 time with a zone or offset, e.g. {@code 2026-11-25T10:00:00Z} or
 *       {@code 2026-11-25T11:00:00+01:00}: the same, at that instant.</li>
 * </ul>
 * A time without a zone is refused: it would mean a different instant on every machine.
 *
 * @param kind which of the forms above
 * @param value the offset, or the epoch milliseconds; 0 for beginning and end
 */
public record Position(Kind kind, long value) {
    /** The forms of a position. */
    public enum Kind {
        BEGINNING, END, OFFSET, TIMESTAMP
    }

    public static final Position BEGINNING = new Position(Kind.BEGINNING, 0);
    public static final Position END = new Position(Kind.END, 0);

    private static final Pattern DIGITS = Pattern.compile("\\d{1,19}");
    private static final String FORMS = "use an offset (123), @epoch-millis (@1764000000000), an ISO-8601 time "
            + "with a zone (2026-11-25T10:00:00Z), 'beginning' or 'end'";

    public Position {
        if (value < 0) {
            throw new IllegalArgumentException("a position must not be negative, got " + value);
        }
    }

    /** Offset {@code n} of every partition. */
    public static Position offset(long n) {
        return new Position(Kind.OFFSET, n);
    }

    /** The first record at or after {@code epochMillis}. */
    public static Position timestamp(long epochMillis) {
        return new Position(Kind.TIMESTAMP, epochMillis);
    }

    /**
     * Reads a position in one of the forms of this class.
     *
     * @throws IllegalArgumentException with a message that names the text and the accepted forms
     */
    public static Position parse(String text) {
        String s = text == null ? "" : text.strip();
        if (s.isEmpty()) {
            throw new IllegalArgumentException("empty position; " + FORMS);
        }
        if (s.equalsIgnoreCase("beginning")) {
            return BEGINNING;
        }
        if (s.equalsIgnoreCase("end")) {
            return END;
        }
        if (DIGITS.matcher(s).matches()) {
            return offset(number(text, s));
        }
        if (s.startsWith("@")) {
            String ms = s.substring(1);
            if (!DIGITS.matcher(ms).matches()) {
                throw new IllegalArgumentException("'" + text + "' is not a timestamp: after @ come epoch "
                        + "milliseconds, e.g. @1764000000000");
            }
            return timestamp(number(text, ms));
        }
        if (s.startsWith("-")) {
            throw new IllegalArgumentException("'" + text + "' is negative; " + FORMS);
        }
        try {
            Instant at = OffsetDateTime.parse(s).toInstant();
            if (at.isBefore(Instant.EPOCH)) {
                throw new IllegalArgumentException("'" + text + "' is before 1970-01-01T00:00:00Z");
            }
            return timestamp(at.toEpochMilli());
        } catch (DateTimeParseException e) {
            String hint = s.contains("T") && !s.endsWith("Z") && !s.matches(".*[+-]\\d\\d:\\d\\d$")
                    ? " (a time needs a zone: add Z for UTC or an offset such as +01:00)" : "";
            throw new IllegalArgumentException("'" + text + "' is not a position" + hint + "; " + FORMS);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("'" + text + "' is too far from 1970 to be epoch milliseconds");
        }
    }

    private static long number(String text, String digits) {
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is larger than " + Long.MAX_VALUE);
        }
    }

    @Override
    public String toString() {
        return switch (kind) {
            case BEGINNING -> "beginning";
            case END -> "end";
            case OFFSET -> Long.toString(value);
            case TIMESTAMP -> "@" + value + " (" + Instant.ofEpochMilli(value) + ")";
        };
    }
}
