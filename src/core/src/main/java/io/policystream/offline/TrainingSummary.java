package io.policystream.offline;

import io.policystream.event.InvalidReason;
import java.util.EnumMap;
import java.util.Map;

/** Counts of one offline training run, printed as its last line. */
public final class TrainingSummary {
    long lines;
    long events;
    long duplicates;
    final Map<InvalidReason, Long> invalid = new EnumMap<>(InvalidReason.class);
    long completed;
    long timedOut;
    long dropped;
    long stale;
    long unusable;
    long versions;
    long skippedUpdates;
    long pendingTrajectories;

    void countInvalid(InvalidReason reason) {
        invalid.merge(reason, 1L, Long::sum);
    }

    public long lines() {
        return lines;
    }

    /** Events accepted into an episode. */
    public long events() {
        return events;
    }

    public long duplicates() {
        return duplicates;
    }

    /** Lines refused, over all reasons. */
    public long invalidTotal() {
        return invalid.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Lines refused for this reason. */
    public long invalid(InvalidReason reason) {
        return invalid.getOrDefault(reason, 0L);
    }

    public long completed() {
        return completed;
    }

    public long timedOut() {
        return timedOut;
    }

    public long dropped() {
        return dropped;
    }

    public long stale() {
        return stale;
    }

    /** Trajectories whose gradient could not be computed (they do not fit their policy's network). */
    public long unusable() {
        return unusable;
    }

    /** New params versions written. */
    public long versions() {
        return versions;
    }

    public long skippedUpdates() {
        return skippedUpdates;
    }

    /** Trajectories left in a batch that never filled: not in any version. */
    public long pendingTrajectories() {
        return pendingTrajectories;
    }

    /** One line for a terminal. */
    public String line() {
        StringBuilder sb = new StringBuilder();
        sb.append("lines=").append(lines).append(" events=").append(events).append(" duplicates=").append(duplicates)
                .append(" invalid=").append(invalidTotal());
        if (!invalid.isEmpty()) {
            sb.append(" (");
            String sep = "";
            for (Map.Entry<InvalidReason, Long> e : invalid.entrySet()) {
                sb.append(sep).append(e.getKey().code()).append('=').append(e.getValue());
                sep = ", ";
            }
            sb.append(')');
        }
        sb.append(" trajectories=").append(completed + timedOut).append(" (completed=").append(completed)
                .append(", timed-out=").append(timedOut).append(") dropped=").append(dropped).append(" stale=")
                .append(stale).append(unusable == 0 ? "" : " unusable=" + unusable).append(" versions=").append(versions).append(" skipped-updates=").append(skippedUpdates)
                .append(" unbatched=").append(pendingTrajectories);
        return sb.toString();
    }
}
