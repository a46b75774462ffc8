package io.policystream.demo;

import io.policystream.broker.EmbeddedKafkaBroker;
import io.policystream.client.EpisodeRecorder;
import io.policystream.client.ParamsTopic;
import io.policystream.client.PolicyClient;
import io.policystream.config.LearnerConfig;
import io.policystream.metrics.LearnerMetrics;
import io.policystream.policy.Initializer;
import io.policystream.policy.PolicyParams;
import io.policystream.sim.Environment;
import io.policystream.sim.Environments;
import io.policystream.streams.LearnerApp;
import io.policystream.topics.TopicAdmin;
import io.policystream.topics.TopicDefinition;
import io.policystream.topics.TopicDefinitions;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;

/**
 * The whole loop in one process: a real Kafka broker (embedded, or a cluster the user names), the
 * topics, a policy's version 0, the learner and simulated actors; a progress line about once a
 * second until the environment is solved or the episode budget is spent; then a summary and the
 * learning curve as CSV and SVG.
 */
public final class Demo {

    /**
     * What to run.
     *
     * @param env the environment
     * @param actors concurrent simulated actors
     * @param maxEpisodes the episode budget
     * @param seed every random choice (initial params, environments, sampling)
     * @param bootstrapServers an existing cluster, or null for an embedded broker
     * @param extraConfig learner settings that override the demo's
     * @param outDir where the curve is written
     * @param timeout the longest the demo runs
     * @param kafkaConfig Kafka client settings for an existing cluster (security.protocol, sasl.*, ssl.*)
     * @param policy the id of the policy the demo learns (null: the environment's name); it must not
     *               exist on the cluster yet
     */
    public record Settings(DemoEnvironment env, int actors, long maxEpisodes, long seed, String bootstrapServers,
                           Map<String, String> extraConfig, Path outDir, Duration timeout,
                           Map<String, String> kafkaConfig, String policy) {
        public Settings {
            extraConfig = Map.copyOf(extraConfig);
            kafkaConfig = Map.copyOf(kafkaConfig);
            policy = policy == null ? env.envName() : policy;
        }

        /** Settings whose policy is named after the environment. */
        public Settings(DemoEnvironment env, int actors, long maxEpisodes, long seed, String bootstrapServers,
                        Map<String, String> extraConfig, Path outDir, Duration timeout,
                        Map<String, String> kafkaConfig) {
            this(env, actors, maxEpisodes, seed, bootstrapServers, extraConfig, outDir, timeout, kafkaConfig, null);
        }

        /** Settings without extra Kafka client settings. */
        public Settings(DemoEnvironment env, int actors, long maxEpisodes, long seed, String bootstrapServers,
                        Map<String, String> extraConfig, Path outDir, Duration timeout) {
            this(env, actors, maxEpisodes, seed, bootstrapServers, extraConfig, outDir, timeout, Map.of(), null);
        }
    }

    /**
     * The demo learns a policy from version 0; a cluster where its policy already has versions (a
     * recording, an earlier run) is refused rather than taken over.
     */
    public static final class PolicyExistsException extends RuntimeException {
        private final PolicyParams existing;

        PolicyExistsException(PolicyParams existing, String bootstrap) {
            super("policy '" + existing.policy() + "' already has version " + existing.version() + " on " + bootstrap
                    + " (a recording or an earlier run); the demo learns a policy of its own from version 0 and will"
                    + " not take over another's versions: give it a new id with --policy (for example --policy "
                    + existing.policy() + "-2), or run it on an empty cluster");
            this.existing = existing;
        }

        /** The latest version the cluster holds. */
        public PolicyParams existing() {
            return existing;
        }
    }

    /**
     * What happened.
     *
     * @param solved whether the goal was reached by learning: the curve met it and this run's own
     *               learner published at least one version
     * @param episodes episodes played
     * @param solvedAt the episode at which the 100-episode average first reached the target, or -1
     * @param steps steps taken
     * @param seconds wall-clock seconds from the broker being ready to the end
     * @param versions the versions this run's learner published
     * @param lastAverage the average return of the last 100 episodes when the run was found solved (the
     *                    actors then finish their episodes in flight, which the curve files include), or at
     *                    the end of an unsolved run
     */
    public record Summary(boolean solved, long episodes, long solvedAt, long steps, double seconds, long versions,
                          double lastAverage) {
    }

    private Demo() {
    }

    /** Runs the demo, printing progress to {@code out}; its meters go nowhere. */
    public static Summary run(Settings s, PrintWriter out) throws Exception {
        return run(s, out, new io.micrometer.core.instrument.simple.SimpleMeterRegistry(), null);
    }

    /**
     * Runs the demo, printing progress to {@code out}, with the learner's and the actors' meters in
     * {@code registry}; {@code started} (if not null) is told of the learner once it runs, so a
     * health endpoint can follow it.
     */
    public static Summary run(Settings s, PrintWriter out, io.micrometer.core.instrument.MeterRegistry registry,
                              java.util.function.Consumer<LearnerApp> started) throws Exception {
        return run(s, out, registry, started, () -> false);
    }

