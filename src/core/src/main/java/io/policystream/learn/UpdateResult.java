package io.policystream.learn;

/**
 * What one batch did to a policy.
 *
 * @param state the state after the batch: a new version when applied, the old one when skipped
 * @param applied whether a new version was made
 * @param skipReason why not, or null
 * @param gradientNorm global L2 norm of the policy's loss gradient before clipping
 * @param clippedNorm its norm after clipping (equal when no clipping happened)
 * @param advantageMean mean of the raw advantages a_t over the batch's steps
 * @param advantageStd their population standard deviation
 * @param batch the batch's sums, for metrics
 */
public record UpdateResult(LearnerState state, boolean applied, String skipReason, double gradientNorm,
                           double clippedNorm, double advantageMean, double advantageStd, GradientSums batch) {
}
