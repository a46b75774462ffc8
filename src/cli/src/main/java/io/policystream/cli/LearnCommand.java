package io.policystream.cli;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.policystream.config.LearnerConfig;
import io.policystream.metrics.LearnerMetrics;
import io.policystream.metrics.MetricsServer;
import io.policystream.metrics.ProcessMetrics;
import io.policystream.streams.LearnerApp;
import io.policystream.streams.LearnerStartException;
import io.policystream.streams.StaticMembership;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code policystream learn}: run the learner until stopped. */
@Command(name = "learn", header = "Runs the learner: events in, new policy versions out (Kafka Streams).", mixinStandardHelpOptions = true, defaultValueProvider = LearnCommand.MetricsPort.class,
        description = {
            "Runs the learner: a Kafka Streams application that reads the events topic, assembles",
            "trajectories, computes policy-gradient updates and publishes each new version to the params",
            "and history topics. Bad records go to the dead-letter topic with their reason. Run several",
            "with the same application.id to share the work; a restarted instance takes its own work back",
            "at once (see --instance-id).",
            "",
            "At start it fails within --startup-timeout, with its own exit code, when Kafka does not answer",
            "(3), refuses the learner's login (4) or its rights (5), or the topics are missing (6). Joining",
            "the group, rebalancing and restoring state are waited for without limit, with a log line every",
            "10 s; /health answers 503 STARTING meanwhile. SIGTERM or Ctrl-C stops it within 10 s, prints",
            "'learner stopped' and exits 0; its state is kept for the next start.",
            "Serves GET /metrics (Prometheus) and GET /health (UP while the learner runs) on",
            "--metrics-port; see docs/operations.md.",
            "",
            "Example:",
            "  policystream learn --config examples/learner.properties"
        })
