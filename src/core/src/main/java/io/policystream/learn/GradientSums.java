package io.policystream.learn;

import io.policystream.trajectory.Trajectory;
import java.util.Arrays;

/**
 * The sufficient statistics of the policy-gradient estimate over a set of trajectories: sums that
 * add up exactly, so gradients computed in parallel (per trajectory, per partition) combine into
 * the batch's gradient without approximation.
 *
 * <p>With the raw advantage {@code a_t} ({@code G_t}, or {@code G_t - V(s_t)} with a value
 * baseline), the importance weight {@code w_t} and {@code g_t = grad_theta log pi_theta(u_t|s_t)},
 * a batch's ascent direction for a final advantage {@code A_t = (a_t - c) / s} is
 * {@code sum_t w_t g_t (a_t - c) / s = (S1 - c S0) / s}, with {@code S1 = sum_t w_t a_t g_t} and
 * {@code S0 = sum_t w_t g_t}. The scalars {@code c} and {@code s} (a running-mean baseline, the
 * batch's advantage mean and standard deviation) are known only once the batch is whole, which is
 * why S0 is kept apart. A mutable accumulator: methods that change it end in {@code InPlace}.
 *
 * <p>What the learner measures about the trajectories and that takes no part in the estimate rides
 * along apart, in {@link #diagnostics()}.
 */
public final class GradientSums {
    final String policy;
    long computedAtVersion;
    int trajectories;
    long steps;
    /** S1 = sum_t w_t a_t g_t (+ beta * grad H_t when the entropy bonus is folded in). */
    final double[] advantageGrad;
    /** S0 = sum_t w_t g_t, or null when no baseline shift or normalisation needs it. */
    final double[] weightGrad;
    /** E = sum_t grad H_t when it must stay apart from S1 (normalised advantages), else null. */
    final double[] entropyGrad;
    /** sum_t (V(s_t) - G_t) grad_phi V(s_t), the value loss gradient, or null. */
    final double[] valueGrad;
    double sumAdvantage;
    double sumAdvantageSq;
    double sumReturn;
    double sumEntropy;
    double sumWeight;
    long truncatedWeights;
    long reweightedSteps;
    /** What is measured about these trajectories beside the estimate. */
    final BatchDiagnostics diagnostics = new BatchDiagnostics();

    /** The most states of one trajectory kept for the KL diagnostic ({@link BatchDiagnostics#SAMPLE_STATES}). */
    public static final int SAMPLE_STATES = BatchDiagnostics.SAMPLE_STATES;

    GradientSums(String policy, long computedAtVersion, int thetaSize, boolean withWeights, boolean withEntropy,
                 int valueSize) {
        this(policy, computedAtVersion, thetaSize, withWeights, withEntropy, valueSize, double[]::new);
    }

    /** As the other constructor, with its zero vectors from {@code zeros}. */
    private GradientSums(String policy, long computedAtVersion, int thetaSize, boolean withWeights,
                         boolean withEntropy, int valueSize, java.util.function.IntFunction<double[]> zeros) {
        this.policy = policy;
        this.computedAtVersion = computedAtVersion;
        this.advantageGrad = zeros.apply(thetaSize);
        this.weightGrad = withWeights ? zeros.apply(thetaSize) : null;
        this.entropyGrad = withEntropy ? zeros.apply(thetaSize) : null;
        this.valueGrad = valueSize > 0 ? zeros.apply(valueSize) : null;
    }

    /** Empty sums shaped for a policy's params and rules, to merge contributions into. */
    public static GradientSums empty(String policy, long version, int thetaSize, int valueSize, LearningRules rules) {
        return new GradientSums(policy, version, thetaSize, needsWeightGrad(rules), needsSeparateEntropy(rules),
                valueSize);
    }

    /** {@link #empty}, with vectors from {@code spare}. */
    static GradientSums empty(String policy, long version, int thetaSize, int valueSize, LearningRules rules,
                              SpareArrays spare) {
        return new GradientSums(policy, version, thetaSize, needsWeightGrad(rules), needsSeparateEntropy(rules),
                valueSize, spare::zeros);
    }

    static boolean needsWeightGrad(LearningRules r) {
        return r.normalizeAdvantages() || r.baseline() == BaselineKind.MEAN;
    }

    static boolean needsSeparateEntropy(LearningRules r) {
        return r.normalizeAdvantages() && r.entropyCoef() > 0.0;
    }

    /** Adds {@code other} into this: the sums of the union of both sets of trajectories. */
    public void plusInPlace(GradientSums other) {
        if (!policy.equals(other.policy) || advantageGrad.length != other.advantageGrad.length
                || (weightGrad == null) != (other.weightGrad == null)
                || (entropyGrad == null) != (other.entropyGrad == null)
                || (valueGrad == null) != (other.valueGrad == null)) {
            throw new IllegalArgumentException("gradient sums of different shapes cannot be added");
        }
        computedAtVersion = Math.min(computedAtVersion, other.computedAtVersion);
        trajectories += other.trajectories;
        steps += other.steps;
        addInto(advantageGrad, other.advantageGrad);
        addInto(weightGrad, other.weightGrad);
        addInto(entropyGrad, other.entropyGrad);
        addInto(valueGrad, other.valueGrad);
        sumAdvantage += other.sumAdvantage;
        sumAdvantageSq += other.sumAdvantageSq;
        sumReturn += other.sumReturn;
        sumEntropy += other.sumEntropy;
        sumWeight += other.sumWeight;
        truncatedWeights += other.truncatedWeights;
        reweightedSteps += other.reweightedSteps;
        diagnostics.plusInPlace(other.diagnostics);
    }

