package io.policystream.perf;

import java.lang.management.ManagementFactory;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * What the learner's commits cost, per stream thread of this JVM, between two snapshots: how many
 * commits and how long each took, split into the producer's flush, sending the offsets to the
 * transaction and committing it. Read from Kafka Streams' {@code stream-thread-metrics}
 * ({@code commit-total}) and the thread producers' cumulative {@code *-time-ns-total} metrics,
 * which both Kafka Streams and the producer register in JMX.
 */
final class CommitTimes {
    /** One thread's cumulative figures: commits, then nanoseconds in flush, offsets and commit. */
    record Totals(double commits, double flushNs, double offsetsNs, double commitNs) {
        Totals minus(Totals o) {
            return new Totals(commits - o.commits, flushNs - o.flushNs, offsetsNs - o.offsetsNs, commitNs - o.commitNs);
        }
    }

    private CommitTimes() {
    }

    /** Thread name to its cumulative totals so far; empty when nothing is registered. */
    static Map<String, Totals> snapshot() {
        Map<String, Totals> out = new TreeMap<>();
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        try {
            Map<String, ObjectName> producers = new TreeMap<>();
            for (ObjectName producer : server.queryNames(new ObjectName("kafka.producer:type=producer-metrics,*"), null)) {
                producers.put(producer.getKeyProperty("client-id"), producer);
            }
            // A thread can have more than one stream-thread-metrics MBean (its tags differ): add their commits up.
            Map<String, Double> commits = new TreeMap<>();
            for (ObjectName thread : server.queryNames(
                    new ObjectName("kafka.streams:type=stream-thread-metrics,*"), null)) {
                commits.merge(thread.getKeyProperty("thread-id"), number(server, thread, "commit-total"), Double::sum);
            }
            commits.forEach((id, n) -> {
                ObjectName producer = producers.get(id + "-producer");
                out.put(id, new Totals(n,
                        producer == null ? 0 : number(server, producer, "flush-time-ns-total"),
                        producer == null ? 0 : number(server, producer, "txn-send-offsets-time-ns-total"),
                        producer == null ? 0 : number(server, producer, "txn-commit-time-ns-total")));
            });
        } catch (JMException e) {
            return Map.of();
        }
        return out;
    }

    private static double number(MBeanServer server, ObjectName name, String attribute) {
        try {
            return server.getAttribute(name, attribute) instanceof Number n ? n.doubleValue() : 0;
        } catch (JMException e) {
            return 0;
        }
    }

    /**
     * Per thread that committed between the snapshots: commits per second and the average
     * milliseconds of each, e.g. {@code learner-writer-...-StreamThread-1 48.0/s, 6.1 ms each
     * (flush 1.2, offsets 1.9, commit 3.0)}.
     */
    static String describe(Map<String, Totals> before, Map<String, Totals> after, double seconds) {
        return after.entrySet().stream()
                .map(e -> Map.entry(e.getKey(), e.getValue().minus(before.getOrDefault(e.getKey(),
                        new Totals(0, 0, 0, 0)))))
                .map(e -> {
                    Totals t = e.getValue();
                    double ms = t.commits() > 0 ? 1e-6 / t.commits() : 0;
                    return String.format(Locale.ROOT, "%s %.1f/s, %.1f ms each (flush %.1f, offsets %.1f, commit %.1f)",
                            e.getKey(), t.commits() / seconds, (t.flushNs() + t.offsetsNs() + t.commitNs()) * ms,
                            t.flushNs() * ms, t.offsetsNs() * ms, t.commitNs() * ms);
                })
                .collect(Collectors.joining("; "));
    }
}
