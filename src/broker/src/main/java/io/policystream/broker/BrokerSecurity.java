package io.policystream.broker;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The secrets of a secure embedded broker: a SCRAM-SHA-512 password for each user, and whether
 * clients reach it over TLS. They are made once, when the data directory is formatted (SCRAM
 * credentials live in the cluster's metadata from then on), and kept in the data directory so a
 * restart on the same data uses the same ones.
 *
 * <p>Users: {@value #BROKER} (the broker's own principal, between its listeners), {@value #ADMIN}
 * (a super user for operators and tools), {@value #LEARNER} and {@value #ACTOR}, whose rights
 * {@link SecurityAcls} grants.
 *
 * @param tls whether the client listener is SASL_SSL (else SASL_PLAINTEXT)
 * @param passwords the password of each user
 * @param storePassword the password of the broker's keystore and of the clients' truststore
 */
public record BrokerSecurity(boolean tls, Map<String, String> passwords, String storePassword) {
    public static final String BROKER = "broker";
    public static final String ADMIN = "admin";
    public static final String LEARNER = "learner";
    public static final String ACTOR = "actor";
    /** The SASL mechanism of the client listener. */
    public static final String MECHANISM = "SCRAM-SHA-512";
    /** Where the secrets are kept, in the data directory. */
    static final String FILE = "policystream-security.properties";
    /** The broker's key pair and certificate, in the data directory (TLS only). */
    static final String KEYSTORE = "broker-keystore.p12";
    /** The certificate clients trust, in the data directory (TLS only). */
    static final String TRUSTSTORE = "client-truststore.p12";
    /** The same certificate in PEM, for clients that read no PKCS12 (librdkafka's {@code ssl.ca.location}). */
    static final String CA_PEM = "broker-certificate.pem";
    /**
     * The mechanism librdkafka clients (kcat, Python's confluent-kafka) log in with over TLS. Before
     * 2.6.1, librdkafka sends the client nonce twice in its final SCRAM message (librdkafka PR 4895);
     * Kafka 4 compares that nonce exactly, as RFC 5802 asks, and refuses the login as "invalid
     * credentials". PLAIN works with every librdkafka version, and TLS keeps the password private.
     */
    public static final String TLS_PASSWORD_MECHANISM = "PLAIN";

    public BrokerSecurity {
        passwords = Map.copyOf(passwords);
    }

    /** Fresh random secrets for every user. */
    static BrokerSecurity generate(boolean tls) {
        SecureRandom random = new SecureRandom();
        Map<String, String> p = new LinkedHashMap<>();
        for (String user : List.of(BROKER, ADMIN, LEARNER, ACTOR)) {
            p.put(user, secret(random));
        }
        return new BrokerSecurity(tls, p, secret(random));
    }

    private static String secret(SecureRandom random) {
        byte[] b = new byte[18];
        random.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /** The secrets kept in {@code dataDir}, or null when it has none; {@code tls} as asked now. */
    static BrokerSecurity read(Path dataDir, boolean tls) {
        Path file = dataDir.resolve(FILE);
        if (!Files.exists(file)) {
            return null;
        }
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file)) {
            p.load(r);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        Map<String, String> passwords = new LinkedHashMap<>();
        for (String user : List.of(BROKER, ADMIN, LEARNER, ACTOR)) {
            passwords.put(user, p.getProperty("password." + user));
        }
        return new BrokerSecurity(tls, passwords, p.getProperty("store.password"));
    }

    /** Keeps the secrets in {@code dataDir}, readable by the owner only where the file system allows. */
    void write(Path dataDir) {
        Properties p = new Properties();
        passwords.forEach((user, pw) -> p.setProperty("password." + user, pw));
        p.setProperty("store.password", storePassword);
        writePrivate(dataDir.resolve(FILE), p, List.of("Secrets of the embedded broker: the SCRAM credentials made "
                + "when its data directory was formatted."));
    }

    /** The {@code --add-scram} arguments of the formatter: one SCRAM-SHA-512 credential per user. */
    List<String> scramArguments() {
        return passwords.entrySet().stream()
                .map(e -> MECHANISM + "=[name=" + e.getKey() + ",password=" + e.getValue() + "]").toList();
    }

    /** The security protocol of the client listener. */
    public String protocol() {
        return tls ? "SASL_SSL" : "SASL_PLAINTEXT";
    }

    /**
     * The broker properties of a secure node: SCRAM on the client listener (also between the
     * broker and itself, e.g. for transaction markers), PLAIN with a static broker user on the
     * controller listener (SCRAM credentials live in the metadata the controller serves, so it
     * cannot use them itself), the KRaft ACL authorizer, and no access without an ACL.
     */
    Map<String, String> brokerProperties(int port, int controllerPort, String controllerListener, Path dataDir) {
        String listener = protocol();
        String lower = listener.toLowerCase(java.util.Locale.ROOT);
        Map<String, String> p = new LinkedHashMap<>();
        p.put("listeners", listener + "://127.0.0.1:" + port + "," + controllerListener + "://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", listener + "://127.0.0.1:" + port);
        p.put("listener.security.protocol.map", listener + ":" + listener + "," + controllerListener + ":SASL_PLAINTEXT");
        p.put("inter.broker.listener.name", listener);
        p.put("sasl.enabled.mechanisms", MECHANISM);
        p.put("sasl.mechanism.inter.broker.protocol", MECHANISM);
        p.put("listener.name." + lower + ".scram-sha-512.sasl.jaas.config", jaas(BROKER));
        if (tls) {
            // PLAIN for librdkafka clients, only where TLS hides the password; the broker's own user is
            // not among them, it logs in with SCRAM.
            p.put("listener.name." + lower + ".sasl.enabled.mechanisms", MECHANISM + "," + TLS_PASSWORD_MECHANISM);
            p.put("listener.name." + lower + ".plain.sasl.jaas.config", plainUsers());
        }
        p.put("sasl.mechanism.controller.protocol", "PLAIN");
        p.put("listener.name." + controllerListener.toLowerCase(java.util.Locale.ROOT) + ".sasl.enabled.mechanisms",
                "PLAIN");
        p.put("listener.name." + controllerListener.toLowerCase(java.util.Locale.ROOT) + ".plain.sasl.jaas.config",
                "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"" + BROKER
                        + "\" password=\"" + passwords.get(BROKER) + "\" user_" + BROKER + "=\""
                        + passwords.get(BROKER) + "\";");
        p.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        p.put("super.users", "User:" + BROKER + ";User:" + ADMIN);
        p.put("allow.everyone.if.no.acl.found", "false");
        if (tls) {
            p.put("ssl.keystore.type", "PKCS12");
            p.put("ssl.keystore.location", dataDir.resolve(KEYSTORE).toString());
            p.put("ssl.keystore.password", storePassword);
            p.put("ssl.key.password", storePassword);
            p.putAll(trustProperties(dataDir));
        }
        return p;
    }

    /** The client properties of {@code user}: protocol, SCRAM mechanism and login, truststore with TLS. */
    public Properties clientProperties(String user, Path dataDir) {
        if (!passwords.containsKey(user)) {
            throw new IllegalArgumentException("no such user: " + user + "; the users are " + passwords.keySet());
        }
        Properties p = new Properties();
        p.setProperty("security.protocol", protocol());
        p.setProperty("sasl.mechanism", MECHANISM);
        p.setProperty("sasl.jaas.config", jaas(user));
        if (tls) {
            p.putAll(trustProperties(dataDir));
        }
        return p;
    }

    /**
     * The settings of {@code user} for librdkafka clients (kcat {@code -F}, Python's confluent-kafka,
     * Go, .NET), which take no JAAS line and no PKCS12 truststore: PLAIN and the PEM certificate over
     * TLS (see {@link #TLS_PASSWORD_MECHANISM}); without TLS, SCRAM-SHA-512, which needs librdkafka 2.6.1
     * or later.
     */
    public Map<String, String> librdkafkaProperties(String user, String bootstrapServers, Path dataDir) {
        if (!passwords.containsKey(user)) {
            throw new IllegalArgumentException("no such user: " + user + "; the users are " + passwords.keySet());
        }
        Map<String, String> p = new LinkedHashMap<>();
        p.put("bootstrap.servers", bootstrapServers);
        p.put("security.protocol", protocol());
        p.put("sasl.mechanism", tls ? TLS_PASSWORD_MECHANISM : MECHANISM);
        p.put("sasl.username", user);
        p.put("sasl.password", passwords.get(user));
        if (tls) {
            p.put("ssl.ca.location", dataDir.resolve(CA_PEM).toString());
        }
        return p;
    }

    private String plainUsers() {
        StringBuilder s = new StringBuilder("org.apache.kafka.common.security.plain.PlainLoginModule required");
        for (String user : List.of(ADMIN, LEARNER, ACTOR)) {
            s.append(" user_").append(user).append("=\"").append(passwords.get(user)).append('"');
        }
        return s.append(';').toString();
    }

    private Map<String, String> trustProperties(Path dataDir) {
        return Map.of("ssl.truststore.type", "PKCS12",
                "ssl.truststore.location", dataDir.resolve(TRUSTSTORE).toString(),
                "ssl.truststore.password", storePassword);
    }

    private String jaas(String user) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user
                + "\" password=\"" + passwords.get(user) + "\";";
    }

    /**
     * Writes a properties file that holds secrets, owner-only on POSIX file systems, one plain
     * {@code key=value} per line so that a person can read it ({@link Properties#store} would escape
     * every {@code =} and {@code :} in the JAAS line).
     */
    static void writePrivate(Path file, Properties p, List<String> comments) {
        StringBuilder text = new StringBuilder();
        comments.forEach(c -> text.append("# ").append(c).append('\n'));
        new java.util.TreeSet<>(p.stringPropertyNames()).forEach(k -> text.append(k).append('=')
                .append(p.getProperty(k).replace("\\", "\\\\")).append('\n'));
        writePrivate(file, text.toString());
    }

    /**
     * Writes a librdkafka configuration file ({@code kcat -F}), owner-only on POSIX file systems:
     * {@code key=value} lines in the given order, taken as they are (librdkafka unescapes nothing, so
     * a Windows path keeps single backslashes).
     */
    static void writePrivateLibrdkafka(Path file, Map<String, String> p, List<String> comments) {
        StringBuilder text = new StringBuilder();
        comments.forEach(c -> text.append("# ").append(c).append('\n'));
        p.forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
        writePrivate(file, text.toString());
    }

    private static void writePrivate(Path file, String text) {
        try {
            Files.deleteIfExists(file);
            Files.createFile(file);
            ownerOnly(file);
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /**
     * Makes {@code file} readable and writable by its owner only (0600) on POSIX file systems; elsewhere
     * (Windows) it does nothing, and the directory's permissions protect the file.
     */
    static void ownerOnly(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file system.
        }
    }
}
