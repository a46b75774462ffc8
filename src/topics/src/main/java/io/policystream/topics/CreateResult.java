package io.policystream.topics;

import java.util.List;
import java.util.Map;

/**
 * What {@link TopicAdmin#create} did.
 *
 * @param created the topics it created
 * @param existing the topics that already existed and were left as they are
 * @param replication the replication each created topic got
 * @param brokers the brokers the cluster had
 */
public record CreateResult(List<String> created, List<String> existing, Map<String, Replication> replication,
                           int brokers) {

    public CreateResult {
        created = List.copyOf(created);
        existing = List.copyOf(existing);
        replication = Map.copyOf(replication);
    }

    /** A result without replication details. */
    public CreateResult(List<String> created, List<String> existing) {
        this(created, existing, Map.of(), 0);
    }
}
