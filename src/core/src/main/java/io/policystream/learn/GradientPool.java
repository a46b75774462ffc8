package io.policystream.learn;

import io.policystream.policy.Architecture;
import io.policystream.policy.PolicyParams;
import io.policystream.trajectory.Trajectory;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Threads that compute trajectories' own gradient sums ({@link TrajectoryGradient#compute}) while
 * the caller goes on with its records and commits. The caller adds the results to its batch in its
 * own order ({@link Computing#join}), which gives bit for bit the batch of computing them one after
 * the other on its own thread; a result not started yet when the caller needs it is computed by the
 * caller itself, so both the pool and the caller work while a batch completes.
 *
 * <p>The threads are daemons and end after {@link #IDLE} without work: a pool needs no closing.
 * Each thread keeps one {@link TrajectoryGradient} per architecture.
 */
public final class GradientPool {
    /** How long an idle thread stays. */
    static final long IDLE_SECONDS = 30;

    private static final AtomicInteger POOLS = new AtomicInteger();
    private static final ThreadLocal<Map<Architecture, TrajectoryGradient>> GRADIENTS =
            ThreadLocal.withInitial(HashMap::new);

    /** The most memory the pool keeps in spare vectors: enough for a few batches of a large network. */
    static final long SPARE_BYTES = 64L << 20;

    private final ThreadPoolExecutor executor;
    private final int threads;
    private final SpareArrays spare = new SpareArrays(SPARE_BYTES);

    /**
     * @param threads the pool's threads, at least 1
     * @param name the threads' name prefix
     */
    public GradientPool(int threads, String name) {
        if (threads < 1) {
            throw new IllegalArgumentException("a gradient pool needs at least one thread, not " + threads);
        }
        this.threads = threads;
        int pool = POOLS.incrementAndGet();
        AtomicInteger count = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(threads, threads, IDLE_SECONDS, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, name + "-" + pool + "-" + count.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        executor.allowCoreThreadTimeOut(true);
    }

    /**
     * The pool's size for a machine with {@code processors} processors when {@code configured} is
     * -1 (automatic): one thread less than the processors, so the writer's own thread and the pool
     * keep them all busy; none on one processor.
     */
    public static int threadsFor(int configured, int processors) {
        return configured >= 0 ? configured : Math.max(0, processors - 1);
    }

    public int threads() {
        return threads;
    }

    /** Starts computing {@code tr}'s gradient sums at {@code params} under {@code rules}. */
    public Computing submit(PolicyParams params, LearningRules rules, Trajectory tr) {
        Computing c = new Computing(params, rules, tr, spare);
        executor.execute(c.task);
        return c;
    }

    /** The memory the pool holds in spare vectors now, in bytes. */
    long spareBytes() {
        return spare.bytes();
    }

    /** One trajectory's sums being computed. */
    public static final class Computing {
        private final FutureTask<GradientSums> task;
        private final SpareArrays spare;

        private Computing(PolicyParams params, LearningRules rules, Trajectory tr, SpareArrays spare) {
            this.spare = spare;
            this.task = new FutureTask<>(() -> GRADIENTS.get()
                    .computeIfAbsent(params.architecture(), TrajectoryGradient::new)
                    .compute(params, rules, tr, spare));
        }

        /**
         * Adds the sums into {@code batch} ({@link GradientSums#plusInPlace}), as {@link #join} gives
         * them, and keeps their vectors for the pool's next sums.
         *
         * @throws IllegalArgumentException as {@link #join}, or when the shapes differ
         */
        public void addInto(GradientSums batch) {
            GradientSums sums = join();
            batch.plusInPlace(sums);
            spare.giveBack(sums);
        }

        /**
         * The sums, computed here when no pool thread has started on them yet, else waited for.
         *
         * @throws IllegalArgumentException as {@link TrajectoryGradient#compute} would have
         */
        public GradientSums join() {
            task.run(); // nothing when a pool thread has started or finished it
            try {
                return task.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while a gradient was computed", e);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException r) {
                    throw r;
                }
                throw new IllegalStateException("computing a gradient failed", e.getCause());
            }
        }

        /** Drops it: a pool thread that has not started on it will not. */
        public void cancel() {
            task.cancel(false);
        }
    }
}
