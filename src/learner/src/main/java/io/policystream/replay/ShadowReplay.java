package io.policystream.replay;

import io.policystream.client.ParamsTopic;
import io.policystream.config.LearnerConfig;
import io.policystream.event.Event;
import io.policystream.event.InvalidEventException;
import io.policystream.metrics.LearnerMetrics;
import io.policystream.offline.FileTrainer;
import io.policystream.policy.PolicyParams;
import io.policystream.streams.LearnerApp;
import io.policystream.streams.internals.UpdateApplier;
import io.policystream.topics.TopicAdmin;
import io.policystream.wire.EventCodec;
import io.policystream.wire.InvalidParamsException;
import io.policystream.wire.ParamsCodec;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Trains a fresh learner on a recorded range of the events topic into shadow topics, leaving the
 * production params untouched.
 *
 * <p>How: the range is read from every partition of the source, merged as {@link RangeReader}
 * merges it, and copied into a one-partition scratch topic that a new {@link LearnerApp} (its own
 * application id, its own state) reads from the beginning. The shadow starts from a production
 * version copied from the history topic with its version number, so the recorded
 * {@code policyVersion}s mean what they meant in production for staleness and for the wait for an
 * actor's version.
 *
 * <p>Determinism: the learner computes each trajectory's gradient at the params its processors see
 * at that moment, so feeding it a whole recording at once would make the result depend on timing.
 * The replay therefore feeds the scratch topic batch by batch: it first runs the offline trainer
 * ({@link FileTrainer}, the same assembly and update) over the range to learn after which record each
 * version falls due, produces the records up to there, and waits until the learner has published
 * that version and its processors see it before producing more. Two replays of the same range with
 * the same configuration thus publish the same numbers, bit for bit (their {@code time} differs).
 * Versions the offline trainer would make only by closing the episodes still open at the end of
 * the range are not made: the learner keeps those episodes open.
 */
public final class ShadowReplay {
    private final Properties client;
    private final LearnerConfig production;
    private final LearnerConfig shadow;
    private final ShadowTopics topics;
    private final String applicationId;
    private final Duration timeout;

    /**
     * @param client Kafka client properties
     * @param configEntries the learner configuration file's entries: production's topic names, and the
     *     rules the shadow learns with
     * @param topics the shadow topics
     * @param applicationId the shadow learner's application id; must be unused
     * @param timeout the longest wait for the cluster and for each version of the shadow; more than
     *     {@link UpdateApplier#MAX_WAIT}, which a trajectory acted by a version the shadow has not
     *     reached may wait
     */
    public ShadowReplay(Properties client, Map<String, String> configEntries, ShadowTopics topics,
                        String applicationId, Duration timeout) {
        this.client = client;
        this.production = LearnerConfig.fromMap(configEntries);
        Map<String, String> shadowEntries = new HashMap<>(configEntries);
        topics.applyTo(shadowEntries);
        shadowEntries.put(LearnerConfig.APPLICATION_ID.name(), applicationId);
        this.shadow = LearnerConfig.fromMap(shadowEntries);
        this.topics = topics;
        this.applicationId = applicationId;
        this.timeout = timeout;
        if (topics.events().equals(production.eventsTopic()) || topics.params().equals(production.paramsTopic())
                || topics.history().equals(production.historyTopic())) {
            throw new IllegalArgumentException("the shadow topics must differ from production's ("
                    + production.eventsTopic() + ", " + production.paramsTopic() + ", " + production.historyTopic() + ")");
        }
    }

    /** The topic the range is read from: the configuration's {@code topic.events}. */
    public String sourceTopic() {
        return production.eventsTopic();
    }

    /**
     * Replays {@code [from, to)} of the source events topic.
     *
     * @param policies the policies to train; empty for every policy with events in the range
     * @param initVersion the production version every policy starts from; null for the version
     *     that acted first in the range (the smallest {@code policyVersion} of its step events)
     * @param log where progress goes, one line per step and per version
     * @throws IllegalArgumentException when the range, the policies or the topics do not allow a replay
     * @throws TimeoutException when the cluster or the shadow learner does not answer in time
     */
    public ReplayResult run(Position from, Position to, Set<String> policies, Long initVersion, PrintWriter log)
            throws IOException, TimeoutException, ExecutionException, InterruptedException {
        try (RecordSpool spool = new RecordSpool(); Admin admin = admin()) {
            checkFresh(admin);
            List<PartitionRange> ranges;
            try (RangeReader reader = new RangeReader(client, timeout)) {
                ranges = reader.resolve(sourceTopic(), from, to);
                reader.read(ranges, r -> spool.append(r.timestamp(), r.key(), r.value()));
            }
            log.println("replay: " + spool.size() + " records of " + sourceTopic() + " from " + from + " to " + to);
            List<PolicyParams> initial = initialVersions(spool, policies, initVersion);
            new TopicAdmin(admin, timeout).create(topics.definitions());
            for (PolicyParams p : initial) {
                ParamsTopic.publish(client, p, timeout, topics.params(), topics.history());
                log.println("replay: " + p.policy() + " starts from production version " + p.version()
                        + " on " + topics.params());
            }
            List<Due> due = dueVersions(spool, initial);
            Path stateDir = Files.createTempDirectory("policystream-replay-");
            try {
                learn(spool, due, stateDir, log);
            } finally {
                deleteTree(stateDir);
                cleanUp(admin, log);
            }
            List<PolicyParams> versions = shadowVersions(initial);
            log.flush();
            return new ReplayResult(applicationId, ranges, spool.size(), initial, versions);
        }
    }

