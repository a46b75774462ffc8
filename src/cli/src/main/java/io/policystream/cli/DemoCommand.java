package io.policystream.cli;

import io.policystream.config.ConfigException;
import io.policystream.demo.Demo;
import io.policystream.demo.DemoEnvironment;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code policystream demo}: the whole loop, live, in one command. */
@Command(name = "demo", defaultValueProvider = LearnCommand.MetricsPort.class, header = "Watch PolicyStream learn CartPole live, with nothing to set up.", mixinStandardHelpOptions = true,
        description = {
            "Watch PolicyStream learn, with nothing to set up: starts a real Kafka broker inside this",
            "process, creates the topics, initialises a policy, runs the learner and simulated actors,",
            "and prints a progress line every second until the environment is solved (CartPole: the last",
            "100 episodes average 475 or more) or --max-episodes. Then it prints a summary and writes the",
            "learning curve as CSV and SVG.",
            "",
            "Examples:",
            "  policystream demo",
            "  policystream demo --env pendulum --max-episodes 2000",
            "  policystream demo --env bandit --actors 2"
        })
public final class DemoCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @picocli.CommandLine.Mixin
    MetricsOptions metrics;

    @Option(names = "--env", paramLabel = "ENV", defaultValue = "cartpole",
            description = "cartpole, pendulum or bandit (default: ${DEFAULT-VALUE}).")
    String env;

    @Option(names = "--actors", paramLabel = "N", defaultValue = "4",
            description = "Simulated actors playing at once (default: ${DEFAULT-VALUE}).")
    int actors;

    @Option(names = "--max-episodes", paramLabel = "N",
            description = "Stop after this many episodes (default: 3000 for cartpole, 2000 otherwise).")
    Long maxEpisodes;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1", description = "Seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--policy", paramLabel = "ID",
            description = "The id of the policy the demo learns from version 0 (default: the env's name); the demo"
                    + " refuses a cluster where it already has versions.")
    String policy;

    @Option(names = "--config", paramLabel = "CONF", description = "Learner settings that override the demo's.")
    Path config;

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT",
            description = "Use this Kafka cluster instead of starting an embedded broker.")
    String bootstrapServers;

    @Option(names = "--kafka-config", paramLabel = "FILE",
            description = "With --bootstrap-servers: a properties file of extra Kafka client settings"
                    + " (security.protocol, sasl.*, ssl.*, ...).")
    Path kafkaConfig;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "policystream-demo",
            description = "Where the learning curve is written (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "10m", converter = DurationConverter.class,
            description = "The longest the demo runs (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(names = DemoJvm.FULL_JIT, description = "Run in this JVM, with both of HotSpot's JIT compilers. "
            + "Without it the demo runs in a child JVM with C1, the quick compiler, alone (TieredStopAtLevel=1): "
            + "on two cores C2, the optimising one, took a third of the CPU of a run of seconds, and each version "
            + "30-50%% longer.")
    boolean fullJit;

    @Override
    public Integer call() throws Exception {
        DemoEnvironment e = DemoEnvironment.of(env);
        if (e == null) {
            throw UserException.usage("--env '" + env + "' is not one of cartpole, pendulum, bandit");
        }
        if (actors < 1 || actors > 64) {
            throw UserException.usage("--actors must be between 1 and 64, not " + actors);
        }
        Map<String, String> extra = new HashMap<>();
        if (config != null) {
            Properties p = new Properties();
            try (Reader r = Files.newBufferedReader(config)) {
                p.load(r);
            } catch (IOException ex) {
                throw UserException.usage("cannot read --config " + config + ": " + ex.getMessage());
            }
            p.stringPropertyNames().forEach(k -> extra.put(k, p.getProperty(k)));
        }
        if (kafkaConfig != null && bootstrapServers == null) {
            throw UserException.usage("--kafka-config needs --bootstrap-servers: the embedded broker needs no settings");
        }
        Map<String, String> client = new HashMap<>();
        if (kafkaConfig != null) {
            Properties p = new Properties();
            try (Reader r = Files.newBufferedReader(kafkaConfig)) {
                p.load(r);
            } catch (IOException ex) {
                throw UserException.usage("cannot read --kafka-config " + kafkaConfig + ": " + ex.getMessage());
            }
            p.stringPropertyNames().forEach(k -> client.put(k, p.getProperty(k)));
        }
        Demo.Settings settings = new Demo.Settings(e, actors, maxEpisodes == null ? e.defaultMaxEpisodes() : maxEpisodes,
                seed, bootstrapServers, extra, out, timeout, client, policy);
        try {
            io.micrometer.prometheusmetrics.PrometheusMeterRegistry registry =
                    io.policystream.metrics.MetricsServer.newRegistry();
            java.util.concurrent.atomic.AtomicReference<io.policystream.streams.LearnerApp> learner =
                    new java.util.concurrent.atomic.AtomicReference<>();
            Demo.Summary summary;
            try (StopSignals signals = StopSignals.install();
                 AutoCloseable jvm = io.policystream.metrics.ProcessMetrics.bindTo(registry);
                 io.policystream.metrics.MetricsServer server = metrics.start(registry, () -> learner.get() == null
                         ? io.policystream.metrics.Health.down(java.util.Map.of("reason", "starting"))
                         : learner.get().health())) {
                DemoJvm.stopWithParent(signals::request);
                if (System.getProperty(DemoJvm.PARENT_PROPERTY) != null) {
                    spec.commandLine().getOut().println(DemoJvm.childNotice());
                }
                summary = Demo.run(settings, spec.commandLine().getOut(), registry, learner::set, signals::requested);
                if (signals.requested()) {
                    // Stopped by SIGTERM or Ctrl-C: the learner and the broker have closed.
                    spec.commandLine().getOut().println("demo stopped");
                    spec.commandLine().getOut().flush();
                    return ExitCodes.OK;
                }
            }
            return summary.solved() || e == DemoEnvironment.PENDULUM ? ExitCodes.OK : ExitCodes.FAILED;
        } catch (ConfigException ex) {
            throw UserException.usage("invalid configuration:\n" + ex.getMessage());
        } catch (Demo.PolicyExistsException ex) {
            throw UserException.usage(ex.getMessage());
        }
    }
}