    private static void addInto(double[] dst, double[] src) {
        if (dst == null) {
            return;
        }
        for (int i = 0; i < dst.length; i++) {
            dst[i] += src[i];
        }
    }

    public String policy() {
        return policy;
    }

    /** The oldest params version any of these gradients was computed at. */
    public long computedAtVersion() {
        return computedAtVersion;
    }

    public int trajectories() {
        return trajectories;
    }

    public long steps() {
        return steps;
    }

    /** Mean entropy of the policy over the steps. */
    public double meanEntropy() {
        return steps == 0 ? 0.0 : sumEntropy / steps;
    }

    /** Mean importance weight over the steps (1 when every action came from the version computed at). */
    public double meanWeight() {
        return steps == 0 ? 1.0 : sumWeight / steps;
    }

    /** Steps whose importance ratio exceeded importance.clip and was truncated. */
    public long truncatedWeights() {
        return truncatedWeights;
    }

    /** Steps acted by another version than the one the gradient was computed at. */
    public long reweightedSteps() {
        return reweightedSteps;
    }

    /** What is measured about these trajectories beside the estimate (changes with these sums). */
    public BatchDiagnostics diagnostics() {
        return diagnostics;
    }

    /** Copies of the internal vectors and scalars, for codecs: see {@link #restore}. */
    public Snapshot snapshot() {
        return new Snapshot(policy, computedAtVersion, trajectories, steps, copy(advantageGrad), copy(weightGrad),
                copy(entropyGrad), copy(valueGrad), new double[] {sumAdvantage, sumAdvantageSq, sumReturn, sumEntropy,
                    sumWeight, diagnostics.sumEpisodeReward, diagnostics.sumValueLoss},
                new long[] {truncatedWeights, reweightedSteps}, diagnostics.maxEventTime,
                diagnostics.sampleStateSize, diagnostics.sampleStates.clone(), diagnostics.endTimes());
    }

    /** Rebuilds sums from a {@link Snapshot}. */
    public static GradientSums restore(Snapshot s) {
        GradientSums g = new GradientSums(s.policy(), s.computedAtVersion(), s.advantageGrad().length,
                s.weightGrad() != null, s.entropyGrad() != null, s.valueGrad() == null ? 0 : s.valueGrad().length);
        g.trajectories = s.trajectories();
        g.steps = s.steps();
        System.arraycopy(s.advantageGrad(), 0, g.advantageGrad, 0, g.advantageGrad.length);
        if (g.weightGrad != null) {
            System.arraycopy(s.weightGrad(), 0, g.weightGrad, 0, g.weightGrad.length);
        }
        if (g.entropyGrad != null) {
            System.arraycopy(s.entropyGrad(), 0, g.entropyGrad, 0, g.entropyGrad.length);
        }
        if (g.valueGrad != null) {
            System.arraycopy(s.valueGrad(), 0, g.valueGrad, 0, g.valueGrad.length);
        }
        double[] d = s.scalars();
        g.sumAdvantage = d[0];
        g.sumAdvantageSq = d[1];
        g.sumReturn = d[2];
        g.sumEntropy = d[3];
        g.sumWeight = d[4];
        g.diagnostics.sumEpisodeReward = d[5];
        g.diagnostics.sumValueLoss = d[6];
        g.truncatedWeights = s.counts()[0];
        g.reweightedSteps = s.counts()[1];
        g.diagnostics.maxEventTime = s.maxEventTime();
        if (s.endTimes() != null) {
            g.diagnostics.appendEndTimes(s.endTimes(), s.endTimes().length);
        }
        g.diagnostics.restoreSampleStates(s.sampleStates(), s.sampleStateSize());
        return g;
    }

    private static double[] copy(double[] a) {
        return a == null ? null : a.clone();
    }

    /**
     * The content of a {@link GradientSums}, for serialisation.
     *
     * @param scalars sumAdvantage, sumAdvantageSq, sumReturn, sumEntropy, sumWeight, sumEpisodeReward, sumValueLoss
     * @param counts truncatedWeights, reweightedSteps
     * @param maxEventTime the latest event time, {@link Long#MIN_VALUE} when unknown
     * @param sampleStateSize the length of one sample state, 0 when there is none
     * @param sampleStates the sample states, flattened (may be empty)
     * @param endTimes the last event time of each trajectory whose time is known (may be empty)
     */
    public record Snapshot(String policy, long computedAtVersion, int trajectories, long steps,
                           double[] advantageGrad, double[] weightGrad, double[] entropyGrad, double[] valueGrad,
                           double[] scalars, long[] counts, long maxEventTime, int sampleStateSize,
                           double[] sampleStates, long[] endTimes) {

        /** A snapshot without the trajectories' end times (the format written before they existed). */
        public Snapshot(String policy, long computedAtVersion, int trajectories, long steps, double[] advantageGrad,
                        double[] weightGrad, double[] entropyGrad, double[] valueGrad, double[] scalars,
                        long[] counts, long maxEventTime, int sampleStateSize, double[] sampleStates) {
            this(policy, computedAtVersion, trajectories, steps, advantageGrad, weightGrad, entropyGrad, valueGrad,
                    scalars, counts, maxEventTime, sampleStateSize, sampleStates, new long[0]);
        }

        /** A snapshot without the diagnostics (the format written before they existed). */
        public Snapshot(String policy, long computedAtVersion, int trajectories, long steps, double[] advantageGrad,
                        double[] weightGrad, double[] entropyGrad, double[] valueGrad, double[] scalars,
                        long[] counts) {
            this(policy, computedAtVersion, trajectories, steps, advantageGrad, weightGrad, entropyGrad, valueGrad,
                    scalars, counts, Long.MIN_VALUE, 0, new double[0], new long[0]);
        }
    }
}
