package io.policystream.broker;

import io.policystream.topics.TopicAdmin;
import io.policystream.topics.TopicDefinition;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Apache Kafka broker inside this JVM: KRaft, one process acting as broker and
 * controller, listening on 127.0.0.1 only. It backs the {@code broker} command (a demo needs no
 * separate Kafka install) and the integration tests (a real broker, not a mock).
 *
 * <p>Every internal topic is at replication factor 1 and min ISR 1, which a single node needs; the
 * transaction state log matters most, since an exactly-once Kafka Streams application never reaches
 * RUNNING without it. Topics are never auto-created: they come from the topic definitions.
 *
 * <p>Ports are checked (or picked, for port 0) before Kafka starts, because Kafka answers a bind
 * failure with {@code Exit.halt}, which would kill this JVM and a test fork with it. An instance
 * starts once; to restart on the same data, build a new one on the same {@link Builder#dataDir}.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);
    private static final int NODE_ID = 1;
    private static final String CONTROLLER_LISTENER = "CONTROLLER";
    private static final String META_PROPERTIES = "meta.properties";

    private final int requestedPort;
    private final int requestedControllerPort;
    private final Path dataDir;
    private final boolean temporary;
    private final boolean fresh;
    private final Map<String, String> extraProperties;
    private final Duration timeout;
    private final boolean secure;
    private final boolean tls;
    private BrokerSecurity security;

    private KafkaRaftServer server;
    private int port;
    private int controllerPort;
    private boolean started;
    private boolean closed;

    private EmbeddedKafkaBroker(Builder b) {
        this.requestedPort = b.port;
        this.requestedControllerPort = b.controllerPort;
        this.temporary = b.dataDir == null;
        this.dataDir = temporary ? createTempDir() : b.dataDir.toAbsolutePath().normalize();
        this.fresh = b.fresh;
        this.extraProperties = Map.copyOf(b.properties);
        this.timeout = b.timeout;
        this.secure = b.secure;
        this.tls = b.tls;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Formats the data directory if it is not formatted yet, starts the broker and returns once it
     * answers a client (describeCluster) or fails within the configured timeout.
     *
     * @throws PortInUseException if a configured port is taken (checked before Kafka binds it)
     * @throws IllegalArgumentException if the data directory holds something other than Kafka data
     * @throws IllegalStateException if the broker was started before or does not answer in time
     */
    public synchronized EmbeddedKafkaBroker start() {
        if (started) {
            throw new IllegalStateException("an EmbeddedKafkaBroker starts once; build a new one to restart");
        }
        started = true;
        long begin = System.nanoTime();
        choosePorts();
        prepareDataDir();
        try {
            server = new KafkaRaftServer(new KafkaConfig(brokerProperties(), false), Time.SYSTEM);
            server.startup();
            awaitAnswer();
            if (secure) {
                applyAcls();
                writeClientConfigs();
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        LOG.debug("Kafka broker ready on {} in {} ms (data in {})", bootstrapServers(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin), dataDir);
        return this;
    }

    /** The {@code bootstrap.servers} value for clients, e.g. {@code 127.0.0.1:9092}. */
    public String bootstrapServers() {
        requireStarted();
        return "127.0.0.1:" + port;
    }

    /** The client port (the one chosen when 0 was asked for). */
    public int port() {
        requireStarted();
        return port;
    }

    /** The KRaft controller port, on loopback; clients never use it. */
    public int controllerPort() {
        requireStarted();
        return controllerPort;
    }

    /** Where the broker keeps its logs and metadata. */
    public Path dataDir() {
        return dataDir;
    }

    /**
     * Client properties that reach this broker: {@code bootstrap.servers}, and on a secure broker the
     * {@value BrokerSecurity#ADMIN} super user's login (see {@link #clientProperties(String)}).
     */
    public Properties clientProperties() {
        return secure ? clientProperties(BrokerSecurity.ADMIN) : bootstrapOnly();
    }

    /**
     * The client properties of one user of a secure broker: {@code bootstrap.servers}, security
     * protocol, SCRAM-SHA-512 login and, with TLS, the truststore.
     *
     * @param user {@value BrokerSecurity#ADMIN}, {@value BrokerSecurity#LEARNER} or {@value BrokerSecurity#ACTOR}
     * @throws IllegalStateException when the broker is not secure
     */
    public Properties clientProperties(String user) {
        requireStarted();
        if (!secure) {
            throw new IllegalStateException("the broker was started without security; it has no users");
        }
        Properties p = bootstrapOnly();
        p.putAll(security.clientProperties(user, dataDir));
        return p;
    }

    /** Where the example client configuration of {@code user} was written (secure brokers only). */
    public Path clientConfigFile(String user) {
        return dataDir.resolve(user + ".properties");
    }

    /**
     * Where the librdkafka configuration of {@code user} was written (secure brokers only): the
     * settings of kcat ({@code kcat -F FILE}), Python's confluent-kafka and other librdkafka clients,
     * {@code bootstrap.servers} included.
     */
    public Path librdkafkaConfigFile(String user) {
        return dataDir.resolve(user + ".librdkafka.conf");
    }

    /** The broker's self-signed certificate in PEM, the CA of non-Java clients (secure brokers with TLS only). */
    public Path caCertificateFile() {
        return dataDir.resolve(BrokerSecurity.CA_PEM);
    }

    /** The security protocol clients use: PLAINTEXT, SASL_PLAINTEXT or SASL_SSL. */
    public String securityProtocol() {
        return secure ? security.protocol() : "PLAINTEXT";
    }

    private Properties bootstrapOnly() {
        Properties p = new Properties();
        p.setProperty(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        return p;
    }

    /** Creates a topic with {@code partitions} partitions and waits until every partition has a leader. */
    public void createTopic(String name, int partitions) {
        createTopics(List.of(new TopicDefinition(name, partitions, 1, Map.of())));
    }

    /**
     * Creates the topics that do not exist yet and waits until every partition of every topic has a
     * leader: producing to a partition whose leader is not known yet can make an idempotent producer
     * loop forever on out-of-order sequence errors (KAFKA-15591).
     */
    public void createTopics(Collection<TopicDefinition> topics) {
        try (Admin admin = Admin.create(adminProperties())) {
            new TopicAdmin(admin, timeout).create(topics);
        }
    }

    /** Waits, within the broker's timeout, until every partition of the named topics has a leader. */
    public void waitForLeaders(Collection<String> topicNames) {
        try (Admin admin = Admin.create(adminProperties())) {
            new TopicAdmin(admin, timeout).awaitLeaders(topicNames);
        }
    }

    /** Shuts the broker down cleanly and waits for it; deletes the data directory if it was temporary. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (server != null) {
            server.shutdown();
            server.awaitShutdown();
            server = null;
        }
        if (temporary) {
            deleteRecursively(dataDir);
        }
    }

    private void choosePorts() {
        int[] free = Ports.pickTwo();
        port = requestedPort != 0 ? requestedPort : free[0] != requestedControllerPort ? free[0] : free[1];
        controllerPort = requestedControllerPort != 0 ? requestedControllerPort : free[1] != port ? free[1] : free[0];
        if (port == controllerPort) {
            throw new IllegalArgumentException("the client port and the controller port must differ, both are " + port);
        }
        if (requestedPort != 0 && !Ports.isFree(port)) {
            throw new PortInUseException(port, "Kafka client");
        }
        if (requestedControllerPort != 0 && !Ports.isFree(controllerPort)) {
            throw new PortInUseException(controllerPort, "Kafka controller");
        }
    }

    private void prepareDataDir() {
        boolean formatted = Files.exists(dataDir.resolve(META_PROPERTIES));
        if (!formatted && !isEmptyOrAbsent(dataDir)) {
            throw new IllegalArgumentException(dataDir + " is not empty and is not a Kafka data directory;"
                    + " choose an empty or new directory");
        }
        if (fresh && formatted) {
            deleteRecursively(dataDir);
            formatted = false;
        }
        if (!secure && formatted && Files.exists(dataDir.resolve(BrokerSecurity.FILE))) {
            // Its users and ACLs would be ignored: the broker would let anyone in.
            throw new IllegalArgumentException(dataDir + " belongs to a secure broker (it has users and ACLs), and"
                    + " started without security it would let anyone in: start it with --secure, or with --fresh to"
                    + " delete its data");
        }
        if (secure) {
            security = formatted ? BrokerSecurity.read(dataDir, tls) : BrokerSecurity.generate(tls);
            if (security == null) {
                throw new IllegalArgumentException(dataDir + " was formatted without security, so its cluster has "
                        + "no users; start it without security, or with fresh data");
            }
        }
        if (!formatted) {
            format();
        }
        if (secure) {
            security.write(dataDir);
            Path keystore = dataDir.resolve(BrokerSecurity.KEYSTORE);
            if (tls && !Files.exists(keystore)) {
                Certificates.createSelfSigned(keystore, dataDir.resolve(BrokerSecurity.TRUSTSTORE),
                        caCertificateFile(), security.storePassword());
            } else if (Files.exists(keystore)) {
                ownerOnly(keystore);
            }
        }
    }

    /** Grants the learner and actor principals their rights; creating an ACL that exists changes nothing. */
    private void applyAcls() {
        try (Admin admin = Admin.create(adminProperties())) {
            admin.createAcls(SecurityAcls.bindings()).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            throw new IllegalStateException("cannot create the broker's ACLs: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating ACLs", e);
        }
    }

    /**
     * Writes each user's Java client config (admin.properties, learner.properties, actor.properties)
     * and librdkafka config (admin.librdkafka.conf, ...) into the data directory.
     */
    private void writeClientConfigs() {
        for (String user : List.of(BrokerSecurity.ADMIN, BrokerSecurity.LEARNER, BrokerSecurity.ACTOR)) {
            Properties p = security.clientProperties(user, dataDir);
            BrokerSecurity.writePrivate(clientConfigFile(user), p, List.of("Kafka client settings of user '" + user
                    + "' for the embedded broker on " + bootstrapServers() + ".",
                    "Use with: policystream <command> --bootstrap-servers " + bootstrapServers()
                            + " --kafka-config " + clientConfigFile(user)));
            List<String> comments = new ArrayList<>(List.of("librdkafka client settings (kcat, Python confluent-kafka, Go,"
                    + " .NET) of user '" + user + "' for the embedded broker on " + bootstrapServers() + ".",
                    "Use with: kcat -F " + librdkafkaConfigFile(user) + " -L"));
            if (tls) {
                comments.add("PLAIN over TLS works with every librdkafka; SCRAM-SHA-512 needs librdkafka 2.6.1 or later.");
            } else {
                comments.add("SCRAM-SHA-512 needs librdkafka 2.6.1 or later (older ones log in with PLAIN, which this"
                        + " broker offers over TLS only: start it without --no-tls).");
            }
            BrokerSecurity.writePrivateLibrdkafka(librdkafkaConfigFile(user),
                    security.librdkafkaProperties(user, bootstrapServers(), dataDir), comments);
        }
    }

    private static void ownerOnly(Path file) {
        try {
            BrokerSecurity.ownerOnly(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make " + file + " readable by its owner only", e);
        }
    }

    private void format() {
        try {
            Files.createDirectories(dataDir);
            new Formatter()
                    .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                    .setSupportedFeatures(Feature.PRODUCTION_FEATURES)
                    .setNodeId(NODE_ID)
                    .setClusterId(Uuid.randomUuid().toString())
                    .setControllerListenerName(CONTROLLER_LISTENER)
                    .setMetadataLogDirectory(dataDir.toString())
                    .addDirectory(dataDir.toString())
                    .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                    .setScramArguments(secure ? security.scramArguments() : List.of())
                    .run();
        } catch (Exception e) {
            throw new IllegalStateException("cannot format the Kafka data directory " + dataDir + ": " + e.getMessage(), e);
        }
    }

    private Properties brokerProperties() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("process.roles", "broker,controller");
        p.put("node.id", String.valueOf(NODE_ID));
        p.put("controller.quorum.voters", NODE_ID + "@127.0.0.1:" + controllerPort);
        p.put("listeners", "PLAINTEXT://127.0.0.1:" + port + "," + CONTROLLER_LISTENER + "://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        p.put("controller.listener.names", CONTROLLER_LISTENER);
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("log.dirs", dataDir.toString());
        p.put("metadata.log.dir", dataDir.toString());
        // A single node can only hold one replica of each internal topic.
        p.put("offsets.topic.replication.factor", "1");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        // Four partitions each for the offsets and the transactions topics, not 50: Kafka creates them when the
        // first group or transactional producer needs them, and creating 50 partitions on one node made the
        // first group join and the first transaction wait about 0.7 s each (BENCHMARKS.md, the demo). Four, not
        // one, so that the learner's two groups usually land on different group coordinator shards.
        p.put("offsets.topic.num.partitions", "4");
        p.put("transaction.state.log.num.partitions", "4");
        p.put("default.replication.factor", "1");
        p.put("min.insync.replicas", "1");
        // No waiting for more members: the first consumer group member starts at once.
        p.put("group.initial.rebalance.delay.ms", "0");
        // The default 128 MiB dedupe buffer is far more than a demo's compacted topics need.
        p.put("log.cleaner.dedupe.buffer.size", "2097152");
        // Topics come from the topic definitions; a typo in a topic name must fail, not create a topic.
        p.put("auto.create.topics.enable", "false");
        if (secure) {
            p.putAll(security.brokerProperties(port, controllerPort, CONTROLLER_LISTENER, dataDir));
        }
        p.putAll(extraProperties);
        Properties props = new Properties();
        props.putAll(p);
        return props;
    }

    private void awaitAnswer() {
        Properties props = adminProperties();
        try (Admin admin = Admin.create(props)) {
            admin.describeCluster().nodes().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            throw new IllegalStateException("the Kafka broker on " + bootstrapServers()
                    + " did not answer within " + timeout.toSeconds() + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the Kafka broker", e);
        }
    }

    private Properties adminProperties() {
        Properties p = secure ? bootstrapOnly() : clientProperties();
        if (secure) {
            p.putAll(security.clientProperties(BrokerSecurity.ADMIN, dataDir));
        }
        int ms = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
        p.setProperty(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, String.valueOf(ms));
        p.setProperty(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, String.valueOf(ms));
        return p;
    }

    private void requireStarted() {
        if (!started || port == 0) {
            throw new IllegalStateException("the broker has not been started");
        }
    }

    private static boolean isEmptyOrAbsent(Path dir) {
        if (!Files.exists(dir)) {
            return true;
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + dir, e);
        }
    }

    private static Path createTempDir() {
        try {
            return Files.createTempDirectory("policystream-kafka-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary directory for Kafka", e);
        }
    }

    private static void deleteRecursively(Path dir) {
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

    private static Path requireNonNull(Path p, String what) {
        if (p == null) {
            throw new IllegalArgumentException(what + " must not be null");
        }
        return p;
    }

    /** Options of an {@link EmbeddedKafkaBroker}; every one has a default that suits a test. */
    public static final class Builder {
        private int port;
        private int controllerPort;
        private Path dataDir;
        private boolean fresh;
        private final Map<String, String> properties = new LinkedHashMap<>();
        private Duration timeout = Duration.ofSeconds(60);
        private boolean secure;
        private boolean tls;

        private Builder() {
        }

        /**
         * Authentication and authorisation on: SASL/SCRAM-SHA-512 on the client listener (SASL_SSL
         * with a self-signed certificate when {@code tls}, else SASL_PLAINTEXT), users
         * {@value BrokerSecurity#ADMIN}, {@value BrokerSecurity#LEARNER} and {@value BrokerSecurity#ACTOR}
         * with random passwords kept in the data directory, the KRaft ACL authorizer with the ACLs of
         * {@link SecurityAcls}, and client configurations per user (Java properties, librdkafka) written
         * to the data directory. With TLS, PLAIN is offered too, for librdkafka clients older than 2.6.1
         * (see {@link BrokerSecurity#TLS_PASSWORD_MECHANISM}). Users are created when the data directory
         * is formatted, so an existing one must have been formatted secure too; and a directory
         * formatted secure never starts without security.
         */
        public Builder secure(boolean tls) {
            this.secure = true;
            this.tls = tls;
            return this;
        }

        /** Client port on 127.0.0.1; 0 (the default) picks a free one. */
        public Builder port(int port) {
            this.port = checkPort(port, "port");
            return this;
        }

        /** KRaft controller port on 127.0.0.1; 0 (the default) picks a free one. */
        public Builder controllerPort(int port) {
            this.controllerPort = checkPort(port, "controller port");
            return this;
        }

        /**
         * Where to keep the data, kept across restarts: formatted only if not formatted yet. Without
         * it, a temporary directory is used and deleted on close.
         */
        public Builder dataDir(Path dir) {
            this.dataDir = requireNonNull(dir, "dataDir");
            return this;
        }

        /** Wipe the data directory's Kafka data before starting, so the broker starts empty. */
        public Builder fresh(boolean fresh) {
            this.fresh = fresh;
            return this;
        }

        /** A broker property (a {@code server.properties} key); it overrides the defaults above. */
        public Builder property(String key, String value) {
            properties.put(key, value);
            return this;
        }

        /** Broker properties; they override the defaults above. */
        public Builder properties(Map<String, String> props) {
            properties.putAll(props);
            return this;
        }

        /** Bound on every wait: the broker answering after start, topic creation, leaders (default 60 s). */
        public Builder timeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("timeout must be positive, got " + timeout);
            }
            this.timeout = timeout;
            return this;
        }

        public EmbeddedKafkaBroker build() {
            return new EmbeddedKafkaBroker(this);
        }

        /** Builds and starts the broker: {@code build().start()}. */
        public EmbeddedKafkaBroker start() {
            return build().start();
        }

        private static int checkPort(int port, String what) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException(what + " must be between 0 and 65535, got " + port);
            }
            return port;
        }
    }
}
