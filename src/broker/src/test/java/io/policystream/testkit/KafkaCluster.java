package io.policystream.testkit;

import io.policystream.broker.BrokerSecurity;
import io.policystream.broker.EmbeddedKafkaBroker;
import io.policystream.broker.PortInUseException;
import io.policystream.broker.SecurityAcls;
import io.policystream.topics.TopicAdmin;
import io.policystream.topics.TopicDefinition;
import io.policystream.topics.TopicDefinitions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
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
 * (the default, an {@link EmbeddedKafkaBroker} in the test JVM) or {@code docker} (the official
 * {@code apache/kafka} image through Testcontainers, {@code io.policystream.testkit.docker.KafkaContainerBackend},
 * compiled and chosen by the {@code -Pdocker} Maven profile; it needs a Docker engine). Both give
 * the same single-node KRaft cluster; everything but starting, stopping and restarting the broker
 * goes through the Kafka client API, so tests behave the same on either.
 *
 * <p>A {@link #secure()} cluster has SASL_SSL with SCRAM-SHA-512 on its client listener, the users
 * {@value BrokerSecurity#ADMIN} (a super user), {@value BrokerSecurity#LEARNER} and
 * {@value BrokerSecurity#ACTOR}, and the ACLs of {@link SecurityAcls}; {@link #clientProperties()}
 * then logs in as the admin.
 */
public final class KafkaCluster implements BeforeAllCallback, AfterAllCallback {
    /** System property choosing the cluster: {@code embedded} or {@code docker}. */
    public static final String CLUSTER_PROPERTY = "policystream.test.cluster";
    /** Bound on every wait: start, restart, topic creation, partition leaders. */
    public static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final List<TopicDefinition> initialTopics;
    private final boolean secure;
    private Backend backend;
    private String bootstrapServers;

    private KafkaCluster(List<TopicDefinition> initialTopics, boolean secure) {
        this.initialTopics = List.copyOf(initialTopics);
        this.secure = secure;
    }

    /** A cluster with the project's topics ({@code topics/}) created and their leaders known. */
    public static KafkaCluster withProjectTopics() {
        return new KafkaCluster(TopicDefinitions.loadBundled(), false);
    }

    /** A cluster with no topics; create them with {@link #createTopics}. */
    public static KafkaCluster empty() {
        return new KafkaCluster(List.of(), false);
    }

    /**
     * A secure cluster (SASL_SSL, SCRAM-SHA-512, the users and ACLs of {@link SecurityAcls}) with the
     * project's topics created.
     */
    public static KafkaCluster secure() {
        return new KafkaCluster(TopicDefinitions.loadBundled(), true);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        backend = chooseBackend();
        bootstrapServers = backend.start(secure);
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

    /** The {@code bootstrap.servers} of the running cluster; the same after {@link #startBroker()}. */
    public String bootstrapServers() {
        if (bootstrapServers == null) {
            throw new IllegalStateException("the cluster is not running; register KafkaCluster on a static field");
        }
        return bootstrapServers;
    }

    /**
     * Client properties reaching the cluster: {@code bootstrap.servers}, and on a secure cluster the
     * {@value BrokerSecurity#ADMIN} super user's login; add serdes and group as needed.
     */
    public Properties clientProperties() {
        return secure ? clientProperties(BrokerSecurity.ADMIN) : bootstrapOnly();
    }

    /**
     * The client properties of one user of a secure cluster: {@code bootstrap.servers}, security
     * protocol, SCRAM-SHA-512 login and truststore.
     *
     * @param user {@value BrokerSecurity#ADMIN}, {@value BrokerSecurity#LEARNER} or {@value BrokerSecurity#ACTOR}
     */
    public Properties clientProperties(String user) {
        requireSecure();
        Properties p = bootstrapOnly();
        p.putAll(backend.security(user));
        return p;
    }

    /**
     * A file holding the client settings of {@code user} on a secure cluster (everything of
     * {@link #clientProperties(String)} but {@code bootstrap.servers}), as {@code --kafka-config} takes.
     */
    public Path clientConfigFile(String user) {
        requireSecure();
        return backend.clientConfigFile(user);
    }

    /** An Admin client for the cluster whose calls give up after {@link #TIMEOUT}; the caller closes it. */
    public Admin admin() {
        Properties p = clientProperties();
        p.setProperty(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, String.valueOf(TIMEOUT.toMillis()));
        return Admin.create(p);
    }

    /**
     * Stops the broker, as an outage would, keeping its data and its address: clients see it
     * unreachable until {@link #startBroker()}.
     */
    public void stopBroker() {
        requireRunning();
        backend.stopBroker();
    }

    /** Starts the stopped broker again on the same address and data; returns once it answers a client. */
    public void startBroker() {
        requireRunning();
        backend.startBroker();
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
     * naming them ({@code topic.events=...}), in a map the caller may add to.
     */
    public Map<String, String> createPrefixedProjectTopics(String prefix) {
        Map<String, String> names = new HashMap<>();
        List<TopicDefinition> defs = new ArrayList<>();
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

    private Properties bootstrapOnly() {
        Properties p = new Properties();
        p.setProperty(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        return p;
    }

    private void requireSecure() {
        requireRunning();
        if (!secure) {
            throw new IllegalStateException("the cluster has no users; register KafkaCluster.secure()");
        }
    }

    private void requireRunning() {
        if (backend == null) {
            throw new IllegalStateException("the cluster is not running; register KafkaCluster on a static field");
        }
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
     * The apache/kafka container, compiled only with {@code -Pdocker} (src/test-docker/java), so the
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

    /** The seam for another kind of cluster: a single broker that can be stopped and started again. */
    public interface Backend {
        /**
         * Starts the cluster and returns its {@code bootstrap.servers}. When {@code secure}: SASL_SSL
         * with SCRAM-SHA-512 on the client listener, the users {@value BrokerSecurity#ADMIN} (a super
         * user), {@value BrokerSecurity#LEARNER} and {@value BrokerSecurity#ACTOR}, and the ACLs of
         * {@link SecurityAcls#bindings()}, all in place when this returns.
         */
        String start(boolean secure);

        /**
         * The client settings of {@code user} on a secure cluster without {@code bootstrap.servers}:
         * {@code security.protocol}, {@code sasl.mechanism}, {@code sasl.jaas.config} and the truststore.
         */
        Properties security(String user);

        /** A properties file holding {@link #security(String)}, readable by its owner only. */
        Path clientConfigFile(String user);

        /** Stops the broker, keeping its data, its address and its users. */
        void stopBroker();

        /** Starts the stopped broker on the same address and data; returns once it answers a client. */
        void startBroker();

        /** Stops the broker if it runs and discards its data. */
        void close();
    }

    /**
     * An {@link EmbeddedKafkaBroker} on a data directory and ports of its own, kept for a restart:
     * stopping shuts it down cleanly, starting builds a new one on the same directory and ports.
     */
    private static final class EmbeddedBackend implements Backend {
        private boolean secure;
        private Path dataDir;
        private int port;
        private int controllerPort;
        private EmbeddedKafkaBroker broker;
        private boolean running;

        @Override
        public String start(boolean secure) {
            this.secure = secure;
            try {
                dataDir = Files.createTempDirectory("policystream-cluster-");
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create a data directory for Kafka", e);
            }
            broker = builder().start();
            running = true;
            port = broker.port();
            controllerPort = broker.controllerPort();
            return broker.bootstrapServers();
        }

        private EmbeddedKafkaBroker.Builder builder() {
            EmbeddedKafkaBroker.Builder b = EmbeddedKafkaBroker.builder().port(port).controllerPort(controllerPort)
                    .dataDir(dataDir).timeout(TIMEOUT);
            return secure ? b.secure(true) : b;
        }

        @Override
        public Properties security(String user) {
            Properties p = broker.clientProperties(user);
            p.remove(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG);
            return p;
        }

        @Override
        public Path clientConfigFile(String user) {
            return broker.clientConfigFile(user);
        }

        @Override
        public void stopBroker() {
            broker.close();
            running = false;
        }

        /**
         * Right after a stop the ports may still be held for a moment, and Kafka halts the JVM on a
         * bind failure, so a start that finds a port taken (checked before Kafka binds it) is tried
         * again, within {@link #TIMEOUT}.
         */
        @Override
        public void startBroker() {
            if (running) {
                throw new IllegalStateException("the broker is running");
            }
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (true) {
                try {
                    broker = builder().start();
                    running = true;
                    return;
                } catch (PortInUseException e) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("port " + e.port() + " not free again within " + TIMEOUT, e);
                    }
                }
                try {
                    Thread.sleep(250);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while restarting the broker", e);
                }
            }
        }

        @Override
        public void close() {
            if (running) {
                broker.close();
                running = false;
            }
            if (dataDir != null) {
                deleteRecursively(dataDir);
            }
        }
    }

    /** Deletes a directory and everything in it; a test kit's temporary data, so failures are thrown. */
    public static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }
}
