package io.policystream.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.policystream.config.LearnerConfig;
import io.policystream.metrics.LearnerMetrics;
import org.junit.jupiter.api.Test;

/** Every processor, store and internal topic is named, so a refactor never renames a changelog. */
class LearnerTopologyNamesTest {

    @Test
    void shouldNameEveryNodeStoreAndTopicOfTheAssembly() {
        LearnerConfig config = LearnerConfig.defaults();
        String description = LearnerTopology.of(config, LearnerMetrics.inMemory()).assembly().describe().toString();
        assertThat(description).doesNotContain("KSTREAM-").doesNotContain("KTABLE-")
                .doesNotContain("STATE-STORE-");
        assertThat(description).contains("decode-events", "assemble-trajectories", "send-trajectories",
                "gradients-sink", "episode-headers", "episode-chunks", "waiting-trajectories", "dlq-sink",
                config.applicationId() + "-gradients");
    }

    @Test
    void shouldNameEveryNodeStoreAndTopicOfTheWriter() {
        LearnerConfig config = LearnerConfig.defaults();
        String description = LearnerTopology.of(config, LearnerMetrics.inMemory()).writer().describe().toString();
        assertThat(description).doesNotContain("KSTREAM-").doesNotContain("KTABLE-")
                .doesNotContain("STATE-STORE-");
        assertThat(description).contains("gradients-source", "apply-updates", "learner-state", "pending-batches",
                "params-sink", "history-sink", config.applicationId() + "-gradients");
    }
}
