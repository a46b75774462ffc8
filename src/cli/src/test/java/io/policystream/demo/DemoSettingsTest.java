package io.policystream.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.policystream.config.LearnerConfig;
import io.policystream.config.ProcessingGuarantee;
import io.policystream.topics.TopicDefinition;
import io.policystream.topics.TopicDefinitions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The demo's own Kafka settings: exactly-once with its commit interval, and its topics. */
class DemoSettingsTest {

    private static Demo.Settings settings(Map<String, String> extra) {
        return new Demo.Settings(DemoEnvironment.CARTPOLE, 4, 3000, 1, null, extra, Path.of("out"),
                Duration.ofMinutes(1));
    }

    @Test
    void learnsExactlyOnceWithTheDemosCommitInterval() {
        LearnerConfig conf = Demo.config(settings(Map.of()));

        assertThat(conf.processingGuarantee()).isEqualTo(ProcessingGuarantee.EXACTLY_ONCE_V2);
        assertThat(conf.commitIntervalMs()).isEqualTo(Demo.COMMIT_INTERVAL_MS);
    }

    @Test
    void theUsersSettingsWin() {
        assertThat(Demo.config(settings(Map.of("commit.interval.ms", "20"))).commitIntervalMs()).isEqualTo(20);
    }

    @Test
    void onItsEmbeddedBrokerTheEventsTopicHasOnePartitionAndTheOthersAreBundled() {
        Map<String, TopicDefinition> bundled = byName(TopicDefinitions.loadBundled());
        Map<String, TopicDefinition> embedded = byName(Demo.topics(true));

        assertThat(embedded.keySet()).isEqualTo(bundled.keySet());
        assertThat(embedded.get("policystream.events").partitions()).isEqualTo(Demo.EMBEDDED_EVENT_PARTITIONS);
        assertThat(embedded.get("policystream.events").configs()).isEqualTo(bundled.get("policystream.events").configs());
        bundled.keySet().stream().filter(n -> !n.equals("policystream.events"))
                .forEach(n -> assertThat(embedded.get(n)).isEqualTo(bundled.get(n)));
    }

    @Test
    void onAClusterTheBundledTopicsStand() {
        assertThat(Demo.topics(false)).isEqualTo(TopicDefinitions.loadBundled());
    }

    private static Map<String, TopicDefinition> byName(java.util.List<TopicDefinition> topics) {
        return topics.stream().collect(java.util.stream.Collectors.toMap(TopicDefinition::name, t -> t));
    }
}
