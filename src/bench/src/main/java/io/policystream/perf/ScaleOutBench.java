package io.policystream.perf;

import io.policystream.client.ParamsTopic;
import io.policystream.policy.PolicyParams;
import io.policystream.wire.ParamsCodec;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * The scale-out benchmark: on one filled events topic, first one learner JVM, then two learner JVMs
 * sharing a second application id, each until every trajectory is in a published version. It
 * records which events partitions each of the two held (from their consumer group) and counts the
 * trajectories in every published version, to show that the two split the partitions and together
 * learned from every trajectory exactly once, as one does.
 *
 * <p>The learners are real {@code policystream learn} processes started from the jar this class was
 * loaded from, so each has its own heap, threads and GC, as in a deployment. The broker stays in
 * this JVM (embedded unless {@code bootstrapServers} is given).
 */
public final class ScaleOutBench {
    /** The class the child JVMs run; a string, so that {@code perf} does not depend on {@code cli}. */
    static final String MAIN_CLASS = "io.policystream.cli.Main";
    /** What {@code policystream learn} prints once its learner runs. */
    static final String RUNNING_LINE = "learner running";

    private static final Duration LEARN_TIMEOUT = Duration.ofMinutes(30);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration READ_TIMEOUT = Duration.ofMinutes(2);
    private static final long SAMPLE_MS = 500;
    private static final int TAIL_LINES = 40;

    /**
     * One version in a history topic.
     *
     * @param version its number
     * @param trajectories the trajectories consumed into it and every version before it
     */
    record HistoryEntry(long version, long trajectories) {
    }

    /**
     * What a history topic says was published for one policy.
     *
     * @param versions versions after the first one (the first is the one the learner started from)
     * @param trajectories trajectories learned from between the first version and the last
     * @param repeated history records of a version number seen before
     * @param missing version numbers between the first and the last that never appeared
     * @param fewestPerVersion the fewest trajectories one version added, or 0 without versions
     * @param mostPerVersion the most trajectories one version added, or 0 without versions
     */
    record Published(long versions, long trajectories, long repeated, long missing, long fewestPerVersion,
                     long mostPerVersion) {
        /** Versions consecutive, each published once. */
        boolean consecutive() {
            return repeated == 0 && missing == 0;
        }
    }

    /**
     * One phase: a number of learner JVMs until every trajectory is in a published version.
     *
     * @param instances learner JVMs
     * @param seconds from launching the JVMs until the version holding every trajectory was read
     * @param startSeconds from launching the JVMs until every one of them printed that it runs
     * @param eventsPerSecond events over seconds
     * @param published what the phase's history topic holds
     * @param partitions events partitions held by each instance, as last read from the consumer group
     * @param assignments every distinct assignment read during the phase, with the seconds since launch
     * @param learnerCpuSeconds CPU time of each learner JVM
     * @param benchCpuSeconds CPU time of this JVM during the phase: the embedded broker, and the
     *     bench's own history reader and group sampling
     */
    public record Phase(int instances, double seconds, double startSeconds, double eventsPerSecond,
                        Published published, Map<String, List<Integer>> partitions, List<String> assignments,
                        List<Double> learnerCpuSeconds, double benchCpuSeconds) {
    }

    /** The measured figures: the same events learned by one learner JVM and by two. */
    public record Result(long events, long episodes, Phase one, Phase two) {
        /** Both phases learned from the same trajectories, each version once. */
        public boolean sameTrajectories() {
            return one.published.trajectories() == two.published.trajectories() && one.published.consecutive()
                    && two.published.consecutive();
        }
    }

    private ScaleOutBench() {
    }

