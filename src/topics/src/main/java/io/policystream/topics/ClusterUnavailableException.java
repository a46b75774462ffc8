package io.policystream.topics;

/** The Kafka cluster did not answer within the allowed time. */
public final class ClusterUnavailableException extends RuntimeException {

    public ClusterUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
