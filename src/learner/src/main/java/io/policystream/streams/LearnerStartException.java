package io.policystream.streams;

/** Why the learner cannot start: each reason has its own message and, in the CLI, its own exit code. */
public final class LearnerStartException extends IllegalStateException {
    /** What stands in the way. */
    public enum Reason {
        /** No broker answered within the startup timeout. */
        UNREACHABLE,
        /** A broker refused the learner's credentials or its TLS settings. */
        AUTHENTICATION,
        /** A broker refused the learner an operation it needs (ACLs). */
        AUTHORIZATION,
        /** The learner's topics do not exist. */
        TOPICS_MISSING,
        /** Kafka Streams stopped with an error while starting, or the learner was closed. */
        FAILED
    }

    private final Reason reason;

    public LearnerStartException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public LearnerStartException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
