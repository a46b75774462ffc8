package io.policystream.wire;

import com.fasterxml.jackson.core.JsonToken;
import io.policystream.event.InvalidReason;

/**
 * The known fields of one JSON object read so far, one bit each: which names appeared (to refuse
 * duplicates, which parsers resolve differently) and which held a non-null value (null counts as
 * absent).
 */
final class FieldSet {
    private int seen;
    private int present;

    /**
     * Records that field {@code bit} appeared and says whether it holds a value.
     *
     * @throws WireException when the field appeared before
     */
    boolean mark(int bit, String name, JsonToken value) {
        if ((seen & bit) != 0) {
            throw new WireException(InvalidReason.MALFORMED_JSON, "duplicate field \"" + name + "\"");
        }
        seen |= bit;
        if (value == JsonToken.VALUE_NULL) {
            return false;
        }
        present |= bit;
        return true;
    }

    /** Whether field {@code bit} held a non-null value. */
    boolean has(int bit) {
        return (present & bit) != 0;
    }
}
