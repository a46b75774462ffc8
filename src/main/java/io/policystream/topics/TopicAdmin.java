package io.policystream.topics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
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
     * Creates the topics that do not exist and leaves the existing ones untouched, so running it twice
     * is harmless; then waits until every partition of every defined topic has a leader, because
     * producing earlier can trip KAFKA-15591.
     */
    public CreateResult create(Collection<TopicDefinition> definitions) {
        Set<String> present = existingTopics();
        List<String> created = new ArrayList<>();
        List<String> existing = new ArrayList<>();
        for (TopicDefinition d : definitions) {
            if (present.contains(d.name())) {
                existing.add(d.name());
                continue;
            }
            try {
                await(admin.createTopics(List.of(d.toNewTopic())).all(), "create topic " + d.name());
                created.add(d.name());
            } catch (TopicExistsException e) {
                existing.add(d.name());
            }
        }
        awaitLeaders(definitions.stream().map(TopicDefinition::name).toList());
        return new CreateResult(created, existing);
    }

    /**
     * Every difference between the cluster and the definitions, one human-readable line each: a
     * missing topic, a partition count or replication factor that differs, and each config in a
     * definition whose value on the cluster differs. Configs the definitions do not mention are not
     * compared. An empty list means the cluster matches.
     */
    public List<String> check(Collection<TopicDefinition> definitions) {
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
        List<String> names = found.stream().map(TopicDefinition::name).toList();
        Map<String, TopicDescription> descriptions =
                await(admin.describeTopics(names).allTopicNames(), "describe topics " + names);
        List<ConfigResource> resources =
                names.stream().map(n -> new ConfigResource(ConfigResource.Type.TOPIC, n)).toList();
        Map<ConfigResource, Config> configs = await(admin.describeConfigs(resources).all(), "describe topic configs");
        for (TopicDefinition d : found) {
            TopicDescription description = descriptions.get(d.name());
            int partitions = description.partitions().size();
            if (partitions != d.partitions()) {
                differences.add(d.name() + ": partitions: expected " + d.partitions() + ", actual " + partitions);
            }
            int replication = description.partitions().get(0).replicas().size();
            if (replication != d.replicationFactor()) {
                differences.add(d.name() + ": replication factor: expected " + d.replicationFactor()
                        + ", actual " + replication);
            }
            Config config = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, d.name()));
            d.configs().forEach((key, expected) -> {
                ConfigEntry entry = config.get(key);
                String actual = entry == null ? null : entry.value();
                if (!expected.equals(actual)) {
                    differences.add(d.name() + ": config " + key + ": expected " + expected + ", actual "
                            + (actual == null ? "(not set)" : actual));
                }
            });
        }
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
