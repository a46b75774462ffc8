package io.policystream.demo;

import io.policystream.client.NoParamsException;
import io.policystream.client.PolicyClient;
import io.policystream.policy.PolicyParams;
import java.time.Duration;
import java.util.HashSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Carries out a {@link Pacing} for the actors of one pool: each actor asks its {@link Lane} before
 * every episode (which may wait for the next version) and {@link #beforeStep()} before every step
 * (which may wait for the rate). When a wait for a version runs out, it says so once per version,
 * and again every {@link #REPEAT_NOTICE} while no version comes, so a stopped or slow learner is
 * visible rather than a silent slow-down. Thread-safe.
 */
public final class ActorPacer {
    /** How often a notice about a missing version is repeated while the wait goes on. */
    public static final Duration REPEAT_NOTICE = Duration.ofSeconds(60);

    private final PolicyClient client;
    private final String policy;
    private final Pacing pacing;
    private final int actors;
    private final Consumer<String> notices;
    private final LongSupplier nanoClock;
    private final long stepNanos;
    private long nextStepNanos;
    private long stalledAfter = -1;
    private long stalledSinceNanos;
    private long lastNoticeNanos;
    private final Set<Thread> waiting = new HashSet<>();
    private boolean stopping;

    /**
     * @param client where the actors read the latest params
     * @param policy the policy they act with
     * @param actors how many actors share this pacer (the episodes per version of {@link Pacing#AUTO} depend on it)
     * @param notices told, in a sentence, when actors have waited long for a version
     */
    public ActorPacer(PolicyClient client, String policy, Pacing pacing, int actors, Consumer<String> notices) {
        this(client, policy, pacing, actors, notices, System::nanoTime);
    }

    ActorPacer(PolicyClient client, String policy, Pacing pacing, int actors, Consumer<String> notices,
               LongSupplier nanoClock) {
        this.client = Objects.requireNonNull(client);
        this.policy = Objects.requireNonNull(policy);
        this.pacing = Objects.requireNonNull(pacing);
        if (actors < 1) {
            throw new IllegalArgumentException("actors must be >= 1, not " + actors);
        }
        this.actors = actors;
        this.notices = Objects.requireNonNull(notices);
        this.nanoClock = nanoClock;
        this.stepNanos = pacing.stepsPerSecond() > 0 ? Math.max(1, Math.round(1e9 / pacing.stepsPerSecond())) : 0;
    }

    /** A new actor's lane. */
    public Lane lane() {
        return new Lane();
    }

    /** Waits, when a rate is set, until the next step of all actors together is due. */
    public void beforeStep() throws InterruptedException {
        if (stepNanos == 0) {
            return;
        }
        long due;
        synchronized (this) {
            long now = nanoClock.getAsLong();
            due = Math.max(now, nextStepNanos);
            nextStepNanos = due + stepNanos;
        }
        enterWait();
        try {
            long left;
            while ((left = due - nanoClock.getAsLong()) > 0) {
                LockSupport.parkNanos(left);
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
            }
        } finally {
            exitWait();
        }
    }

    /**
     * Ends every wait at once: actors waiting for a version or for the rate get an
     * {@link InterruptedException}, and so does any actor that starts a wait from now on.
     */
    public void stop() {
        synchronized (waiting) {
            stopping = true;
            waiting.forEach(Thread::interrupt);
        }
    }

    private void enterWait() throws InterruptedException {
        synchronized (waiting) {
            if (stopping) {
                throw new InterruptedException("the actors are stopping");
            }
            waiting.add(Thread.currentThread());
        }
    }

    // Only stop() interrupts a waiting actor, under the same lock: after it, the actor must end.
    private void exitWait() throws InterruptedException {
        synchronized (waiting) {
            waiting.remove(Thread.currentThread());
            if (stopping) {
                Thread.interrupted();
                throw new InterruptedException("the actors are stopping");
            }
        }
    }

    private synchronized void waitedOut(long version) {
        long now = nanoClock.getAsLong();
        if (stalledAfter != version) {
            stalledAfter = version;
            stalledSinceNanos = now - pacing.versionWait().toNanos();
        } else if (now - lastNoticeNanos < REPEAT_NOTICE.toNanos()) {
            return;
        }
        lastNoticeNanos = now;
        long seconds = TimeUnit.NANOSECONDS.toSeconds(now - stalledSinceNanos);
        notices.accept(String.format(Locale.ROOT, "no version of %s after %d for %d s: is the learner running and "
                + "keeping up? The actors play on with version %d, one episode each per %d s wait "
                + "(--unpaced never waits)", policy, version, seconds, version, pacing.versionWait().toSeconds()));
    }

    /** One actor's view: the version it plays and how many episodes it started with it. */
    public final class Lane {
        private long onVersion = -1;
        private int playedOnVersion;

        private Lane() {
        }

        /**
         * Call before each episode: returns the params the episode starts with, after waiting (at
         * most the pacing's version wait) when this actor has played its share of the version.
         */
        public PolicyParams beforeEpisode() throws InterruptedException {
            PolicyParams p = client.awaitParams(policy, Duration.ofSeconds(60));
            int limit = pacing.episodesPerVersion(p.version(), p.trajectories(), actors);
            if (limit > 0 && p.version() == onVersion && playedOnVersion >= limit) {
                enterWait();
                try {
                    p = client.awaitParams(policy, onVersion + 1, pacing.versionWait());
                } catch (NoParamsException e) {
                    waitedOut(onVersion);
                } finally {
                    exitWait();
                }
            }
            if (p.version() != onVersion) {
                onVersion = p.version();
                playedOnVersion = 0;
            }
            playedOnVersion++;
            return p;
        }
    }
}
