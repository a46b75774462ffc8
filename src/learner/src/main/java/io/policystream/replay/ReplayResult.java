package io.policystream.replay;

import io.policystream.policy.PolicyParams;
import java.util.List;

/**
 * What a shadow replay did.
 *
 * @param applicationId the shadow learner's application id
 * @param ranges the offsets of the source events topic that were replayed
 * @param records records replayed
 * @param initial the production versions the shadow started from, one per policy
 * @param versions the versions the shadow learner published, in order
 */
public record ReplayResult(String applicationId, List<PartitionRange> ranges, long records,
                           List<PolicyParams> initial, List<PolicyParams> versions) {
    public ReplayResult {
        ranges = List.copyOf(ranges);
        initial = List.copyOf(initial);
        versions = List.copyOf(versions);
    }
}
