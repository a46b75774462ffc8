package io.policystream.streams.internals;

import java.util.Map;
import java.util.function.DoubleSupplier;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.processor.api.ProcessorContext;

/**
 * When the stream thread that runs a processor last committed, and so when it will commit next,
 * read from that thread's own {@code commit-total} meter. Kafka Streams tells processors nothing
 * of its commits; under exactly-once what a processor forwards is seen downstream only after the
 * next commit, so a processor that holds records back (partial gradient sums) should let them go
 * just before that commit, not on a timer of its own whose phase is unrelated to it: that wait
 * averaged half a commit interval.
 *
 * <p>Kafka Streams commits a thread when more than {@code commit.interval.ms} have passed since
 * its last commit, checked after processing and punctuating in each pass of its loop; the clock
 * notes a commit the first time it sees the meter move, so its estimate of the last commit is at
 * most one loop pass late, and the commit it calls due comes at most a pass or the margin after.
 */
final class CommitClock {
    private final DoubleSupplier commits;
    private double seen = Double.NaN;
    private long lastCommitMs;

    CommitClock(DoubleSupplier commits) {
        this.commits = commits;
    }

    /**
     * The clock of the stream thread calling this (a processor's {@code init} runs on it), or null
     * when that thread has no {@code commit-total} meter (test drivers, or a Kafka Streams whose
     * meters are named otherwise): the caller then keeps a timer of its own.
     */
    static CommitClock of(ProcessorContext<?, ?> context) {
        String thread = Thread.currentThread().getName();
        for (Map.Entry<MetricName, ? extends Metric> e : context.metrics().metrics().entrySet()) {
            MetricName n = e.getKey();
            if (n.name().equals("commit-total") && n.group().equals("stream-thread-metrics")
                    && thread.equals(n.tags().get("thread-id"))) {
                Metric m = e.getValue();
                return new CommitClock(() -> ((Number) m.metricValue()).doubleValue());
            }
        }
        return null;
    }

    /** The thread's commits so far, as its meter reads now. */
    double commits() {
        return commits.getAsDouble();
    }

    /**
     * Notes a commit when the meter moved since the last call (or this is the first call), then
     * says whether the next commit is due within {@code marginMs}: {@code now} is at least
     * {@code intervalMs - marginMs} after the last commit seen.
     */
    boolean commitDue(long now, long intervalMs, long marginMs) {
        double c = commits.getAsDouble();
        if (c != seen) {
            seen = c;
            lastCommitMs = now;
        }
        return now - lastCommitMs >= intervalMs - marginMs;
    }
}
