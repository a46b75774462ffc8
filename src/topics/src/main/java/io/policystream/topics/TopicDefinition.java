package io.policystream.topics;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * What one topic should look like: the content of one {@code topics/<name>.properties} file.
 *
 * @param name the topic name
 * @param partitions number of partitions, at least 1
 * @param replicationFactor number of replicas of each partition, at least 1, or {@link #CLUSTER_DEFAULT}
 *                          for the one {@link Replication#defaultFactor} chooses for the cluster
 * @param configs topic-level configs (e.g. {@code cleanup.policy}), sorted by key
 */
public record TopicDefinition(String name, int partitions, int replicationFactor, Map<String, String> configs) {
    /** A replication factor left to the cluster's size (see {@link Replication}). */
    public static final int CLUSTER_DEFAULT = 0;

    public TopicDefinition {
        Objects.requireNonNull(name, "name");
        if (partitions < 1) {
            throw new IllegalArgumentException(name + ": partitions must be at least 1, got " + partitions);
        }
        if (replicationFactor < CLUSTER_DEFAULT || replicationFactor > Short.MAX_VALUE) {
            throw new IllegalArgumentException(name + ": replication factor must be between 1 and "
                    + Short.MAX_VALUE + " (or 0 for the cluster's default), got " + replicationFactor);
        }
        configs = Collections.unmodifiableMap(new TreeMap<>(configs));
    }

    /** The same definition under another name, e.g. with a prefix that isolates a test. */
    public TopicDefinition withName(String newName) {
        return new TopicDefinition(newName, partitions, replicationFactor, configs);
    }

    /** Whether the replication factor is left to the cluster's size. */
    public boolean replicationFromCluster() {
        return replicationFactor == CLUSTER_DEFAULT;
    }

    /** The Admin API request that creates this topic; the broker's default replication when none is set. */
    public NewTopic toNewTopic() {
        return new NewTopic(name, Optional.of(partitions), replicationFromCluster() ? Optional.empty()
                : Optional.of((short) replicationFactor)).configs(configs);
    }

    /** The Admin API request that creates this topic with {@code r}: its factor and {@code min.insync.replicas}. */
    public NewTopic toNewTopic(Replication r) {
        Map<String, String> withIsr = new TreeMap<>(configs);
        withIsr.put(Replication.MIN_INSYNC_REPLICAS, Integer.toString(r.minInsyncReplicas()));
        return new NewTopic(name, Optional.of(partitions), Optional.of((short) r.factor())).configs(withIsr);
    }
}
