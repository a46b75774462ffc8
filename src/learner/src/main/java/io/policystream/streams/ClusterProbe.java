package io.policystream.streams;

import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the cluster answers the learner, found out without blocking: {@link #probe()} starts, at
 * most once per {@link #INTERVAL}, a background {@code describeCluster} bounded by {@link #TIMEOUT},
 * and {@link #unreachable()} reports the outcome of the last one that finished. Kafka Streams stays
 * RUNNING through a broker outage (its clients retry), so the learner's health asks this too.
 *
 * <p>It holds the learner's one admin client, every call bounded by {@link #TIMEOUT}, created by the
 * first probe or {@link #admin()}, and lent to the purge of the gradients topic.
 */
final class ClusterProbe implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterProbe.class);
    /** The least time between two probes. */
    static final Duration INTERVAL = Duration.ofSeconds(1);
    /** How long a probe (or another call of the admin client) may take before Kafka counts as unreachable. */
    static final Duration TIMEOUT = Duration.ofSeconds(3);

    private final Properties learner;
    private Admin admin;
    private boolean probing;
    private boolean closed;
    private long lastProbeNanos;
    /** Why the last probe failed, or null when it reached the cluster (or none ran yet). */
    private volatile String unreachable;

    /** @param learner the learner's properties, whose admin client settings the admin client takes */
    ClusterProbe(Properties learner) {
        this.learner = learner;
    }

    /**
     * Starts a probe unless one runs, one started less than {@link #INTERVAL} ago, or this is
     * closed; returns at once.
     */
    synchronized void probe() {
        long now = System.nanoTime();
        if (closed || probing || (lastProbeNanos != 0 && now - lastProbeNanos < INTERVAL.toNanos())) {
            return;
        }
        lastProbeNanos = now;
        try {
            probing = true;
            admin().describeCluster(new DescribeClusterOptions().timeoutMs((int) TIMEOUT.toMillis()))
                    .nodes().whenComplete((nodes, e) -> probed(e));
        } catch (RuntimeException e) {
            probed(e);
        }
    }

    /** Why the last finished probe did not reach the cluster, or null when it did (or none finished yet). */
    String unreachable() {
        return unreachable;
    }

    /** The learner's admin client, every call bounded by {@link #TIMEOUT}; {@link #close()} closes it. */
    synchronized Admin admin() {
        if (admin == null) {
            admin = Admin.create(LearnerPreflight.adminProperties(learner, TIMEOUT));
        }
        return admin;
    }

    private synchronized void probed(Throwable e) {
        probing = false;
        String before = unreachable;
        unreachable = e == null ? null : e.getClass().getSimpleName() + ": " + e.getMessage();
        if (before == null && e != null) {
            LOG.warn("Kafka does not answer the learner's health probe: {}", unreachable);
        } else if (before != null && e == null) {
            LOG.info("Kafka answers the learner's health probe again");
        }
    }

    /** Stops probing and closes the admin client, if there is one, within 2 s. */
    @Override
    public void close() {
        Admin a;
        synchronized (this) {
            closed = true;
            a = admin;
        }
        if (a != null) {
            a.close(Duration.ofSeconds(2));
        }
    }
}
