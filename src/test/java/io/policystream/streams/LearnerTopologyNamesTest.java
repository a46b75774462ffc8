package io.policystream.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.policystream.config.LearnerConfig;
import io.policystream.metrics.LearnerMetrics;
import org.junit.jupiter.api.Test;

/** Every processor, store and internal topic is named, so a refactor never renames a changelog. */
class LearnerTopologyNamesTest {

    @Test
    void shouldNameEveryNodeStoreAndInternalTopic() {
        String description = LearnerTopology.build(LearnerConfig.defaults(), LearnerMetrics.inMemory())
                .describe().toString();
        assertThat(description).doesNotContain("KSTREAM-").doesNotContain("KTABLE-")
                .doesNotContain("STATE-STORE-");
        assertThat(description).contains("decode-events", "assemble-trajectories", "compute-gradients",
                "apply-updates", "gradients-repartition", "episode-headers", "episode-chunks", "learner-state",
                "pending-batches", "waiting-trajectories", "dlq-sink", "params-sink", "history-sink");
    }
}
