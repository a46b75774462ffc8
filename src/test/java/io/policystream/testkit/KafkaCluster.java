package io.policystream.testkit;

import io.policystream.broker.EmbeddedKafkaBroker;
import io.policystream.topics.TopicAdmin;
import io.policystream.topics.TopicDefinition;
import io.policystream.topics.TopicDefinitions;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A Kafka cluster for one integration test class: started before its first test, stopped after its
 * last, so each class sees a fresh cluster. Register it on a <em>static</em> field:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final KafkaCluster KAFKA = KafkaCluster.withProjectTopics();
 * ...
 * props.put("bootstrap.servers", KAFKA.bootstrapServers());
 * }</pre>
 *
 * <p>Which cluster is chosen by the system property {@value #CLUSTER_PROPERTY}: {@code embedded}
 * (the default, an {@link EmbeddedKafkaBroker} in the test JVM) or {@code docker} (reserved for a
 * Testcontainers Kafka behind a {@code -Pdocker} Maven profile; not implemented, as there is no
 * Docker on the build machines). Everything but starting and stopping goes through the Kafka client
 * API, so tests behave the same on either.
 */
public final class KafkaCluster implements BeforeAllCallback, AfterAllCallback {
    /** System property choosing the cluster: {@code embedded} or {@code docker}. */
    public static final String CLUSTER_PROPERTY = "policystream.test.cluster";
    /** Bound on every wait: start, topic creation, partition leaders. */
    public static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final List<TopicDefinition> initialTopics;
    private Backend backend;
    private String bootstrapServers;

    private KafkaCluster(List<TopicDefinition> initialTopics) {
        this.initialTopics = List.copyOf(initialTopics);
    }

    /** A cluster with the project's topics ({@code topics/}) created and their leaders known. */
    public static KafkaCluster withProjectTopics() {
        return new KafkaCluster(TopicDefinitions.loadBundled());
    }

    /** A cluster with no topics; create them with {@link #createTopics}. */
    public static KafkaCluster empty() {
        return new KafkaCluster(List.of());
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        backend = chooseBackend();
        bootstrapServers = backend.start();
        if (!initialTopics.isEmpty()) {
            createTopics(initialTopics);
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (backend != null) {
            backend.close();
            backend = null;
        }
    }

    /** The {@code bootstrap.servers} of the running cluster. */
    public String bootstrapServers() {
        if (bootstrapServers == null) {
            throw new IllegalStateException("the cluster is not running; register KafkaCluster on a static field");
        }
        return bootstrapServers;
    }

    /** Client properties reaching the cluster: {@code bootstrap.servers}; add serdes and group as needed. */
    public Properties clientProperties() {
        Properties p = new Properties();
        p.setProperty(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        return p;
    }

    /** An Admin client for the cluster whose calls give up after {@link #TIMEOUT}; the caller closes it. */
    public Admin admin() {
        Properties p = clientProperties();
        p.setProperty(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, String.valueOf(TIMEOUT.toMillis()));
        return Admin.create(p);
    }

    /** Creates the topics that are missing and waits until all their partitions have a leader. */
    public void createTopics(Collection<TopicDefinition> topics) {
        try (Admin admin = admin()) {
            new TopicAdmin(admin, TIMEOUT).create(topics);
        }
    }

    /**
     * Creates the project's topics under {@code prefix} (e.g. {@code t1.policystream.events}), so
     * tests in one class do not see each other's records; returns learner configuration entries
     * naming them ({@code topic.events=...}).
     */
    public java.util.Map<String, String> createPrefixedProjectTopics(String prefix) {
        java.util.Map<String, String> names = new java.util.HashMap<>();
        java.util.List<TopicDefinition> defs = new java.util.ArrayList<>();
        for (TopicDefinition d : TopicDefinitions.loadBundled()) {
            defs.add(d.withName(prefix + d.name()));
            String key = switch (d.name()) {
                case "policystream.events" -> "topic.events";
                case "policystream.params" -> "topic.params";
                case "policystream.params.history" -> "topic.history";
                case "policystream.dlq" -> "topic.dlq";
                default -> null;
            };
            if (key != null) {
                names.put(key, prefix + d.name());
            }
        }
        createTopics(defs);
        return names;
    }

    private static Backend chooseBackend() {
        String kind = System.getProperty(CLUSTER_PROPERTY, "embedded");
        return switch (kind) {
            case "embedded" -> new EmbeddedBackend();
            case "docker" -> dockerBackend();
            default -> throw new IllegalArgumentException(CLUSTER_PROPERTY + " must be embedded or docker, got '"
                    + kind + "'");
        };
    }

    /**
     * Testcontainers' Kafka, compiled only with {@code -Pdocker} (src/test-docker/java), so the
     * default build needs neither Testcontainers nor Docker.
     */
    private static Backend dockerBackend() {
        try {
            Class<?> c = Class.forName("io.policystream.testkit.docker.KafkaContainerBackend");
            return (Backend) c.getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(CLUSTER_PROPERTY + "=docker needs the -Pdocker Maven profile "
                    + "(Testcontainers and a Docker engine)", e);
        }
    }

    /** The seam for another kind of cluster: start it and say where it is, stop it. */
    public interface Backend {
        /** Starts the cluster and returns its {@code bootstrap.servers}. */
        String start();

        void close();
    }

    private static final class EmbeddedBackend implements Backend {
        private EmbeddedKafkaBroker broker;

        @Override
        public String start() {
            broker = EmbeddedKafkaBroker.builder().timeout(TIMEOUT).start();
            return broker.bootstrapServers();
        }

        @Override
        public void close() {
            broker.close();
        }
    }
}
