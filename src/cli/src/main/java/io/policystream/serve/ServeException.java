package io.policystream.serve;

/**
 * A request the acting service refuses, with the HTTP status that says why and the request field
 * at fault (null when no single field is). The message is complete for the caller: it is sent back
 * as is. Stackless, because refusing bad input is an ordinary, frequent outcome.
 */
public final class ServeException extends RuntimeException {
    private final int status;
    private final String field;

    public ServeException(int status, String field, String message) {
        super(message, null, false, false);
        this.status = status;
        this.field = field;
    }

    /** 400 for a field that is missing, of the wrong type or out of range. */
    static ServeException badField(String field, String message) {
        return new ServeException(400, field, message);
    }

    /** The HTTP status: 400, 404, 405, 413 or 503. */
    public int status() {
        return status;
    }

    /** The request field at fault, or null. */
    public String field() {
        return field;
    }
}
