package io.policystream.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.policystream.client.ParamsTopic;
import io.policystream.client.PolicyClient;
import io.policystream.config.LearnerConfig;
import io.policystream.event.Event;
import io.policystream.metrics.LearnerMetrics;
import io.policystream.policy.Activation;
import io.policystream.policy.Architecture;
import io.policystream.policy.Initializer;
import io.policystream.policy.PolicyNetwork;
import io.policystream.policy.PolicyParams;
import io.policystream.streams.LearnerApp;
import io.policystream.testkit.CommandRun;
import io.policystream.testkit.KafkaCluster;
import io.policystream.testkit.TopicReader;
import io.policystream.wire.EventCodec;
import io.policystream.wire.ParamsCodec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A secure cluster (SASL_SSL, SCRAM-SHA-512, the ACLs of {@link SecurityAcls}), the embedded broker's
 * or a container's: the learner's principal learns and publishes; the actor's principal records
 * events and reads params but may not write params; a client without valid credentials is refused;
 * and CLI commands run with {@code --kafka-config} as the principal in that file allows. The example
 * client configurations that the embedded broker writes are checked in {@link EmbeddedKafkaBrokerIT}.
 */
class SecurityIT {
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final Architecture CARTPOLE = Architecture.categorical(4, List.of(8), 2, Activation.TANH);

    @RegisterExtension
    static final KafkaCluster KAFKA = KafkaCluster.secure();

    @TempDir
    Path stateDir;

