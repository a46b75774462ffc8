package io.policystream.testkit.docker;

import com.github.dockerjava.api.DockerClient;
import io.policystream.broker.BrokerSecurity;
import io.policystream.broker.SecurityAcls;
import io.policystream.testkit.KafkaCluster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.Uuid;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.Container;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.Transferable;
import org.testcontainers.utility.DockerImageName;

/**
 * The official {@code apache/kafka} image through Testcontainers, for {@code mvn -B verify -Pdocker}:
 * a single KRaft node (broker and controller) configured like the embedded broker, through the
 * image's environment variables ({@code KAFKA_<PROPERTY>}, see the image's {@code docker/examples/README.md}).
 *
 * <p>Listeners: the client listener on container port 9092, published on a <em>fixed</em> host
 * port chosen free before the container is created, and advertised as {@code host:port}; an
 * internal {@code BROKER} listener (9093, for the broker itself and the in-container tools) and the
 * {@code CONTROLLER} listener (9094), both plaintext and never published. The fixed port is what
 * lets {@link #stopBroker()} and {@link #startBroker()} stop and start the same container (its
 * writable layer keeps the data) at the same address: a published ephemeral port may change when
 * Docker starts a container again, and the advertised address is set once, when it is created. The
 * free-port check runs on this machine, so it holds for a local Docker engine; with a remote one
 * ({@code DOCKER_HOST=tcp://...}) the port may be taken there and the container then fails to start
 * with Docker's "port is already allocated".
 *
 * <p>Secure: the client listener is SASL_SSL with SCRAM-SHA-512 only. As the image asks, the broker's
 * PKCS12 keystore (self-signed, for {@code localhost}, {@code 127.0.0.1} and the Docker host) and
 * the files holding its password are copied to {@code /etc/kafka/secrets} and named by
 * {@code KAFKA_SSL_KEYSTORE_FILENAME}, {@code KAFKA_SSL_KEYSTORE_CREDENTIALS} and
 * {@code KAFKA_SSL_KEY_CREDENTIALS}, and {@code KAFKA_OPTS} names a JAAS file whose
 * {@code KafkaServer} section holds the SCRAM login module. The KRaft ACL authorizer refuses what no
 * ACL allows. SCRAM users live in the cluster metadata, so they are made once the broker runs: the
 * admin's with {@code kafka-configs.sh} inside the container on the internal listener, the learner's
 * and the actor's, and the ACLs of {@link SecurityAcls}, with the Admin API as that admin from here.
 * The internal listeners authenticate no one, so their principal {@code User:ANONYMOUS} is a super
 * user, as the broker itself must be; the embedded broker uses SASL there instead. They are reachable
 * from inside the container only; tests reach the cluster through the client listener alone.
 */
public final class KafkaContainerBackend implements KafkaCluster.Backend {
    /** The image the integration tests run against with -Pdocker; the tag follows the Kafka version of the build. */
    public static final String IMAGE = "apache/kafka:4.4.0";
    private static final int CLIENT_PORT = 9092;
    private static final int BROKER_PORT = 9093;
    private static final int CONTROLLER_PORT = 9094;
    private static final String SECRETS = "/etc/kafka/secrets/";
    private static final String KEYSTORE = "broker-keystore.p12";
    private static final String STORE_PASSWORD_FILE = "store-password";
    private static final String JAAS = "kafka-server-jaas.conf";
    /** How long Docker waits for Kafka to shut down cleanly on SIGTERM before it kills it. */
    private static final int STOP_SECONDS = 30;

    private GenericContainer<?> container;
    private String bootstrapServers;
    private boolean secure;
    private Path secrets;
    private String storePassword;
    private final Map<String, String> passwords = new LinkedHashMap<>();

