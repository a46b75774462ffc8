package io.policystream.broker;

import static org.assertj.core.api.Assertions.assertThat;

import io.policystream.event.Action;
import io.policystream.event.Event;
import io.policystream.policy.Activation;
import io.policystream.policy.Architecture;
import io.policystream.policy.Initializer;
import io.policystream.testkit.Executables;
import io.policystream.topics.TopicDefinitions;
import io.policystream.wire.EventCodec;
import io.policystream.wire.ParamsCodec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kcat, a librdkafka client, against the secure embedded broker (SASL_SSL) with nothing but the
 * librdkafka config the broker writes ({@code kcat -F}): the actor records an event, which the admin
 * reads back, and is refused when it writes params; a wrong password is refused. librdkafka before
 * 2.6.1 cannot log in with SCRAM to Kafka 4, so this is what a user of Debian's or Ubuntu's kcat
 * and Python confluent-kafka meets.
 *
 * <p>It needs the {@code kcat} binary and fails without it: CI installs it (.ci/run), and so should
 * anyone who runs the integration tests.
 */
class SecureKcatIT {
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final Duration KCAT_WAIT = Duration.ofSeconds(60);
    private static final Architecture CARTPOLE = Architecture.categorical(4, List.of(8), 2, Activation.TANH);

    @TempDir
    static Path dataDir;

    @TempDir
    Path work;

    private static EmbeddedKafkaBroker broker;

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

    private record Result(int exitCode, String out, String err) {
    }

    /** Runs kcat with {@code args}, {@code stdin} as its input, bounded by {@link #KCAT_WAIT}. */
    private Result kcat(String stdin, String... args) throws IOException, InterruptedException {
        Path kcat = Executables.find("kcat").orElseThrow(() -> new AssertionError("SecureKcatIT needs kcat on the"
                + " PATH: install it (Debian/Ubuntu: apt-get install kcat; macOS: brew install kcat). CI installs it"
                + " in .ci/run."));
        List<String> cmd = new ArrayList<>();
        cmd.add(kcat.toString());
        cmd.addAll(List.of(args));
        Path in = Files.createTempFile(work, "in", ".txt");
        Path out = Files.createTempFile(work, "out", ".txt");
        Path err = Files.createTempFile(work, "err", ".txt");
        Files.writeString(in, stdin);
        Process p = new ProcessBuilder(cmd).redirectInput(in.toFile()).redirectOutput(out.toFile())
                .redirectError(err.toFile()).start();
        if (!p.waitFor(KCAT_WAIT.toSeconds(), TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("kcat " + String.join(" ", args) + " did not finish within " + KCAT_WAIT.toSeconds()
                    + " s; it printed: " + Files.readString(err));
        }
        return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    private static String config(String user) {
        return broker.librdkafkaConfigFile(user).toString();
    }

    /** Every record of {@code topic} as {@code key<TAB>value} lines, read by the admin. */
    private String readAll(String topic) throws Exception {
        Result r = kcat("", "-F", config(BrokerSecurity.ADMIN), "-C", "-t", topic, "-o", "beginning", "-e", "-q",
                "-f", "%k\\t%s\\n");
        assertThat(r.exitCode()).as("the admin reads %s: %s", topic, r.err()).isZero();
        return r.out();
    }

    @Test
    void shouldLetTheActorRecordAnEventThatTheAdminReadsBack() throws Exception {
        Event e = Event.step("kcat", "kcat-ep1", 0, new double[] {0.1, -0.2, 0.3, 0.4}, new Action.Discrete(1), -0.69, 0, 1.0, true, false,
                1000);
        String json = new String(new EventCodec().encode(e), StandardCharsets.UTF_8);

        Result produced = kcat(json + "\n", "-F", config(BrokerSecurity.ACTOR), "-P", "-t", SecurityAcls.EVENTS,
                "-k", "kcat-ep1");

        assertThat(produced.exitCode()).as("kcat -P as the actor: %s", produced.err()).isZero();
        assertThat(readAll(SecurityAcls.EVENTS)).contains("kcat-ep1\t" + json + "\n");
    }

    @Test
    void shouldRefuseTheActorWritingParams() throws Exception {
        String json = new String(new ParamsCodec().encode(Initializer.initialize("kcat-params", CARTPOLE, 9, 0)
                .relabel("kcat-params", 99, 0, 0, 0)), StandardCharsets.UTF_8);

        Result refused = kcat(json + "\n", "-F", config(BrokerSecurity.ACTOR), "-P", "-t", SecurityAcls.PARAMS,
                "-k", "kcat-params");

        assertThat(refused.exitCode()).as("kcat -P params as the actor").isNotZero();
        assertThat(refused.err()).contains("Topic authorization failed");
        assertThat(readAll(SecurityAcls.PARAMS)).doesNotContain("kcat-params");
    }

    @Test
    void shouldLetTheActorReadParams() throws Exception {
        Result r = kcat("", "-F", config(BrokerSecurity.ACTOR), "-C", "-t", SecurityAcls.PARAMS, "-o", "beginning",
                "-e", "-q");

        assertThat(r.exitCode()).as("kcat -C params as the actor: %s", r.err()).isZero();
        assertThat(r.err()).doesNotContainIgnoringCase("error");
    }

    @Test
    void shouldRefuseAWrongPasswordAndTheBrokersOwnUser() throws Exception {
        Result wrong = kcat("", "-F", config(BrokerSecurity.ACTOR), "-X", "sasl.password=wrong", "-m", "5", "-L");
        assertThat(wrong.exitCode()).isNotZero();
        assertThat(wrong.err()).contains("Invalid username or password");

        // The broker's own principal is a super user; it logs in with SCRAM only, never with PLAIN.
        Result brokerUser = kcat("", "-F", config(BrokerSecurity.ACTOR), "-X", "sasl.username=" + BrokerSecurity.BROKER,
                "-X", "sasl.password=" + BrokerSecurity.read(broker.dataDir(), true).passwords().get(BrokerSecurity.BROKER),
                "-m", "5", "-L");
        assertThat(brokerUser.exitCode()).isNotZero();
        assertThat(brokerUser.err()).contains("Invalid username or password");
    }
}
