package io.policystream.cli;

import io.policystream.serve.EpisodeLimits;
import io.policystream.serve.HttpSettings;
import io.policystream.serve.ServeApp;
import io.policystream.serve.ServeConfig;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.common.KafkaException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code policystream serve}: the HTTP acting service, until stopped. */
@Command(name = "serve", header = "Runs the HTTP acting service for programs in any language.", mixinStandardHelpOptions = true, defaultValueProvider = ServeCommand.MetricsPort.class,
        description = {
            "Runs the acting service: an HTTP server that lets a program in any language act with the",
            "latest params of a policy and record what happened, with plain JSON requests. It follows the",
            "params topic, numbers each episode's steps (0, 1, 2, ...) and writes step and reward events",
            "to the events topic, where the learner learns from them. Stops cleanly on Ctrl-C or SIGTERM,",
            "after writing every event it recorded. See docs/acting-service.md.",
            "",
            "Example: serve, act for step 0 of episode e1, reward it and end the episode:",
            "  policystream serve --port 8080",
            "  curl -s localhost:8080/v1/act -d '{\"policy\":\"cartpole\",\"episode\":\"e1\",\"state\":[0.01,0.02,-0.03,0.04]}'",
            "  curl -s localhost:8080/v1/reward -d '{\"episode\":\"e1\",\"reward\":1.0,\"done\":true}'",
            "  curl -s localhost:8080/v1/policies/cartpole",
            "  curl -s localhost:8080/health",
            ""
        })
public final class ServeCommand implements Callable<Integer> {
    /** The acting service's default metrics port, the one monitoring/prometheus.yml scrapes. */
    public static final int DEFAULT_METRICS_PORT = 9405;

    /** Supplies {@link #DEFAULT_METRICS_PORT}. */
    public static final class MetricsPort extends MetricsOptions.DefaultPort {
        public MetricsPort() {
            super(DEFAULT_METRICS_PORT);
        }
    }

    @Mixin
    MetricsOptions metrics;

    private final io.micrometer.prometheusmetrics.PrometheusMeterRegistry registry =
            io.policystream.metrics.MetricsServer.newRegistry();

    @Spec
    CommandSpec spec;

    @Mixin
    KafkaOptions kafka;

    @Option(names = "--host", paramLabel = "ADDRESS", defaultValue = "0.0.0.0",
            description = "Address to listen on; 127.0.0.1 for this machine only (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "8080",
            description = "Port to listen on; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--params-topic", paramLabel = "TOPIC", defaultValue = "policystream.params",
            description = "Params topic to act from (default: ${DEFAULT-VALUE}).")
    String paramsTopic;

    @Option(names = "--events-topic", paramLabel = "TOPIC", defaultValue = "policystream.events",
            description = "Events topic to record to (default: ${DEFAULT-VALUE}).")
    String eventsTopic;

    @Option(names = "--policies", paramLabel = "ID[,ID...]", split = ",",
            description = "Serve only these policies (a listed policy with no params yet answers 503)."
                    + " Default: every policy that has params.")
    List<String> policies = List.of();

    @Option(names = "--threads", paramLabel = "N", defaultValue = "8",
            description = "Requests handled at once (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--max-request-bytes", paramLabel = "BYTES", defaultValue = "1048576",
            description = "Largest request body; a larger one is answered 413 (default: ${DEFAULT-VALUE}).")
    int maxRequestBytes;

    @Option(names = "--max-open-episodes", paramLabel = "N", defaultValue = "100000",
            description = "Most episodes open at once; a new one beyond is answered 503 (default: ${DEFAULT-VALUE}).")
    int maxOpenEpisodes;

    @Option(names = "--episode-idle", paramLabel = "DURATION", defaultValue = "10m",
            converter = DurationConverter.class,
            description = "An episode with no act or reward for this long is forgotten (default: ${DEFAULT-VALUE}).")
    Duration episodeIdle;

    @Option(names = "--startup-timeout", paramLabel = "DURATION", defaultValue = "60s",
            converter = DurationConverter.class,
            description = "How long to wait at start to read the params topic (default: ${DEFAULT-VALUE}).")
    Duration startupTimeout;

    private final CountDownLatch stopRequested = new CountDownLatch(1);

    @Override
    public Integer call() throws Exception {
        ServeConfig config = config();
        try (StopSignals signals = StopSignals.install()) {
            try (ServeApp app = start(config);
                 AutoCloseable jvm = io.policystream.metrics.ProcessMetrics.bindTo(registry);
                 io.policystream.metrics.MetricsServer server = metrics.start(registry, () -> {
                     var h = app.service().health();
                     return h.up() ? io.policystream.metrics.Health.up(java.util.Map.of("policies", h.versions(),
                             "openEpisodes", h.openEpisodes()))
                             : io.policystream.metrics.Health.down(java.util.Map.of("reason", "params topic not followed"));
                 })) {
                spec.commandLine().getOut().println("serving on http://" + host + ":" + app.port() + " (params from "
                        + paramsTopic + ", events to " + eventsTopic + ", policies: "
                        + (policies.isEmpty() ? String.join(", ", app.service().health().versions().keySet())
                        + " and any initialised later" : String.join(", ", policies)) + "); Ctrl-C stops it");
                spec.commandLine().getOut().flush();
                while (!signals.await(Duration.ofMillis(100)) && stopRequested.getCount() > 0) {
                    // Serving until SIGTERM, Ctrl-C or stop().
                }
            }
        }
        // Printed once the server has closed and the recorded events are flushed to Kafka.
        spec.commandLine().getOut().println("serve stopped");
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
    }

    /** Asks a running {@link #call()} to stop, as SIGTERM would. */
    void stop() {
        stopRequested.countDown();
    }

    private ServeApp start(ServeConfig config) {
        try {
            return ServeApp.start(kafka.clientProperties(), config, new io.policystream.client.ActingMetrics(registry));
        } catch (TimeoutException | KafkaException e) {
            throw new UserException(ExitCodes.UNAVAILABLE, "cannot read the params topic " + paramsTopic + " from "
                    + kafka.bootstrapServers() + " within " + startupTimeout.toSeconds() + " s: " + e.getMessage()
                    + "; " + io.policystream.topics.ConnectionDiagnosis.explainSilence(kafka.bootstrapServers(),
                    kafka.clientProperties().getProperty("security.protocol"), Duration.ofSeconds(2)));
        } catch (IllegalStateException e) {
            throw new UserException(ExitCodes.UNAVAILABLE, e.getMessage());
        } catch (IOException e) {
            throw UserException.usage("cannot listen on " + host + ":" + port + ": " + e.getMessage());
        }
    }

    private ServeConfig config() {
        try {
            return new ServeConfig(new HttpSettings(host, port, threads, maxRequestBytes),
                    new EpisodeLimits(maxOpenEpisodes, episodeIdle), paramsTopic, eventsTopic,
                    new LinkedHashSet<>(policies), startupTimeout);
        } catch (IllegalArgumentException e) {
            throw UserException.usage(e.getMessage());
        }
    }
}
