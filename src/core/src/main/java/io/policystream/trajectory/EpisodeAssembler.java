package io.policystream.trajectory;

import io.policystream.event.Action;
import io.policystream.event.Event;
import io.policystream.event.InvalidEventException;
import io.policystream.event.InvalidReason;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Turns events into trajectories, exactly as the wire format says: steps may arrive out of order
 * and more than once; the rewards of all events of the same (episode, step) add up, an exact
 * duplicate counted once; an episode is complete when a step with {@code done} or
 * {@code truncated} has arrived and every step 0..T is present; rewards arriving within the grace
 * period after completion still count; an idle episode is closed (as truncated, or dropped) after
 * the timeout; an episode longer than the limit is cut.
 *
 * <p>The state it holds is bounded by the {@link AssemblyRules} of each policy: at most
 * {@code maxOpenEpisodes} open episodes per policy (the first event of another is refused as
 * {@code limit-exceeded}), each with at most {@code maxEpisodeSteps} steps and
 * {@code maxRewardsPerStep} late rewards per step. Closed episodes leave a tombstone of one
 * fingerprint per event for {@code episodeTimeoutMs}.
 *
 * <p>The same class drives the offline trainer (with an in-memory store) and the Kafka learner
 * (with a persistent state store), so both assemble identically. Events must be valid for their
 * policy (decoded and checked against its shape) before they get here.
 */
public final class EpisodeAssembler {
    private final EpisodeStore store;
    private final Function<String, AssemblyRules> rules;
    /**
     * Open episodes by policy, kept exact on every open and close: what max.open.episodes is
     * checked against, without a scan per event.
     */
    private final Map<String, Integer> openNow = new HashMap<>();
    /** Episodes by when they may next be due on each clock, so a tick does not scan the store. */
    private final DeadlineIndex byEventTime = new DeadlineIndex();
    private final DeadlineIndex byWallTime = new DeadlineIndex();

    /**
     * @param store where open episodes live; the open ones already there are counted against the
     *     limit on open episodes, so a restarted assembler enforces it as before
     * @param rules the assembly rules of each policy
     */
    public EpisodeAssembler(EpisodeStore store, Function<String, AssemblyRules> rules) {
        this.store = store;
        this.rules = rules;
        store.forEachHeader((ep, h) -> {
            if (!h.closed()) {
                openNow.merge(h.policy(), 1, Integer::sum);
            }
            byEventTime.set(ep, deadline(h, true));
            byWallTime.set(ep, deadline(h, false));
        });
    }

    /** What became of one event. */
    public enum Status {
        /** Stored: it is or will be part of a trajectory. */
        ACCEPTED,
        /** An exact duplicate of an event already stored: counted once. */
        DUPLICATE,
        /** Refused: see {@link Result#problem()}. */
        INVALID
    }

    /**
     * The outcome of one event.
     *
     * @param status accepted, duplicate or invalid
     * @param problem why it was refused, or null
     * @param closed episodes this event closed (at most one)
     */
    public record Result(Status status, InvalidEventException problem, List<Closure> closed) {
        static Result accepted(List<Closure> closed) {
            return new Result(Status.ACCEPTED, null, closed);
        }

        static Result invalid(InvalidReason reason, String message, List<Closure> closed) {
            return new Result(Status.INVALID, new InvalidEventException(reason, message), closed);
        }
    }

    /**
     * Most fingerprints a tombstone keeps (512 KiB), so that it stays one record well under Kafka's
     * default 1 MiB in the store's changelog whatever the limits; a late exact duplicate of an event
     * beyond them is refused as {@code episode-closed} instead of counted as a duplicate.
     */
    static final int MAX_TOMBSTONE_FINGERPRINTS = 65_536;

    private static final Result DUPLICATE = new Result(Status.DUPLICATE, null, List.of());

