package io.policystream.wire;

import io.policystream.event.InvalidReason;

/**
 * The refusals of one JSON object's fields, kept until the whole object has been read, and the
 * order in which they count: the format version's first (a newer major version may change any
 * field, so its other refusals mean nothing), then whether that version can be read at all, then
 * the first other field's. Malformed JSON cannot be read past and is thrown at once.
 */
final class FieldRefusals {
    private WireException format;
    private WireException first;

    /** Keeps {@code e}, the refusal of field {@code name}; throws it when the JSON itself is malformed. */
    void keep(String name, WireException e) {
        if (e.reason() == InvalidReason.MALFORMED_JSON) {
            throw e;
        }
        if (name.equals(FormatVersion.FIELD)) {
            format = e;
        } else if (first == null) {
            first = e;
        }
    }

    /** Throws the refusal that counts for an object of format {@code version}, if any. */
    void throwFirst(FormatVersion version) {
        if (format != null) {
            throw format;
        }
        version.checkReadable();
        if (first != null) {
            throw first;
        }
    }
}
