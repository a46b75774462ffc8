package io.policystream.offline;

import io.policystream.config.LearnerConfig;
import io.policystream.event.Event;
import io.policystream.event.InvalidEventException;
import io.policystream.trajectory.Closure;
import io.policystream.trajectory.EpisodeAssembler;
import io.policystream.trajectory.InMemoryEpisodeStore;
import io.policystream.trajectory.Trajectory;
import io.policystream.wire.EventCodec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Recorded events (lines of a file or records of a topic) assembled into trajectories exactly as
 * the learner does: the same decoding, the same {@link EpisodeAssembler} and the per-policy
 * assembly rules of a learner configuration; see {@link FileTrainer} for the file format.
 *
 * <p>Time: each event's own {@code time}, else its record's timestamp. Graces and timeouts advance
 * on the smallest latest time over the partitions read so far, because a consumer hands out the
 * partitions' records interleaved in chunks and an episode lives in one partition: a partition
 * read ahead must not time out the open episodes of one read behind. At the end every episode
 * still open is closed as if its timeout had passed.
 *
 * <p>An episode with a step the decoder refused (a missing {@code logProb}, say) cannot be
 * evaluated honestly; when the record key names its episode, its trajectory is set aside as
 * {@code invalid-event} rather than assembled from the other steps.
 */
public final class RecordedTrajectories {
    private final EventCodec codec;
    private final EpisodeAssembler assembler;
    private final Predicate<String> policies;
    private final Map<Integer, Long> partitionTime = new HashMap<>();
    private final Set<String> tainted = new HashSet<>();
    private final List<Trajectory> trajectories = new ArrayList<>();
    private final Map<String, Long> invalid = new TreeMap<>();
    private long nextTick = Long.MIN_VALUE;
    private long records;
    private long events;
    private long duplicates;
    private long otherPolicies;
    private long completed;
    private long timedOut;
    private long dropped;
    private long invalidEpisodes;

    /**
     * @param config the learner configuration whose assembly rules apply (its defaults when in doubt)
     * @param policies which policies' episodes to keep; others are counted and ignored
     */
    public RecordedTrajectories(LearnerConfig config, Predicate<String> policies) {
        this.codec = new EventCodec(config.maxEventBytes());
        this.policies = policies;
        this.assembler = new EpisodeAssembler(new InMemoryEpisodeStore(),
                policy -> config.forPolicy(policy).assemblyRules());
    }

    /** One line of a file: an event JSON, or {@code key<TAB>json}; blank lines are skipped. */
    public void acceptLine(String line) {
        if (line.isBlank()) {
            return;
        }
        int tab = line.indexOf('\t');
        String key = tab >= 0 ? line.substring(0, tab) : null;
        String json = tab >= 0 ? line.substring(tab + 1) : line;
        long fallback = partitionTime.getOrDefault(0, 0L);
        accept(0, key, json.getBytes(StandardCharsets.UTF_8), fallback);
    }

    /**
     * One record of an events topic.
     *
     * @param partition its partition (the unit of ordering)
     * @param key the record key, the episode id, or null
     * @param value the event JSON
     * @param recordTime the record's timestamp, used when the event has no {@code time}
     */
    public void accept(int partition, String key, byte[] value, long recordTime) {
        records++;
        Event e;
        try {
            e = codec.decode(key, value);
        } catch (InvalidEventException ex) {
            invalid.merge(ex.reason().code(), 1L, Long::sum);
            if (key != null) {
                tainted.add(key);
            }
            return;
        }
        if (!policies.test(e.policy())) {
            otherPolicies++;
            return;
        }
        long time = e.time() >= 0 ? e.time() : recordTime;
        partitionTime.merge(partition, time, Math::max);
        EpisodeAssembler.Result r = assembler.onEvent(e, time, time);
        switch (r.status()) {
            case ACCEPTED -> events++;
            case DUPLICATE -> duplicates++;
            default -> invalid.merge(r.problem().reason().code(), 1L, Long::sum);
        }
        collect(r.closed());
        long watermark = partitionTime.values().stream().mapToLong(Long::longValue).min().orElse(time);
        if (watermark >= nextTick) {
            collect(assembler.onStreamTime(watermark));
            nextTick = watermark + FileTrainer.TICK_MS;
        }
    }

    /** Closes every open episode and returns all trajectories, in the order they closed. */
    public List<Trajectory> finish() {
        collect(assembler.closeAll());
        return List.copyOf(trajectories);
    }

    private void collect(List<Closure> closed) {
        for (Closure c : closed) {
            switch (c.kind()) {
                case COMPLETED -> completed++;
                case TIMED_OUT -> timedOut++;
                default -> dropped++;
            }
            if (c.trajectory() == null) {
                continue;
            }
            if (tainted.contains(c.episode())) {
                invalidEpisodes++;
                continue;
            }
            trajectories.add(c.trajectory());
        }
    }

    /** Records or lines read (blank lines aside). */
    public long records() {
        return records;
    }

    /** Events accepted into an episode. */
    public long events() {
        return events;
    }

    public long duplicates() {
        return duplicates;
    }

    /** Events of policies not asked for. */
    public long otherPolicies() {
        return otherPolicies;
    }

    /** Refused events by reason code (decoding and assembly). */
    public Map<String, Long> invalid() {
        return Map.copyOf(invalid);
    }

    /** Episodes closed complete. */
    public long completed() {
        return completed;
    }

    /** Episodes closed by a timeout with their steps in order: incomplete. */
    public long timedOut() {
        return timedOut;
    }

    /** Episodes dropped without a trajectory (no step 0, e.g. begun before the range). */
    public long dropped() {
        return dropped;
    }

    /** Trajectories set aside because a step of theirs was refused. */
    public long invalidEpisodes() {
        return invalidEpisodes;
    }
}