    /**
     * Adds one event.
     *
     * @param e a valid event
     * @param eventTime its time (the event's own, or the record's timestamp)
     * @param wallTime the wall clock now
     */
    public Result onEvent(Event e, long eventTime, long wallTime) {
        String ep = e.episode();
        EpisodeHeader h = store.header(ep);
        if (h == null) {
            int maxSteps = rules.apply(e.policy()).maxEpisodeSteps();
            if (e.step() >= maxSteps) {
                // Nothing to cut: a refused first event must not leave state behind.
                return Result.invalid(InvalidReason.LIMIT_EXCEEDED, "step: " + e.step() + " is beyond "
                        + "max.episode.steps=" + maxSteps + "; episode " + ep + " is not opened", List.of());
            }
            int max = rules.apply(e.policy()).maxOpenEpisodes();
            if (openNow.getOrDefault(e.policy(), 0) >= max) {
                return Result.invalid(InvalidReason.LIMIT_EXCEEDED, "episode: " + ep + " would be one more open "
                        + "episode of policy " + e.policy() + ", which has max.open.episodes=" + max + " open",
                        List.of());
            }
            // Every path below stores the new header or emits the episode, whose close() uncounts it.
            openNow.merge(e.policy(), 1, Integer::sum);
            h = EpisodeHeader.open(e.policy(), eventTime, wallTime);
        } else if (h.closed()) {
            if (h.hasSeen(fingerprint(e))) {
                return DUPLICATE;
            }
            return Result.invalid(InvalidReason.EPISODE_CLOSED, "episode " + ep
                    + " was already closed; events after its reward grace are not counted", List.of());
        } else if (!h.policy().equals(e.policy())) {
            return Result.invalid(InvalidReason.CONFLICTING_DUPLICATE, "policy: episode " + ep + " belongs to policy "
                    + h.policy() + ", this event names " + e.policy(), List.of());
        }
        AssemblyRules r = rules.apply(h.policy());
        if (e.step() >= r.maxEpisodeSteps()) {
            // Cut the episode at the limit; the steps beyond it are refused.
            h = h.touched(eventTime, wallTime);
            if (h.endStep() < 0) {
                h = h.withEnd(r.maxEpisodeSteps() - 1, Ending.CUT);
            }
            List<Closure> closed = settle(ep, h, r, eventTime, wallTime);
            return Result.invalid(InvalidReason.LIMIT_EXCEEDED, "step: " + e.step() + " is beyond max.episode.steps="
                    + r.maxEpisodeSteps() + "; episode " + ep + " is cut there", closed);
        }
        if (h.endStep() >= 0 && e.step() > h.endStep()) {
            return Result.invalid(InvalidReason.AFTER_END, "step: " + e.step() + " comes after step " + h.endStep()
                    + " that ended episode " + ep, List.of());
        }
        int t = (int) e.step();
        if (e.ends()) {
            if (h.endStep() >= 0 && h.endStep() != t) {
                return Result.invalid(InvalidReason.AFTER_END, "step: " + t + " ends episode " + ep
                        + ", which already ended at step " + h.endStep(), List.of());
            }
            if (h.endStep() < 0 && h.maxIndex() > t) {
                return Result.invalid(InvalidReason.AFTER_END, "step: " + t + " ends episode " + ep
                        + ", but step " + h.maxIndex() + " already arrived", List.of());
            }
        }
        if (e.isStep()) {
            Event existing = store.putStepIfAbsent(ep, t, e);
            if (existing != null) {
                if (existing.equals(e)) {
                    putHeader(ep, h.touched(eventTime, wallTime));
                    return DUPLICATE;
                }
                return Result.invalid(InvalidReason.CONFLICTING_DUPLICATE, "step: " + t + " of episode " + ep
                        + " already arrived with different content", List.of());
            }
            h = h.withStep(t);
        } else {
            RewardTally tally = store.rewards(ep, t);
            if (tally == null) {
                tally = RewardTally.EMPTY;
            }
            long fp = fingerprint(e);
            if (tally.contains(fp)) {
                putHeader(ep, h.touched(eventTime, wallTime));
                return DUPLICATE;
            }
            if (tally.count() >= r.maxRewardsPerStep()) {
                return Result.invalid(InvalidReason.LIMIT_EXCEEDED, "step: " + t + " of episode " + ep
                        + " already has max.rewards.per.step=" + r.maxRewardsPerStep() + " late rewards", List.of());
            }
            store.putRewards(ep, t, tally.plus(e.reward(), fp));
            h = h.withIndex(t);
        }
        if (e.ends() && h.endStep() < 0) {
            h = h.withEnd(t, e.done() ? Ending.DONE : Ending.TRUNCATED);
        }
        h = h.touched(eventTime, wallTime);
        return Result.accepted(settle(ep, h, r, eventTime, wallTime));
    }

    /** Stores the header, and emits the trajectory when it is complete and needs no grace. */
    private List<Closure> settle(String ep, EpisodeHeader h, AssemblyRules r, long eventTime, long wallTime) {
        if (h.isComplete() && h.completeEventTime() < 0) {
            h = h.completedAt(eventTime, wallTime);
        }
        if (h.isComplete() && r.rewardGraceMs() == 0) {
            return List.of(emit(ep, h, eventTime, wallTime));
        }
        putHeader(ep, h);
        return List.of();
    }

