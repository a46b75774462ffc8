package io.policystream.topics;

/** A replication the cluster cannot give: more copies than brokers, or more in-sync replicas than copies. */
public final class ReplicationException extends RuntimeException {
    public ReplicationException(String message) {
        super(message);
    }
}
