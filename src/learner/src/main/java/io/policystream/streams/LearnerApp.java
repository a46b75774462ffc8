package io.policystream.streams;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.policystream.config.LearnerConfig;
import io.policystream.metrics.Health;
import io.policystream.metrics.LearnerMetrics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the learner on a Kafka cluster: the one place that turns a {@link LearnerConfig} and client
 * properties into running Kafka Streams applications, and the lifecycle of both. There are two, in
 * this process, started, checked and stopped together ({@link LearnerTopology}): the assembly
 * (events to gradient sums, application id {@code application.id}) and the policies' writer
 * (gradient sums to versions, {@code application.id-writer}), each with its {@link LearnerProperties}.
 * The learner creates their gradients topic when it is missing and deletes the gradients the writer
 * has committed ({@link GradientsTopic}), as Kafka Streams does for its own repartition topics.
 * Its health asks a {@link ClusterProbe} too; {@link #stores()} queries its state stores.
 */
public final class LearnerApp implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LearnerApp.class);
    /** How long {@link #close()} may take in all: both applications commit and leave their groups. */
    public static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);

    private final KafkaStreams streams;
    private final KafkaStreams writer;
    private final Properties properties;
    private final Path stateDir;
    /** This instance's static group membership id ({@link StaticMembership}). */
    private final String instanceId;
    private final RestoreProgress restoring = new RestoreProgress();
    /** The cluster probe of {@link #health()}, whose admin client also purges the gradients topic. */
    private final ClusterProbe probe;
    private final LearnerStoreQueries stores;
    private GradientsTopic.Purge purge;
    private final LearnerConfig config;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private boolean closed;

    /**
     * @param config the learner configuration
     * @param client Kafka client properties (bootstrap.servers, security, ...); they win over the config's
     * @param stateDir where the state stores live
     * @param metrics where the learner reports
     */
    public LearnerApp(LearnerConfig config, Properties client, Path stateDir, LearnerMetrics metrics) {
        this.config = config;
        this.stateDir = stateDir;
        Properties p = LearnerProperties.assembly(config, client, stateDir);
        this.instanceId = StaticMembership.apply(p, stateDir);
        this.properties = p;
        this.probe = new ClusterProbe(properties);
        LearnerTopology topology = LearnerTopology.of(config, metrics);
        this.streams = new KafkaStreams(topology.assembly(), properties);
        this.writer = new KafkaStreams(topology.writer(), LearnerProperties.writer(config, properties));
        this.stores = new LearnerStoreQueries(streams, writer);
        for (KafkaStreams s : List.of(streams, writer)) {
            s.setUncaughtExceptionHandler(e -> {
                LOG.error("the learner stopped on an unexpected error", e);
                failure.compareAndSet(null, e);
                return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
            });
            s.setStateListener((now, before) -> {
                if (now == KafkaStreams.State.NOT_RUNNING || now == KafkaStreams.State.ERROR) {
                    stopped.countDown();
                }
            });
            s.setGlobalStateRestoreListener(restoring);
        }
    }

    /**
     * Starts and waits until the learner runs: for callers that need it running before they go on
     * (tests, the demo, the benchmark). The {@code learn} command uses {@link #startInBackground}.
     *
     * @throws LearnerStartException when a check of {@link LearnerPreflight} fails, or the learner does
     *     not reach RUNNING within {@code timeout}
     */
    public void start(Duration timeout) throws InterruptedException {
        startInBackground(timeout);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (state() != KafkaStreams.State.RUNNING) {
            String failed = startFailure();
            if (failed != null) {
                throw new LearnerStartException(LearnerStartException.Reason.FAILED, failed);
            }
            if (System.nanoTime() > deadline) {
                throw new LearnerStartException(LearnerStartException.Reason.FAILED, "the learner did not start within "
                        + timeout.toSeconds() + " s (" + startupStatus() + ")");
            }
            Thread.sleep(50);
        }
    }

    /**
     * Checks what is fatal at start, each bounded by {@code preflightTimeout} (the cluster answers and
     * accepts the learner, its topics exist, its state belongs to this cluster: {@link LearnerPreflight}),
     * then starts both applications and returns: joining the groups, rebalancing and restoring the
     * state take what they take, and are not failures ({@link #startupStatus()}, {@link #health()}).
     *
     * @throws LearnerStartException when a check fails
     */
    public void startInBackground(Duration preflightTimeout) throws InterruptedException {
        synchronized (this) {
            if (closed) {
                throw new LearnerStartException(LearnerStartException.Reason.FAILED, "the learner is closed");
            }
        }
        new LearnerPreflight(config, properties, stateDir, () -> {
            streams.cleanUp();
            writer.cleanUp();
        }).run(preflightTimeout);
        synchronized (this) {
            if (closed) {
                throw new LearnerStartException(LearnerStartException.Reason.FAILED, "the learner is closed");
            }
            purge = GradientsTopic.purge(config, probe.admin(), ClusterProbe.TIMEOUT);
            writer.start();
            streams.start();
        }
    }

    /** What the learner knows of itself now. */
    private LearnerStatus status() {
        return new LearnerStatus(streams.state(), writer.state(), restoring.describe(), probe.unreachable(),
                instanceId, failure.get());
    }

    /** Why the learner cannot start any more (an error, or it stopped), or null while it starts or runs. */
    public String startFailure() {
        return status().startFailure();
    }

    /**
     * What the learner waits for while it starts, in words: each application's state and the
     * restore's progress, e.g. "assembly REBALANCING, writer RUNNING, restoring 2 stores, 10 of 90 records".
     */
    public String startupStatus() {
        return status().startupStatus();
    }

    /** This instance's static member id in the learner's groups ({@link StaticMembership}). */
    public String instanceId() {
        return instanceId;
    }

    /** Waits until the learner stops by itself (an error), or the timeout passes. */
    public boolean awaitStop(Duration timeout) throws InterruptedException {
        return stopped.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * The learner's state: RUNNING when both of its applications run; otherwise the state of the
     * one that is furthest from running (failed, stopping, stopped, starting, rebalancing, in this order).
     */
    public KafkaStreams.State state() {
        return status().state();
    }

    /**
     * UP while both applications run and the cluster answers; STARTING while they join their groups,
     * rebalance or restore their state (with the state and the restore's progress); DOWN otherwise
     * (shutting down, failed, or Kafka unreachable). The details name the Kafka Streams state, whether
     * Kafka is reachable and the error that stopped it, if any ({@link LearnerStatus#health()}).
     *
     * <p>Kafka Streams stays RUNNING through a broker outage (its clients retry), so its state alone
     * would report UP while nothing is learned. Each call therefore starts, at most once per
     * {@link ClusterProbe#INTERVAL}, a probe of the cluster bounded by {@link ClusterProbe#TIMEOUT},
     * and reports the outcome of the last one that finished: a health check never blocks, and an
     * outage shows within about {@code INTERVAL + TIMEOUT} of continuous checks.
     */
    public Health health() {
        probe.probe();
        return status().health();
    }

    /**
     * Binds the Kafka Streams, consumer, producer and admin client metrics of this learner to
     * {@code registry} (Micrometer's {@link KafkaStreamsMetrics}: {@code kafka.stream.*},
     * {@code kafka.consumer.*}, ...); close the result before the registry goes.
     */
    public AutoCloseable bindClientMetrics(MeterRegistry registry) {
        KafkaStreamsMetrics a = new KafkaStreamsMetrics(streams);
        a.bindTo(registry);
        KafkaStreamsMetrics w = new KafkaStreamsMetrics(writer);
        w.bindTo(registry);
        return () -> {
            try (a; w) {
                // both closed
            }
        };
    }

    /** Interactive queries of this learner's state stores. */
    public LearnerStoreQueries stores() {
        return stores;
    }

    /**
     * Leaves the group when the application has joined one. One never started (a stop during the
     * start-up checks) has no group to leave and nothing to commit; Kafka Streams would still wait
     * the whole timeout for it to reach NOT_RUNNING, so it is not waited for.
     */
    private static CloseOptions closeOptions(KafkaStreams app, Duration timeout) {
        if (app.state() == KafkaStreams.State.CREATED) {
            return CloseOptions.timeout(Duration.ofMillis(100))
                    .withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.REMAIN_IN_GROUP);
        }
        return CloseOptions.timeout(timeout).withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP);
    }

    /** The error that stopped the learner, or null. */
    public Throwable failure() {
        return failure.get();
    }

    @Override
    public void close() {
        GradientsTopic.Purge p;
        synchronized (this) {
            closed = true;
            p = purge;
        }
        if (p != null) {
            p.close();
        }
        probe.close();
        // The assembly first: the writer then applies what it has already read, up to its close. Both
        // leave their groups, so that the instances left take the tasks over at once (a crashed instance
        // cannot, and comes back under its static member id instead).
        long deadline = System.nanoTime() + CLOSE_TIMEOUT.toNanos();
        streams.close(closeOptions(streams, CLOSE_TIMEOUT.multipliedBy(6).dividedBy(10)));
        Duration left = Duration.ofNanos(Math.max(Duration.ofSeconds(1).toNanos(), deadline - System.nanoTime()));
        writer.close(closeOptions(writer, left));
    }
}