    /** Stores the header and keeps its deadlines' lower bounds. */
    private void putHeader(String ep, EpisodeHeader h) {
        store.putHeader(ep, h);
        byEventTime.lower(ep, deadline(h, true));
        byWallTime.lower(ep, deadline(h, false));
    }

    /**
     * When the episode falls due on a clock: a complete episode at the end of its reward grace, any
     * other (open, or closed and kept as a tombstone) after the timeout since its last event.
     */
    private long deadline(EpisodeHeader h, boolean streamTime) {
        AssemblyRules r = rules.apply(h.policy());
        if (!h.closed() && h.isComplete()) {
            return saturatedAdd(streamTime ? h.completeEventTime() : h.completeWallTime(), r.rewardGraceMs());
        }
        return saturatedAdd(streamTime ? h.lastEventTime() : h.lastWallTime(), r.episodeTimeoutMs());
    }

    private boolean isDue(EpisodeHeader h, long now, boolean streamTime) {
        AssemblyRules r = rules.apply(h.policy());
        long last = streamTime ? h.lastEventTime() : h.lastWallTime();
        long complete = streamTime ? h.completeEventTime() : h.completeWallTime();
        return h.closed()
                ? now - last >= r.episodeTimeoutMs()
                : h.isComplete() ? now - complete >= r.rewardGraceMs() : now - last >= r.episodeTimeoutMs();
    }

    private static long saturatedAdd(long a, long b) {
        long sum = a + b;
        if (((a ^ sum) & (b ^ sum)) < 0) {
            return b > 0 ? Long.MAX_VALUE : Long.MIN_VALUE;
        }
        return sum;
    }

    /** Closes what stream time {@code now} ends: graces, timeouts and old tombstones. */
    public List<Closure> onStreamTime(long now) {
        return advance(now, true);
    }

    /** Closes what wall-clock time {@code now} ends: graces, timeouts and old tombstones. */
    public List<Closure> onWallClock(long now) {
        return advance(now, false);
    }

    private List<Closure> advance(long now, boolean streamTime) {
        DeadlineIndex index = streamTime ? byEventTime : byWallTime;
        List<Map.Entry<String, EpisodeHeader>> due = new ArrayList<>();
        for (String ep : index.candidates(now)) {
            EpisodeHeader h = store.header(ep);
            if (h == null) {
                byEventTime.remove(ep);
                byWallTime.remove(ep);
            } else if (isDue(h, now, streamTime)) {
                due.add(Map.entry(ep, h));
            } else {
                index.set(ep, deadline(h, streamTime));
            }
        }
        // Earliest deadline first, then by id: the same order whatever the index went through.
        due.sort(java.util.Comparator.<Map.Entry<String, EpisodeHeader>>comparingLong(
                e -> deadline(e.getValue(), streamTime)).thenComparing(Map.Entry::getKey));
        List<Closure> closed = new ArrayList<>();
        for (Map.Entry<String, EpisodeHeader> d : due) {
            String ep = d.getKey();
            EpisodeHeader h = d.getValue();
            long eventTime = streamTime ? now : h.lastEventTime();
            long wallTime = streamTime ? h.lastWallTime() : now;
            if (h.closed()) {
                store.deleteHeader(ep);
                byEventTime.remove(ep);
                byWallTime.remove(ep);
            } else if (h.isComplete()) {
                closed.add(emit(ep, h, eventTime, wallTime));
            } else {
                closed.add(timeOut(ep, h, eventTime, wallTime));
            }
        }
        return closed;
    }

    /** Open episodes (not yet emitted, timed out or dropped) by policy, exact at any time. */
    public Map<String, Long> openEpisodes() {
        Map<String, Long> out = new HashMap<>();
        openNow.forEach((policy, n) -> out.put(policy, (long) n));
        return out;
    }

    /** Closes every open episode as if time ran out: the end of an offline input. */
    public List<Closure> closeAll() {
        List<Closure> closed = new ArrayList<>(advance(Long.MAX_VALUE, true));
        List<String> tombstones = new ArrayList<>();
        store.forEachHeader((ep, h) -> {
            if (h.closed()) {
                tombstones.add(ep);
            }
        });
        for (String ep : tombstones) {
            store.deleteHeader(ep);
            byEventTime.remove(ep);
            byWallTime.remove(ep);
        }
        return closed;
    }

