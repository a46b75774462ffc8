package io.policystream.cli;

import picocli.CommandLine.Option;

/** The replication that {@code topics create} gives new topics and {@code topics check} expects. */
final class ReplicationOptions {

    @Option(names = "--replication-factor", paramLabel = "N",
            description = "Copies of each partition of every topic (default: the definition's replication.factor,"
                    + " else chosen for the cluster: 1 on one broker, 2 on two, 3 on three or more).")
    Integer factor;

    @Option(names = "--min-insync-replicas", paramLabel = "M",
            description = "Copies that must have a write before an acks=all producer hears it succeeded (default:"
                    + " the definition's config.min.insync.replicas, else max(1, min(2, N - 1)): 1 for N = 1 or 2,"
                    + " 2 from N = 3).")
    Integer minInsyncReplicas;

    /** Refuses values below 1, before any call to the cluster. */
    void validate() {
        if (factor != null && factor < 1) {
            throw UserException.usage("--replication-factor must be at least 1, not " + factor);
        }
        if (minInsyncReplicas != null && minInsyncReplicas < 1) {
            throw UserException.usage("--min-insync-replicas must be at least 1, not " + minInsyncReplicas);
        }
    }
}
