package io.policystream.trajectory;

import java.util.Arrays;

/**
 * The late rewards of one step: their sum, and a fingerprint of each distinct reward event, so
 * that an exact duplicate is counted once.
 *
 * @param sum the sum of the distinct late rewards
 * @param fingerprints one 64-bit fingerprint per distinct reward event
 */
public record RewardTally(double sum, long[] fingerprints) {

    public RewardTally {
        fingerprints = fingerprints.clone();
    }

    static final RewardTally EMPTY = new RewardTally(0.0, new long[0]);

    boolean contains(long fingerprint) {
        for (long f : fingerprints) {
            if (f == fingerprint) {
                return true;
            }
        }
        return false;
    }

    RewardTally plus(double reward, long fingerprint) {
        long[] f = Arrays.copyOf(fingerprints, fingerprints.length + 1);
        f[fingerprints.length] = fingerprint;
        return new RewardTally(sum + reward, f);
    }

    @Override
    public long[] fingerprints() {
        return fingerprints.clone();
    }

    public int count() {
        return fingerprints.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RewardTally r && Double.compare(sum, r.sum) == 0
                && Arrays.equals(fingerprints, r.fingerprints);
    }

    @Override
    public int hashCode() {
        return Double.hashCode(sum) * 31 + Arrays.hashCode(fingerprints);
    }
}
