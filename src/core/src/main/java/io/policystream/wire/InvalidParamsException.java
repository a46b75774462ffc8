package io.policystream.wire;

import io.policystream.event.InvalidReason;

/**
 * A params value that cannot be accepted: malformed JSON, a missing or mistyped field, a
 * non-finite number, or layer shapes that do not chain. The message names the field
 * ({@code layers[1].weights: 3 columns, previous layer has 4 outputs}); the reason uses the same
 * codes as refused events, so both can be counted and logged alike.
 */
public final class InvalidParamsException extends Exception {
    private final InvalidReason reason;

    public InvalidParamsException(InvalidReason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public InvalidReason reason() {
        return reason;
    }
}