    @Override
    public String start(boolean secure) {
        this.secure = secure;
        String host = DockerClientFactory.instance().dockerHostIpAddress();
        int hostPort = freePort();
        bootstrapServers = host + ":" + hostPort;
        String listener = secure ? "SASL_SSL" : "PLAINTEXT";
        Map<String, String> env = new LinkedHashMap<>();
        env.put("CLUSTER_ID", Uuid.randomUuid().toString());
        env.put("KAFKA_NODE_ID", "1");
        env.put("KAFKA_PROCESS_ROLES", "broker,controller");
        env.put("KAFKA_CONTROLLER_QUORUM_VOTERS", "1@localhost:" + CONTROLLER_PORT);
        env.put("KAFKA_CONTROLLER_LISTENER_NAMES", "CONTROLLER");
        env.put("KAFKA_LISTENERS", listener + "://0.0.0.0:" + CLIENT_PORT + ",BROKER://0.0.0.0:" + BROKER_PORT
                + ",CONTROLLER://0.0.0.0:" + CONTROLLER_PORT);
        env.put("KAFKA_ADVERTISED_LISTENERS", listener + "://" + bootstrapServers
                + ",BROKER://localhost:" + BROKER_PORT);
        env.put("KAFKA_LISTENER_SECURITY_PROTOCOL_MAP", listener + ":" + listener
                + ",BROKER:PLAINTEXT,CONTROLLER:PLAINTEXT");
        env.put("KAFKA_INTER_BROKER_LISTENER_NAME", "BROKER");
        env.put("KAFKA_LOG_DIRS", "/tmp/kraft-combined-logs");
        // As the embedded broker: a single node holds one replica of each internal topic, the first
        // group member starts at once, and topics come from their definitions only.
        env.put("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR", "1");
        env.put("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR", "1");
        env.put("KAFKA_TRANSACTION_STATE_LOG_MIN_ISR", "1");
        env.put("KAFKA_SHARE_COORDINATOR_STATE_TOPIC_REPLICATION_FACTOR", "1");
        env.put("KAFKA_SHARE_COORDINATOR_STATE_TOPIC_MIN_ISR", "1");
        env.put("KAFKA_DEFAULT_REPLICATION_FACTOR", "1");
        env.put("KAFKA_MIN_INSYNC_REPLICAS", "1");
        env.put("KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS", "0");
        env.put("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "false");

        GenericContainer<?> c = new GenericContainer<>(DockerImageName.parse(IMAGE))
                .withExposedPorts(CLIENT_PORT)
                // What Testcontainers' own KafkaContainer waits for: the broker has caught up with the metadata.
                .waitingFor(Wait.forLogMessage(".*Transitioning from RECOVERY to RUNNING.*", 1))
                .withStartupTimeout(KafkaCluster.TIMEOUT);
        c.setPortBindings(List.of(hostPort + ":" + CLIENT_PORT));
        if (secure) {
            prepareSecrets(host);
            env.put("KAFKA_SASL_ENABLED_MECHANISMS", BrokerSecurity.MECHANISM);
            env.put("KAFKA_OPTS", "-Djava.security.auth.login.config=" + SECRETS + JAAS);
            env.put("KAFKA_SSL_KEYSTORE_FILENAME", KEYSTORE);
            env.put("KAFKA_SSL_KEYSTORE_CREDENTIALS", STORE_PASSWORD_FILE);
            env.put("KAFKA_SSL_KEY_CREDENTIALS", STORE_PASSWORD_FILE);
            env.put("KAFKA_SSL_KEYSTORE_TYPE", "PKCS12");
            env.put("KAFKA_AUTHORIZER_CLASS_NAME", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
            env.put("KAFKA_SUPER_USERS", "User:" + BrokerSecurity.ADMIN + ";User:ANONYMOUS");
            env.put("KAFKA_ALLOW_EVERYONE_IF_NO_ACL_FOUND", "false");
            c.withCopyToContainer(Transferable.of(read(secrets.resolve(KEYSTORE)), 0644), SECRETS + KEYSTORE)
                    .withCopyToContainer(Transferable.of(storePassword, 0644), SECRETS + STORE_PASSWORD_FILE)
                    .withCopyToContainer(Transferable.of("KafkaServer {\n"
                            + "    org.apache.kafka.common.security.scram.ScramLoginModule required;\n};\n", 0644),
                            SECRETS + JAAS);
        }
        container = c.withEnv(env);
        container.start();
        if (secure) {
            createUsersAndAcls();
        } else {
            awaitAnswer(null);
        }
        return bootstrapServers;
    }

    @Override
    public Properties security(String user) {
        if (!passwords.containsKey(user)) {
            throw new IllegalArgumentException("no such user: " + user + "; the users are " + passwords.keySet());
        }
        Properties p = new Properties();
        p.setProperty("security.protocol", "SASL_SSL");
        p.setProperty("sasl.mechanism", BrokerSecurity.MECHANISM);
        p.setProperty("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required "
                + "username=\"" + user + "\" password=\"" + passwords.get(user) + "\";");
        p.setProperty("ssl.truststore.type", "PKCS12");
        p.setProperty("ssl.truststore.location", secrets.resolve("client-truststore.p12").toString());
        p.setProperty("ssl.truststore.password", storePassword);
        return p;
    }

    @Override
    public Path clientConfigFile(String user) {
        return secrets.resolve(user + ".properties");
    }

    /**
     * {@code docker stop}: SIGTERM to Kafka (the image's scripts exec it as the container's first
     * process), so it shuts down cleanly; killed after {@value #STOP_SECONDS} s otherwise.
     */
    @Override
    public void stopBroker() {
        DockerClient docker = container.getDockerClient();
        docker.stopContainerCmd(container.getContainerId()).withTimeout(STOP_SECONDS).exec();
    }

    /**
     * {@code docker start} of the same container: the same port binding, environment and writable
     * layer (the log directory, the metadata with its SCRAM users and ACLs); the image's start script
     * leaves an already formatted log directory as it is.
     */
    @Override
    public void startBroker() {
        DockerClient docker = container.getDockerClient();
        docker.startContainerCmd(container.getContainerId()).exec();
        awaitAnswer(secure ? BrokerSecurity.ADMIN : null);
    }

    @Override
    public void close() {
        if (container != null) {
            container.stop();
            container = null;
        }
        if (secrets != null) {
            KafkaCluster.deleteRecursively(secrets);
        }
    }

    /** Random passwords and store password, the broker's keystore and the clients' truststore, on this machine. */
    private void prepareSecrets(String host) {
        SecureRandom random = new SecureRandom();
        for (String user : List.of(BrokerSecurity.ADMIN, BrokerSecurity.LEARNER, BrokerSecurity.ACTOR)) {
            passwords.put(user, secret(random));
        }
        storePassword = secret(random);
        try {
            secrets = Files.createTempDirectory("policystream-kafka-container-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a directory for the container's secrets", e);
        }
        String san = "dns:localhost,ip:127.0.0.1";
        if (!host.equals("localhost") && !host.equals("127.0.0.1")) {
            san += (host.matches("[0-9.]+") || host.contains(":") ? ",ip:" : ",dns:") + host;
        }
        Path keystore = secrets.resolve(KEYSTORE);
        Path certificate = secrets.resolve("broker.crt");
        keytool("-genkeypair", "-alias", "broker", "-keyalg", "RSA", "-keysize", "2048", "-validity", "7",
                "-storetype", "PKCS12", "-keystore", keystore.toString(), "-storepass", storePassword,
                "-keypass", storePassword, "-dname", "CN=localhost,OU=PolicyStream test cluster", "-ext", "SAN=" + san);
        keytool("-exportcert", "-rfc", "-alias", "broker", "-keystore", keystore.toString(), "-storepass",
                storePassword, "-file", certificate.toString());
        keytool("-importcert", "-noprompt", "-alias", "broker", "-file", certificate.toString(), "-storetype",
                "PKCS12", "-keystore", secrets.resolve("client-truststore.p12").toString(), "-storepass", storePassword);
    }

    /**
     * The admin's SCRAM credential first, from inside the container through the internal listener
     * (no client can log in before it exists); then, logged in as that admin, the learner's and the
     * actor's credentials and the ACLs; then each user's client configuration file.
     */
    private void createUsersAndAcls() {
        try {
            Container.ExecResult r = container.execInContainer("/opt/kafka/bin/kafka-configs.sh",
                    "--bootstrap-server", "localhost:" + BROKER_PORT, "--alter", "--entity-type", "users",
                    "--entity-name", BrokerSecurity.ADMIN, "--add-config",
                    BrokerSecurity.MECHANISM + "=[iterations=4096,password=" + passwords.get(BrokerSecurity.ADMIN) + "]");
            if (r.getExitCode() != 0) {
                throw new IllegalStateException("kafka-configs.sh could not create the admin user: " + r.getStdout()
                        + r.getStderr());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run kafka-configs.sh in the container", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating the admin user", e);
        }
        awaitAnswer(BrokerSecurity.ADMIN);
        try (Admin admin = Admin.create(clientProperties(BrokerSecurity.ADMIN))) {
            ScramCredentialInfo info = new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096);
            admin.alterUserScramCredentials(List.of(
                    new UserScramCredentialUpsertion(BrokerSecurity.LEARNER, info, passwords.get(BrokerSecurity.LEARNER)),
                    new UserScramCredentialUpsertion(BrokerSecurity.ACTOR, info, passwords.get(BrokerSecurity.ACTOR))))
                    .all().get(KafkaCluster.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            admin.createAcls(SecurityAcls.bindings()).all().get(KafkaCluster.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot create the users and ACLs: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating the users and ACLs", e);
        }
        for (String user : passwords.keySet()) {
            awaitAnswer(user);
            writeOwnerOnly(clientConfigFile(user), security(user), "Kafka client settings of user '" + user
                    + "' for the test container on " + bootstrapServers);
        }
    }

    /**
     * Waits until the broker answers a describeCluster from {@code user} (null on a plain cluster),
     * within {@link KafkaCluster#TIMEOUT}: a restarted container takes a while, and a SCRAM credential
     * just created may take a moment to reach the broker's metadata, so a failed attempt is tried
     * again until the deadline.
     */
    private void awaitAnswer(String user) {
        long deadline = System.nanoTime() + KafkaCluster.TIMEOUT.toNanos();
        Exception last = null;
        while (System.nanoTime() < deadline) {
            Properties p = clientProperties(user);
            p.setProperty(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "10000");
            p.setProperty(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
            try (Admin admin = Admin.create(p)) {
                admin.describeCluster().nodes().get(10, TimeUnit.SECONDS);
                return;
            } catch (ExecutionException | TimeoutException e) {
                last = e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the Kafka container", e);
            }
            sleep(500);
        }
        throw new IllegalStateException("the Kafka container on " + bootstrapServers + " did not answer within "
                + KafkaCluster.TIMEOUT + " as " + (user == null ? "an anonymous client" : user) + "; its log:\n"
                + container.getLogs(), last);
    }

    private Properties clientProperties(String user) {
        Properties p = user == null ? new Properties() : security(user);
        p.setProperty(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        return p;
    }

    private static void keytool(String... args) {
        List<String> command = new java.util.ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("keytool " + args[0] + " failed: " + out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run keytool", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running keytool", e);
        }
    }

    private static void writeOwnerOnly(Path file, Properties p, String comment) {
        try {
            Files.createFile(file);
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // Not a POSIX file system: the temporary directory's permissions protect the file.
            }
            try (Writer w = Files.newBufferedWriter(file)) {
                p.store(w, comment);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static String secret(SecureRandom random) {
        byte[] b = new byte[18];
        random.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free port", e);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
