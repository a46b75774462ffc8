package io.policystream.broker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A self-signed certificate for the embedded broker's TLS listener, made with the JDK's
 * {@code keytool} (the JDK has no public API to sign a certificate, and a library for it would be a
 * new dependency): a PKCS12 keystore with the broker's key pair, valid for 127.0.0.1 and localhost,
 * and its certificate for the clients, in a PKCS12 truststore (Java) and in PEM (librdkafka).
 */
final class Certificates {
    private static final long TIMEOUT_SECONDS = 60;
    private static final String PASSWORD_VARIABLE = "POLICYSTREAM_STORE_PASSWORD";

    private Certificates() {
    }

    /**
     * Writes {@code keystore} (owner-only on POSIX file systems: it holds the private key),
     * {@code truststore} and {@code pem}, the certificate in PEM for clients that read no PKCS12; both
     * stores are protected by {@code password}. keytool writes the keystore in a directory only the
     * owner may enter, so the key is never readable by others, not even for a moment (a temporary
     * directory, not the data directory, where Kafka would take it for a partition).
     */
    static void createSelfSigned(Path keystore, Path truststore, Path pem, String password) {
        Path work = null;
        try {
            work = privateDirectory();
            Path key = work.resolve(keystore.getFileName());
            Path cert = work.resolve(pem.getFileName());
            keytool(password, "-genkeypair", "-alias", "broker", "-keyalg", "RSA", "-keysize", "2048", "-validity", "3650",
                    "-dname", "CN=127.0.0.1,OU=PolicyStream embedded broker", "-ext", "SAN=ip:127.0.0.1,dns:localhost",
                    "-storetype", "PKCS12", "-keystore", key.toString(), "-storepass:env", PASSWORD_VARIABLE,
                    "-keypass:env", PASSWORD_VARIABLE);
            BrokerSecurity.ownerOnly(key);
            keytool(password, "-exportcert", "-alias", "broker", "-rfc", "-keystore", key.toString(),
                    "-storetype", "PKCS12", "-storepass:env", PASSWORD_VARIABLE, "-file", cert.toString());
            Files.deleteIfExists(truststore);
            keytool(password, "-importcert", "-noprompt", "-alias", "broker", "-file", cert.toString(), "-storetype",
                    "PKCS12", "-keystore", truststore.toString(), "-storepass:env", PASSWORD_VARIABLE);
            Files.move(cert, pem, StandardCopyOption.REPLACE_EXISTING);
            Files.move(key, keystore, StandardCopyOption.REPLACE_EXISTING);
            BrokerSecurity.ownerOnly(keystore);
        } catch (IOException e) {
            throw new IllegalStateException("cannot create the broker's TLS certificate: " + e.getMessage(), e);
        } finally {
            deleteQuietly(work);
        }
    }

    /** A new temporary directory that only its owner may enter (on POSIX file systems). */
    private static Path privateDirectory() throws IOException {
        try {
            return Files.createTempDirectory("policystream-tls-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (UnsupportedOperationException e) {
            return Files.createTempDirectory("policystream-tls-");
        }
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.deleteIfExists(f);
            }
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            // A leftover temporary directory in the data directory harms nothing.
        }
    }

    /** Runs keytool with the password in its environment, not on a command line others can list. */
    private static void keytool(String password, String... args) throws IOException {
        Path tool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        if (!Files.isExecutable(tool)) {
            throw new IOException(tool + " is not there; TLS needs a Java runtime with keytool");
        }
        List<String> command = new ArrayList<>();
        command.add(tool.toString());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put(PASSWORD_VARIABLE, password);
        Process p = builder.start();
        try {
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("keytool did not finish within " + TIMEOUT_SECONDS + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new IOException("interrupted while keytool ran", e);
        }
        String output = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
            throw new IOException("keytool " + args[0] + " failed (exit " + p.exitValue() + "): " + output.strip());
        }
    }
}