    /**
     * Runs both phases.
     *
     * @param jar the policystream jar the learner JVMs run, see {@link #ownJar()}
     */
    public static Result run(EndToEndBench.Settings s, Path jar, PrintWriter out) throws Exception {
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        try (EndToEndBench.Rig rig = new EndToEndBench.Rig(s, "scale")) {
            out.printf(Locale.ROOT, "filling %s with %,d events (%d partitions, %s network %s) ...%n", rig.events(),
                    s.events(), s.partitions(), rig.arch.distribution().wireName(), rig.arch.policyShape());
            out.flush();
            long t0 = System.nanoTime();
            long episodes = EndToEndBench.fill(rig.client, rig.events(), rig.v0, s);
            long events = episodes * s.episodeLength();
            out.printf(Locale.ROOT, "filled: %,d events in %,d episodes at %,.0f events/s%n", events, episodes,
                    events / ((System.nanoTime() - t0) / 1e9));
            out.flush();

            Map<String, String> one = new HashMap<>(rig.conf);
            one.put("application.id", rig.prefix + "one");
            Phase a = phase(rig, one, 1, events, episodes, s.batch(), java, jar, out);

            // The second application gets its own params and history topics: on the first one's it would
            // start from their last version and its history would mix with theirs.
            Map<String, String> twoTopics = EndToEndBench.createTopics(rig.client, rig.prefix + "two.",
                    s.partitions());
            ParamsTopic.publish(rig.client, rig.v0, Duration.ofSeconds(30), twoTopics.get("topic.params"),
                    twoTopics.get("topic.history"));
            Map<String, String> two = new HashMap<>(rig.conf);
            two.put("topic.params", twoTopics.get("topic.params"));
            two.put("topic.history", twoTopics.get("topic.history"));
            two.put("topic.dlq", twoTopics.get("topic.dlq"));
            two.put("application.id", rig.prefix + "two");
            Phase b = phase(rig, two, 2, events, episodes, s.batch(), java, jar, out);

            Result r = new Result(events, episodes, a, b);
            out.printf(Locale.ROOT, "HEADLINE: one learner JVM %,.0f events/s, two %,.0f events/s (%.2fx on %d cores "
                    + "shared with the broker); trajectories published: one %,d, two %,d (%s), of %,d episodes%n",
                    a.eventsPerSecond(), b.eventsPerSecond(), b.eventsPerSecond() / a.eventsPerSecond(),
                    Runtime.getRuntime().availableProcessors(), a.published().trajectories(),
                    b.published().trajectories(), r.sameTrajectories() ? "equal, every version once"
                            : "NOT equal or not every version once", episodes);
            out.flush();
            return r;
        }
    }

