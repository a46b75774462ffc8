package io.policystream.topics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.junit.jupiter.api.Test;

/**
 * Why a cluster did not serve a client, found from outside: real sockets on loopback play a closed
 * port, a service that is not Kafka and a server that never answers (brokers in ClusterDiagnosisIT).
 */
class ConnectionDiagnosisTest {
    private static final Duration PROBE = Duration.ofMillis(500);

    /** What a test's server does with each connection it accepts, one after the other. */
    private interface OnAccept {
        void accept(Socket c) throws IOException;
    }

    /** Accepts connections on {@code s} until it closes, on a daemon thread. */
    private static void serve(ServerSocket s, OnAccept onAccept) {
        Thread t = new Thread(() -> {
            while (!s.isClosed()) {
                try {
                    onAccept.accept(s.accept());
                } catch (IOException e) {
                    return;
                }
            }
        });
        t.setDaemon(true);
        t.start();
    }

    /** Answers as a service that is not Kafka. */
    private static void answerNotKafka(Socket c) throws IOException {
        c.getOutputStream().write("HTTP/1.0 400 Bad Request\r\n\r\n".getBytes());
    }

    @Test
    void shouldSayNothingListensOnAClosedPort() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String why = ConnectionDiagnosis.explainSilence("127.0.0.1:" + port, "PLAINTEXT", PROBE);
        assertThat(why).isEqualTo("nothing listens at 127.0.0.1:" + port + " (connection refused); is a broker running there?");
        assertThat(ConnectionDiagnosis.misconfiguration("127.0.0.1:" + port, null, PROBE))
                .as("a broker may still start there").isNull();
    }

    @Test
    void shouldSayAServiceThatHangsUpIsNotKafka() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            serve(s, c -> {
                try (c) {
                    answerNotKafka(c);
                }
            });
            String address = "127.0.0.1:" + s.getLocalPort();
            assertThat(ConnectionDiagnosis.misconfiguration(address, "PLAINTEXT", PROBE))
                    .contains(address).contains("does not speak Kafka");
        }
    }

    @Test
    void shouldSayASilentServerDidNotAnswerWithoutBlamingTheSettings() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread t = new Thread(() -> {
                while (!s.isClosed()) {
                    try {
                        Socket c = s.accept();
                        InputStream in = c.getInputStream();
                        while (in.read() >= 0) {
                            // Reads and never answers, as an overloaded broker would.
                        }
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            t.setDaemon(true);
            t.start();
            String address = "127.0.0.1:" + s.getLocalPort();
            assertThat(ConnectionDiagnosis.misconfiguration(address, "PLAINTEXT", PROBE)).isNull();
            assertThat(ConnectionDiagnosis.explainSilence(address, "PLAINTEXT", PROBE))
                    .contains("answered no Kafka request within 500 ms");
        }
    }

    @Test
    void shouldProbeAgainWhileTheClusterStaysSilentSoASlowFirstProbeIsNotTheLastWord() throws Exception {
        // A probe connects three times (the port, a TLS handshake, Kafka's first requests). The first
        // probe's connections are held silent, as a handshake that misses the probe's timeout on a
        // loaded machine; the later ones answer as a service that is not Kafka.
        java.util.concurrent.atomic.AtomicInteger connections = new java.util.concurrent.atomic.AtomicInteger();
        java.util.List<Socket> held = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (ServerSocket s = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            serve(s, c -> {
                if (connections.incrementAndGet() <= 3) {
                    held.add(c); // open, never answered
                    return;
                }
                try (c) {
                    answerNotKafka(c);
                }
            });
            String address = "127.0.0.1:" + s.getLocalPort();
            org.apache.kafka.common.KafkaFuture<String> silent = new org.apache.kafka.common.internals.KafkaFutureImpl<>();

            long t0 = System.nanoTime();
            String wrong = ConnectionDiagnosis.misconfigurationUntilAnswered(silent, address, "PLAINTEXT",
                    Duration.ofSeconds(20), Duration.ofMillis(200), PROBE);

            assertThat(wrong).contains(address).contains("does not speak Kafka");
            assertThat(connections.get()).as("two probes of three connections").isEqualTo(6);
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("named long before the timeout")
                    .isLessThan(Duration.ofSeconds(10));
        } finally {
            for (Socket c : held) {
                c.close();
            }
        }
    }

    @Test
    void shouldStopProbingWhenTheCallIsAnsweredOrTheTimeoutEnds() throws Exception {
        org.apache.kafka.common.internals.KafkaFutureImpl<String> answered =
                new org.apache.kafka.common.internals.KafkaFutureImpl<>();
        answered.complete("cluster-id");
        assertThat(ConnectionDiagnosis.misconfigurationUntilAnswered(answered, "127.0.0.1:1", "PLAINTEXT",
                Duration.ofSeconds(20), Duration.ofMillis(200), PROBE)).as("answered: nothing to probe").isNull();

        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        long t0 = System.nanoTime();
        String wrong = ConnectionDiagnosis.misconfigurationUntilAnswered(
                new org.apache.kafka.common.internals.KafkaFutureImpl<String>(), "127.0.0.1:" + port, "PLAINTEXT",
                Duration.ofSeconds(2), Duration.ofMillis(200), PROBE);
        assertThat(wrong).as("a closed port may still get a broker").isNull();
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("bounded by the timeout")
                .isLessThan(Duration.ofSeconds(4));
    }

    @Test
    void shouldExplainEveryAddressAndBadAddresses() {
        String why = ConnectionDiagnosis.explainSilence("nohost-without-port, 127.0.0.1:x", null, PROBE);
        assertThat(why).contains("'nohost-without-port' is not HOST:PORT").contains("'127.0.0.1:x' has no port number");
    }

    @Test
    void shouldClassifyFailuresThroughTheirCauses() {
        assertThat(ConnectionDiagnosis.kindOf(new ExecutionException(new SaslAuthenticationException("bad password"))))
                .isEqualTo(ConnectionDiagnosis.Kind.AUTHENTICATION);
        assertThat(ConnectionDiagnosis.kindOf(new RuntimeException(new TopicAuthorizationException("no"))))
                .isEqualTo(ConnectionDiagnosis.Kind.AUTHORIZATION);
        assertThat(ConnectionDiagnosis.kindOf(new org.apache.kafka.common.errors.TimeoutException("slow")))
                .isEqualTo(ConnectionDiagnosis.Kind.UNREACHABLE);
        assertThat(ConnectionDiagnosis.messageOf(new ExecutionException(new SaslAuthenticationException("bad password"))))
                .isEqualTo("bad password");
    }
}
