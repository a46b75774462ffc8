package io.policystream.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.policystream.event.Event;
import io.policystream.event.EventType;
import io.policystream.policy.Activation;
import io.policystream.policy.Architecture;
import io.policystream.policy.Initializer;
import io.policystream.testkit.KafkaCluster;
import io.policystream.testkit.TopicReader;
import io.policystream.wire.EventCodec;
import java.io.File;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * An acting service that depends on policystream-client alone: a tiny program, compiled against
 * the client module's own runtime class path (what Maven gives a project that names only this
 * artifact) and run in its own JVM on nothing else, acts on published params and records an
 * episode on the embedded broker.
 */
class ClientOnlyClasspathIT {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @RegisterExtension
    static final KafkaCluster KAFKA = KafkaCluster.empty();

    private static final String ACTOR = """
            import io.policystream.client.Decision;
            import io.policystream.client.EpisodeRecorder;
            import io.policystream.client.PolicyClient;
            import java.io.Reader;
            import java.nio.file.Files;
            import java.nio.file.Path;
            import java.time.Duration;
            import java.util.Properties;

            public class Actor {
                public static void main(String[] args) throws Exception {
                    Properties kafka = new Properties();
                    try (Reader r = Files.newBufferedReader(Path.of(args[0]))) {
                        kafka.load(r);
                    }
                    try (PolicyClient policy = PolicyClient.connect(kafka, args[1]);
                         EpisodeRecorder recorder = new EpisodeRecorder(kafka, args[2])) {
                        policy.awaitParams("tiny", Duration.ofSeconds(60));
                        double[] state = {0.1, -0.2, 0.3, -0.4};
                        Decision d = policy.act("tiny", state);
                        recorder.step("tiny-1", 0, state, d, 1.0, true, false);
                        System.out.println("acted with version " + d.version() + " log-prob " + d.logProb());
                    }
                }
            }
            """;

    /** The client module's classes and its runtime dependencies, as the build wrote them. */
    private static List<String> clientClasspath() throws IOException {
        List<String> cp = new ArrayList<>();
        cp.add(System.getProperty("policystream.client.classes"));
        String deps = Files.readString(Path.of(System.getProperty("policystream.client.runtime"))).strip();
        cp.addAll(List.of(deps.split(File.pathSeparator)));
        return cp;
    }

    @Test
    void shouldActAndRecordFromAProgramThatHasOnlyTheClientModulesClasspath(@TempDir Path dir) throws Exception {
        List<String> cp = clientClasspath();
        assertThat(cp).as("the acting SDK's runtime class path").noneMatch(e -> e.contains("kafka-streams")
                || e.contains("kafka_2.13") || e.contains("kafka-server") || e.contains("rocksdbjni")
                || e.contains("picocli") || e.contains("policystream-learner") || e.contains("policystream-broker"));
        assertThat(cp).anyMatch(e -> e.contains("kafka-clients")).anyMatch(e -> e.contains("policystream-core")
                || e.replace('\\', '/').contains("/core/"));

        Path src = dir.resolve("Actor.java");
        Files.writeString(src, ACTOR);
        String classpath = String.join(File.pathSeparator, cp);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertThat(javac.run(null, null, null, "-classpath", classpath, "-d", dir.toString(), src.toString()))
                .as("javac exit code").isZero();

        Map<String, String> topics = KAFKA.createPrefixedProjectTopics("sdk.");
        Properties client = KAFKA.clientProperties();
        ParamsTopic.publish(client, Initializer.initialize("tiny",
                Architecture.categorical(4, List.of(8), 2, Activation.TANH), 5, 0), WAIT, topics.get("topic.params"));
        Path props = dir.resolve("kafka.properties");
        try (Writer w = Files.newBufferedWriter(props)) {
            client.store(w, "the test cluster");
        }

        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Path log = dir.resolve("actor.log");
        Process actor = new ProcessBuilder(java.toString(), "-cp", dir + File.pathSeparator + classpath, "Actor",
                props.toString(), topics.get("topic.params"), topics.get("topic.events"))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean ended = actor.waitFor(120, TimeUnit.SECONDS);
        if (!ended) {
            actor.destroyForcibly();
        }
        String out = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(ended).as("the actor ended within 120 s; its output:%n%s", out).isTrue();
        assertThat(actor.exitValue()).as("the actor's exit code; its output:%n%s", out).isZero();
        assertThat(out).contains("acted with version 0");

        try (TopicReader reader = new TopicReader(client, topics.get("topic.events"))) {
            List<ConsumerRecord<byte[], byte[]>> recs = reader.until(r -> !r.isEmpty(), WAIT);
            assertThat(recs).hasSize(1);
            assertThat(new String(recs.get(0).key(), StandardCharsets.UTF_8)).isEqualTo("tiny-1");
            Event e = new EventCodec().decode("tiny-1", recs.get(0).value());
            assertThat(e.type()).isEqualTo(EventType.STEP);
            assertThat(e.policy()).isEqualTo("tiny");
            assertThat(e.policyVersion()).isZero();
            assertThat(e.done()).isTrue();
        }
    }
}
