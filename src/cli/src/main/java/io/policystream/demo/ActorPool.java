package io.policystream.demo;

import io.policystream.client.Decision;
import io.policystream.client.EpisodeRecorder;
import io.policystream.client.PolicyClient;
import io.policystream.sim.Environment;
import io.policystream.sim.Environments;
import io.policystream.sim.StepResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Simulated actors: N threads, each playing its own episodes of an environment, acting through a
 * {@link PolicyClient} and recording through an {@link EpisodeRecorder}, exactly as a production
 * service would, paced by a {@link Pacing}: by default each actor plays its share of a learner
 * batch with one params version and then waits (bounded) for the next, which keeps the learning
 * data close to on-policy, as REINFORCE wants, and the actors from swamping the learner.
 */
public final class ActorPool implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ActorPool.class);
    /** The longest an actor waits for a new version before it plays on with the one it has. */
    public static final Duration VERSION_WAIT = Pacing.VERSION_WAIT;

    private final String envName;
    private final String policy;
    private final PolicyClient client;
    private final EpisodeRecorder recorder;
    private final long seed;
    private final Pacing pacing;
    private final Consumer<String> notices;
    private volatile ActorPacer pacer;
    private final long maxEpisodes;
    private final Consumer<EpisodeResult> listener;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong started = new AtomicLong();
    private final AtomicLong finished = new AtomicLong();
    private final AtomicLong steps = new AtomicLong();
    private final List<Thread> threads = new ArrayList<>();
    private long startNanos;

    /**
     * @param envName cartpole, pendulum or bandit
     * @param policy the policy the actors use
     * @param maxEpisodes episodes to play in all (0 = until closed)
     * @param listener told of every finished episode (from the actor threads)
     */
    public ActorPool(String envName, String policy, PolicyClient client, EpisodeRecorder recorder, long seed,
                     int episodesPerVersion, long maxEpisodes, Consumer<EpisodeResult> listener) {
        this(envName, policy, client, recorder, seed, Pacing.perVersion(episodesPerVersion), maxEpisodes, listener,
                notice -> LOG.info(notice));
    }

    /**
     * @param envName cartpole, pendulum or bandit
     * @param policy the policy the actors use
     * @param pacing how the actors pace themselves
     * @param maxEpisodes episodes to play in all (0 = until closed)
     * @param listener told of every finished episode (from the actor threads)
     * @param notices told, in a sentence, when the actors have waited long for a version
     */
    public ActorPool(String envName, String policy, PolicyClient client, EpisodeRecorder recorder, long seed,
                     Pacing pacing, long maxEpisodes, Consumer<EpisodeResult> listener, Consumer<String> notices) {
        this.envName = envName;
        this.policy = policy;
        this.client = client;
        this.recorder = recorder;
        this.seed = seed;
        this.pacing = pacing;
        this.notices = notices;
        this.maxEpisodes = maxEpisodes;
        this.listener = listener;
    }

    /** Starts {@code actors} threads. */
    public void start(int actors) {
        startNanos = System.nanoTime();
        pacer = new ActorPacer(client, policy, pacing, actors, notices);
        for (int i = 0; i < actors; i++) {
            int id = i;
            Thread t = new Thread(() -> play(id), "actor-" + i);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
    }

    private void play(int id) {
        Environment env = Environments.create(envName, seed);
        SplittableRandom rng = new SplittableRandom(seed * 1_000_003L + id);
        ActorPacer.Lane lane = pacer.lane();
        int seq = 0;
        try {
            while (running.get()) {
                if (maxEpisodes > 0 && started.incrementAndGet() > maxEpisodes) {
                    break;
                }
                lane.beforeEpisode();
                String episode = String.format("%s-a%d-%06d-%d", envName, id, seq++, seed);
                playEpisode(env, rng, id, episode);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.error("actor {} stopped", id, e);
        }
    }

    private void playEpisode(Environment env, SplittableRandom rng, int id, String episode)
            throws InterruptedException {
        double[] s = env.reset(rng);
        double total = 0;
        long firstVersion = -1;
        for (int t = 0; ; t++) {
            pacer.beforeStep();
            Decision d = client.act(policy, s);
            if (firstVersion < 0) {
                firstVersion = d.version();
            }
            StepResult r = env.step(d.action());
            boolean end = r.terminated() || r.truncated();
            recorder.step(episode, t, s, d, r.reward(), r.terminated(), r.truncated() && !r.terminated());
            total += r.reward();
            steps.incrementAndGet();
            if (end) {
                long index = finished.incrementAndGet();
                listener.accept(new EpisodeResult(index, id, total, t + 1, firstVersion,
                        (System.nanoTime() - startNanos) / 1_000_000));
                return;
            }
            s = r.observation();
        }
    }

    /** Episodes finished so far. */
    public long episodes() {
        return finished.get();
    }

    /** Steps taken so far. */
    public long steps() {
        return steps.get();
    }

    /** Whether every actor has stopped (max episodes reached). */
    public boolean done() {
        return threads.stream().noneMatch(Thread::isAlive);
    }

    @Override
    public void close() {
        running.set(false);
        ActorPacer p = pacer;
        if (p != null) {
            p.stop();
        }
        for (Thread t : threads) {
            try {
                t.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
