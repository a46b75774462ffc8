package io.policystream.replay;

/** A record that a line of an export file cannot hold so that it reads back the same; the message says why. */
public final class UnwritableRecordException extends RuntimeException {
    public UnwritableRecordException(String message) {
        super(message);
    }
}
