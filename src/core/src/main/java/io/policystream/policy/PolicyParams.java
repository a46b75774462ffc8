package io.policystream.policy;

import java.util.Arrays;
import java.util.Objects;

/**
 * One published version of one policy: its architecture, its numbers and its provenance.
 *
 * <p>Immutable: the arrays are copied in and never handed out (read them with {@link #theta(int)},
 * {@link #copyTheta()}, ...). Networks in this package read them directly.
 */
public final class PolicyParams {
    private final String policy;
    private final long version;
    private final Architecture architecture;
    final double[] theta;
    final double[] value;
    private final long trajectories;
    private final long steps;
    private final long time;
    private final Provenance provenance;

    /** Params without {@link Provenance provenance}: learned or initialised. */
    public PolicyParams(String policy, long version, Architecture architecture, double[] theta, double[] value,
                        long trajectories, long steps, long time) {
        this(policy, version, architecture, theta, value, trajectories, steps, time, Provenance.NONE);
    }

    /**
     * @param policy policy id
     * @param version version number, 0 for the initial params
     * @param architecture the networks' shapes
     * @param theta the policy network's numbers then logStd (see {@link Architecture})
     * @param value the value network's numbers, or null when the architecture has none
     * @param trajectories trajectories consumed into this version
     * @param steps steps consumed into this version
     * @param time when this version was made, epoch milliseconds
     * @param provenance promoted or rolled back, or {@link Provenance#NONE}
     */
    public PolicyParams(String policy, long version, Architecture architecture, double[] theta, double[] value,
                        long trajectories, long steps, long time, Provenance provenance) {
        this.provenance = Objects.requireNonNull(provenance, "provenance");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.architecture = Objects.requireNonNull(architecture, "architecture");
        if (version < 0) {
            throw new IllegalArgumentException("version must be >= 0, not " + version);
        }
        if (theta.length != architecture.policyParamCount()) {
            throw new IllegalArgumentException("theta has " + theta.length + " numbers, the architecture needs "
                    + architecture.policyParamCount());
        }
        if (architecture.hasValue() != (value != null)
                || (value != null && value.length != architecture.valueParamCount())) {
            throw new IllegalArgumentException("value vector does not match the architecture");
        }
        this.version = version;
        this.theta = theta.clone();
        this.value = value == null ? null : value.clone();
        this.trajectories = trajectories;
        this.steps = steps;
        this.time = time;
    }

    public String policy() {
        return policy;
    }

    public long version() {
        return version;
    }

    public Architecture architecture() {
        return architecture;
    }

    public long trajectories() {
        return trajectories;
    }

    public long steps() {
        return steps;
    }

    public long time() {
        return time;
    }

    /** Promoted or rolled back, or {@link Provenance#NONE}. */
    public Provenance provenance() {
        return provenance;
    }

    /** Number i of theta. */
    public double theta(int i) {
        return theta[i];
    }

    /** Length of theta. */
    public int thetaSize() {
        return theta.length;
    }

    /** A copy of theta. */
    public double[] copyTheta() {
        return theta.clone();
    }

    /** Number i of the value network's vector. */
    public double value(int i) {
        return value[i];
    }

    /** A copy of the value vector, or null. */
    public double[] copyValue() {
        return value == null ? null : value.clone();
    }

    public boolean hasValue() {
        return value != null;
    }

    /** Whether every number is finite (params that are not are never published). */
    public boolean allFinite() {
        for (double d : theta) {
            if (!Double.isFinite(d)) {
                return false;
            }
        }
        if (value != null) {
            for (double d : value) {
                if (!Double.isFinite(d)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** A new version with other numbers and counts; the architecture stays, the provenance is none. */
    public PolicyParams next(long newVersion, double[] newTheta, double[] newValue, long newTrajectories,
                             long newSteps, long newTime) {
        return new PolicyParams(policy, newVersion, architecture, newTheta, newValue, newTrajectories, newSteps,
                newTime);
    }

    /**
     * The same numbers under another policy id, version, counts and time (promote, rollback, init);
     * the provenance is none, see {@link #withProvenance}.
     */
    public PolicyParams relabel(String newPolicy, long newVersion, long newTrajectories, long newSteps,
                                long newTime) {
        return new PolicyParams(newPolicy, newVersion, architecture, theta, value, newTrajectories, newSteps,
                newTime);
    }

    /** The same params with another provenance. */
    public PolicyParams withProvenance(Provenance newProvenance) {
        return new PolicyParams(policy, version, architecture, theta, value, trajectories, steps, time,
                newProvenance);
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        return o instanceof PolicyParams p && version == p.version && trajectories == p.trajectories
                && steps == p.steps && time == p.time && policy.equals(p.policy)
                && architecture.equals(p.architecture) && Arrays.equals(theta, p.theta)
                && Arrays.equals(value, p.value) && provenance.equals(p.provenance);
    }

    @Override
    public int hashCode() {
        return Objects.hash(policy, version, architecture, trajectories, steps, time, provenance) * 31
                + Arrays.hashCode(theta);
    }

    @Override
    public String toString() {
        return "PolicyParams[" + policy + " v" + version + " " + architecture.distribution().wireName() + " "
                + architecture.policyShape() + "]";
    }
}
