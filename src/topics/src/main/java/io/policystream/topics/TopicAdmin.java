package io.policystream.topics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Applies topic definitions to a cluster and compares a cluster with them. Every call to the cluster
 * is bounded by the timeout given at construction; running out of it raises {@link
 * ClusterUnavailableException}. Any other refusal by the cluster surfaces as the Kafka exception that
 * explains it (e.g. an authorization or policy error).
 */
public final class TopicAdmin {
    private static final long POLL_MS = 50;

    private final Admin admin;
    private final Duration timeout;

    /** Uses {@code admin} (owned by the caller) and bounds every wait by {@code timeout}. */
    public TopicAdmin(Admin admin, Duration timeout) {
        this.admin = admin;
        this.timeout = timeout;
    }

    /**
     * Creates the topics that do not exist with the replication their definitions or the cluster's
     * size give ({@link Replication}), as {@link #create(Collection, Integer, Integer)} without overrides.
     */
    public CreateResult create(Collection<TopicDefinition> definitions) {
        return create(definitions, null, null);
    }

    /**
     * Creates the topics that do not exist and leaves the existing ones untouched, so running it twice
     * is harmless; then waits until every partition of every defined topic has a leader, because
     * producing earlier can trip KAFKA-15591. Each new topic's replication factor is {@code factor},
     * else its definition's, else the default for the cluster's size; its {@code min.insync.replicas}
     * is {@code minInsyncReplicas}, else its definition's config, else the rule of {@link Replication}.
     *
     * @param factor the replication factor of every new topic, or null
     * @param minInsyncReplicas the min.insync.replicas of every new topic, or null
     * @throws ReplicationException before creating anything, when the cluster has fewer brokers than
     *                              a factor asks or a minimum exceeds its factor
     */
    public CreateResult create(Collection<TopicDefinition> definitions, Integer factor, Integer minInsyncReplicas) {
        int brokers = brokers();
        if (factor != null || minInsyncReplicas != null) {
            // Refuse what this cluster cannot give even when every topic exists: the caller asked for it.
            Replication.resolve(factor, minInsyncReplicas, brokers);
        }
        Set<String> present = existingTopics();
        Map<String, Replication> plans = new LinkedHashMap<>();
        for (TopicDefinition d : definitions) {
            if (!present.contains(d.name())) {
                plans.put(d.name(), replicationOf(d, factor, minInsyncReplicas, brokers));
            }
        }
        List<String> created = new ArrayList<>();
        List<String> existing = new ArrayList<>();
        for (TopicDefinition d : definitions) {
            if (present.contains(d.name())) {
                existing.add(d.name());
                continue;
            }
            try {
                await(admin.createTopics(List.of(d.toNewTopic(plans.get(d.name())))).all(), "create topic " + d.name());
                created.add(d.name());
            } catch (TopicExistsException e) {
                existing.add(d.name());
                plans.remove(d.name());
            }
        }
        awaitLeaders(definitions.stream().map(TopicDefinition::name).toList());
        plans.keySet().retainAll(created);
        return new CreateResult(created, existing, plans, brokers);
    }

    private static Replication replicationOf(TopicDefinition d, Integer factor, Integer minInsyncReplicas,
                                             int brokers) {
        Integer f = factor != null ? factor : d.replicationFromCluster() ? null : d.replicationFactor();
        Integer m = minInsyncReplicas;
        String configured = d.configs().get(Replication.MIN_INSYNC_REPLICAS);
        if (m == null && configured != null) {
            try {
                m = Integer.parseInt(configured);
            } catch (NumberFormatException e) {
                throw new ReplicationException(d.name() + ": config " + Replication.MIN_INSYNC_REPLICAS
                        + " must be an integer, not '" + configured + "'");
            }
        }
        try {
            return Replication.resolve(f, m, brokers);
        } catch (ReplicationException e) {
            throw new ReplicationException(d.name() + ": " + e.getMessage());
        }
    }

    /** The number of brokers of the cluster. */
    public int brokers() {
        return await(admin.describeCluster().nodes(), "describe the cluster").size();
    }

    /**
     * Every difference between the cluster and the definitions, as {@link #check(Collection, Integer, Integer)}
     * without overrides.
     */
    public List<String> check(Collection<TopicDefinition> definitions) {
        return check(definitions, null, null);
    }

