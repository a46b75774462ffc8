package io.policystream.perf;

import io.policystream.broker.EmbeddedKafkaBroker;
import io.policystream.client.ParamsTopic;
import io.policystream.config.LearnerConfig;
import io.policystream.event.Event;
import io.policystream.metrics.LearnerMetrics;
import io.policystream.policy.Activation;
import io.policystream.policy.Architecture;
import io.policystream.policy.Initializer;
import io.policystream.policy.PolicyNetwork;
import io.policystream.policy.PolicyParams;
import io.policystream.policy.StdMode;
import io.policystream.streams.LearnerApp;
import io.policystream.topics.TopicAdmin;
import io.policystream.topics.TopicDefinition;
import io.policystream.topics.TopicDefinitions;
import io.policystream.wire.EventCodec;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;

/**
 * The end-to-end benchmark: on one events topic, the physical limit (a pass-through Kafka Streams
 * topology with the same processing guarantee) and the learner (until every trajectory is in a
 * published version), side by side in one run.
 */
public final class EndToEndBench {

    /**
     * What to run.
     *
     * @param events how many events to fill the topic with (whole episodes, at least this many)
     * @param partitions partitions of the events topic
     * @param hidden hidden layer widths
     * @param obs state length
     * @param actions number of actions (categorical) or dimensions (gaussian)
     * @param gaussian a gaussian policy instead of a categorical one
     * @param guarantee exactly_once_v2 or at_least_once
     * @param batch batch.trajectories
     * @param episodeLength steps per episode
     * @param bootstrapServers an existing cluster, or null for an embedded broker
     * @param preaggregate gradient.preaggregate
     * @param commitIntervalMs commit.interval.ms of both applications
     * @param threads stream threads of both applications
     */
    public record Settings(long events, int partitions, List<Integer> hidden, int obs, int actions, boolean gaussian,
                           String guarantee, int batch, int episodeLength, String bootstrapServers, int preaggregate,
                           long commitIntervalMs, int threads, Map<String, String> learnerConfig) {

        public Settings {
            learnerConfig = Map.copyOf(learnerConfig);
        }

        /** Settings with no learner configuration beyond the bench's own. */
        public Settings(long events, int partitions, List<Integer> hidden, int obs, int actions, boolean gaussian,
                        String guarantee, int batch, int episodeLength, String bootstrapServers, int preaggregate,
                        long commitIntervalMs, int threads) {
            this(events, partitions, hidden, obs, actions, gaussian, guarantee, batch, episodeLength, bootstrapServers,
                    preaggregate, commitIntervalMs, threads, Map.of());
        }

        /** These settings with the network and the events of {@code network}. */
        public Settings with(BenchCase network) {
            return new Settings(network.events(), partitions, network.hidden(), network.obs(), network.actions(),
                    network.gaussian(), guarantee, batch, episodeLength, bootstrapServers, preaggregate,
                    commitIntervalMs, threads, learnerConfig);
        }
    }

    /**
     * The measured figures.
     *
     * @param events events in the topic (whole episodes)
     * @param episodes episodes in the topic
     * @param fillPerSecond events/s of filling the topic
     * @param passThroughPerSecond events/s of the pass-through topology
     * @param learnerPerSecond events/s of the learner, from its start until every trajectory was published
     * @param updatesPerSecond versions/s of the learner
     * @param versions versions the learner made
     * @param learnerCpuMicrosPerEvent the process's CPU (broker, clients, learner, bench) during the learner's
     *     phase, in us per event
     * @param learnerCpuByThread the thread groups that used the most of it, us per event, most first
     * @param brokerBytesInPerEvent bytes the embedded broker took in during the learner's phase per event;
     *     empty when the cluster is not in this JVM
     */
    public record Result(long events, long episodes, double fillPerSecond, double passThroughPerSecond,
                         double learnerPerSecond, double updatesPerSecond, long versions,
                         double learnerCpuMicrosPerEvent, Map<String, Double> learnerCpuByThread,
                         OptionalDouble brokerBytesInPerEvent) {
        public Result {
            learnerCpuByThread = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(learnerCpuByThread));
        }