    /**
     * As {@link #run(Settings, PrintWriter, io.micrometer.core.instrument.MeterRegistry, java.util.function.Consumer)},
     * ending early, as if its time were up, once {@code stopRequested} says so (SIGTERM, Ctrl-C): the
     * actors stop, the learner and the broker close, the curve so far is written.
     */
    public static Summary run(Settings s, PrintWriter out, io.micrometer.core.instrument.MeterRegistry registry,
                              java.util.function.Consumer<LearnerApp> started,
                              java.util.function.BooleanSupplier stopRequested) throws Exception {
        String policy = s.policy();
        Path work = Files.createTempDirectory("policystream-demo");
        EmbeddedKafkaBroker broker = null;
        try {
            String bootstrap = s.bootstrapServers();
            if (bootstrap == null) {
                out.println("starting an embedded Kafka broker ...");
                out.flush();
                broker = EmbeddedKafkaBroker.builder().dataDir(work.resolve("broker")).start();
                bootstrap = broker.bootstrapServers();
            }
            long readyNanos = System.nanoTime();
            Properties client = new Properties();
            if (s.bootstrapServers() != null) {
                client.putAll(s.kafkaConfig());
            }
            client.setProperty("bootstrap.servers", bootstrap);
            try (Admin admin = Admin.create(client)) {
                new TopicAdmin(admin, Duration.ofSeconds(60)).create(topics(s.bootstrapServers() == null));
            }
            LearnerConfig config = config(s);
            PolicyParams existing = ParamsTopic.readLatest(client, config.paramsTopic(), Duration.ofSeconds(60))
                    .get(policy);
            if (existing != null) {
                throw new PolicyExistsException(existing, bootstrap);
            }
            Environment env = Environments.create(s.env().envName(), s.seed());
            PolicyParams v0 = Initializer.initialize(policy,
                    config.forPolicy(policy).architecture(env.observationSize(), env.actionSize()), s.seed(),
                    System.currentTimeMillis());
            ParamsTopic.publish(client, v0, Duration.ofSeconds(30), config.paramsTopic(), config.historyTopic());
            out.printf(Locale.ROOT, "Kafka at %s; learning %s with %d actors (batch %d, %s) ...%n", bootstrap, policy,
                    s.actors(), config.forPolicy(policy).batchTrajectories(),
                    config.forPolicy(policy).optimizer().wireName());
            out.flush();

            LearningCurve curve = new LearningCurve();
            int batch = config.forPolicy(policy).batchTrajectories();
            int perVersion = Math.max(1, (batch + s.actors() - 1) / s.actors());
            io.policystream.client.ActingMetrics acting = new io.policystream.client.ActingMetrics(registry);
            try (LearnerApp learner = new LearnerApp(config, client, work.resolve("learner"),
                    new LearnerMetrics(registry));
                 PolicyClient actorsClient = PolicyClient.connect(client, config.paramsTopic(), s.seed())
                         .withMetrics(acting);
                 EpisodeRecorder recorder = new EpisodeRecorder(client, config.eventsTopic()).withMetrics(acting)) {
                learner.start(Duration.ofSeconds(60));
                if (started != null) {
                    started.accept(learner);
                }
                actorsClient.awaitParams(policy, Duration.ofSeconds(60));
                long deadline = System.nanoTime() + s.timeout().toNanos();
                try (ActorPool actors = new ActorPool(s.env().envName(), policy, actorsClient, recorder, s.seed(), perVersion,
                        s.maxEpisodes(), curve::add)) {
                    actors.start(s.actors());
                    long lastSteps = 0;
                    long lastTick = System.nanoTime();
                    boolean solved = false;
                    double averageWhenSolved = Double.NaN;
                    while (!solved && !actors.done() && System.nanoTime() < deadline && !stopRequested.getAsBoolean()) {
                        for (int i = 0; i < 10 && !stopRequested.getAsBoolean(); i++) {
                            Thread.sleep(100);
                        }
                        long now = System.nanoTime();
                        long steps = actors.steps();
                        double rate = (steps - lastSteps) / ((now - lastTick) / 1e9);
                        lastSteps = steps;
                        lastTick = now;
                        PolicyParams p = actorsClient.params(policy);
                        out.printf(Locale.ROOT, "episodes %6d | avg return (last 100) %7.1f | version %5d | %,9.0f events/s"
                                + " | %5.1f s%n", curve.size(), curve.average(), p.version(), rate,
                                (now - readyNanos) / 1e9);
                        out.flush();
                        // Only learning counts: the curve's goal, reached after this run's learner published.
                        solved = learned(registry, policy) > 0 && s.env().solved(curve, actorsClient, policy,
                                s.seed());
                        if (solved) {
                            // The episodes the actors finish while they stop come after the goal was met.
                            averageWhenSolved = curve.average();
                        }
                    }
                    double seconds = (System.nanoTime() - readyNanos) / 1e9;
                    actors.close();
                    recorder.flush();
                    PolicyParams last = actorsClient.params(policy);
                    Files.createDirectories(s.outDir());
                    curve.writeCsv(s.outDir().resolve(policy + "-curve.csv"));
                    curve.writeSvg(s.outDir().resolve(policy + "-curve.svg"), "PolicyStream demo: " + policy
                            + ", return per episode");
                    long learned = learned(registry, policy);
                    Summary summary = new Summary(solved, curve.size(), curve.reached(475.0), actors.steps(), seconds,
                            learned, solved ? averageWhenSolved : curve.average());
                    out.printf(Locale.ROOT, "%s: %d episodes, %,d steps, %.1f s, %d versions learned; average return"
                            + " of the last 100: %.1f%n", solved ? "SOLVED" : "stopped", summary.episodes(),
                            summary.steps(), seconds, summary.versions(), summary.lastAverage());
                    if (s.env() == DemoEnvironment.PENDULUM || s.env() == DemoEnvironment.BANDIT) {
                        out.printf(Locale.ROOT, "a uniformly random policy averages %.1f%n",
                                s.env().randomPolicyReturn(200, s.seed()));
                    }
                    if (s.env() == DemoEnvironment.BANDIT) {
                        out.printf(Locale.ROOT, "greedy policy picks the best arm in %.0f%% of contexts%n",
                                100 * DemoEnvironment.greedyAccuracy(actorsClient, policy, s.seed()));
                    }
                    out.println("learning curve: " + s.outDir().resolve(policy + "-curve.csv") + " and "
                            + s.outDir().resolve(policy + "-curve.svg"));
                    out.flush();
                    return summary;
                }
            }
        } finally {
            if (broker != null) {
                broker.close();
            }
            deleteQuietly(work);
        }
    }

