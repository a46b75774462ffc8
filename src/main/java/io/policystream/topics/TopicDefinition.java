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
 * @param replicationFactor number of replicas of each partition, at least 1
 * @param configs topic-level configs (e.g. {@code cleanup.policy}), sorted by key
 */
public record TopicDefinition(String name, int partitions, int replicationFactor, Map<String, String> configs) {

    public TopicDefinition {
        Objects.requireNonNull(name, "name");
        if (partitions < 1) {
            throw new IllegalArgumentException(name + ": partitions must be at least 1, got " + partitions);
        }
        if (replicationFactor < 1 || replicationFactor > Short.MAX_VALUE) {
            throw new IllegalArgumentException(name + ": replication factor must be between 1 and "
                    + Short.MAX_VALUE + ", got " + replicationFactor);
        }
        configs = Collections.unmodifiableMap(new TreeMap<>(configs));
    }

    /** The same definition under another name, e.g. with a prefix that isolates a test. */
    public TopicDefinition withName(String newName) {
        return new TopicDefinition(newName, partitions, replicationFactor, configs);
    }

    /** The Admin API request that creates this topic. */
    public NewTopic toNewTopic() {
        return new NewTopic(name, Optional.of(partitions), Optional.of((short) replicationFactor)).configs(configs);
    }
}