    /**
     * Every difference between the cluster and the definitions, one human-readable line each: a
     * missing topic, a partition count that differs, a replication factor other than {@code factor}
     * or the definition's, a topic replicated less than the cluster allows ({@link
     * Replication#defaultFactor}), a {@code min.insync.replicas} other than {@code minInsyncReplicas}
     * or the rule's for the topic's factor (unless the definition sets it), and each config in a
     * definition whose value on the cluster differs. Configs the definitions do not mention are not
     * compared. An empty list means the cluster matches.
     */
    public List<String> check(Collection<TopicDefinition> definitions, Integer factor, Integer minInsyncReplicas) {
        Set<String> present = existingTopics();
        List<TopicDefinition> found = definitions.stream().filter(d -> present.contains(d.name())).toList();
        List<String> differences = new ArrayList<>();
        for (TopicDefinition d : definitions) {
            if (!present.contains(d.name())) {
                differences.add(d.name() + ": missing");
            }
        }
        if (found.isEmpty()) {
            return differences;
        }
        int brokers = brokers();
        List<String> names = found.stream().map(TopicDefinition::name).toList();
        Map<String, TopicDescription> descriptions =
                await(admin.describeTopics(names).allTopicNames(), "describe topics " + names);
        List<ConfigResource> resources =
                names.stream().map(n -> new ConfigResource(ConfigResource.Type.TOPIC, n)).toList();
        Map<ConfigResource, Config> configs = await(admin.describeConfigs(resources).all(), "describe topic configs");
        for (TopicDefinition d : found) {
            TopicDescription description = descriptions.get(d.name());
            int replication = description.partitions().stream().mapToInt(p -> p.replicas().size()).min().orElse(0);
            Map<String, String> actual = new HashMap<>();
            for (ConfigEntry e : configs.get(new ConfigResource(ConfigResource.Type.TOPIC, d.name())).entries()) {
                if (e.value() != null) {
                    actual.put(e.name(), e.value());
                }
            }
            differences.addAll(differences(d, description.partitions().size(), replication, actual, brokers, factor,
                    minInsyncReplicas));
        }
        return differences;
    }

    /**
     * The differences between one topic on the cluster and its definition, one line each (see
     * {@link #check(Collection, Integer, Integer)}).
     *
     * @param partitions the topic's partition count
     * @param replication the topic's replication factor (the fewest replicas of any partition)
     * @param configs the topic's configs, defaults included
     * @param brokers the brokers of the cluster
     * @param factor the replication factor asked for, or null
     * @param minInsyncReplicas the min.insync.replicas asked for, or null
     */
    static List<String> differences(TopicDefinition d, int partitions, int replication, Map<String, String> configs,
                                    int brokers, Integer factor, Integer minInsyncReplicas) {
        List<String> differences = new ArrayList<>();
        if (partitions != d.partitions()) {
            differences.add(d.name() + ": partitions: expected " + d.partitions() + ", actual " + partitions);
        }
        int allowed = Replication.defaultFactor(brokers);
        Integer expected = factor != null ? factor : d.replicationFromCluster() ? null : d.replicationFactor();
        if (expected != null && replication != expected) {
            differences.add(d.name() + ": replication factor: expected " + expected + ", actual " + replication);
        } else if (replication < allowed) {
            differences.add(d.name() + ": replication factor " + replication + " is less than the cluster of "
                    + brokers + " brokers allows (" + allowed + "): losing a broker loses "
                    + (replication == 1 ? "partitions" : "in-sync copies") + "; reassign its partitions to "
                    + allowed + " replicas");
        }
        if (!d.configs().containsKey(Replication.MIN_INSYNC_REPLICAS)) {
            int wanted = minInsyncReplicas != null ? minInsyncReplicas
                    : Replication.defaultMinInsyncReplicas(Math.max(1, replication));
            String actual = configs.get(Replication.MIN_INSYNC_REPLICAS);
            if (!Integer.toString(wanted).equals(actual)) {
                differences.add(d.name() + ": config " + Replication.MIN_INSYNC_REPLICAS + ": expected " + wanted
                        + (minInsyncReplicas == null ? " (for replication factor " + replication + ")" : "")
                        + ", actual " + (actual == null ? "(not set)" : actual));
            }
        }
        d.configs().forEach((key, value) -> {
            String actual = configs.get(key);
            if (!value.equals(actual)) {
                differences.add(d.name() + ": config " + key + ": expected " + value + ", actual "
                        + (actual == null ? "(not set)" : actual));
            }
        });
        return differences;
    }

    /**
     * Waits until every partition of every named topic has a leader. Right after creation the topic
     * may still be unknown to the broker's metadata cache, so unknown topics are waited for as well.
     */
    public void awaitLeaders(Collection<String> topicNames) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Set<String> waiting = new HashSet<>(topicNames);
        while (!waiting.isEmpty()) {
            for (String name : List.copyOf(waiting)) {
                if (hasAllLeaders(name)) {
                    waiting.remove(name);
                }
            }
            if (waiting.isEmpty()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new ClusterUnavailableException("partitions of " + waiting + " have no leader after "
                        + timeout.toSeconds() + " s", null);
            }
            sleep();
        }
    }

    private boolean hasAllLeaders(String name) {
        try {
            TopicDescription d = await(admin.describeTopics(List.of(name)).allTopicNames(), "describe topic " + name)
                    .get(name);
            return d.partitions().stream().map(TopicPartitionInfo::leader).allMatch(l -> l != null && !l.isEmpty());
        } catch (UnknownTopicOrPartitionException e) {
            return false;
        }
    }

    private Set<String> existingTopics() {
        return await(admin.listTopics().names(), "list topics");
    }

    /** Waits for {@code future} within the timeout; unwraps the cause of a failure so callers can match on it. */
    private <T> T await(KafkaFuture<T> future, String what) {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw unavailable(what, e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof org.apache.kafka.common.errors.TimeoutException) {
                throw unavailable(what, cause);
            }
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException("cannot " + what + ": " + cause, cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while trying to " + what, e);
        }
    }

    private ClusterUnavailableException unavailable(String what, Throwable cause) {
        return new ClusterUnavailableException("the Kafka cluster did not answer within "
                + timeout.toSeconds() + " s (trying to " + what + ")", cause);
    }

    private static void sleep() {
        try {
            Thread.sleep(POLL_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for partition leaders", e);
        }
    }
}