    /** The versions of {@code policy} this process's learner published (its meter in {@code registry}). */
    static long learned(io.micrometer.core.instrument.MeterRegistry registry, String policy) {
        io.micrometer.core.instrument.Counter c = registry.find("policystream.learner.updates").tag("policy", policy)
                .counter();
        return c == null ? 0 : (long) c.count();
    }

    /**
     * The topics the demo creates: the bundled ones, but on its own embedded broker (one broker, one
     * learner with one stream thread) an events topic of {@link #EMBEDDED_EVENT_PARTITIONS} partition.
     * Each partition is a task of the assembly with two stores, whose changelogs every transaction
     * then spans: with four, each exactly-once commit of the demo wrote to nine partitions where it now
     * writes to four, and the learner opened 32 RocksDB stores at start (BENCHMARKS.md, the demo).
     * On a cluster the user names, the bundled definitions stand.
     */
    static List<TopicDefinition> topics(boolean embedded) {
        List<TopicDefinition> all = TopicDefinitions.loadBundled();
        if (!embedded) {
            return all;
        }
        return all.stream().map(t -> t.name().equals(EVENTS_TOPIC)
                ? new TopicDefinition(t.name(), EMBEDDED_EVENT_PARTITIONS, t.replicationFactor(), t.configs())
                : t).toList();
    }

    /** The events topic's partitions on the demo's embedded broker. */
    static final int EMBEDDED_EVENT_PARTITIONS = 1;
    private static final String EVENTS_TOPIC = "policystream.events";

    /**
     * The demo's commit interval. A version waits for two commits (the assembly's, which makes its
     * trajectories visible, and the writer's), but the actors record a whole batch in a burst (up to
     * 4,000 events in about 45 ms) that the assembly then works through: at 20 ms it committed after
     * every few hundred events, each commit taking tens of milliseconds on the two busy cores, and
     * the burst took 150-350 ms to clear (BENCHMARKS.md, the demo). At 50 ms the median to SOLVED
     * was 12.5 s over 15 runs, against 14.6 s over 10 runs at 100 ms and 12.6 s over 5 at 20 ms.
     */
    static final long COMMIT_INTERVAL_MS = 50;

    /** The learner configuration of the demo: its commit interval, the environment's settings, the user's. */
    static LearnerConfig config(Settings s) {
        Map<String, String> conf = new HashMap<>();
        conf.put("application.id", "policystream-demo-" + s.env().envName());
        conf.put("commit.interval.ms", Long.toString(COMMIT_INTERVAL_MS));
        conf.put("seed", Long.toString(s.seed()));
        s.env().settings().forEach((k, v) -> conf.put("policy." + s.policy() + "." + k, v));
        conf.putAll(s.extraConfig());
        return LearnerConfig.fromMap(conf);
    }

    private static void deleteQuietly(Path dir) {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException ignored) {
            // A temporary directory left behind is harmless.
        }
    }
}
