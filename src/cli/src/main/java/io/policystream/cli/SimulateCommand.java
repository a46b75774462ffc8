package io.policystream.cli;

import io.policystream.client.EpisodeRecorder;
import io.policystream.client.NoParamsException;
import io.policystream.client.PolicyClient;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.policystream.client.ActingMetrics;
import io.policystream.metrics.Health;
import io.policystream.metrics.MetricsServer;
import io.policystream.metrics.ProcessMetrics;
import java.util.Map;
import io.policystream.demo.ActorPool;
import io.policystream.demo.LearningCurve;
import io.policystream.demo.Pacing;
import io.policystream.sim.Environments;
import java.time.Duration;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code policystream simulate}: simulated actors against a Kafka cluster. */
@Command(name = "simulate", header = "Runs simulated actors (CartPole, Pendulum, a bandit) against a Kafka cluster.", mixinStandardHelpOptions = true, defaultValueProvider = SimulateCommand.MetricsPort.class,
        description = {
            "Runs simulated actors that act with the latest params of a policy (read from the params topic)",
            "and record every step to the events topic, as a production service would. Use it to feed a",
            "learner started with 'policystream learn'. The policy must exist ('policystream init').",
            "",
            "Example:",
            "  policystream init --policy cartpole --obs 4 --actions 2",
            "  policystream simulate --env cartpole --actors 4 --episodes 2000",
            "",
            "By default each actor plays its share of one learner batch with a version and then waits (at",
            "most 5 s at a time) for the next, so the actors go as fast as the learner learns. --rate sets",
            "a fixed pace instead; --unpaced plays as fast as the CPU allows (a load test)."
        })
public final class SimulateCommand implements Callable<Integer> {
    /** The simulators' default metrics port, the one monitoring/prometheus.yml scrapes. */
    public static final int DEFAULT_METRICS_PORT = 9406;

    /** Supplies {@link #DEFAULT_METRICS_PORT}. */
    public static final class MetricsPort extends MetricsOptions.DefaultPort {
        public MetricsPort() {
            super(DEFAULT_METRICS_PORT);
        }
    }

    @Mixin
    MetricsOptions metrics;

    @Spec
    CommandSpec spec;

    @Mixin
    KafkaOptions kafka;

    @Option(names = "--env", paramLabel = "ENV", defaultValue = "cartpole",
            description = "cartpole, pendulum or bandit (default: ${DEFAULT-VALUE}).")
    String env;

    @Option(names = "--policy", paramLabel = "ID", description = "The policy to act with (default: the env's name).")
    String policy;

    @Option(names = "--actors", paramLabel = "N", defaultValue = "4",
            description = "Concurrent actors, each on its own episodes (default: ${DEFAULT-VALUE}).")
    int actors;

    @Option(names = "--episodes", paramLabel = "N", defaultValue = "0",
            description = "Episodes to play in all; 0 plays until stopped (default: ${DEFAULT-VALUE}).")
    long episodes;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1", description = "Seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Mixin
    PacingOptions pacing;

    @Option(names = "--params-topic", defaultValue = "policystream.params", paramLabel = "TOPIC",
            description = "Params topic (default: ${DEFAULT-VALUE}).")
    String paramsTopic;

    @Option(names = "--events-topic", defaultValue = "policystream.events", paramLabel = "TOPIC",
            description = "Events topic (default: ${DEFAULT-VALUE}).")
    String eventsTopic;

    @Option(names = "--wait", paramLabel = "DURATION", defaultValue = "60s", converter = DurationConverter.class,
            description = "How long to wait for the policy's params at start (default: ${DEFAULT-VALUE}).")
    Duration wait;

    @Override
    public Integer call() throws Exception {
        if (!Environments.names().contains(env)) {
            throw UserException.usage("--env '" + env + "' is not one of " + String.join(", ", Environments.names()));
        }
        if (actors < 1 || actors > 256) {
            throw UserException.usage("--actors must be between 1 and 256, not " + actors);
        }
        if (episodes < 0) {
            throw UserException.usage("--episodes must be >= 0");
        }
        Pacing pace = pacing.pacing();
        String id = policy == null ? env : policy;
        Properties client = kafka.clientProperties();
        LearningCurve curve = new LearningCurve();
        PrometheusMeterRegistry registry = MetricsServer.newRegistry();
        ActingMetrics acting = new ActingMetrics(registry);
        try (StopSignals stop = StopSignals.install();
             PolicyClient pc = PolicyClient.connect(client, paramsTopic, seed).withMetrics(acting);
             EpisodeRecorder recorder = new EpisodeRecorder(client, eventsTopic).withMetrics(acting);
             AutoCloseable jvm = ProcessMetrics.bindTo(registry);
             MetricsServer server = metrics.start(registry, () -> pc.connected() ? Health.up(Map.of("policy", id))
                     : Health.down(Map.of("reason", "params topic not reachable")))) {
            try {
                pc.awaitParams(id, wait);
            } catch (NoParamsException e) {
                if (!pc.connected()) {
                    throw new UserException(ExitCodes.UNAVAILABLE, "Kafka at " + kafka.bootstrapServers()
                            + " did not answer within " + wait.toSeconds() + " s: "
                            + io.policystream.topics.ConnectionDiagnosis.explainSilence(kafka.bootstrapServers(),
                            client.getProperty("security.protocol"), java.time.Duration.ofSeconds(2)));
                }
                throw new UserException(ExitCodes.UNAVAILABLE, e.getMessage());
            }
            try (ActorPool pool = new ActorPool(env, id, pc, recorder, seed, pace, episodes, curve::add,
                    this::notice)) {
                pool.start(actors);
                long lastSteps = 0;
                while (!pool.done() && !stop.requested()) {
                    stop.await(java.time.Duration.ofSeconds(5));
                    long steps = pool.steps();
                    spec.commandLine().getOut().printf(Locale.ROOT,
                            "episodes %d | avg return (last 100) %.1f | version %d | %.0f steps/s%n", curve.size(),
                            curve.average(), pc.params(id).version(), (steps - lastSteps) / 5.0);
                    spec.commandLine().getOut().flush();
                    lastSteps = steps;
                }
            }
            recorder.flush();
            spec.commandLine().getOut().printf(Locale.ROOT, "played %d episodes; %d events recorded, %d errors%n",
                    curve.size(), recorder.sent(), recorder.errors());
            return recorder.errors() == 0 ? ExitCodes.OK : ExitCodes.FAILED;
        }
    }

    private void notice(String line) {
        spec.commandLine().getOut().println(line);
        spec.commandLine().getOut().flush();
    }
}
