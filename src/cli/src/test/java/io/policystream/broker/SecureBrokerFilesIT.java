package io.policystream.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.policystream.cli.ExitCodes;
import io.policystream.testkit.CommandRun;
import io.policystream.topics.TopicDefinitions;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.errors.AuthenticationException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the secure embedded broker writes for clients (Java and librdkafka settings, the PEM CA, files
 * kept owner-only), the PLAIN-over-TLS login librdkafka clients use, and what a client with wrong
 * settings is told: at once, and as a login problem, not as a missing broker. Embedded only: these
 * are files and listeners of {@link EmbeddedKafkaBroker} itself.
 */
class SecureBrokerFilesIT {
    private static final Duration WAIT = Duration.ofSeconds(90);

    @TempDir
    static Path dataDir;

    private static EmbeddedKafkaBroker broker;

    @TempDir
    Path work;

    @BeforeAll
    static void startSecureBroker() {
        broker = EmbeddedKafkaBroker.builder().dataDir(dataDir.resolve("kafka")).secure(true).timeout(WAIT).start();
        broker.createTopics(TopicDefinitions.loadBundled());
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void shouldWriteALibrdkafkaConfigForEachUserWithThePemCertificate() throws Exception {
        for (String user : List.of("admin", "learner", "actor")) {
            Properties loaded = new Properties();
            try (var r = Files.newBufferedReader(broker.librdkafkaConfigFile(user))) {
                loaded.load(r);
            }
            String jaas = broker.clientProperties(user).getProperty("sasl.jaas.config");
            String password = jaas.substring(jaas.indexOf("password=\"") + 10, jaas.lastIndexOf('"'));
            assertThat(loaded).containsOnly(Map.entry("bootstrap.servers", broker.bootstrapServers()),
                    Map.entry("security.protocol", "SASL_SSL"), Map.entry("sasl.mechanism", "PLAIN"),
                    Map.entry("sasl.username", user), Map.entry("sasl.password", password),
                    Map.entry("ssl.ca.location", broker.caCertificateFile().toString()));
        }
        CertificateFactory x509 = CertificateFactory.getInstance("X.509");
        Certificate pem;
        try (var in = Files.newInputStream(broker.caCertificateFile())) {
            pem = x509.generateCertificate(in);
        }
        Properties client = broker.clientProperties(BrokerSecurity.ACTOR);
        KeyStore trust = KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(Path.of(client.getProperty("ssl.truststore.location")))) {
            trust.load(in, client.getProperty("ssl.truststore.password").toCharArray());
        }
        assertThat(pem).as("the PEM is the certificate Java clients trust").isEqualTo(trust.getCertificate("broker"));
    }

    @Test
    void shouldKeepTheKeystoreAndEveryFileWithAPasswordOwnerOnly() throws Exception {
        Assumptions.assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"),
                "owner-only permissions are POSIX permissions");
        List<Path> secret = new ArrayList<>(List.of(broker.dataDir().resolve(BrokerSecurity.KEYSTORE),
                broker.dataDir().resolve(BrokerSecurity.FILE)));
        for (String user : List.of("admin", "learner", "actor")) {
            secret.add(broker.clientConfigFile(user));
            secret.add(broker.librdkafkaConfigFile(user));
        }
        for (Path file : secret) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).as(file.toString())
                    .isEqualTo("rw-------");
        }
    }

    @Test
    void shouldLetUsersLogInWithPlainOverTlsOnlyWithTheirOwnPassword() throws Exception {
        Properties actor = broker.clientProperties(BrokerSecurity.ACTOR);
        Map<String, String> conf = BrokerSecurity.read(broker.dataDir(), true).librdkafkaProperties(
                BrokerSecurity.ACTOR, broker.bootstrapServers(), broker.dataDir());
        actor.put("sasl.mechanism", "PLAIN");
        actor.put("sasl.jaas.config", plain(BrokerSecurity.ACTOR, conf.get("sasl.password")));
        actor.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 20_000);
        actor.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        try (Admin admin = Admin.create(actor)) {
            assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).contains(SecurityAcls.EVENTS);
        }
        actor.put("sasl.jaas.config", plain(BrokerSecurity.ACTOR, "wrong"));
        actor.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
        actor.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        try (Admin admin = Admin.create(actor)) {
            assertThatThrownBy(() -> admin.listTopics().names().get(20, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(AuthenticationException.class);
        }
    }

    private static String plain(String user, String password) {
        return "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"" + user
                + "\" password=\"" + password + "\";";
    }

    @Test
    void shouldTellALearnerWithoutCredentialsThatTheListenerSpeaksTlsWithinSeconds() {
        long t0 = System.nanoTime();
        CommandRun run = CommandRun.of("learn", "--bootstrap-servers", broker.bootstrapServers(),
                "--state-dir", work.resolve("state").toString(), "--metrics-port", "0", "--startup-timeout", "30s");
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.AUTHENTICATION);
        assertThat(run.err()).startsWith("error: cannot log in to Kafka at " + broker.bootstrapServers())
                .contains("speaks TLS, but the client connects with security.protocol=PLAINTEXT");
        assertThat(seconds).as("seconds to the answer, with --startup-timeout 30s").isLessThan(20);
    }

    @Test
    void shouldTellTopicsCheckWithoutCredentialsThatTheListenerSpeaksTls() {
        long t0 = System.nanoTime();
        CommandRun run = CommandRun.of("topics", "check", "--bootstrap-servers", broker.bootstrapServers());
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.AUTHENTICATION);
        assertThat(run.err()).contains("speaks TLS").doesNotContain("is a broker running there");
        assertThat(seconds).as("seconds to the answer, with the default --timeout of 30 s").isLessThan(20);
    }

    @Test
    void shouldTellALearnerWithAWrongPasswordThatItsLoginWasRefused() throws Exception {
        Properties learner = broker.clientProperties(BrokerSecurity.LEARNER);
        learner.put("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required"
                + " username=\"learner\" password=\"wrong\";");
        learner.remove("bootstrap.servers");
        Path config = work.resolve("wrong.properties");
        try (var w = Files.newBufferedWriter(config)) {
            learner.store(w, null);
        }
        CommandRun run = CommandRun.of("learn", "--bootstrap-servers", broker.bootstrapServers(), "--kafka-config",
                config.toString(), "--state-dir", work.resolve("state").toString(), "--metrics-port", "0");
        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.AUTHENTICATION);
        assertThat(run.err()).startsWith("error: Kafka at " + broker.bootstrapServers() + " refused the learner's login:")
                .contains("--kafka-config");
    }
}
