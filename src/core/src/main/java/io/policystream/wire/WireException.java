package io.policystream.wire;

import io.policystream.event.InvalidReason;

/**
 * A refusal found while reading or checking a wire value, before it becomes the codec's public
 * checked exception. Unchecked so the small reading helpers compose without {@code throws}
 * clutter, and stackless because refusing bad input is an ordinary, frequent outcome.
 */
final class WireException extends RuntimeException {
    private final InvalidReason reason;

    WireException(InvalidReason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    InvalidReason reason() {
        return reason;
    }
}
