package io.policystream.cli;

import io.policystream.config.LearnerConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.policystream.metrics.LearnerMetrics;
import io.policystream.metrics.MetricsServer;
import io.policystream.metrics.ProcessMetrics;
import io.policystream.streams.LearnerApp;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code policystream learn}: run the learner until stopped. */
@Command(name = "learn", header = "Runs the learner: events in, new policy versions out (Kafka Streams).", mixinStandardHelpOptions = true, defaultValueProvider = LearnCommand.MetricsPort.class,
        description = {
            "Runs the learner: a Kafka Streams application that reads the events topic, assembles",
            "trajectories, computes policy-gradient updates and publishes each new version to the params",
            "and history topics. Bad records go to the dead-letter topic with their reason. Stops cleanly",
            "on Ctrl-C or SIGTERM. Run several with the same application.id to share the work.",
            "Serves GET /metrics (Prometheus) and GET /health (UP while the learner runs) on",
            "--metrics-port; see docs/operations.md.",
            "",
            "Example:",
            "  policystream learn --config learner.properties"
        })
public final class LearnCommand implements Callable<Integer> {
    /** The learner's default metrics port, the one monitoring/prometheus.yml scrapes. */
    public static final int DEFAULT_METRICS_PORT = 9404;

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
            description = "Where the learner keeps its local state (default: ${DEFAULT-VALUE}).")
    Path stateDir;

    @Option(names = "--startup-timeout", paramLabel = "DURATION", defaultValue = "60s",
            converter = DurationConverter.class,
            description = "How long to wait for the cluster at start (default: ${DEFAULT-VALUE}).")
    Duration startupTimeout;

    @Override
    public Integer call() throws Exception {
        LearnerConfig conf = Configs.load(config);
        Properties client = kafka.clientProperties();
        if (!kafka.bootstrapExplicit()) {
            client.setProperty("bootstrap.servers", conf.bootstrapServers());
        }
        CountDownLatch done = new CountDownLatch(1);
        PrometheusMeterRegistry registry = MetricsServer.newRegistry();
        try (LearnerApp app = new LearnerApp(conf, client, stateDir, new LearnerMetrics(registry));
             AutoCloseable jvm = ProcessMetrics.bindTo(registry);
             AutoCloseable kafkaMetrics = app.bindClientMetrics(registry);
             MetricsServer server = metrics.start(registry, app::health)) {
            Thread hook = new Thread(() -> {
                app.close();
                done.countDown();
            }, "policystream-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            try {
                app.start(startupTimeout);
            } catch (IllegalStateException e) {
                throw new UserException(ExitCodes.UNAVAILABLE, e.getMessage());
            }
            spec.commandLine().getOut().println("learner running (application.id=" + conf.applicationId()
                    + ", events from " + conf.eventsTopic() + ", versions to " + conf.paramsTopic()
                    + (server == null ? "; metrics off" : "; metrics on port " + server.port())
                    + "); Ctrl-C stops it");
            spec.commandLine().getOut().flush();
            while (done.getCount() > 0) {
                if (app.awaitStop(Duration.ofSeconds(1))) {
                    Throwable f = app.failure();
                    throw new UserException(ExitCodes.FAILED, "the learner stopped: "
                            + (f == null ? app.state() : f.getMessage()));
                }
            }
        }
        return ExitCodes.OK;
    }
}