    /** A version the learner must publish once the first {@code records} records are in the scratch topic. */
    private record Due(long records, String policy, long version) {
    }

    private void checkFresh(Admin admin) throws TimeoutException, ExecutionException, InterruptedException {
        Set<String> existing = admin.listTopics().names().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (!existing.contains(sourceTopic())) {
            throw new IllegalArgumentException("the events topic " + sourceTopic() + " does not exist");
        }
        if (existing.contains(topics.events())) {
            throw new IllegalArgumentException("the scratch topic " + topics.events() + " exists: a replay into "
                    + topics.params() + " is running or was interrupted; delete that topic, or choose another "
                    + "--params-topic");
        }
        if (existing.contains(topics.history())
                && !ParamsTopic.readAll(client, topics.history(), timeout).isEmpty()) {
            throw new IllegalArgumentException(topics.history() + " already holds versions; a replay starts a "
                    + "fresh shadow, so choose another --params-topic");
        }
    }

    /** The production version each policy starts from. */
    private List<PolicyParams> initialVersions(RecordSpool spool, Set<String> policies, Long initVersion)
            throws IOException, TimeoutException {
        Map<String, Long> firstActing = new TreeMap<>();
        EventCodec codec = new EventCodec(production.maxEventBytes());
        try (RecordSpool.Reader in = spool.reader()) {
            for (RecordSpool.Entry e = in.next(); e != null; e = in.next()) {
                try {
                    Event ev = codec.decode(e.key() == null ? null : new String(e.key(), StandardCharsets.UTF_8),
                            e.value());
                    long v = ev.isStep() ? ev.policyVersion() : Long.MAX_VALUE;
                    firstActing.merge(ev.policy(), v, Math::min);
                } catch (InvalidEventException ignored) {
                    // The shadow learner sends it to the shadow dead-letter topic, as production did.
                }
            }
        }
        Set<String> chosen = policies.isEmpty() ? firstActing.keySet() : policies;
        if (chosen.isEmpty()) {
            throw new IllegalArgumentException("the range holds no valid event: nothing to replay");
        }
        List<PolicyParams> history = ParamsTopic.readAll(client, production.historyTopic(), timeout);
        List<PolicyParams> out = new ArrayList<>();
        for (String policy : chosen) {
            Long acting = firstActing.get(policy);
            if (acting == null) {
                throw new IllegalArgumentException("the range holds no event of policy " + policy);
            }
            long version = initVersion != null ? initVersion : acting == Long.MAX_VALUE ? 0 : acting;
            PolicyParams found = null;
            for (PolicyParams p : history) {
                if (p.policy().equals(policy) && p.version() == version) {
                    found = p;
                }
            }
            if (found == null) {
                throw new IllegalArgumentException("version " + version + " of policy " + policy + " is not on "
                        + production.historyTopic() + "; choose the starting version with --init-version");
            }
            out.add(found);
        }
        return out;
    }

    /** Runs the offline trainer over the range to learn after which record each version falls due. */
    private List<Due> dueVersions(RecordSpool spool, List<PolicyParams> initial) throws IOException {
        List<Due> due = new ArrayList<>();
        try (SpoolLines lines = new SpoolLines(spool.reader())) {
            new FileTrainer(shadow, initial).run(lines, p -> {
                if (!lines.atEnd()) {
                    due.add(new Due(lines.count(), p.policy(), p.version()));
                }
            }, new PrintWriter(new StringWriter()));
        }
        return due;
    }