        public double ratio() {
            return learnerPerSecond / passThroughPerSecond;
        }
    }

    private EndToEndBench() {
    }


    /**
     * Where runs put their topics and state: an embedded broker started in a temporary directory,
     * or the cluster given (then the directory holds only the clients' state).
     */
    static final class Cluster implements AutoCloseable {
        final Path work;
        final EmbeddedKafkaBroker broker;
        final Properties client = new Properties();

        /** An embedded broker when {@code bootstrapServers} is null, else that cluster. */
        Cluster(String bootstrapServers) throws Exception {
            work = Files.createTempDirectory("policystream-bench");
            broker = bootstrapServers == null
                    ? EmbeddedKafkaBroker.builder().dataDir(work.resolve("broker")).start() : null;
            client.setProperty("bootstrap.servers", broker == null ? bootstrapServers : broker.bootstrapServers());
        }

        @Override
        public void close() throws java.io.IOException {
            if (broker != null) {
                broker.close();
            }
            try (var files = Files.walk(work)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    /**
     * What every mode needs: a cluster (embedded unless given), the four topics under a fresh
     * prefix, version 0 of policy {@code bench} published, and the learner settings of the run.
     */
    static final class Rig implements AutoCloseable {
        final Path work;
        final Properties client;
        final String prefix;
        final Map<String, String> conf;
        final Architecture arch;
        final PolicyParams v0;
        /** The cluster this rig started and closes, or null when it runs on one it was given. */
        private final Cluster own;

        /** On a cluster of its own, closed with it. */
        Rig(Settings s, String mode) throws Exception {
            this(new Cluster(s.bootstrapServers()), true, s, mode);
        }

        /** On {@code cluster}, which stays open when this rig closes. */
        Rig(Cluster cluster, Settings s, String mode) throws Exception {
            this(cluster, false, s, mode);
        }

        private Rig(Cluster cluster, boolean owned, Settings s, String mode) throws Exception {
            own = owned ? cluster : null;
            work = cluster.work;
            client = cluster.client;
            prefix = mode + "-" + UUID.randomUUID().toString().substring(0, 8) + ".";
            conf = createTopics(client, prefix, s.partitions());
            arch = s.gaussian()
                    ? Architecture.gaussian(s.obs(), s.hidden(), s.actions(), Activation.TANH, StdMode.PARAMETER)
                    : Architecture.categorical(s.obs(), s.hidden(), s.actions(), Activation.TANH);
            v0 = Initializer.initialize("bench", arch, 1, System.currentTimeMillis());
            ParamsTopic.publish(client, v0, Duration.ofSeconds(30), conf.get("topic.params"), conf.get("topic.history"));
            conf.put("application.id", prefix + "learner");
            conf.put("batch.trajectories", Integer.toString(s.batch()));
            // Recorded-style input is acted by version 0 throughout: learn from all of it.
            conf.put("max.staleness", "1000000000");
            conf.put("processing.guarantee", s.guarantee());
            conf.put("gradient.preaggregate", Integer.toString(s.preaggregate()));
            conf.put("commit.interval.ms", Long.toString(s.commitIntervalMs()));
            conf.put("streams.num.stream.threads", Integer.toString(s.threads()));
            conf.putAll(s.learnerConfig());
            conf.put("layers", String.join(",", s.hidden().stream().map(String::valueOf).toList()));
        }

        String events() {
            return conf.get("topic.events");
        }

        @Override
        public void close() throws java.io.IOException {
            if (own != null) {
                own.close();
            }
        }
    }

    /** {@link #run(Settings, long, PrintWriter)} after the default warm-up. */
    public static Result run(Settings s, PrintWriter out) throws Exception {
        return run(s, DEFAULT_WARMUP_EVENTS, out);
    }

    /** Events of the measured round unless told otherwise. */
    public static final long DEFAULT_EVENTS = 1_000_000;

    /** Events of the warm-up round unless told otherwise. */
    public static final long DEFAULT_WARMUP_EVENTS = 1_000_000;

    /**
     * The throughput measurement of each network in turn, in this process and on one cluster (one
     * embedded broker unless {@code common} names a cluster), each with its own events and warm-up
     * round; then the summary of them all as Markdown ({@link HeadlineTable}), headed by
     * {@code command}, the date and this machine.
     *
     * @param common the settings every network runs with; each network brings its sizes and events
     * @return a row per network, in the order given
     */
    public static List<HeadlineTable.Row> throughput(Settings common, List<BenchCase> networks, String command,
                                                     PrintWriter out) throws Exception {
        List<HeadlineTable.Row> rows = new ArrayList<>();
        try (Cluster cluster = new Cluster(common.bootstrapServers())) {
            for (BenchCase network : networks) {
                if (networks.size() > 1) {
                    out.printf(Locale.ROOT, "%n== network %d of %d: %s %s, %,d events after a warm-up round of %,d "
                            + "==%n", rows.size() + 1, networks.size(), network.network(), network.distribution(),
                            network.events(), network.warmupEvents());
                    out.flush();
                }
                rows.add(new HeadlineTable.Row(network, run(cluster, common.with(network), network.warmupEvents(),
                        out)));
            }
        }
        out.printf(Locale.ROOT, "%nSUMMARY (Markdown, for BENCHMARKS.md):%n%n%s",
                HeadlineTable.markdown(rows, command, java.time.Instant.now(), Machine.current()));
        out.flush();
        return rows;
    }

    /**
     * The throughput measurement: a warm-up round of {@code warmupEvents} on topics of its own (so
     * the JIT has compiled the broker's, the clients' and the learner's hot paths before anything
     * is timed, as the learner of a running deployment is), then the measured round. A round
     * fills an events topic, runs the pass-through over it, then the learner from a fresh
     * application id until every trajectory is in a published version.
     */
    public static Result run(Settings s, long warmupEvents, PrintWriter out) throws Exception {
        try (Cluster cluster = new Cluster(s.bootstrapServers())) {
            return run(cluster, s, warmupEvents, out);
        }
    }

    /** {@link #run(Settings, long, PrintWriter)} on {@code cluster}, on topics of its own. */
    static Result run(Cluster cluster, Settings s, long warmupEvents, PrintWriter out) throws Exception {
        try (Rig rig = new Rig(cluster, s, "bench")) {
            if (warmupEvents > 0) {
                Map<String, String> topics = createTopics(rig.client, rig.prefix + "warmup.", s.partitions());
                ParamsTopic.publish(rig.client, rig.v0, Duration.ofSeconds(30), topics.get("topic.params"),
                        topics.get("topic.history"));
                Map<String, String> conf = new java.util.HashMap<>(rig.conf);
                conf.putAll(topics);
                conf.put("application.id", rig.prefix + "warmup.learner");
                Settings warm = new Settings(warmupEvents, s.partitions(), s.hidden(), s.obs(), s.actions(),
                        s.gaussian(), s.guarantee(), s.batch(), s.episodeLength(), s.bootstrapServers(),
                        s.preaggregate(), s.commitIntervalMs(), s.threads(), s.learnerConfig());
                out.printf(Locale.ROOT, "warm-up round (%,d events, not measured) ...%n", warmupEvents);
                out.flush();
                round(rig, warm, conf, rig.prefix + "warmup.", new PrintWriter(java.io.Writer.nullWriter()));
            }
            Result r = round(rig, s, rig.conf, rig.prefix, out);
            out.printf(Locale.ROOT, "HEADLINE: learner / pass-through = %.2f%n", r.ratio());
            out.flush();
            return r;
        }
    }

    private static Result round(Rig rig, Settings s, Map<String, String> conf, String prefix, PrintWriter out)
            throws Exception {
        Properties client = rig.client;
        Architecture arch = rig.arch;
        PolicyParams v0 = rig.v0;
        Path work = rig.work.resolve(prefix);
        String scratch = prefix + "scratch";
        try (Admin admin = Admin.create(client)) {
            new TopicAdmin(admin, Duration.ofSeconds(60)).create(List.of(new TopicDefinition(scratch,
                    s.partitions(), 1, Map.of())));
        }

        out.printf(Locale.ROOT, "filling %s with %,d events (%d partitions, %s network %s) ...%n",
                conf.get("topic.events"), s.events(), s.partitions(), arch.distribution().wireName(),
                arch.policyShape());
        out.flush();
        long t0 = System.nanoTime();
        long episodes = fill(client, conf.get("topic.events"), v0, s);
        long events = episodes * s.episodeLength();
        double fill = events / ((System.nanoTime() - t0) / 1e9);
        out.printf(Locale.ROOT, "filled: %,d events in %,d episodes at %,.0f events/s%n", events, episodes, fill);
        out.flush();

        long c0 = cpuNanos();
        long w0 = System.nanoTime();
        Map<String, Long> passThreads0 = threadCpu();
        PassThrough passed = passThrough(client, conf.get("topic.events"), scratch, s.guarantee(),
                s.commitIntervalMs(), s.threads(), work);
        double pass = passed.eventsPerSecond();
        out.printf(Locale.ROOT, "pass-through (%s): %,.0f events/s%s%n", s.guarantee(), pass, cpu(c0, w0, events));
        // Beside the learner's line below, so that each line (the JIT's, the broker's) compares.
        out.printf(Locale.ROOT, "  pass-through CPU by thread, per event: %s%n",
                topThreads(passThreads0, passed.threadCpuAtEnd(), events));
        out.flush();

        LearnerConfig config = LearnerConfig.fromMap(conf);
        long t1;
        double elapsed;
        long versions;
        long c1 = cpuNanos();
        Map<String, Long> threads0 = threadCpu();
        Map<String, Long> bytes0 = BrokerTraffic.bytesInByTopic();
        Map<String, Long> threads1;
        Map<String, Long> bytes1;
        long cpuNanos;
        String cpuLine;
        LearnerMetrics metrics = LearnerMetrics.inMemory();
        try (LearnerApp app = new LearnerApp(config, client, work.resolve("learner"), metrics)) {
            t1 = System.nanoTime();
            app.start(Duration.ofSeconds(60));
            // Done when fewer than a batch of trajectories can still be waiting for their version. The
            // history is read from outside, but only from when the learner has consumed every event:
            // read all along, it would cost the learner's broker and this JVM a copy of every version,
            // where the pass-through's watcher reads its committed offsets only.
            versions = waitForTrajectories(client, conf.get("topic.history"), episodes - (s.batch() - 1),
                    Duration.ofMinutes(30), new EventsConsumed(() -> (long) metrics.count("policystream.learner.events"),
                            events), out, () -> String.format(Locale.ROOT,
                            "learner so far: %,.0f events consumed, %,.0f trajectories closed, %,.0f versions made",
                            metrics.count("policystream.learner.events"),
                            metrics.count("policystream.learner.trajectories"),
                            metrics.count("policystream.learner.updates")));
            elapsed = (System.nanoTime() - t1) / 1e9;
            threads1 = threadCpu();
            bytes1 = BrokerTraffic.bytesInByTopic();
            cpuNanos = cpuNanos() - c1;
            cpuLine = cpuSpent(cpuNanos, System.nanoTime() - t1, events);
        }
        double learner = events / elapsed;
        Map<String, Double> byThread = cpuByThread(threads0, threads1, events);
        OptionalDouble brokerBytes = bytes1.isEmpty() ? OptionalDouble.empty()
                : OptionalDouble.of((double) BrokerTraffic.total(bytes0, bytes1) / events);
        Result r = new Result(events, episodes, fill, pass, learner, versions / elapsed, versions,
                cpuNanos / 1e3 / events, byThread, brokerBytes);
        out.printf(Locale.ROOT, "learner (%s, batch %d, preaggregate %d, %d threads): %,.0f events/s, "
                + "%,.1f updates/s, %d versions%s%n", s.guarantee(), s.batch(), s.preaggregate(), s.threads(),
                learner, r.updatesPerSecond(), versions, cpuLine);
        out.printf(Locale.ROOT, "  learner CPU by thread, per event: %s%n", perEvent(byThread));
        if (!bytes1.isEmpty()) {
            out.printf(Locale.ROOT, "  bytes the broker took in by topic, per event: %s%n",
                    BrokerTraffic.perEvent(bytes0, bytes1, events, prefix));
        }
        out.flush();
        return r;
    }

    static Map<String, String> createTopics(Properties client, String prefix, int partitions) {
        Map<String, String> names = new HashMap<>();
        List<TopicDefinition> defs = new ArrayList<>();
        for (TopicDefinition d : TopicDefinitions.loadBundled()) {
            TopicDefinition renamed = d.withName(prefix + d.name());
            if (d.name().equals("policystream.events")) {
                renamed = new TopicDefinition(renamed.name(), partitions, 1, renamed.configs());
            }
            defs.add(renamed);
            switch (d.name()) {
                case "policystream.events" -> names.put("topic.events", renamed.name());
                case "policystream.params" -> names.put("topic.params", renamed.name());
                case "policystream.params.history" -> names.put("topic.history", renamed.name());
                case "policystream.dlq" -> names.put("topic.dlq", renamed.name());
                default -> { }
            }
        }
        try (Admin admin = Admin.create(client)) {
            new TopicAdmin(admin, Duration.ofSeconds(60)).create(defs);
        }
        return names;
    }

    /** A producer for filling a topic fast: acks=all, large batches. */
    private static KafkaProducer<byte[], byte[]> bulkProducer(Properties client) {
        Properties pp = new Properties();
        pp.putAll(client);
        pp.put(ProducerConfig.ACKS_CONFIG, "all");
        pp.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        pp.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        return new KafkaProducer<>(pp, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** Episodes of the given length, states and actions drawn from the initial policy, as actors would record. */
    static long fill(Properties client, String topic, PolicyParams p, Settings s) {
        EventCodec codec = new EventCodec();
        PolicyNetwork net = new PolicyNetwork(p.architecture());
        PolicyNetwork.Workspace ws = net.newWorkspace();
        SplittableRandom rng = new SplittableRandom(7);
        long episodes = (s.events() + s.episodeLength() - 1) / s.episodeLength();
        long time = System.currentTimeMillis();
        try (KafkaProducer<byte[], byte[]> producer = bulkProducer(client)) {
            double[] state = new double[s.obs()];
            for (long e = 0; e < episodes; e++) {
                String ep = "bench-" + e;
                byte[] key = ep.getBytes(StandardCharsets.UTF_8);
                for (int t = 0; t < s.episodeLength(); t++) {
                    for (int i = 0; i < state.length; i++) {
                        state[i] = rng.nextDouble(-1, 1);
                    }
                    PolicyNetwork.Sample a = net.sample(p, state, rng, ws);
                    boolean last = t == s.episodeLength() - 1;
                    Event ev = Event.step("bench", ep, t, state, a.action(), a.logProb(), 0, 1.0, last, false, time);
                    producer.send(new ProducerRecord<>(topic, key, codec.encode(ev)));
                }
            }
            producer.flush();
        }
        return episodes;
    }

    private static final com.fasterxml.jackson.core.JsonFactory JSON = new com.fasterxml.jackson.core.JsonFactory();

    /**
     * The {@code version}, {@code trajectories} and {@code time} fields of a params JSON (-1 when
     * absent), read without parsing
     * the weights (skipped token by token): the bench watches every version the learner publishes
     * and must not take the CPU the learner needs.
     */
    static long[] versionAndTrajectories(byte[] json) throws java.io.IOException {
        if (json.length >= 8 && json[0] == 0) {
            // binary params (params.encoding=binary): the counters are in the JSON header after 8 bytes
            int header = java.nio.ByteBuffer.wrap(json).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt(4);
            return countersByParsing(json, 8, Math.min(header, json.length - 8));
        }
        long[] fast = countersWithoutScanning(json);
        return fast != null ? fast : countersByParsing(json, 0, json.length);
    }

    private static final byte[] VERSION_FIELD = "\"version\":".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] TRAJECTORIES_FIELD = ",\"trajectories\":".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] TIME_FIELD = ",\"time\":".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    /**
     * The counters of a params JSON as the learner writes it (version among the first fields, the
     * counts after the weights), found by looking at its first and last few hundred bytes only: a
     * 17-256-256-6 version is 1.48 MB, which the bench must not scan on the learner's cores. Null
     * when the JSON is laid out otherwise.
     */
    static long[] countersWithoutScanning(byte[] json) {
        int version = indexOf(json, VERSION_FIELD, 0, Math.min(json.length, 512));
        int tail = Math.max(0, json.length - 512);
        int trajectories = lastIndexOf(json, TRAJECTORIES_FIELD, tail);
        int time = lastIndexOf(json, TIME_FIELD, tail);
        if (version < 0 || trajectories < 0 || time < 0) {
            return null;
        }
        long v = number(json, version + VERSION_FIELD.length);
        long t = number(json, trajectories + TRAJECTORIES_FIELD.length);
        long at = number(json, time + TIME_FIELD.length);
        return v < 0 || t < 0 || at < 0 ? null : new long[] {v, t, at};
    }

    private static int indexOf(byte[] a, byte[] pattern, int from, int to) {
        outer:
        for (int i = from; i + pattern.length <= to; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (a[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static int lastIndexOf(byte[] a, byte[] pattern, int from) {
        for (int i = a.length - pattern.length; i >= from; i--) {
            if (indexOf(a, pattern, i, i + pattern.length) == i) {
                return i;
            }
        }
        return -1;
    }

    /** The non-negative integer at {@code at}, or -1. */
    private static long number(byte[] a, int at) {
        long n = 0;
        int i = at;
        while (i < a.length && a[i] >= '0' && a[i] <= '9' && i - at < 18) {
            n = n * 10 + (a[i] - '0');
            i++;
        }
        return i == at ? -1 : n;
    }

    private static long[] countersByParsing(byte[] json, int offset, int length) throws java.io.IOException {
        long[] out = {-1, -1, -1};
        try (com.fasterxml.jackson.core.JsonParser p = JSON.createParser(json, offset, length)) {
            p.nextToken();
            while (p.nextToken() == com.fasterxml.jackson.core.JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                switch (name) {
                    case "version" -> out[0] = p.getLongValue();
                    case "trajectories" -> out[1] = p.getLongValue();
                    case "time" -> out[2] = p.getLongValue();
                    default -> p.skipChildren();
                }
            }
        }
        return out;
    }

    /**
     * CPU time by thread group (the thread's name with numbers and ids folded), of the threads
     * alive now, and of the threads Java does not show ({@link NativeThreadCpu}: JIT compilers, GC
     * workers, RocksDB's background threads) where the operating system tells.
     */
    static Map<String, Long> threadCpu() {
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        Map<String, Long> out = new java.util.HashMap<>(NativeThreadCpu.snapshot());
        for (java.lang.management.ThreadInfo t : mx.getThreadInfo(mx.getAllThreadIds())) {
            if (t == null) {
                continue;
            }
            long cpu = mx.getThreadCpuTime(t.getThreadId());
            if (cpu > 0) {
                String group = t.getThreadName().replaceAll("[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}", "*")
                        .replaceAll("[0-9a-f]{8}\\.", "*.").replaceAll("[0-9]+", "N");
                out.merge(group, cpu, Long::sum);
            }
        }
        return out;
    }

    /** The thread groups that used the most CPU between two {@link #threadCpu} snapshots, per event. */
    private static String topThreads(Map<String, Long> before, Map<String, Long> after, long events) {
        return perEvent(cpuByThread(before, after, events));
    }

    /**
     * The eight thread groups that used the most CPU between two {@link #threadCpu} snapshots, in us
     * per event, most first.
     */
    static Map<String, Double> cpuByThread(Map<String, Long> before, Map<String, Long> after, long events) {
        Map<String, Double> out = new LinkedHashMap<>();
        after.entrySet().stream()
                .map(e -> Map.entry(e.getKey(), e.getValue() - before.getOrDefault(e.getKey(), 0L)))
                .filter(e -> e.getValue() > 0)
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .limit(8)
                .forEach(e -> out.put(e.getKey(), e.getValue() / 1e3 / events));
        return out;
    }

    /** {@code name 10.1 us; name 2.6 us}. */
    private static String perEvent(Map<String, Double> microsByThread) {
        return microsByThread.entrySet().stream()
                .map(e -> String.format(Locale.ROOT, "%s %.1f us", e.getKey(), e.getValue()))
                .collect(java.util.stream.Collectors.joining("; "));
    }

    /**
     * Reads the history topic with read_committed and notes, for every version, how long after it
     * was made (its {@code time} field, the writer's clock, which is this JVM's) it became visible:
     * the wait for the commit of its transaction.
     */
    private static final class VisibilityWatch implements AutoCloseable {
        private final KafkaConsumer<byte[], byte[]> consumer;
        private final List<Long> delays = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        /** When each version seen was made (its {@code time}), epoch ms. */
        private final List<Long> made = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        /** When each version became visible here, epoch ms, by version. */
        private final Map<Long, Long> visibleAt = new java.util.concurrent.ConcurrentHashMap<>();
        private final Thread thread;
        private volatile boolean running = true;

        VisibilityWatch(Properties client, String topic) {
            this.consumer = committedReader(client, topic, true);
            this.thread = new Thread(this::run, "bench-visibility");
        }

        void start() {
            thread.start();
        }

        private void run() {
            while (running) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(50))) {
                    try {
                        long[] v = versionAndTrajectories(r.value());
                        long at = v[2];
                        long now = System.currentTimeMillis();
                        if (at > 0) {
                            delays.add(Math.max(0, now - at));
                            made.add(at);
                            visibleAt.put(v[0], now);
                        }
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }
            }
        }

        void clear() {
            delays.clear();
            made.clear();
            visibleAt.clear();
        }

        /** When version {@code v} became visible to this reader (epoch ms), or null if it has not. */
        Long visibleAt(long v) {
            return visibleAt.get(v);
        }

        /**
         * The longest time between two consecutive versions made, in ms, and when it began (epoch
         * ms); {0, 0} with fewer than two versions. Under a steady load a long pause is a stall of
         * the learner, not a quiet input.
         */
        long[] longestPause() {
            List<Long> sorted;
            synchronized (made) {
                sorted = new java.util.ArrayList<>(made);
            }
            java.util.Collections.sort(sorted);
            long[] out = {0, 0};
            for (int i = 1; i < sorted.size(); i++) {
                long gap = sorted.get(i) - sorted.get(i - 1);
                if (gap > out[0]) {
                    out[0] = gap;
                    out[1] = sorted.get(i - 1);
                }
            }
            return out;
        }

        /** Count, p50, p99 and max of the delays, in ms. */
        long[] percentiles() {
            synchronized (delays) {
                return EndToEndBench.percentiles(new java.util.ArrayList<>(delays));
            }
        }

        @Override
        public void close() throws InterruptedException {
            running = false;
            thread.join(5_000);
            consumer.close(Duration.ofSeconds(5));
        }
    }

    /** Count, p50, p99 and max of {@code values} (nearest rank), {0, -1, -1, -1} when empty. */
    static long[] percentiles(List<Long> values) {
        List<Long> sorted = new java.util.ArrayList<>(values);
        java.util.Collections.sort(sorted);
        if (sorted.isEmpty()) {
            return new long[] {0, -1, -1, -1};
        }
        int n = sorted.size();
        return new long[] {n, sorted.get((int) Math.ceil(0.5 * n) - 1), sorted.get((int) Math.ceil(0.99 * n) - 1),
            sorted.get(n - 1)};
    }

    /** A read_committed consumer of every partition of {@code topic}, at its beginning or at its end. */
    static KafkaConsumer<byte[], byte[]> committedReader(Properties client, String topic, boolean atEnd) {
        Properties p = new Properties();
        p.putAll(client);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
        List<TopicPartition> parts = c.partitionsFor(topic).stream()
                .map(i -> new TopicPartition(topic, i.partition())).toList();
        c.assign(parts);
        if (atEnd) {
            c.seekToEnd(parts);
        } else {
            c.seekToBeginning(parts);
        }
        return c;
    }

    /** CPU time of this process so far (broker and clients alike), in nanoseconds. */
    static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /**
     * The process's CPU time per event since {@code cpu0} and the cores it kept busy since
     * {@code wall0}: what a phase costs, less sensitive to other load on the machine than events/s.
     */
    private static String cpu(long cpu0, long wall0, long events) {
        return cpuSpent(cpuNanos() - cpu0, System.nanoTime() - wall0, events);
    }

    /** {@link #cpu(long, long, long)} of a phase that took {@code cpu} ns of CPU in {@code wall} ns. */
    private static String cpuSpent(double cpu, double wall, long events) {
        return String.format(Locale.ROOT, " (%.1f us CPU per event, %.2f cores busy)", cpu / 1e3 / events, cpu / wall);
    }

    /**
     * What the pass-through measured: its events per second, and {@link #threadCpu} taken when it
     * had processed the last event, before its threads ended.
     */
    private record PassThrough(double eventsPerSecond, Map<String, Long> threadCpuAtEnd) {
    }

    private static PassThrough passThrough(Properties client, String from, String to, String guarantee,
                                           long commitIntervalMs, int threads, Path work) throws Exception {
        StreamsBuilder b = new StreamsBuilder();
        b.stream(from, Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()))
                .to(to, Produced.with(Serdes.ByteArray(), Serdes.ByteArray()));
        Properties p = new Properties();
        p.putAll(client);
        String appId = "bench-pass-" + UUID.randomUUID();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, appId);
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, guarantee);
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, commitIntervalMs);
        p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, threads);
        p.put(StreamsConfig.STATE_DIR_CONFIG, work.resolve("pass").toString());
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        // As the learner: one input partition per task, so no waiting to align partitions.
        p.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, StreamsConfig.MAX_TASK_IDLE_MS_DISABLED);
        try (KafkaStreams streams = new KafkaStreams(b.build(), p); Admin admin = Admin.create(client)) {
            Map<TopicPartition, Long> end = endOffsets(admin, from);
            long t = System.nanoTime();
            streams.start();
            long deadline = System.nanoTime() + Duration.ofMinutes(30).toNanos();
            while (System.nanoTime() < deadline) {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(appId)
                        .partitionsToOffsetAndMetadata().get();
                boolean done = end.entrySet().stream().allMatch(e -> committed.get(e.getKey()) != null
                        && committed.get(e.getKey()).offset() >= e.getValue());
                if (done) {
                    long total = end.values().stream().mapToLong(Long::longValue).sum();
                    double eventsPerSecond = total / ((System.nanoTime() - t) / 1e9);
                    return new PassThrough(eventsPerSecond, threadCpu());
                }
                Thread.sleep(50);
            }
            throw new IllegalStateException("the pass-through did not finish in time");
        }
    }

    private static Map<TopicPartition, Long> endOffsets(Admin admin, String topic) throws Exception {
        int n = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
        Map<TopicPartition, OffsetSpec> q = new HashMap<>();
        for (int i = 0; i < n; i++) {
            q.put(new TopicPartition(topic, i), OffsetSpec.latest());
        }
        Map<TopicPartition, Long> end = new HashMap<>();
        for (Map.Entry<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> e
                : admin.listOffsets(q).all().get().entrySet()) {
            end.put(e.getKey(), e.getValue().offset());
        }
        return end;
    }

    /**
     * The events a learner in this JVM has consumed so far ({@code soFar}, its own counter) and
     * will have consumed when it is done ({@code total}).
     */
    record EventsConsumed(java.util.function.LongSupplier soFar, long total) {
    }

    /** Records before the end of each history partition read when the learner has consumed every event. */
    static final int HISTORY_TAIL = 16;

    /** How long the learner's count of consumed events may stand still before the history is read anyway. */
    static final Duration STALLED = Duration.ofSeconds(10);

    /**
     * Waits until a version on the history topic counts {@code trajectories}, and returns its
     * number. The history is read from {@link #HISTORY_TAIL} records before its end once
     * {@code consumed} says the learner has consumed every event: the version that completes
     * {@code trajectories} (all but fewer than a batch) is its last, made from those events, so
     * it is at that end or after it. Until then this prints every 10 s how far the learner got
     * and its rate over those 10 s.
     */
    static long waitForTrajectories(Properties client, String history, long trajectories, Duration timeout,
                                    EventsConsumed consumed, PrintWriter progress,
                                    java.util.function.Supplier<String> detail) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        long lastReport = System.nanoTime();
        long lastCount = 0;
        long seen = -1;
        long seenSince = System.nanoTime();
        // Also when the count stands still (events it does not count, such as duplicates): the last
        // version is then at the end as well.
        while (consumed.soFar().getAsLong() < consumed.total() && System.nanoTime() - seenSince < STALLED.toNanos()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the learner did not consume " + consumed.total()
                        + " events in time");
            }
            Thread.sleep(20);
            long now = System.nanoTime();
            if (consumed.soFar().getAsLong() != seen) {
                seen = consumed.soFar().getAsLong();
                seenSince = now;
            }
            if (now - lastReport >= 10_000_000_000L) {
                long count = consumed.soFar().getAsLong();
                progress.printf(Locale.ROOT, "  ... %,d of %,d events consumed, %,.0f events/s over the last %.0f s; "
                        + "%s%n", count, consumed.total(), (count - lastCount) / ((now - lastReport) / 1e9),
                        (now - lastReport) / 1e9, detail.get());
                progress.flush();
                lastReport = now;
                lastCount = count;
            }
        }
        try (KafkaConsumer<byte[], byte[]> c = committedReader(client, history, true)) {
            for (TopicPartition tp : c.assignment()) {
                long end = c.position(tp);
                long begin = c.beginningOffsets(List.of(tp)).get(tp);
                c.seek(tp, Math.max(begin, end - HISTORY_TAIL));
            }
            return readUntil(c, trajectories, deadline);
        }
    }

    /** Waits until a version on the history topic counts {@code trajectories}, read from its start. */
    static long waitForTrajectories(Properties client, String history, long trajectories, Duration timeout)
            throws Exception {
        try (KafkaConsumer<byte[], byte[]> c = committedReader(client, history, false)) {
            return readUntil(c, trajectories, System.nanoTime() + timeout.toNanos());
        }
    }

    /** Reads versions from {@code c} until one counts {@code trajectories}; returns its number. */
    private static long readUntil(KafkaConsumer<byte[], byte[]> c, long trajectories, long deadline)
            throws java.io.IOException {
        while (System.nanoTime() < deadline) {
            for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(100))) {
                long[] counters = versionAndTrajectories(r.value());
                if (counters[1] >= trajectories) {
                    return counters[0];
                }
            }
        }
        throw new IllegalStateException("the learner did not learn from " + trajectories + " trajectories in time");
    }

    /** How long the latency run goes on after the learner has caught up before it measures. */
    static final Duration SETTLE = Duration.ofSeconds(5);

    /**
     * Latency under a steady load: episodes produced at {@code eventsPerSecond} with the current
     * time as event time, for {@code seconds}; reports, for every trajectory learned after the
     * warm-up (until the learner has caught up, and {@link #SETTLE} more), the time from its last
     * event to the version that learned from it, and on to the moment a read_committed reader of
     * the history topic sees that version: p50, p99 and max.
     */
    public static void latency(Settings s, double eventsPerSecond, int seconds, PrintWriter out) throws Exception {
        try (Rig rig = new Rig(s, "lat")) {
            Properties client = rig.client;
            Map<String, String> conf = rig.conf;
            Architecture arch = rig.arch;
            PolicyParams v0 = rig.v0;
            Path work = rig.work;
            io.micrometer.core.instrument.simple.SimpleMeterRegistry registry =
                    new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
            VisibilityWatch visibility = new VisibilityWatch(client, conf.get("topic.history"));
            // Each version's trajectories' end times, as the learner publishes it, to join with the
            // moment it becomes visible: the end-to-end latency of every trajectory.
            Map<Long, long[]> endsByVersion = new java.util.concurrent.ConcurrentHashMap<>();
            Map<Long, Long> madeAt = new java.util.concurrent.ConcurrentHashMap<>();
            java.util.concurrent.atomic.AtomicLong learned = new java.util.concurrent.atomic.AtomicLong();
            LearnerMetrics metrics = new LearnerMetrics(registry, (policy, version, publishedAt, ends) -> {
                madeAt.put(version, publishedAt);
                endsByVersion.put(version, ends);
                learned.addAndGet(ends.length);
            });
            try (LearnerApp app = new LearnerApp(LearnerConfig.fromMap(conf), client, work.resolve("learner"),
                    metrics); visibility) {
                long learnerStartMs = System.currentTimeMillis();
                app.start(Duration.ofSeconds(60));
                visibility.start();
                Properties pp = new Properties();
                pp.putAll(client);
                pp.put(ProducerConfig.ACKS_CONFIG, "all");
                pp.put(ProducerConfig.LINGER_MS_CONFIG, 1);
                EventCodec codec = new EventCodec();
                PolicyNetwork net = new PolicyNetwork(arch);
                PolicyNetwork.Workspace ws = net.newWorkspace();
                SplittableRandom rng = new SplittableRandom(3);
                double[] state = new double[s.obs()];
                long start = System.nanoTime();
                long sent = 0;
                long episode = 0;
                // Warm up for half of the time (topic creation, JIT), and on until the learner has caught up
                // with the load that came meanwhile (for at most as long again), then measure for the other
                // half; the per-10-s lines show the catch-up.
                boolean warm = false;
                long loadStartMs = System.currentTimeMillis();
                long measuredFromMs = Long.MAX_VALUE;
                long endNs = Long.MAX_VALUE;
                long lastCheckNs = 0;
                long caughtUpAtNs = 0;
                boolean caughtUp = false;
                Map<String, Long> requestsBefore = Map.of();
                Map<String, Long> cpuBefore = Map.of();
                Map<String, CommitTimes.Totals> commitsBefore = Map.of();
                try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(pp, new ByteArraySerializer(),
                        new ByteArraySerializer())) {
                    while (System.nanoTime() < endNs) {
                        long elapsedNs = System.nanoTime() - start;
                        if (caughtUpAtNs == 0 && elapsedNs > seconds * 500_000_000L
                                && elapsedNs - lastCheckNs > 100_000_000L) {
                            lastCheckNs = elapsedNs;
                            // Caught up: the learner has consumed all but a quarter of a second of the load, and
                            // its versions have learned from all but a quarter of a second of the trajectories
                            // (the writer, behind the assembly, catches up last).
                            double quarter = eventsPerSecond / 4;
                            caughtUp = metrics.count("policystream.learner.events") >= sent - quarter
                                    && learned.get() * (double) s.episodeLength() >= sent - quarter;
                            if (caughtUp || elapsedNs > seconds * 1_500_000_000L) {
                                caughtUpAtNs = elapsedNs;
                            }
                        }
                        // Measure from SETTLE after that: the quarter of a second still behind drains first, so
                        // the measured window holds the steady state, not the end of the backlog.
                        if (!warm && caughtUpAtNs != 0 && elapsedNs - caughtUpAtNs >= SETTLE.toNanos()) {
                            visibility.clear();
                            measuredFromMs = System.currentTimeMillis();
                            requestsBefore = BrokerTraffic.requestsByType();
                            cpuBefore = threadCpu();
                            commitsBefore = CommitTimes.snapshot();
                            endNs = System.nanoTime() + seconds * 500_000_000L;
                            warm = true;
                        }
                        long due = (long) ((System.nanoTime() - start) / 1e9 * eventsPerSecond);
                        if (sent >= due) {
                            Thread.sleep(1);
                            continue;
                        }
                        String ep = "lat-" + episode++;
                        byte[] key = ep.getBytes(StandardCharsets.UTF_8);
                        for (int t = 0; t < s.episodeLength(); t++) {
                            for (int i = 0; i < state.length; i++) {
                                state[i] = rng.nextDouble(-1, 1);
                            }
                            PolicyNetwork.Sample a = net.sample(v0, state, rng, ws);
                            Event ev = Event.step("bench", ep, t, state, a.action(), a.logProb(), 0, 1.0,
                                    t == s.episodeLength() - 1, false, System.currentTimeMillis());
                            producer.send(new ProducerRecord<>(conf.get("topic.events"), key, codec.encode(ev)));
                        }
                        sent += s.episodeLength();
                    }
                }
                double measuredSeconds = (System.currentTimeMillis() - measuredFromMs) / 1e3;
                Map<String, Long> requestsAfter = BrokerTraffic.requestsByType();
                Map<String, Long> cpuAfter = threadCpu();
                Map<String, CommitTimes.Totals> commitsAfter = CommitTimes.snapshot();
                Thread.sleep(2000);
                List<Long> toVersion = new java.util.ArrayList<>();
                List<Long> endToEnd = new java.util.ArrayList<>();
                Map<Long, List<Long>> byWindow = new java.util.TreeMap<>();
                int unseen = 0;
                int versions = 0;
                for (Map.Entry<Long, long[]> e : endsByVersion.entrySet()) {
                    long made = madeAt.get(e.getKey());
                    List<Long> window = byWindow.computeIfAbsent((made - loadStartMs) / 10_000,
                            w -> new java.util.ArrayList<>());
                    for (long end : e.getValue()) {
                        window.add(Math.max(0, made - end));
                    }
                    if (made < measuredFromMs) {
                        continue;
                    }
                    versions++;
                    Long visible = visibility.visibleAt(e.getKey());
                    for (long end : e.getValue()) {
                        toVersion.add(Math.max(0, made - end));
                        if (visible != null) {
                            endToEnd.add(Math.max(0, visible - end));
                        }
                    }
                    unseen += visible == null ? 1 : 0;
                }
                if (toVersion.isEmpty()) {
                    throw new IllegalStateException("no update was published during the run");
                }
                long warmUpSeconds = (measuredFromMs - loadStartMs) / 1000;
                out.printf(Locale.ROOT, "last event of a trajectory to its version, by 10 s of the run (warm-up: the "
                        + "first %d s, %s, then %d s more):%n", warmUpSeconds, caughtUp
                        ? "until the learner had caught up with the load at " + caughtUpAtNs / 1_000_000_000L + " s"
                        : "the learner had NOT caught up with the load; the figures below include its backlog",
                        SETTLE.toSeconds());
                byWindow.forEach((w, values) -> {
                    long[] p = percentiles(values);
                    out.printf(Locale.ROOT, "  %3d-%3d s: %,6d trajectories, p50 %,6d ms, p99 %,6d ms, max %,6d ms%n",
                            w * 10, w * 10 + 10, p[0], p[1], p[2], p[3]);
                });
                long[] made = percentiles(toVersion);
                out.printf(Locale.ROOT, "latency at %,.0f events/s for %d s (%s, commit.interval.ms=%d, batch %d, "
                        + "preaggregate %d, %d threads), after a %d s warm-up: %d versions, %d trajectories; last "
                        + "event of a trajectory to its version: p50 %d ms, p99 %d ms, max %d ms%n", eventsPerSecond,
                        seconds, s.guarantee(), s.commitIntervalMs(), s.batch(), s.preaggregate(), s.threads(),
                        warmUpSeconds, versions, made[0], made[1], made[2], made[3]);
                long[] v = visibility.percentiles();
                out.printf(Locale.ROOT, "  then to a read_committed consumer of the history topic (the commit that "
                        + "publishes it): %d versions, p50 %d ms, p99 %d ms, max %d ms%n", v[0], v[1], v[2], v[3]);
                long[] total = percentiles(endToEnd);
                out.printf(Locale.ROOT, "  END TO END, last event of a trajectory to a read_committed reader of the "
                        + "version that learned from it: %d trajectories, p50 %d ms, p99 %d ms, max %d ms%s%n",
                        total[0], total[1], total[2], total[3],
                        unseen == 0 ? "" : " (" + unseen + " versions made but not seen by the reader, left out)");
                if (!requestsAfter.isEmpty()) {
                    out.printf(Locale.ROOT, "  broker requests per second while measured: %s%n",
                            BrokerTraffic.perSecond(requestsBefore, requestsAfter, measuredSeconds));
                }
                out.printf(Locale.ROOT, "  CPU while measured, per event: %s%n", topThreads(cpuBefore, cpuAfter,
                        (long) (eventsPerSecond * measuredSeconds)));
                out.printf(Locale.ROOT, "  commits while measured, by stream thread: %s%n",
                        CommitTimes.describe(commitsBefore, commitsAfter, measuredSeconds));
                long[] pause = visibility.longestPause();
                out.printf(Locale.ROOT, "  longest pause between two versions: %d ms, from %.1f s after the learner "
                        + "started%n", pause[0], pause[1] == 0 ? 0.0 : (pause[1] - learnerStartMs) / 1e3);
                out.flush();
            }
        }
    }

    /**
     * Memory with many open episodes: {@code openEpisodes} episodes get their first step and no
     * end; reports the heap used after a GC, the learner's state directory size, and the process's
     * resident memory.
     */
    public static void memory(Settings s, int openEpisodes, PrintWriter out) throws Exception {
        try (Rig rig = new Rig(s, "mem")) {
            Properties client = rig.client;
            Map<String, String> conf = rig.conf;
            Path work = rig.work;
            conf.put("max.open.episodes", Integer.toString(Math.max(100_000, openEpisodes)));
            long heapBefore = usedHeapAfterGc();
            try (LearnerApp app = new LearnerApp(LearnerConfig.fromMap(conf), client, work.resolve("learner"),
                    LearnerMetrics.inMemory())) {
                app.start(Duration.ofSeconds(60));
                EventCodec codec = new EventCodec();
                SplittableRandom rng = new SplittableRandom(5);
                try (KafkaProducer<byte[], byte[]> producer = bulkProducer(client)) {
                    double[] state = new double[s.obs()];
                    for (int e = 0; e < openEpisodes; e++) {
                        for (int i = 0; i < state.length; i++) {
                            state[i] = rng.nextDouble(-1, 1);
                        }
                        String ep = "open-" + e;
                        Event ev = Event.step("bench", ep, 0, state, new io.policystream.event.Action.Discrete(0),
                                -0.69, 0, 1.0, false, false, System.currentTimeMillis());
                        producer.send(new ProducerRecord<>(conf.get("topic.events"), ep.getBytes(StandardCharsets.UTF_8),
                                codec.encode(ev)));
                    }
                }
                long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
                long headers = 0;
                while (System.nanoTime() < deadline) {
                    headers = app.stores().entries(io.policystream.streams.internals.LearnerStores.EPISODE_HEADERS);
                    if (headers >= openEpisodes) {
                        break;
                    }
                    Thread.sleep(500);
                }
                Thread.sleep(3000);
                long heap = usedHeapAfterGc();
                long stateBytes;
                try (var files = Files.walk(work.resolve("learner"))) {
                    stateBytes = files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
                }
                out.printf(Locale.ROOT, "memory with %,d open episodes (%d in the store): heap used after GC %,d MB "
                        + "(%,d MB before the learner started, so %,.0f bytes per open episode), state directory "
                        + "%,d MB, process resident memory %,d MB%n", openEpisodes, headers, heap >> 20,
                        heapBefore >> 20, (double) (heap - heapBefore) / Math.max(1, openEpisodes), stateBytes >> 20,
                        residentBytes() >> 20);
                out.flush();
            }
        }
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
        }
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }

    /** VmRSS of this process from /proc (Linux), or -1. */
    static long residentBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (java.io.IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }
}
