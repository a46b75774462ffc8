package io.policystream.topics;

import java.util.List;

/**
 * What {@link TopicAdmin#create} did.
 *
 * @param created the topics it created
 * @param existing the topics that already existed and were left as they are
 */
public record CreateResult(List<String> created, List<String> existing) {

    public CreateResult {
        created = List.copyOf(created);
        existing = List.copyOf(existing);
    }
}