    private static KafkaProducer<byte[], byte[]> producer(Properties client) {
        Properties p = new Properties();
        p.putAll(client);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 15_000);
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 15_000);
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    @Test
    void shouldLetTheLearnerLearnAndTheActorRecordAndReadParams() throws Exception {
        Properties learner = KAFKA.clientProperties(BrokerSecurity.LEARNER);
        Properties actor = KAFKA.clientProperties(BrokerSecurity.ACTOR);
        LearnerConfig config = LearnerConfig.fromMap(Map.of("layers", "8", "batch.trajectories", "2",
                "commit.interval.ms", "20", "bootstrap.servers", KAFKA.bootstrapServers()));
        PolicyParams v0 = Initializer.initialize("cp", CARTPOLE, 3, 0);
        ParamsTopic.publish(learner, v0, WAIT, config.paramsTopic(), config.historyTopic());

        try (LearnerApp app = new LearnerApp(config, learner, stateDir, LearnerMetrics.inMemory());
             KafkaProducer<byte[], byte[]> events = producer(actor);
             PolicyClient client = PolicyClient.connect(actor, config.paramsTopic(), 1);
             TopicReader history = new TopicReader(actor, config.historyTopic())) {
            app.start(WAIT);
            PolicyNetwork net = new PolicyNetwork(CARTPOLE);
            SplittableRandom rng = new SplittableRandom(4);
            EventCodec codec = new EventCodec();
            for (int i = 0; i < 2; i++) {
                for (int t = 0; t < 3; t++) {
                    double[] s = {rng.nextDouble(), rng.nextDouble(), rng.nextDouble(), rng.nextDouble()};
                    PolicyNetwork.Sample a = net.sample(v0, s, rng, net.newWorkspace());
                    Event e = Event.step("cp", "ep" + i, t, s, a.action(), a.logProb(), 0, 1.0, t == 2, false, 1000 + t);
                    events.send(new ProducerRecord<>(config.eventsTopic(), e.episode().getBytes(StandardCharsets.UTF_8),
                            codec.encode(e))).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
                }
            }
            // The history holds other tests' policies too.
            var versions = history.until(r -> r.stream().filter(x -> new String(x.key(), StandardCharsets.UTF_8)
                    .equals("cp")).count() >= 2, WAIT).stream()
                    .filter(x -> new String(x.key(), StandardCharsets.UTF_8).equals("cp")).toList();
            assertThat(new ParamsCodec().decode(versions.get(1).value()).version()).isEqualTo(1);
            assertThat(client.awaitParams("cp", 1, WAIT).version()).as("the actor reads params").isEqualTo(1);
            assertThat(app.failure()).isNull();
        }
    }

    @Test
    void shouldRefuseTheActorWritingParams() {
        try (KafkaProducer<byte[], byte[]> p = producer(KAFKA.clientProperties(BrokerSecurity.ACTOR))) {
            byte[] json = new ParamsCodec().encode(Initializer.initialize("cp", CARTPOLE, 9, 0).relabel("cp", 99, 0, 0, 0));
            assertThatThrownBy(() -> p.send(new ProducerRecord<>(SecurityAcls.PARAMS, "cp".getBytes(
                    StandardCharsets.UTF_8), json)).get(WAIT.toMillis(), TimeUnit.MILLISECONDS))
                    .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(TopicAuthorizationException.class);
            assertThatThrownBy(() -> p.send(new ProducerRecord<>(SecurityAcls.HISTORY, "cp".getBytes(
                    StandardCharsets.UTF_8), json)).get(WAIT.toMillis(), TimeUnit.MILLISECONDS))
                    .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(TopicAuthorizationException.class);
        }
    }

    @Test
    void shouldRefuseAClientWithAWrongPassword() {
        Properties p = KAFKA.clientProperties(BrokerSecurity.ACTOR);
        p.put("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required "
                + "username=\"actor\" password=\"wrong\";");
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        try (Admin admin = Admin.create(p)) {
            assertThatThrownBy(() -> admin.listTopics().names().get(20, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(AuthenticationException.class);
        }
    }

    @Test
    void shouldRefuseAClientWithoutCredentialsWithinItsTimeout() {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5_000);
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2_000);
        long start = System.nanoTime();
        try (Admin admin = Admin.create(p)) {
            assertThatThrownBy(() -> admin.listTopics().names().get(20, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class);
        }
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
        Properties tlsOnly = KAFKA.clientProperties(BrokerSecurity.ACTOR);
        tlsOnly.put("security.protocol", "SSL");
        tlsOnly.remove("sasl.jaas.config");
        tlsOnly.remove("sasl.mechanism");
        start = System.nanoTime();
        try (KafkaProducer<byte[], byte[]> producer = producer(tlsOnly)) {
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>(SecurityAcls.EVENTS, new byte[1]))
                    .get(WAIT.toMillis(), TimeUnit.MILLISECONDS)).as("TLS without a SASL login").isNotNull();
        }
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
    }

    @Test
    void shouldRunCommandsAsThePrincipalOfTheirKafkaConfigAllows() {
        String servers = KAFKA.bootstrapServers();
        String actor = KAFKA.clientConfigFile(BrokerSecurity.ACTOR).toString();
        String admin = KAFKA.clientConfigFile(BrokerSecurity.ADMIN).toString();
        String learner = KAFKA.clientConfigFile(BrokerSecurity.LEARNER).toString();

        CommandRun refused = CommandRun.of("init", "--policy", "cli", "--obs", "4", "--actions", "2",
                "--bootstrap-servers", servers, "--kafka-config", actor, "--timeout", "20s");
        assertThat(refused.exitCode()).as(refused.err()).isNotZero();
        assertThat(refused.err()).containsIgnoringCase("authoriz");

        CommandRun published = CommandRun.of("init", "--policy", "cli", "--obs", "4", "--actions", "2",
                "--bootstrap-servers", servers, "--kafka-config", learner, "--timeout", "20s");
        assertThat(published.exitCode()).as(published.err()).isZero();

        CommandRun check = CommandRun.of("topics", "check", "--bootstrap-servers", servers, "--kafka-config", admin);
        assertThat(check.exitCode()).as(check.out() + check.err()).isZero();
        CommandRun actorCheck = CommandRun.of("topics", "check", "--bootstrap-servers", servers, "--kafka-config",
                actor);
        assertThat(actorCheck.exitCode()).as("the actor may not describe topic configs").isNotZero();
    }
}
