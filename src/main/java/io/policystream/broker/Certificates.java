package io.policystream.broker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A self-signed certificate for the embedded broker's TLS listener, made with the JDK's
 * {@code keytool} (the JDK has no public API to sign a certificate, and a library for it would be a
 * new dependency): a PKCS12 keystore with the broker's key pair, valid for 127.0.0.1 and localhost,
 * and a PKCS12 truststore with its certificate for the clients.
 */
final class Certificates {
    private static final long TIMEOUT_SECONDS = 60;
    private static final String PASSWORD_VARIABLE = "POLICYSTREAM_STORE_PASSWORD";

    private Certificates() {
    }

    /** Writes {@code keystore} and {@code truststore}, both protected by {@code password}. */
    static void createSelfSigned(Path keystore, Path truststore, String password) {
        Path cert = keystore.resolveSibling("broker-certificate.pem");
        try {
            Files.deleteIfExists(keystore);
            Files.deleteIfExists(truststore);
            keytool(password, "-genkeypair", "-alias", "broker", "-keyalg", "RSA", "-keysize", "2048", "-validity", "3650",
                    "-dname", "CN=127.0.0.1,OU=PolicyStream embedded broker", "-ext", "SAN=ip:127.0.0.1,dns:localhost",
                    "-storetype", "PKCS12", "-keystore", keystore.toString(), "-storepass:env", PASSWORD_VARIABLE,
                    "-keypass:env", PASSWORD_VARIABLE);
            keytool(password, "-exportcert", "-alias", "broker", "-rfc", "-keystore", keystore.toString(),
                    "-storetype", "PKCS12", "-storepass:env", PASSWORD_VARIABLE, "-file", cert.toString());
            keytool(password, "-importcert", "-noprompt", "-alias", "broker", "-file", cert.toString(), "-storetype",
                    "PKCS12", "-keystore", truststore.toString(), "-storepass:env", PASSWORD_VARIABLE);
        } catch (IOException e) {
            throw new IllegalStateException("cannot create the broker's TLS certificate: " + e.getMessage(), e);
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