    private Closure emit(String ep, EpisodeHeader h, long eventTime, long wallTime) {
        EpisodeStore.Contents c = store.contents(ep, h.maxIndex());
        Trajectory tr = build(c, ep, h, h.endStep(), h.ending());
        close(c, ep, h, eventTime, wallTime);
        return new Closure(h.policy(), ep, Closure.Kind.COMPLETED, tr, 0);
    }

    private Closure timeOut(String ep, EpisodeHeader h, long eventTime, long wallTime) {
        EpisodeStore.Contents contents = store.contents(ep, h.maxIndex());
        int prefix = 0;
        while (prefix <= h.maxIndex() && contents.steps()[prefix] != null) {
            prefix++;
        }
        AssemblyRules r = rules.apply(h.policy());
        Closure c;
        if (prefix == 0 || r.dropOnTimeout()) {
            c = new Closure(h.policy(), ep, Closure.Kind.DROPPED, null, h.stepsPresent());
        } else {
            Trajectory tr = build(contents, ep, h, prefix - 1, Ending.TIMED_OUT);
            c = new Closure(h.policy(), ep, Closure.Kind.TIMED_OUT, tr, h.stepsPresent() - prefix);
        }
        close(contents, ep, h, eventTime, wallTime);
        return c;
    }

    private void close(EpisodeStore.Contents contents, String ep, EpisodeHeader h, long eventTime, long wallTime) {
        openNow.computeIfPresent(h.policy(), (p, n) -> n > 1 ? n - 1 : null);
        long[] seen = new long[16];
        int n = 0;
        for (int t = 0; t <= h.maxIndex() && n < MAX_TOMBSTONE_FINGERPRINTS; t++) {
            Event s = contents.steps()[t];
            RewardTally late = contents.rewards()[t];
            int add = (s == null ? 0 : 1) + (late == null ? 0 : late.count());
            if (n + add > seen.length) {
                seen = java.util.Arrays.copyOf(seen, Math.max(seen.length * 2, n + add));
            }
            if (s != null) {
                seen[n++] = fingerprint(s);
            }
            if (late != null) {
                for (long f : late.fingerprints()) {
                    seen[n++] = f;
                }
            }
        }
        store.deleteSteps(ep, h.maxIndex());
        EpisodeHeader tombstone = h.closedAt(Math.max(eventTime, h.lastEventTime()),
                Math.max(wallTime, h.lastWallTime()), java.util.Arrays.copyOf(seen, Math.min(n, MAX_TOMBSTONE_FINGERPRINTS)));
        store.putHeader(ep, tombstone);
        // Its deadlines start over: the tombstone goes after the timeout, whatever was due before.
        byEventTime.set(ep, deadline(tombstone, true));
        byWallTime.set(ep, deadline(tombstone, false));
    }

    private Trajectory build(EpisodeStore.Contents contents, String ep, EpisodeHeader h, int last, Ending ending) {
        int n = last + 1;
        double[][] states = new double[n][];
        Action[] actions = new Action[n];
        double[] logProbs = new double[n];
        long[] versions = new long[n];
        double[] rewards = new double[n];
        for (int t = 0; t < n; t++) {
            Event s = contents.steps()[t];
            states[t] = s.state();
            actions[t] = s.action();
            logProbs[t] = s.logProb();
            versions[t] = s.policyVersion();
            RewardTally late = contents.rewards()[t];
            rewards[t] = s.reward() + (late == null ? 0.0 : late.sum());
        }
        return new Trajectory(h.policy(), ep, states, actions, logProbs, versions, rewards, ending, h.lastEventTime());
    }

    /** A 64-bit fingerprint of an event's content, to count exact duplicates once. */
    static long fingerprint(Event e) {
        long h = 0x9E3779B97F4A7C15L;
        h = mix(h ^ e.type().ordinal());
        h = mix(h ^ e.step());
        h = mix(h ^ Double.doubleToLongBits(e.reward()));
        h = mix(h ^ (e.done() ? 1 : 0) ^ (e.truncated() ? 2 : 0));
        h = mix(h ^ e.time());
        if (e.isStep()) {
            h = mix(h ^ Double.doubleToLongBits(e.logProb()));
            h = mix(h ^ e.policyVersion());
            for (int i = 0; i < e.stateSize(); i++) {
                h = mix(h ^ Double.doubleToLongBits(e.state(i)));
            }
            if (e.action() instanceof Action.Discrete d) {
                h = mix(h ^ d.index());
            } else {
                Action.Continuous c = (Action.Continuous) e.action();
                for (int j = 0; j < c.size(); j++) {
                    h = mix(h ^ Double.doubleToLongBits(c.get(j)));
                }
            }
        }
        return h;
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
