package io.policystream.wire;

import static io.policystream.wire.WireJson.describe;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.policystream.event.InvalidReason;
import java.io.IOException;

/**
 * The wire-format version a record declares in its optional {@code format} field: a JSON integer
 * {@code MAJOR} (minor 0) or a string {@code "MAJOR.MINOR"}; absent or null means 1.0, the format
 * of docs/wire-format.md.
 *
 * <p>The compatibility rule: a minor version only adds optional fields that older readers may
 * ignore, so these codecs read every {@code 1.x}; a different major may change what any field
 * means, so a higher one is refused as {@link InvalidReason#UNSUPPORTED_FORMAT} before any other
 * field is judged. Versions compare as integers, major first ({@code 1.10} is after {@code 1.9}),
 * which is why a JSON fraction such as {@code 1.1} is refused rather than read as a version.
 *
 * @param major the major version, >= 1
 * @param minor the minor version, >= 0
 */
public record FormatVersion(int major, int minor) implements Comparable<FormatVersion> {
    /** What an absent field means, and what PolicyStream writes (so it omits the field). */
    public static final FormatVersion V1_0 = new FormatVersion(1, 0);
    /** The major version these codecs read, with any minor. */
    public static final int READABLE_MAJOR = 1;
    /** The name of the field in event and params JSON. */
    public static final String FIELD = "format";

    /** Digits of one part: at most 9, so that every accepted part fits an int. */
    private static final int MAX_DIGITS = 9;

    public FormatVersion {
        if (major < 1 || minor < 0) {
            throw new IllegalArgumentException("a format version is >= 1.0, not " + major + "." + minor);
        }
    }

    /**
     * Parses {@code "MAJOR"} or {@code "MAJOR.MINOR"}: decimal digits, no sign, no leading zero,
     * at most 9 digits each, major at least 1.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public static FormatVersion parse(String text) {
        int dot = text.indexOf('.');
        String majorText = dot < 0 ? text : text.substring(0, dot);
        String minorText = dot < 0 ? "0" : text.substring(dot + 1);
        if (!isNumber(majorText) || !isNumber(minorText)) {
            throw new IllegalArgumentException("must be \"MAJOR.MINOR\" in decimal digits, such as \"1.0\"");
        }
        int major = Integer.parseInt(majorText);
        if (major < 1) {
            throw new IllegalArgumentException("the major version starts at 1");
        }
        return new FormatVersion(major, Integer.parseInt(minorText));
    }

    private static boolean isNumber(String s) {
        if (s.isEmpty() || s.length() > MAX_DIGITS || (s.length() > 1 && s.charAt(0) == '0')) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /** Whether these codecs can read a record of this version. */
    public boolean readable() {
        return major == READABLE_MAJOR;
    }

    @Override
    public int compareTo(FormatVersion o) {
        return major != o.major ? Integer.compare(major, o.major) : Integer.compare(minor, o.minor);
    }

    @Override
    public String toString() {
        return major + "." + minor;
    }

    /** Reads the value of the {@code format} field at token {@code t} (not null: null means absent). */
    static FormatVersion read(JsonParser p, JsonToken t) throws IOException {
        if (t == JsonToken.VALUE_NUMBER_INT) {
            if (p.getNumberType() != JsonParser.NumberType.INT || p.getIntValue() < 1) {
                throw new WireException(InvalidReason.OUT_OF_RANGE,
                        FIELD + ": the major version must be an integer between 1 and " + Integer.MAX_VALUE
                                + ", got " + describe(p, t));
            }
            return new FormatVersion(p.getIntValue(), 0);
        }
        if (t == JsonToken.VALUE_STRING) {
            try {
                return parse(p.getText());
            } catch (IllegalArgumentException e) {
                throw new WireException(InvalidReason.BAD_FORMAT, FIELD + ": " + e.getMessage() + ", got "
                        + describe(p, t));
            }
        }
        throw new WireException(InvalidReason.WRONG_TYPE, FIELD + ": must be an integer major version or a string "
                + "\"MAJOR.MINOR\" such as \"1.0\" (a fraction is ambiguous: 1.10 is not 1.1), got " + describe(p, t));
    }

    /** Refuses a version of another major as {@code unsupported-format}. */
    void checkReadable() {
        if (!readable()) {
            throw new WireException(InvalidReason.UNSUPPORTED_FORMAT, FIELD + ": version " + this
                    + " is not readable here: this reader reads " + READABLE_MAJOR + ".x (upgrade the reader, or "
                    + "have the producer write format " + READABLE_MAJOR + ")");
        }
    }
}
