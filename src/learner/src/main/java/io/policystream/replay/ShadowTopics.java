package io.policystream.replay;

import io.policystream.config.LearnerConfig;
import io.policystream.topics.TopicDefinition;
import io.policystream.topics.TopicDefinitions;
import java.util.List;

/**
 * The topics of a shadow learner: its own params, history and dead-letter topics, and a scratch
 * topic holding the replayed range as its input.
 *
 * @param params the shadow params topic
 * @param history every shadow version
 * @param dlq the shadow's dead letters
 * @param events the scratch input topic, one partition, deleted after a replay
 */
public record ShadowTopics(String params, String history, String dlq, String events) {

    /** The default names around a params topic T2: T2.history, T2.dlq and T2.events. */
    public static ShadowTopics around(String params, String history, String dlq) {
        return new ShadowTopics(params, history != null ? history : params + ".history",
                dlq != null ? dlq : params + ".dlq", params + ".events");
    }

    /**
     * The project's topic definitions (topics/) under these names; the scratch topic has one
     * partition, so the learner reads the replayed records in exactly the order they were written.
     */
    public List<TopicDefinition> definitions() {
        List<TopicDefinition> bundled = TopicDefinitions.loadBundled();
        return List.of(named(bundled, "policystream.params", params),
                named(bundled, "policystream.params.history", history),
                named(bundled, "policystream.dlq", dlq),
                singlePartition(named(bundled, "policystream.events", events)));
    }

    /** The learner configuration entries that point a learner at these topics. */
    public void applyTo(java.util.Map<String, String> entries) {
        entries.put(LearnerConfig.TOPIC_EVENTS.name(), events);
        entries.put(LearnerConfig.TOPIC_PARAMS.name(), params);
        entries.put(LearnerConfig.TOPIC_HISTORY.name(), history);
        entries.put(LearnerConfig.TOPIC_DLQ.name(), dlq);
    }

    private static TopicDefinition named(List<TopicDefinition> bundled, String name, String newName) {
        return bundled.stream().filter(d -> d.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalStateException("topics/ has no definition of " + name))
                .withName(newName);
    }

    private static TopicDefinition singlePartition(TopicDefinition d) {
        return new TopicDefinition(d.name(), 1, d.replicationFactor(), d.configs());
    }
}