    /** Runs {@code n} learner JVMs on the rig's events topic with {@code conf} until every trajectory is learned. */
    private static Phase phase(EndToEndBench.Rig rig, Map<String, String> conf, int n, long events, long episodes,
                               long batch, String java, Path jar, PrintWriter out) throws Exception {
        String appId = conf.get("application.id");
        String history = conf.get("topic.history");
        String name = n == 1 ? "one" : "two";
        Path config = rig.work.resolve(name + ".properties");
        writeProperties(config, conf, "learner settings of the scale-out benchmark, phase " + name);
        String bootstrap = rig.client.getProperty("bootstrap.servers");

        List<Learner> learners = new java.util.concurrent.CopyOnWriteArrayList<>();
        Thread killer = new Thread(() -> learners.forEach(l -> l.process.destroyForcibly()),
                "scale-out-kill-learners");
        Runtime.getRuntime().addShutdownHook(killer);
        ExecutorService waiter = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "scale-out-wait");
            t.setDaemon(true);
            return t;
        });
        try (Admin admin = Admin.create(rig.client)) {
            out.printf(Locale.ROOT, "%s: starting %d learner JVM%s (application.id %s) ...%n", name, n,
                    n == 1 ? "" : "s", appId);
            out.flush();
            long launched = System.nanoTime();
            long benchCpu = EndToEndBench.cpuNanos();
            for (int i = 0; i < n; i++) {
                String label = appId + "-" + i;
                Path kafkaConfig = rig.work.resolve(name + "-" + i + ".client.properties");
                // A client.id per JVM names its consumers in the group, so each member maps to its JVM.
                writeProperties(kafkaConfig, Map.of("client.id", label), "Kafka client settings of " + label);
                Path log = rig.work.resolve(name + "-" + i + ".log");
                List<String> command = learnerCommand(java, jar, bootstrap, config, kafkaConfig,
                        rig.work.resolve(name + "-" + i + ".state"));
                Process p = new ProcessBuilder(command).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
                learners.add(new Learner(label, p, log));
            }
            // Done when fewer than a batch of trajectories can still be waiting for their version.
            Future<Long> done = waiter.submit(() -> {
                EndToEndBench.waitForTrajectories(rig.client, history, episodes - (batch - 1), LEARN_TIMEOUT);
                return System.nanoTime();
            });
            long started = -1;
            Map<String, List<Integer>> held = Map.of();
            List<String> assignments = new ArrayList<>();
            while (!done.isDone()) {
                for (Learner l : learners) {
                    if (!l.process.isAlive()) {
                        done.cancel(true);
                        throw new IllegalStateException("learner JVM " + l.label + " exited with code "
                                + l.process.exitValue() + "; the end of its log:\n" + tail(l.log));
                    }
                }
                if (started < 0 && learners.stream().allMatch(Learner::running)) {
                    started = System.nanoTime();
                }
                Map<String, List<Integer>> now = readAssignment(admin, appId, conf.get("topic.events"),
                        learners.stream().map(l -> l.label).toList());
                if (!now.isEmpty() && !now.equals(held)) {
                    held = now;
                    assignments.add(String.format(Locale.ROOT, "%.1f s %s", (System.nanoTime() - launched) / 1e9,
                            describe(now)));
                }
                Thread.sleep(SAMPLE_MS);
            }
            double seconds = (done.get() - launched) / 1e9;
            double benchCpuSeconds = (EndToEndBench.cpuNanos() - benchCpu) / 1e9;
            List<Double> cpu = learners.stream().map(l -> l.process.info().totalCpuDuration()
                    .map(d -> d.toNanos() / 1e9).orElse(Double.NaN)).toList();
            stop(learners);
            Published published = count(readHistory(rig.client, history, READ_TIMEOUT, rig.v0.policy()));
            Phase phase = new Phase(n, seconds, started < 0 ? Double.NaN : (started - launched) / 1e9,
                    events / seconds, published, held, assignments, cpu, benchCpuSeconds);
            report(name, phase, events, episodes, out);
            return phase;
        } finally {
            waiter.shutdownNow();
            stop(learners);
            try {
                Runtime.getRuntime().removeShutdownHook(killer);
            } catch (IllegalStateException shuttingDown) {
                // The hook runs anyway.
            }
        }
    }

    private static void report(String name, Phase p, long events, long episodes, PrintWriter out) {
        Published pub = p.published();
        double cpu = p.learnerCpuSeconds().stream().mapToDouble(Double::doubleValue).sum();
        out.printf(Locale.ROOT, "%s: %d learner JVM%s: %,d events in %.1f s = %,.0f events/s (all running after "
                + "%.1f s; %,.0f events/s counted from then); %,d versions, %,d trajectories published of %,d episodes "
                + "(%s; %d to %d per version); learner CPU %s s (%.1f us per event), broker and bench %.1f s, "
                + "%.2f cores busy in all%n", name, p.instances(),
                p.instances() == 1 ? "" : "s", events, p.seconds(), p.eventsPerSecond(), p.startSeconds(),
                events / (p.seconds() - p.startSeconds()), pub.versions(), pub.trajectories(), episodes,
                pub.consecutive() ? "versions consecutive, each once"
                        : pub.repeated() + " repeated and " + pub.missing() + " missing versions",
                pub.fewestPerVersion(), pub.mostPerVersion(), p.learnerCpuSeconds().stream()
                        .map(c -> String.format(Locale.ROOT, "%.1f", c)).collect(Collectors.joining(" + ")),
                cpu * 1e6 / events, p.benchCpuSeconds(), (cpu + p.benchCpuSeconds()) / p.seconds());
        out.printf(Locale.ROOT, "%s: events partitions held: %s%n", name, describe(p.partitions()));
        if (p.assignments().size() > 1) {
            out.printf(Locale.ROOT, "%s: assignments seen (seconds after launch): %s%n", name,
                    String.join("; ", p.assignments()));
        }
        out.flush();
    }

    /** The command line of one learner JVM. */
    static List<String> learnerCommand(String java, Path jar, String bootstrap, Path config, Path kafkaConfig,
                                       Path stateDir) {
        return List.of(java, "-cp", jar.toString(), MAIN_CLASS, "learn", "--bootstrap-servers", bootstrap,
                "--kafka-config", kafkaConfig.toString(), "--config", config.toString(), "--state-dir",
                stateDir.toString(), "--metrics-port", "0");
    }

    /**
     * The trajectories and versions a history shows: versions are counted from its first version, and
     * the trajectories they added are the last version's cumulative count less the first's.
     */
    static Published count(List<HistoryEntry> history) {
        TreeMap<Long, Long> byVersion = new TreeMap<>();
        long repeated = 0;
        for (HistoryEntry e : history) {
            if (byVersion.putIfAbsent(e.version(), e.trajectories()) != null) {
                repeated++;
            }
        }
        if (byVersion.isEmpty()) {
            return new Published(0, 0, repeated, 0, 0, 0);
        }
        long first = byVersion.firstKey();
        long last = byVersion.lastKey();
        long missing = last - first + 1 - byVersion.size();
        long fewest = Long.MAX_VALUE;
        long most = 0;
        Map.Entry<Long, Long> before = null;
        for (Map.Entry<Long, Long> e : byVersion.entrySet()) {
            if (before != null && e.getKey() == before.getKey() + 1) {
                long added = e.getValue() - before.getValue();
                fewest = Math.min(fewest, added);
                most = Math.max(most, added);
            }
            before = e;
        }
        return new Published(byVersion.size() - 1, byVersion.lastEntry().getValue() - byVersion.firstEntry().getValue(),
                repeated, missing, fewest == Long.MAX_VALUE ? 0 : fewest, most);
    }

    /**
     * The events partitions each instance holds, by instance label, from the client ids of the
     * group's members (each instance's client ids start with its label and a dash); labels without a
     * member are left out.
     */
    static Map<String, List<Integer>> partitionsByInstance(Map<String, ? extends Collection<TopicPartition>> byClientId,
                                                           String topic, List<String> labels) {
        Map<String, List<Integer>> held = new TreeMap<>();
        byClientId.forEach((clientId, partitions) -> labels.stream()
                .filter(label -> clientId.startsWith(label + "-"))
                .findFirst()
                .ifPresent(label -> {
                    List<Integer> mine = held.computeIfAbsent(label, k -> new ArrayList<>());
                    partitions.stream().filter(tp -> tp.topic().equals(topic)).map(TopicPartition::partition)
                            .forEach(mine::add);
                    mine.sort(null);
                }));
        return held;
    }

    private static Map<String, List<Integer>> readAssignment(Admin admin, String group, String topic,
                                                             List<String> labels) throws InterruptedException {
        ConsumerGroupDescription g;
        try {
            g = admin.describeConsumerGroups(List.of(group)).all().get(5, TimeUnit.SECONDS).get(group);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            // The group does not exist until the first member joins; the next sample tries again.
            return Map.of();
        }
        Map<String, Set<TopicPartition>> byClientId = new HashMap<>();
        for (MemberDescription m : g.members()) {
            byClientId.computeIfAbsent(m.clientId(), k -> new java.util.HashSet<>())
                    .addAll(m.assignment().topicPartitions());
        }
        return partitionsByInstance(byClientId, topic, labels);
    }

    private static String describe(Map<String, List<Integer>> held) {
        return held.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "));
    }

    /** Every version of {@code policy} in a history topic, read (committed only) to its end. */
    static List<HistoryEntry> readHistory(Properties client, String history, Duration timeout, String policy)
            throws io.policystream.wire.InvalidParamsException {
        ParamsCodec codec = new ParamsCodec();
        List<HistoryEntry> entries = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c = EndToEndBench.committedReader(client, history, false)) {
            List<TopicPartition> parts = List.copyOf(c.assignment());
            Map<TopicPartition, Long> end = c.endOffsets(parts);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (parts.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + history + " to its end in " + timeout);
                }
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
                    PolicyParams v = codec.decode(r.value());
                    if (v.policy().equals(policy)) {
                        entries.add(new HistoryEntry(v.version(), v.trajectories()));
                    }
                }
            }
        }
        return entries;
    }

    /** Asks every learner to stop (SIGTERM: a clean close), then kills those still running after a bound. */
    private static void stop(List<Learner> learners) throws InterruptedException {
        learners.forEach(l -> l.process.destroy());
        long deadline = System.nanoTime() + STOP_TIMEOUT.toNanos();
        for (Learner l : learners) {
            long left = deadline - System.nanoTime();
            if (left <= 0 || !l.process.waitFor(left, TimeUnit.NANOSECONDS)) {
                l.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    private static void writeProperties(Path file, Map<String, String> entries, String comment) throws IOException {
        Properties p = new Properties();
        p.putAll(entries);
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            p.store(w, comment);
        }
    }

    /** The last lines of a log file, or why it cannot be read. */
    static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            if (lines.isEmpty()) {
                return "(empty: it printed nothing)";
            }
            return String.join("\n", lines.subList(Math.max(0, lines.size() - TAIL_LINES), lines.size()));
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e.getMessage() + ")";
        }
    }

    /** The jar this class was loaded from, which the learner JVMs run; empty when run from class directories. */
    public static Optional<Path> ownJar() {
        try {
            java.security.CodeSource source = ScaleOutBench.class.getProtectionDomain().getCodeSource();
            if (source == null) {
                return Optional.empty();
            }
            Path p = Path.of(source.getLocation().toURI());
            return Files.isRegularFile(p) && p.toString().endsWith(".jar") ? Optional.of(p) : Optional.empty();
        } catch (URISyntaxException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** A learner JVM, its label (its client.id) and its log file. */
    private static final class Learner {
        final String label;
        final Process process;
        final Path log;
        private boolean running;

        Learner(String label, Process process, Path log) {
            this.label = label;
            this.process = process;
            this.log = log;
        }

        /** Whether it has printed that its learner runs (read from its log until it has). */
        boolean running() {
            if (!running) {
                try {
                    running = Files.readString(log, StandardCharsets.UTF_8).contains(RUNNING_LINE);
                } catch (IOException e) {
                    return false;
                }
            }
            return running;
        }
    }
}
