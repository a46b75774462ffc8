package io.policystream.serve;

import io.policystream.client.Decision;
import io.policystream.client.NoParamsException;
import io.policystream.client.PolicyClient;
import io.policystream.event.Event;
import io.policystream.policy.PolicyParams;
import java.time.InstantSource;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The acting service without HTTP: acts with the latest params, numbers each episode's steps and
 * records them, and records the rewards that arrive later.
 *
 * <p>A step's reward is not known when it is acted, so every step is recorded with reward 0 and
 * neither done nor truncated; its reward, and the end of the episode, come as {@code reward}
 * events through {@link #reward}. The learner adds up the rewards of each step (wire format).
 *
 * <p>Which policies are served: those listed in {@code served}, or, when it is empty, every policy
 * that has params. A listed policy with no params yet answers 503 (it may be initialised any
 * moment); any other policy answers 404.
 *
 * <p>Every refusal is a {@link ServeException} with the status and the field at fault. Thread-safe.
 */
public final class ActingService {
    private static final Logger LOG = LoggerFactory.getLogger(ActingService.class);

    private final PolicyClient client;
    private final EventSink sink;
    private final Set<String> served;
    private final OpenEpisodes episodes;
    private final InstantSource clock;

    /**
     * @param client acts with the latest params
     * @param sink records step and reward events
     * @param limits how many episodes are tracked, and for how long when idle
     * @param served the policies served; empty serves every policy that has params
     * @param clock event times and idle expiry
     */
    public ActingService(PolicyClient client, EventSink sink, EpisodeLimits limits, Set<String> served,
                         InstantSource clock) {
        this.client = Objects.requireNonNull(client, "client");
        this.sink = Objects.requireNonNull(sink, "sink");
        this.served = Set.copyOf(served);
        this.clock = Objects.requireNonNull(clock, "clock");
        this.episodes = new OpenEpisodes(limits, clock);
    }

    /**
     * Acts for one step of an episode and records it as step t, where t counts the episode's
     * decisions from 0.
     *
     * @throws ServeException 400 for a bad field (the state's length is checked against the
     *     policy), 404 for a policy not served, 503 when it has no params yet, when the episode
     *     table is full or when the event cannot be recorded
     */
    public ActResult act(ActRequest r) {
        String policy = required("policy", r.policy());
        String episode = required("episode", r.episode());
        double[] state = required("state", r.state());
        Ids.checkPolicy(policy);
        Ids.checkEpisode(episode);
        checkState(state);
        PolicyParams params = currentParams(policy);
        int inputSize = params.architecture().inputSize();
        if (state.length != inputSize) {
            throw ServeException.badField("state", "state: has " + state.length + " numbers, policy '" + policy
                    + "' expects " + inputSize);
        }
        PolicyClient.Mode mode = r.greedy() ? PolicyClient.Mode.GREEDY : PolicyClient.Mode.SAMPLE;
        return episodes.acting(episode, policy, e -> {
            if (!e.policy.equals(policy)) {
                throw ServeException.badField("policy", "policy: episode '" + Ids.abbreviate(episode)
                        + "' acts with policy '" + e.policy + "', not '" + policy + "'");
            }
            Decision d = decide(policy, state, mode);
            long t = e.nextStep();
            record(Event.step(policy, episode, t, state, d.action(), d.logProb(), d.version(), 0.0, false, false,
                    clock.millis()));
            e.advance();
            return new ActResult(d.action(), d.logProb(), d.version(), t);
        });
    }

    /**
     * Records a reward for a step already acted; a reward with done or truncated ends the episode,
     * which is then forgotten. Without a step, it is for the last step acted. For an episode this
     * service does not know (never acted here, ended, or idle too long), the request must name the
     * policy and the step.
     *
     * @throws ServeException 400 for a bad field (a step not acted yet, an end before the last
     *     step, a policy other than the episode's), 404 for an unknown episode without a policy or
     *     with a policy not served, 503 when the event cannot be recorded
     */
    public RewardResult reward(RewardRequest r) {
        String episode = required("episode", r.episode());
        Ids.checkEpisode(episode);
        if (!Double.isFinite(r.reward())) {
            throw ServeException.badField("reward", "reward: not a finite number");
        }
        if (r.step() != null && r.step() < 0) {
            throw ServeException.badField("step", "step: must be an integer >= 0, got " + r.step());
        }
        if (r.policy() != null) {
            Ids.checkPolicy(r.policy());
        }
        return episodes.existing(episode, e -> rewardOpen(e, r), () -> rewardUnknown(r));
    }

    private RewardResult rewardOpen(OpenEpisodes.Entry e, RewardRequest r) {
        if (r.policy() != null && !r.policy().equals(e.policy)) {
            throw ServeException.badField("policy", "policy: episode '" + Ids.abbreviate(e.episode)
                    + "' acts with policy '" + e.policy + "', not '" + r.policy() + "'");
        }
        long last = e.nextStep() - 1;
        long t = r.step() == null ? last : r.step();
        if (t > last) {
            throw ServeException.badField("step", "step: " + t + " has not been acted; episode '"
                    + Ids.abbreviate(e.episode) + "' has acted steps 0 to " + last);
        }
        if (r.ends() && t != last) {
            throw ServeException.badField("step", "step: an episode ends at its last step, " + last
                    + ", not at " + t + "; steps after the end would be refused by the learner");
        }
        record(Event.reward(e.policy, e.episode, t, r.reward(), r.done(), r.truncated(), clock.millis()));
        if (r.ends()) {
            episodes.forget(e);
        }
        return new RewardResult(e.policy, e.episode, t, r.ends());
    }

    private RewardResult rewardUnknown(RewardRequest r) {
        if (r.policy() == null) {
            throw new ServeException(404, "episode", "episode '" + Ids.abbreviate(r.episode())
                    + "' is not open here (never acted, ended, or idle too long); give \"policy\" and \"step\""
                    + " to record its reward anyway");
        }
        requireServed(r.policy());
        if (r.step() == null) {
            throw ServeException.badField("step", "step: required for an episode that is not open here");
        }
        record(Event.reward(r.policy(), r.episode(), r.step(), r.reward(), r.done(), r.truncated(), clock.millis()));
        return new RewardResult(r.policy(), r.episode(), r.step(), r.ends());
    }

    /**
     * The params a policy acts with now.
     *
     * @throws ServeException 400 for a bad policy id, 404 when it is not served, 503 when it has no
     *     params yet
     */
    public PolicyParams params(String policy) {
        Ids.checkPolicy(policy);
        return currentParams(policy);
    }

    /** Whether the params topic is followed, how many episodes are open, and the versions in use. */
    public ServiceHealth health() {
        Map<String, Long> versions = new TreeMap<>();
        for (String p : client.policies()) {
            PolicyParams params = client.params(p);
            if (params != null && (served.isEmpty() || served.contains(p))) {
                versions.put(p, params.version());
            }
        }
        return new ServiceHealth(client.connected(), episodes.size(), versions);
    }

    /** Episodes being tracked now. */
    public int openEpisodes() {
        return episodes.size();
    }

    private PolicyParams currentParams(String policy) {
        requireServed(policy);
        PolicyParams params = client.params(policy);
        if (params == null) {
            throw new ServeException(503, "policy", "policy '" + policy + "' has no params yet; initialise it"
                    + " with 'policystream init'");
        }
        return params;
    }

    private void requireServed(String policy) {
        if (served.isEmpty()) {
            if (client.params(policy) == null) {
                throw new ServeException(404, "policy", "policy '" + policy + "' is not served here: it has no"
                        + " params; initialise it with 'policystream init'");
            }
        } else if (!served.contains(policy)) {
            throw new ServeException(404, "policy", "policy '" + policy + "' is not served here; this service"
                    + " serves " + String.join(", ", new TreeSet<>(served)));
        }
    }

    private Decision decide(String policy, double[] state, PolicyClient.Mode mode) {
        try {
            return client.act(policy, state, mode);
        } catch (NoParamsException e) {
            throw new ServeException(503, "policy", e.getMessage());
        } catch (IllegalArgumentException e) {
            // A version with another input size arrived after the length check.
            throw ServeException.badField("state", "state: " + e.getMessage());
        }
    }

    private void record(Event event) {
        try {
            sink.send(event);
        } catch (RuntimeException e) {
            LOG.warn("could not record an event of episode {}: {}", event.episode(), e.toString());
            throw new ServeException(503, null, "the event could not be recorded (is Kafka reachable?); retry");
        }
    }

    private static void checkState(double[] state) {
        if (state.length == 0) {
            throw ServeException.badField("state", "state: must not be empty");
        }
        for (int i = 0; i < state.length; i++) {
            if (!Double.isFinite(state[i])) {
                throw ServeException.badField("state", "state[" + i + "]: not a finite number");
            }
        }
    }

    private static <T> T required(String field, T value) {
        if (value == null) {
            throw ServeException.badField(field, field + ": required");
        }
        return value;
    }
}
