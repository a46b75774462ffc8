package io.policystream.eval;

import java.util.Map;

/**
 * The evaluation of one target policy.
 *
 * @param policy the target's policy id
 * @param version the target's version
 * @param report the estimates, or null when no trajectory could be used
 * @param skipped trajectories left out, by reason
 * @param valueModel what DR and WDR used, or why they are unavailable
 */
public record TargetEvaluation(String policy, long version, EvaluationReport report, Map<SkipReason, Long> skipped,
                               String valueModel) {
    public TargetEvaluation {
        skipped = Map.copyOf(skipped);
    }

    /** Trajectories used by the estimates. */
    public int used() {
        return report == null ? 0 : report.trajectories();
    }

    /** Trajectories left out, over all reasons. */
    public long skippedTotal() {
        return skipped.values().stream().mapToLong(Long::longValue).sum();
    }
}
