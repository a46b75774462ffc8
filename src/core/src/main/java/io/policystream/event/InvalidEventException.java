package io.policystream.event;

/** A record that cannot be accepted, with its reason code and a message naming the field. */
public final class InvalidEventException extends Exception {
    private final InvalidReason reason;

    public InvalidEventException(InvalidReason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    public InvalidReason reason() {
        return reason;
    }
}
