package io.policystream.cli;

import io.policystream.broker.EmbeddedKafkaBroker;
import io.policystream.broker.PortInUseException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code broker}: a single-node Kafka broker in this process, so PolicyStream can be tried without
 * installing Kafka. Runs until Ctrl-C, then shuts Kafka down cleanly so the next start is quick.
 */
@Command(name = "broker",
        mixinStandardHelpOptions = true,
        description = {
            "Runs a Kafka broker on this machine, so you can try PolicyStream without installing Kafka.",
            "It listens on 127.0.0.1 only and keeps its data in --data-dir across restarts;",
            "--fresh starts with no topics and no data.",
            "Leave it running and use another terminal; stop it with Ctrl-C.",
            "For trying things out: one node, no replication. Use a real cluster in production.",
            "--secure turns on authentication (SASL/SCRAM-SHA-512 over TLS) and ACLs for the users",
            "admin, learner and actor, and writes a client config per user (admin.properties,",
            "learner.properties, actor.properties) into --data-dir for the other commands' --kafka-config,",
            "and one for kcat -F and Python's confluent-kafka (admin.librdkafka.conf, ...)."
        })
public final class BrokerCommand implements Callable<Integer> {

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "9092",
            description = "Port for Kafka clients on 127.0.0.1 (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "policystream-data/broker",
            description = "Where the broker keeps topics and records (default: ./${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--fresh",
            description = "Delete the broker's data in --data-dir first, starting with no topics and no records.")
    boolean fresh;

    @Option(names = "--secure",
            description = "Require a SCRAM-SHA-512 login over TLS and enforce ACLs: learner may read events and write"
                    + " params, actor may write events and read params, admin may do anything. Data formatted"
                    + " without --secure cannot be started with it (use --fresh), and data formatted with it"
                    + " only starts with it.")
    boolean secure;

    @Option(names = "--no-tls",
            description = "With --secure: SASL_PLAINTEXT instead of SASL_SSL (logins and data unencrypted).")
    boolean noTls;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private final CountDownLatch stopRequested = new CountDownLatch(1);

    @Override
    public Integer call() throws InterruptedException {
        if (port < 1 || port > 65535) {
            throw UserException.usage("--port must be between 1 and 65535, got " + port);
        }
        PrintWriter out = spec.commandLine().getOut();
        // Installed first: a Ctrl-C while the broker starts stops it as soon as it has started.
        try (StopSignals signals = StopSignals.install(); EmbeddedKafkaBroker broker = start()) {
            out.printf("Kafka broker ready on %s (data in %s)%n", broker.bootstrapServers(), broker.dataDir());
            if (secure) {
                out.printf("Security: %s with SCRAM-SHA-512 and ACLs. Client configs for --kafka-config:%n",
                        broker.securityProtocol());
                for (String user : java.util.List.of("admin", "learner", "actor")) {
                    out.printf("  %-8s %s%n", user, broker.clientConfigFile(user));
                }
                out.printf("For kcat -F and other librdkafka clients (Python confluent-kafka):%n");
                for (String user : java.util.List.of("admin", "learner", "actor")) {
                    out.printf("  %-8s %s%n", user, broker.librdkafkaConfigFile(user));
                }
                if (!noTls) {
                    out.printf("CA certificate (PEM): %s%n", broker.caCertificateFile());
                }
            }
            out.println("Press Ctrl-C to stop it.");
            out.flush();
            while (!signals.await(java.time.Duration.ofMillis(100)) && stopRequested.getCount() > 0) {
                // Running until SIGTERM, Ctrl-C or stop().
            }
        }
        out.println("Kafka broker stopped.");
        out.flush();
        return ExitCodes.OK;
    }

    /** Asks a running {@link #call()} to shut the broker down and return; what Ctrl-C does. */
    void stop() {
        stopRequested.countDown();
    }

    private EmbeddedKafkaBroker start() {
        if (noTls && !secure) {
            throw UserException.usage("--no-tls only makes sense with --secure");
        }
        try {
            EmbeddedKafkaBroker.Builder b = EmbeddedKafkaBroker.builder().port(port).dataDir(dataDir).fresh(fresh);
            if (secure) {
                b.secure(!noTls);
            }
            return b.start();
        } catch (PortInUseException e) {
            throw UserException.usage(e.getMessage() + " (another Kafka broker?); stop it or choose another --port");
        } catch (IllegalArgumentException e) {
            throw UserException.usage(e.getMessage());
        } catch (IllegalStateException e) {
            throw new UserException(ExitCodes.UNAVAILABLE, "the Kafka broker did not start: " + e.getMessage(), e);
        }
    }
}
