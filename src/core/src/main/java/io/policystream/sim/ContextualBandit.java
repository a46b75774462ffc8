package io.policystream.sim;

import io.policystream.event.Action;
import io.policystream.policy.Distribution;

import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * A contextual bandit: each one-step episode shows one of K contexts as a one-hot observation, the
 * agent pulls one of A arms, and the best arm of that context pays more.
 *
 * <p>Reward r = mu(k, a) + sigma * z with z ~ N(0, 1), where mu(k, a) = 1 for the best arm of context k
 * and {@code otherMean} (below 1) for every other arm. The best arms come from the seed: a shuffled
 * order of the arms, assigned to contexts in turn, so that contexts get different best arms while
 * K &lt;= A. A reset draws the context uniformly from the generator it is given; the noise z is
 * drawn from that same generator.
 */
public final class ContextualBandit implements Environment {
    private final int contexts;
    private final int arms;
    private final double otherMean;
    private final double noiseStd;
    private final int[] bestArms;
    private RandomGenerator rng;
    private int context;
    private boolean running;

    /** A noiseless bandit that pays 1 for the best arm and 0 for the others. */
    public ContextualBandit(int contexts, int arms, long seed) {
        this(contexts, arms, 0.0, 0.0, seed);
    }

    /**
     * @param contexts K, at least 1
     * @param arms A, at least 2
     * @param otherMean mean reward of every arm but the best, below 1
     * @param noiseStd standard deviation sigma of the gaussian reward noise, 0 for none
     * @param seed chooses the best arm of every context
     */
    public ContextualBandit(int contexts, int arms, double otherMean, double noiseStd, long seed) {
        if (contexts < 1 || arms < 2) {
            throw new IllegalArgumentException("a bandit needs at least 1 context and 2 arms, not "
                    + contexts + " and " + arms);
        }
        if (!(otherMean < 1.0) || !Double.isFinite(otherMean)) {
            throw new IllegalArgumentException("the other arms' mean must be finite and below 1, not " + otherMean);
        }
        if (!(noiseStd >= 0.0) || !Double.isFinite(noiseStd)) {
            throw new IllegalArgumentException("the noise must be finite and >= 0, not " + noiseStd);
        }
        this.contexts = contexts;
        this.arms = arms;
        this.otherMean = otherMean;
        this.noiseStd = noiseStd;
        this.bestArms = assignBestArms(contexts, arms, new SplittableRandom(seed));
    }

    private static int[] assignBestArms(int contexts, int arms, SplittableRandom random) {
        int[] order = new int[arms];
        for (int a = 0; a < arms; a++) {
            order[a] = a;
        }
        for (int i = arms - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
        int[] best = new int[contexts];
        for (int k = 0; k < contexts; k++) {
            best[k] = order[k % arms];
        }
        return best;
    }

    @Override
    public String name() {
        return "bandit";
    }

    @Override
    public int observationSize() {
        return contexts;
    }

    @Override
    public Distribution actionKind() {
        return Distribution.CATEGORICAL;
    }

    @Override
    public int actionSize() {
        return arms;
    }

    @Override
    public double[] reset(RandomGenerator rng) {
        this.rng = rng;
        return resetTo(rng.nextInt(contexts));
    }

    /** Starts an episode in a given context, for tests and evaluation; noise needs a {@link #reset} first. */
    public double[] resetTo(int context) {
        if (context < 0 || context >= contexts) {
            throw new IllegalArgumentException("context " + context + " is not in [0, " + contexts + ")");
        }
        this.context = context;
        running = true;
        return observation(context);
    }

    @Override
    public StepResult step(Action action) {
        if (!running) {
            throw new IllegalStateException("no episode is running: call reset first");
        }
        if (!(action instanceof Action.Discrete d) || d.index() < 0 || d.index() >= arms) {
            throw new IllegalArgumentException("bandit takes an arm in [0, " + arms + "), not " + action);
        }
        double noise = noiseStd > 0.0 ? noiseStd * noiseSource().nextGaussian() : 0.0;
        running = false;
        return new StepResult(observation(context), meanReward(context, d.index()) + noise, true, false);
    }

    /** mu(k, a): 1 for the best arm of context k, {@code otherMean} for the others. */
    public double meanReward(int context, int arm) {
        return arm == bestArm(context) ? 1.0 : otherMean;
    }

    /** The best arm of context k. */
    public int bestArm(int context) {
        return bestArms[context];
    }

    /** The best arm of the context an observation shows (its largest entry). */
    public int bestArm(double[] observation) {
        if (observation.length != contexts) {
            throw new IllegalArgumentException("an observation has " + contexts + " entries, not " + observation.length);
        }
        int k = 0;
        for (int i = 1; i < observation.length; i++) {
            if (observation[i] > observation[k]) {
                k = i;
            }
        }
        return bestArm(k);
    }

    private RandomGenerator noiseSource() {
        if (rng == null) {
            throw new IllegalStateException("a noisy bandit draws its noise from the generator given to reset");
        }
        return rng;
    }

    private double[] observation(int k) {
        double[] oneHot = new double[contexts];
        oneHot[k] = 1.0;
        return oneHot;
    }
}
