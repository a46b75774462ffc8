package io.policystream.topics;

/**
 * How many copies of each partition a topic gets, and how many of them must have a write before
 * an {@code acks=all} producer hears it succeeded ({@code min.insync.replicas}).
 *
 * <p>The defaults suit the cluster: the replication factor is the number of brokers up to 3 (1 on
 * one broker, 2 on two, 3 on three or more), and the minimum in-sync replicas is
 * {@code max(1, min(2, factor - 1))}: 1 for factors 1 and 2, so one broker may be down and writes
 * go on; 2 from factor 3, so an acknowledged write is on two brokers and one broker may still be
 * down.
 *
 * @param factor copies of each partition
 * @param minInsyncReplicas copies that must have a write before it is acknowledged
 */
public record Replication(int factor, int minInsyncReplicas) {
    /** The topic config of the minimum in-sync replicas. */
    public static final String MIN_INSYNC_REPLICAS = "min.insync.replicas";
    /** The largest replication factor chosen by default, the usual one in production. */
    public static final int MAX_DEFAULT_FACTOR = 3;

    public Replication {
        if (factor < 1 || factor > Short.MAX_VALUE) {
            throw new ReplicationException("the replication factor must be between 1 and " + Short.MAX_VALUE
                    + ", not " + factor);
        }
        if (minInsyncReplicas < 1 || minInsyncReplicas > factor) {
            throw new ReplicationException("min.insync.replicas must be between 1 and the replication factor "
                    + factor + ", not " + minInsyncReplicas + (minInsyncReplicas > factor
                    ? ": no acks=all write could ever succeed" : ""));
        }
    }

    /** The replication factor for a cluster of {@code brokers}: 1, 2, then 3 from three brokers on. */
    public static int defaultFactor(int brokers) {
        if (brokers < 1) {
            throw new IllegalArgumentException("a cluster has at least one broker, not " + brokers);
        }
        return Math.min(MAX_DEFAULT_FACTOR, brokers);
    }

    /** {@code max(1, min(2, factor - 1))}: writes go on with one broker down, and from factor 3 are on two. */
    public static int defaultMinInsyncReplicas(int factor) {
        return Math.max(1, Math.min(2, factor - 1));
    }

    /**
     * The replication of one topic on a cluster of {@code brokers}: each value as asked (null: not
     * asked), else the default.
     *
     * @throws ReplicationException when the cluster has fewer brokers than the factor asked, or the
     *                              minimum in-sync replicas exceed the factor
     */
    public static Replication resolve(Integer factor, Integer minInsyncReplicas, int brokers) {
        int f = factor == null ? defaultFactor(brokers) : factor;
        if (f > brokers) {
            throw new ReplicationException("a replication factor of " + f + " needs at least " + f + " brokers, but "
                    + "the cluster has " + brokers + (brokers == 1 ? " broker" : " brokers") + "; use "
                    + defaultFactor(brokers) + " or less (the default chooses " + defaultFactor(brokers)
                    + " for this cluster)");
        }
        return new Replication(f, minInsyncReplicas == null ? defaultMinInsyncReplicas(f) : minInsyncReplicas);
    }
}
