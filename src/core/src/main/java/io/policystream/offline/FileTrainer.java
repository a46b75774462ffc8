package io.policystream.offline;

import io.policystream.config.LearnerConfig;
import io.policystream.event.Event;
import io.policystream.event.InvalidEventException;
import io.policystream.event.InvalidReason;
import io.policystream.event.PolicyShape;
import io.policystream.learn.BatchLearner;
import io.policystream.learn.LearnerState;
import io.policystream.learn.LearningRules;
import io.policystream.learn.UpdateAccumulator;
import io.policystream.policy.Distribution;
import io.policystream.policy.PolicyParams;
import io.policystream.trajectory.Closure;
import io.policystream.trajectory.EpisodeAssembler;
import io.policystream.trajectory.InMemoryEpisodeStore;
import io.policystream.wire.EventCodec;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Offline training from a file of recorded events: the same assembly and the same learner as the
 * Kafka learner, driven by the lines of a file instead of a topic.
 *
 * <p>Each line is an event JSON, or {@code key<TAB>json} as {@code kcat -K'\t'} writes it; blank
 * lines are skipped. Time is the events' {@code time} field (the latest seen when absent), so
 * grace periods and timeouts behave as they would on stream time. At the end of the file every
 * episode still open is closed as if its timeout had passed. Invalid lines are reported with their
 * number and reason and never stop the run.
 */
public final class FileTrainer {
    /** How often, in event time, graces and timeouts are checked: as the learner's punctuation. */
    public static final long TICK_MS = 1000L;

    private final LearnerConfig config;
    private final EventCodec codec;
    private final Map<String, BatchLearner> learners = new LinkedHashMap<>();
    private final Map<String, PolicyShape> shapes = new HashMap<>();
    private final EpisodeAssembler assembler;
    private final TrainingSummary summary = new TrainingSummary();
    private long streamTime = 0L;
    private long nextTick = Long.MIN_VALUE;

    /**
     * @param config the learner configuration (per-policy rules)
     * @param initial version 0 (or any starting version) of each policy to train
     */
    public FileTrainer(LearnerConfig config, List<PolicyParams> initial) {
        this.config = config;
        this.codec = new EventCodec(config.maxEventBytes());
        for (PolicyParams p : initial) {
            LearningRules rules = config.forPolicy(p.policy()).learningRules();
            learners.put(p.policy(), new BatchLearner(LearnerState.initial(p), rules, () -> streamTime));
            shapes.put(p.policy(), new PolicyShape(p.architecture().inputSize(),
                    p.architecture().distribution() == Distribution.CATEGORICAL, p.architecture().actionSize()));
        }
        this.assembler = new EpisodeAssembler(new InMemoryEpisodeStore(),
                policy -> config.forPolicy(policy).assemblyRules());
    }

    /**
     * Reads every line, publishing each new version to {@code out} and each refusal to {@code err}.
     *
     * @return the run's counts
     */
    public TrainingSummary run(BufferedReader in, Consumer<PolicyParams> out, PrintWriter err) throws IOException {
        String line;
        while ((line = in.readLine()) != null) {
            summary.lines++;
            if (line.isBlank()) {
                continue;
            }
            try {
                accept(line, out);
            } catch (InvalidEventException e) {
                refuse(e, err);
            }
        }
        for (Closure c : assembler.closeAll()) {
            learn(c, out);
        }
        for (BatchLearner l : learners.values()) {
            summary.pendingTrajectories += l.pending();
            summary.stale += l.droppedStale();
            summary.unusable += l.unusable();
            summary.skippedUpdates += l.skippedUpdates();
        }
        err.flush();
        return summary;
    }

    private void accept(String line, Consumer<PolicyParams> out) throws InvalidEventException {
        int tab = line.indexOf('\t');
        String key = tab >= 0 ? line.substring(0, tab) : null;
        String json = tab >= 0 ? line.substring(tab + 1) : line;
        Event e = codec.decode(key, json.getBytes(StandardCharsets.UTF_8));
        PolicyShape shape = shapes.get(e.policy());
        if (shape == null) {
            throw new InvalidEventException(InvalidReason.UNKNOWN_POLICY, "policy: no initial params for '"
                    + e.policy() + "'");
        }
        shape.check(e);
        long time = e.time() >= 0 ? e.time() : streamTime;
        streamTime = Math.max(streamTime, time);
        EpisodeAssembler.Result r = assembler.onEvent(e, time, time);
        switch (r.status()) {
            case ACCEPTED -> summary.events++;
            case DUPLICATE -> summary.duplicates++;
            default -> { }
        }
        for (Closure c : r.closed()) {
            learn(c, out);
        }
        if (streamTime >= nextTick) {
            for (Closure c : assembler.onStreamTime(streamTime)) {
                learn(c, out);
            }
            nextTick = streamTime + TICK_MS;
        }
        if (r.problem() != null) {
            throw r.problem();
        }
    }

    private void refuse(InvalidEventException e, PrintWriter err) {
        summary.countInvalid(e.reason());
        err.println("line " + summary.lines + ": " + e.reason().code() + ": " + e.getMessage());
    }

    private void learn(Closure c, Consumer<PolicyParams> out) {
        switch (c.kind()) {
            case COMPLETED -> summary.completed++;
            case TIMED_OUT -> summary.timedOut++;
            case DROPPED -> summary.dropped++;
            default -> throw new IllegalStateException(c.kind().toString());
        }
        if (c.trajectory() == null) {
            return;
        }
        BatchLearner learner = learners.get(c.policy());
        if (learner.offer(c.trajectory()) == UpdateAccumulator.Outcome.UPDATED) {
            summary.versions++;
            out.accept(learner.params());
        }
    }

    /** The latest version of a policy. */
    public PolicyParams params(String policy) {
        return learners.get(policy).params();
    }
}
