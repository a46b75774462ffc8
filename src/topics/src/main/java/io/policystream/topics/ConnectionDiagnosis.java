package io.policystream.topics;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;

/**
 * Says why a Kafka cluster did not serve a client, in words an operator can act on. A Kafka client
 * that cannot talk to its brokers only retries until its timeout, whatever the reason: nothing
 * listening, a TLS port reached in plain text, a SASL listener reached without credentials. This
 * class looks at the failure and, when the client heard nothing, at the bootstrap addresses
 * themselves (a TCP connect and a TLS handshake that trusts any certificate, each bounded).
 */
public final class ConnectionDiagnosis {
    /** What kind of problem stopped a client. */
    public enum Kind {
        /** No broker answered in time. */
        UNREACHABLE,
        /** A broker answered and refused the client's credentials or TLS settings. */
        AUTHENTICATION,
        /** A broker knew the client and refused it an operation (ACLs). */
        AUTHORIZATION
    }

    private ConnectionDiagnosis() {
    }

    /**
     * The kind of a Kafka client failure, looking through its causes: authentication (SASL or TLS),
     * authorisation, or anything else counts as unreachable (the clients report a silent cluster as a
     * timeout).
     */
    public static Kind kindOf(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof AuthenticationException) {
                return Kind.AUTHENTICATION;
            }
            if (t instanceof AuthorizationException) {
                return Kind.AUTHORIZATION;
            }
        }
        return Kind.UNREACHABLE;
    }

    /** The most specific message among a failure and its causes. */
    public static String messageOf(Throwable failure) {
        String message = null;
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                message = t.getMessage();
            }
            if (t instanceof AuthenticationException || t instanceof AuthorizationException) {
                return t.getMessage();
            }
        }
        return message == null ? String.valueOf(failure) : message;
    }

    /**
     * Explains why {@code bootstrapServers} did not answer a client using {@code securityProtocol}
     * (PLAINTEXT when null): one clause per address, such as "nothing listens at localhost:9092
     * (connection refused)" or "localhost:9093 speaks TLS, but the client connects with
     * security.protocol=PLAINTEXT". Each probe is bounded by {@code perAddress}.
     */
    public static String explainSilence(String bootstrapServers, String securityProtocol, Duration perAddress) {
        List<String> clauses = new ArrayList<>();
        for (Finding f : findings(bootstrapServers, securityProtocol, perAddress)) {
            clauses.add(f.text());
        }
        return clauses.isEmpty() ? "no bootstrap server given" : String.join("; ", clauses);
    }

    /**
     * A client setting that cannot work with {@code bootstrapServers}, found without waiting for the
     * client's timeout: a TLS port reached in plain text (or the reverse), a SASL listener reached
     * without a SASL login, a port that does not speak Kafka. Null when none is found (the servers may
     * still be down or slow: wait, then {@link #explainSilence}).
     */
    public static String misconfiguration(String bootstrapServers, String securityProtocol, Duration perAddress) {
        for (Finding f : findings(bootstrapServers, securityProtocol, perAddress)) {
            if (f.misconfigured()) {
                return f.text();
            }
        }
        return null;
    }

    /** How long a cluster may stay silent before its addresses are probed for a client setting that cannot work. */
    public static final Duration SUSPICION = Duration.ofSeconds(3);
    /** How long each address probe may take. */
    public static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);

    /**
     * Waits up to {@link #SUSPICION} for a client's first call to the cluster; while it is still
     * unanswered, probes the addresses for a client setting that cannot work
     * ({@link #misconfiguration}), which the Kafka client would only retry until its timeout and
     * then report as a missing broker, and does so again each time the call stays silent a while
     * longer, until it is answered or {@code timeout} has passed: on a loaded machine one probe's TLS
     * handshake can miss its own timeout, and a setting that cannot work should still be named in
     * seconds, not at the end of {@code timeout}. After the first probe, another starts only while
     * more than {@link #SUSPICION} is left, so the probes end with the timeout. Null when the call was
     * answered (or failed: its caller sees how), or nothing wrong was found by then; the caller then
     * goes on waiting for its own timeout.
     */
    public static String misconfigurationUntilAnswered(org.apache.kafka.common.KafkaFuture<?> firstCall,
                                                       String bootstrapServers, String securityProtocol,
                                                       Duration timeout) throws InterruptedException {
        return misconfigurationUntilAnswered(firstCall, bootstrapServers, securityProtocol, timeout, SUSPICION,
                PROBE_TIMEOUT);
    }

    static String misconfigurationUntilAnswered(org.apache.kafka.common.KafkaFuture<?> firstCall,
                                                String bootstrapServers, String securityProtocol, Duration timeout,
                                                Duration suspicion, Duration probe) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long left = timeout.toNanos();
        for (boolean first = true; !firstCall.isDone() && left > 0 && (first || left > suspicion.toNanos());
                first = false) {
            Duration wait = Duration.ofNanos(Math.min(left, suspicion.toNanos()));
            try {
                firstCall.get(wait.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.ExecutionException e) {
                return null;
            } catch (java.util.concurrent.TimeoutException e) {
                String wrong = misconfiguration(bootstrapServers, securityProtocol, probe);
                if (wrong != null) {
                    return wrong;
                }
            }
            left = deadline - System.nanoTime();
        }
        return null;
    }

    /** What a probe found at one address, and whether it is a client setting that cannot work. */
    private record Finding(boolean misconfigured, String text) {
    }

    private static List<Finding> findings(String bootstrapServers, String securityProtocol, Duration perAddress) {
        String protocol = securityProtocol == null || securityProtocol.isBlank() ? "PLAINTEXT"
                : securityProtocol.trim().toUpperCase(Locale.ROOT);
        List<Finding> out = new ArrayList<>();
        for (String server : bootstrapServers.split(",")) {
            String address = server.trim();
            if (!address.isEmpty()) {
                out.add(explainAddress(address, protocol, (int) Math.max(100, perAddress.toMillis())));
            }
        }
        return out;
    }

    private static Finding fine(String text) {
        return new Finding(false, text);
    }

    private static Finding wrong(String text) {
        return new Finding(true, text);
    }

    private static Finding explainAddress(String address, String protocol, int timeoutMs) {
        int colon = address.lastIndexOf(':');
        if (colon <= 0 || colon == address.length() - 1) {
            return wrong("'" + address + "' is not HOST:PORT");
        }
        String host = address.substring(0, colon).replace("[", "").replace("]", "");
        int port;
        try {
            port = Integer.parseInt(address.substring(colon + 1));
        } catch (NumberFormatException e) {
            return wrong("'" + address + "' has no port number");
        }
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), timeoutMs);
        } catch (UnknownHostException e) {
            return fine("cannot resolve the host of " + address);
        } catch (ConnectException e) {
            return fine("nothing listens at " + address + " (connection refused); is a broker running there?");
        } catch (SocketTimeoutException e) {
            return fine("no answer from " + address + " within " + timeoutMs + " ms (a firewall, or a host that is down?)");
        } catch (IOException | IllegalArgumentException e) {
            return fine("cannot connect to " + address + ": " + e.getMessage());
        }
        boolean clientTls = protocol.equals("SSL") || protocol.equals("SASL_SSL");
        boolean serverTls = speaksTls(host, port, timeoutMs);
        if (serverTls && !clientTls) {
            return wrong(address + " speaks TLS, but the client connects with security.protocol=" + protocol
                    + ": give the client settings of that cluster with --kafka-config (a secure 'policystream"
                    + " broker' prints where it wrote them)");
        }
        if (!serverTls && clientTls) {
            return wrong(address + " does not speak TLS, but the client connects with security.protocol=" + protocol);
        }
        if (clientTls) {
            return fine(address + " speaks TLS but did not complete a Kafka login within the timeout (check the"
                    + " client's TLS and SASL settings, or the broker is overloaded)");
        }
        return switch (plainKafka(host, port, timeoutMs)) {
            case ANSWERS -> fine(address + " answers Kafka requests now, but did not within the timeout: an overloaded"
                    + " or starting broker? (try again, or a longer --startup-timeout / --timeout)");
            case WANTS_SASL -> wrong(address + " is a Kafka listener that wants a SASL login before anything else, but"
                    + " the client connects with security.protocol=" + protocol + ": give the client settings"
                    + " with --kafka-config");
            case NOT_KAFKA -> wrong(address + " accepts connections but does not speak Kafka's protocol: another"
                    + " service on that port?");
            case SILENT -> fine(address + " accepts connections but answered no Kafka request within " + timeoutMs
                    + " ms: an overloaded broker, or not a Kafka port?");
        };
    }

    private enum PlainAnswer { ANSWERS, WANTS_SASL, NOT_KAFKA, SILENT }

    /**
     * Sends, in plain text, the two requests any Kafka broker answers first: ApiVersions (v0, allowed
     * before a SASL login) and Metadata (v0, all topics; a SASL listener closes the connection instead).
     */
    private static PlainAnswer plainKafka(String host, int port, int timeoutMs) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), timeoutMs);
            s.setSoTimeout(timeoutMs);
            java.io.DataOutputStream out = new java.io.DataOutputStream(s.getOutputStream());
            java.io.DataInputStream in = new java.io.DataInputStream(s.getInputStream());
            if (!exchange(out, in, (short) 18, 1, new byte[0])) {
                return PlainAnswer.NOT_KAFKA;
            }
            return exchange(out, in, (short) 3, 2, new byte[] {0, 0, 0, 0}) ? PlainAnswer.ANSWERS
                    : PlainAnswer.WANTS_SASL;
        } catch (SocketTimeoutException e) {
            return PlainAnswer.SILENT;
        } catch (IOException e) {
            return PlainAnswer.NOT_KAFKA;
        }
    }

    /** One request (header v1, client id "policystream-probe") and its answer; false when the server hung up. */
    private static boolean exchange(java.io.DataOutputStream out, java.io.DataInputStream in, short apiKey,
                                    int correlation, byte[] body) throws IOException {
        byte[] client = "policystream-probe".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        out.writeInt(2 + 2 + 4 + 2 + client.length + body.length);
        out.writeShort(apiKey);
        out.writeShort(0);
        out.writeInt(correlation);
        out.writeShort(client.length);
        out.write(client);
        out.write(body);
        out.flush();
        int size;
        try {
            size = in.readInt();
        } catch (java.io.EOFException e) {
            return false;
        }
        if (size < 4 || size > (64 << 20) || in.readInt() != correlation) {
            throw new IOException("not a Kafka answer");
        }
        in.skipNBytes(size - 4);
        return true;
    }

    /** Whether the server completes a TLS handshake (any certificate accepted: we only ask whether it speaks TLS). */
    private static boolean speaksTls(String host, int port, int timeoutMs) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {new AnyCertificate()}, null);
            try (Socket plain = new Socket()) {
                plain.connect(new InetSocketAddress(host, port), timeoutMs);
                plain.setSoTimeout(timeoutMs);
                try (SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(plain, host, port, false)) {
                    tls.startHandshake();
                    return true;
                }
            }
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    /** Trusts every certificate: the probe sends nothing but a handshake and reads nothing back. */
    private static final class AnyCertificate implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