public final class LearnCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(LearnCommand.class);
    /** The learner's default metrics port, the one monitoring/prometheus.yml scrapes. */
    public static final int DEFAULT_METRICS_PORT = 9404;
    /** How often the learner says what it waits for while it starts. */
    static final Duration STARTUP_LOG_INTERVAL = Duration.ofSeconds(10);

    /** Supplies {@link #DEFAULT_METRICS_PORT}. */
    public static final class MetricsPort extends MetricsOptions.DefaultPort {
        public MetricsPort() {
            super(DEFAULT_METRICS_PORT);
        }
    }

    @Spec
    CommandSpec spec;

    @Mixin
    KafkaOptions kafka;

    @Mixin
    MetricsOptions metrics;

    @Option(names = "--config", paramLabel = "CONF",
            description = "Learner configuration (Java properties; see docs/configuration.md). Defaults when omitted.")
    Path config;

    @Option(names = "--state-dir", paramLabel = "DIR", defaultValue = "policystream-data/learner",
            description = "Where the learner keeps its local state (default: ${DEFAULT-VALUE}). The state is"
                    + " bound to the Kafka cluster and topics it was built from: pointed at another cluster,"
                    + " or at topics created again, the learner wipes it and starts clean.")
    Path stateDir;

    @Option(names = "--startup-timeout", paramLabel = "DURATION", defaultValue = "10s",
            converter = DurationConverter.class,
            description = "How long Kafka may take to answer at start, and to show the learner's topics"
                    + " (default: ${DEFAULT-VALUE}). Rebalancing and restoring are not bounded by it.")
    Duration startupTimeout;

    @Option(names = "--instance-id", paramLabel = "ID", defaultValue = "${env:POLICYSTREAM_INSTANCE_ID}",
            description = "This instance's stable id in the learner's groups (Kafka static membership), so a"
                    + " restart takes its work back without a rebalance. Default: $POLICYSTREAM_INSTANCE_ID,"
                    + " else an id kept in --state-dir. Give one per instance where the state directory does"
                    + " not outlive the container (the pod name); \"\" turns static membership off.")
    String instanceId;

    @Override
    public Integer call() throws Exception {
        LearnerConfig conf = Configs.load(config);
        Properties client = kafka.clientProperties();
        if (!kafka.bootstrapExplicit()) {
            client.setProperty("bootstrap.servers", conf.bootstrapServers());
        }
        if (instanceId != null) {
            client.setProperty(StaticMembership.PROPERTY, instanceId);
        }
        PrintWriter out = spec.commandLine().getOut();
        PrometheusMeterRegistry registry = MetricsServer.newRegistry();
        try (StopSignals signals = StopSignals.install()) {
            try (LearnerApp app = learner(conf, client, registry);
                 AutoCloseable jvm = ProcessMetrics.bindTo(registry);
                 AutoCloseable kafkaMetrics = app.bindClientMetrics(registry);
                 MetricsServer server = metrics.start(registry, app::health)) {
                if (preflight(app, signals)) {
                    runUntilStopped(app, signals, conf, server, out);
                }
            }
        }
        // Printed once the learner has closed: its last transactions are committed, its state checkpointed.
        out.println("learner stopped");
        out.flush();
        return ExitCodes.OK;
    }

    /** The learner, or a usage error naming a Kafka setting it refuses (a bad --bootstrap-servers, say). */
    private LearnerApp learner(LearnerConfig conf, Properties client, PrometheusMeterRegistry registry) {
        try {
            return new LearnerApp(conf, client, stateDir, new LearnerMetrics(registry));
        } catch (org.apache.kafka.common.KafkaException e) {
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            throw UserException.usage("invalid Kafka settings: " + root.getMessage());
        }
    }

    /** Runs the fatal checks and starts the learner, unless a stop comes first; false when it did. */
    private boolean preflight(LearnerApp app, StopSignals signals) throws Exception {
        CompletableFuture<Void> start = CompletableFuture.runAsync(() -> {
            try {
                app.startInBackground(startupTimeout);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LearnerStartException(LearnerStartException.Reason.FAILED, "interrupted");
            }
        }, r -> {
            Thread t = new Thread(r, "policystream-learner-start");
            t.setDaemon(true);
            t.start();
        });
        while (!signals.requested()) {
            try {
                start.get(100, TimeUnit.MILLISECONDS);
                return true;
            } catch (TimeoutException e) {
                // Still checking.
            } catch (ExecutionException e) {
                if (e.getCause() instanceof LearnerStartException s) {
                    throw new UserException(exitCode(s.reason()), s.getMessage(), s);
                }
                throw e;
            }
        }
        return false;
    }

    private void runUntilStopped(LearnerApp app, StopSignals signals, LearnerConfig conf, MetricsServer server,
                                 PrintWriter out) throws InterruptedException {
        boolean running = false;
        long nextLog = System.nanoTime() + STARTUP_LOG_INTERVAL.toNanos();
        while (!signals.await(Duration.ofMillis(200))) {
            if (app.awaitStop(Duration.ZERO)) {
                Throwable f = app.failure();
                throw new UserException(ExitCodes.FAILED, "the learner stopped on an error: "
                        + (f == null ? app.state() : f.getMessage()));
            }
            if (!running && app.state() == KafkaStreams.State.RUNNING) {
                running = true;
                out.println("learner running (application.id=" + conf.applicationId() + ", instance "
                        + (app.instanceId().isEmpty() ? "dynamic" : app.instanceId()) + ", events from "
                        + conf.eventsTopic() + ", versions to " + conf.paramsTopic()
                        + (server == null ? "; metrics off" : "; metrics on port " + server.port())
                        + "); Ctrl-C stops it");
                out.flush();
            } else if (!running && System.nanoTime() > nextLog) {
                LOG.info("the learner is starting; waiting for Kafka Streams: {}", app.startupStatus());
                nextLog = System.nanoTime() + STARTUP_LOG_INTERVAL.toNanos();
            }
        }
    }

    /** The exit code of each reason the learner cannot start. */
    static int exitCode(LearnerStartException.Reason reason) {
        return switch (reason) {
            case UNREACHABLE -> ExitCodes.UNAVAILABLE;
            case AUTHENTICATION -> ExitCodes.AUTHENTICATION;
            case AUTHORIZATION -> ExitCodes.NOT_AUTHORIZED;
            case TOPICS_MISSING -> ExitCodes.TOPICS_MISSING;
            case FAILED -> ExitCodes.FAILED;
        };
    }
}
