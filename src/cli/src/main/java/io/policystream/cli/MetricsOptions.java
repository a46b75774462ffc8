package io.policystream.cli;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.policystream.metrics.Health;
import io.policystream.metrics.MetricsServer;
import java.io.UncheckedIOException;
import java.util.function.Supplier;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;

/**
 * The options of every long-running command's {@code GET /metrics} and {@code GET /health}
 * endpoint. Each command has its own default port, given by a {@link DefaultPort} subclass named
 * in its {@code @Command(defaultValueProvider = ...)}: learn 9404, serve 9405, simulate 9406.
 */
public final class MetricsOptions {
    /** The option naming the port. */
    public static final String PORT_OPTION = "--metrics-port";

    @Option(names = PORT_OPTION, paramLabel = "PORT",
            description = "Port of GET /metrics (Prometheus) and GET /health; 0 turns both off (default: "
                    + "${DEFAULT-VALUE}).")
    Integer port;

    @Option(names = "--metrics-host", paramLabel = "HOST", defaultValue = MetricsServer.ANY_HOST,
            description = "Address the metrics endpoint binds (default: ${DEFAULT-VALUE}, every interface).")
    String host;

    /** The port asked for; 0 when the endpoint is off. */
    public int port() {
        return port == null ? 0 : port;
    }

    /**
     * Starts the endpoint, or returns null when {@code --metrics-port 0}.
     *
     * @throws UserException when the port cannot be bound
     */
    public MetricsServer start(PrometheusMeterRegistry registry, Supplier<Health> health) {
        if (port() == 0) {
            return null;
        }
        if (port() < 0 || port() > 65535) {
            throw UserException.usage(PORT_OPTION + " must be between 0 and 65535, got " + port());
        }
        try {
            return MetricsServer.start(host, port(), registry, health);
        } catch (UncheckedIOException e) {
            throw new UserException(ExitCodes.UNAVAILABLE, e.getMessage() + "; choose another " + PORT_OPTION
                    + ", or 0 to turn metrics off");
        }
    }

    /** Supplies a command's default {@code --metrics-port}. */
    public abstract static class DefaultPort implements IDefaultValueProvider {
        private final int port;

        protected DefaultPort(int port) {
            this.port = port;
        }

        @Override
        public String defaultValue(ArgSpec arg) {
            return arg instanceof OptionSpec o && PORT_OPTION.equals(o.longestName()) ? Integer.toString(port) : null;
        }
    }
}