    private void learn(RecordSpool spool, List<Due> due, Path stateDir, PrintWriter log)
            throws IOException, TimeoutException, InterruptedException, ExecutionException {
        Properties p = new Properties();
        p.putAll(client);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        try (LearnerApp app = new LearnerApp(shadow, client, stateDir, LearnerMetrics.inMemory());
             KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(),
                     new ByteArraySerializer());
             ShadowWatch watch = new ShadowWatch(client, topics.history(), timeout);
             RecordSpool.Reader in = spool.reader()) {
            try {
                app.start(timeout);
            } catch (IllegalStateException e) {
                throw new TimeoutException("the shadow learner did not start: " + e.getMessage());
            }
            log.println("replay: shadow learner " + applicationId + " running; " + due.size()
                    + " versions expected");
            log.flush();
            long sent = 0;
            for (Due d : due) {
                sent += produce(producer, in, d.records() - sent);
                awaitVersion(app, watch, d, log);
            }
            sent += produce(producer, in, Long.MAX_VALUE);
            awaitConsumed(app, sent);
        }
    }

    private long produce(KafkaProducer<byte[], byte[]> producer, RecordSpool.Reader in, long count)
            throws IOException, InterruptedException, ExecutionException, TimeoutException {
        long n = 0;
        List<Future<?>> sent = new ArrayList<>();
        for (RecordSpool.Entry e = n < count ? in.next() : null; e != null; e = ++n < count ? in.next() : null) {
            sent.add(producer.send(new ProducerRecord<>(topics.events(), 0, e.timestamp(), e.key(), e.value())));
        }
        producer.flush();
        for (Future<?> f : sent) {
            f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }
        return n;
    }

    /** Waits until the learner has published the version and its processors see it. */
    private void awaitVersion(LearnerApp app, ShadowWatch watch, Due d, PrintWriter log)
            throws TimeoutException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        ParamsCodec codec = new ParamsCodec();
        while (true) {
            if (app.failure() != null) {
                throw new IllegalStateException("the shadow learner stopped: " + app.failure().getMessage());
            }
            PolicyParams published = watch.find(d.policy(), d.version());
            if (published != null && seenVersion(app, codec, d.policy()) >= d.version()) {
                log.println("replay: " + d.policy() + " version " + d.version() + " (trajectories="
                        + published.trajectories() + ", steps=" + published.steps() + ")");
                log.flush();
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("the shadow learner did not publish version " + d.version() + " of "
                        + d.policy() + " within " + timeout.toSeconds() + " s after record " + d.records()
                        + " of the range");
            }
            Thread.sleep(10);
        }
    }

    private static long seenVersion(LearnerApp app, ParamsCodec codec, String policy) {
        byte[] raw = app.stores().currentParams(policy);
        if (raw == null) {
            return -1;
        }
        try {
            return codec.decode(raw).version();
        } catch (InvalidParamsException e) {
            return -1;
        }
    }

    /** Waits until the learner has committed its position past every record of the scratch topic. */
    private void awaitConsumed(LearnerApp app, long records)
            throws TimeoutException, InterruptedException, ExecutionException {
        TopicPartition tp = new TopicPartition(topics.events(), 0);
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Admin admin = admin()) {
            while (true) {
                if (app.failure() != null) {
                    throw new IllegalStateException("the shadow learner stopped: " + app.failure().getMessage());
                }
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(applicationId)
                        .partitionsToOffsetAndMetadata().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                OffsetAndMetadata o = committed.get(tp);
                if (o != null && o.offset() >= records) {
                    return;
                }
                if (System.nanoTime() > deadline) {
                    throw new TimeoutException("the shadow learner did not consume the " + records + " records of "
                            + topics.events() + " within " + timeout.toSeconds() + " s");
                }
                Thread.sleep(50);
            }
        }
    }

    /** The shadow's versions after the initial ones, in order. */
    private List<PolicyParams> shadowVersions(List<PolicyParams> initial) throws TimeoutException {
        Map<String, Long> start = new LinkedHashMap<>();
        initial.forEach(p -> start.put(p.policy(), p.version()));
        return ParamsTopic.readAll(client, topics.history(), timeout).stream()
                .filter(p -> start.containsKey(p.policy()) && p.version() > start.get(p.policy()))
                .toList();
    }

    /**
     * Deletes the scratch topic and the learner's internal topics: they served this run only. The
     * learner's consumer group is left: Kafka Streams does not leave its group on close, so the
     * group stays busy until its session times out, after which the broker expires it.
     */
    private void cleanUp(Admin admin, PrintWriter log) {
        try {
            Set<String> names = admin.listTopics().names().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            List<String> delete = new ArrayList<>();
            for (String n : names) {
                if (n.equals(topics.events()) || n.startsWith(applicationId + "-")) {
                    delete.add(n);
                }
            }
            admin.deleteTopics(delete).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            log.println("replay: could not delete the scratch topic " + topics.events() + " and the topics of "
                    + applicationId + " (" + e.getMessage() + "); delete them by hand");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Admin admin() {
        Properties p = new Properties();
        for (String name : client.stringPropertyNames()) {
            if (AdminClientConfig.configNames().contains(name)) {
                p.setProperty(name, client.getProperty(name));
            }
        }
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
        return Admin.create(p);
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /**
     * The spooled records as the offline trainer's lines ({@code key<TAB>json}), counting how many it
     * has read. Line breaks inside a value are JSON whitespace and become spaces, so one record stays
     * one line.
     */
    private static final class SpoolLines extends BufferedReader {
        private final RecordSpool.Reader in;
        private long count;
        private boolean atEnd;

        SpoolLines(RecordSpool.Reader in) {
            super(Reader.nullReader());
            this.in = in;
        }

        @Override
        public String readLine() throws IOException {
            RecordSpool.Entry e = in.next();
            if (e == null) {
                atEnd = true;
                return null;
            }
            count++;
            String value = e.value() == null ? "" : new String(e.value(), StandardCharsets.UTF_8)
                    .replace('\n', ' ').replace('\r', ' ');
            return e.key() == null ? value : new String(e.key(), StandardCharsets.UTF_8) + "\t" + value;
        }

        long count() {
            return count;
        }

        boolean atEnd() {
            return atEnd;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
