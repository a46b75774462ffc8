package io.policystream.wire;

import static io.policystream.wire.WireJson.describe;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.policystream.event.InvalidReason;
import java.io.IOException;

/**
 * Reads one typed JSON value at the parser's current token, or refuses it with the field's name.
 *
 * <p>A {@code null} token is handled by the callers (it means "absent"), so every method here
 * treats it as the wrong type. Integers must be JSON integers (no fraction, no exponent) so that
 * {@code 1.5} is never silently truncated to a step or a version.
 */
final class JsonValues {
    private JsonValues() {
    }

    static String string(JsonParser p, JsonToken t, String field) throws IOException {
        if (t != JsonToken.VALUE_STRING) {
            throw new WireException(InvalidReason.WRONG_TYPE, field + ": must be a string, got " + describe(p, t));
        }
        return p.getText();
    }

    static boolean bool(JsonParser p, JsonToken t, String field) throws IOException {
        if (t == JsonToken.VALUE_TRUE) {
            return true;
        }
        if (t == JsonToken.VALUE_FALSE) {
            return false;
        }
        throw new WireException(InvalidReason.WRONG_TYPE, field + ": must be true or false, got " + describe(p, t));
    }

    /** A number that is finite as a double: NaN, infinities and overflow (1e400) are refused. */
    static double finite(JsonParser p, JsonToken t, String field) throws IOException {
        if (t != JsonToken.VALUE_NUMBER_FLOAT && t != JsonToken.VALUE_NUMBER_INT) {
            throw new WireException(InvalidReason.WRONG_TYPE, field + ": must be a number, got " + describe(p, t));
        }
        double d = p.getDoubleValue();
        if (!Double.isFinite(d)) {
            throw new WireException(InvalidReason.NON_FINITE, field + ": not a finite number");
        }
        return d;
    }

    /** A JSON integer in [0, Long.MAX_VALUE]. */
    static long nonNegativeLong(JsonParser p, JsonToken t, String field) throws IOException {
        if (t != JsonToken.VALUE_NUMBER_INT) {
            throw new WireException(InvalidReason.WRONG_TYPE,
                    field + ": must be an integer >= 0, got " + describe(p, t));
        }
        if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
            throw new WireException(InvalidReason.OUT_OF_RANGE,
                    field + ": must be an integer between 0 and " + Long.MAX_VALUE + ", got " + describe(p, t));
        }
        long v = p.getLongValue();
        if (v < 0) {
            throw new WireException(InvalidReason.OUT_OF_RANGE, field + ": must be an integer >= 0, got " + v);
        }
        return v;
    }

    /**
     * An array of finite numbers, read through {@code scratch} (cleared first) so that no element
     * is boxed. An empty array is refused when {@code nonEmpty}.
     */
    static double[] finiteArray(JsonParser p, JsonToken t, String field, DoubleList scratch, boolean nonEmpty)
            throws IOException {
        scratch.clear();
        appendFiniteArray(p, t, field, scratch, nonEmpty);
        return scratch.toArray();
    }

    /**
     * Appends an array of finite numbers to {@code dst} and returns how many there were; elements
     * are named {@code field[i]} in messages. An empty array is refused when {@code nonEmpty}.
     */
    static int appendFiniteArray(JsonParser p, JsonToken t, String field, DoubleList dst, boolean nonEmpty)
            throws IOException {
        if (t != JsonToken.START_ARRAY) {
            throw new WireException(InvalidReason.WRONG_TYPE,
                    field + ": must be an array of numbers, got " + describe(p, t));
        }
        int n = 0;
        JsonToken e;
        while ((e = p.nextToken()) != JsonToken.END_ARRAY) {
            if (e != JsonToken.VALUE_NUMBER_FLOAT && e != JsonToken.VALUE_NUMBER_INT) {
                throw new WireException(InvalidReason.WRONG_TYPE,
                        field + "[" + n + "]: must be a number, got " + describe(p, e));
            }
            double d = p.getDoubleValue();
            if (!Double.isFinite(d)) {
                throw new WireException(InvalidReason.NON_FINITE, field + "[" + n + "]: not a finite number");
            }
            dst.add(d);
            n++;
        }
        if (nonEmpty && n == 0) {
            throw new WireException(InvalidReason.WRONG_DIMENSION, field + ": must not be empty");
        }
        return n;
    }
}
