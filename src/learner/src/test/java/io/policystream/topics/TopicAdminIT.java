package io.policystream.topics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.policystream.testkit.KafkaCluster;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** TopicAdmin against a real broker; each test uses topic names of its own, so tests do not interfere. */
class TopicAdminIT {

    @RegisterExtension
    static final KafkaCluster KAFKA = KafkaCluster.empty();

    @Test
    void shouldCreateTheProjectTopicsOnceAndLeaveThemOnTheSecondRun() {
        List<TopicDefinition> topics = prefixed(TopicDefinitions.loadBundled());
        List<String> names = topics.stream().map(TopicDefinition::name).toList();

        CreateResult first = create(topics);
        CreateResult second = create(topics);

        assertThat(first.created()).containsExactlyElementsOf(names);
        assertThat(first.existing()).isEmpty();
        assertThat(second.created()).isEmpty();
        assertThat(second.existing()).containsExactlyElementsOf(names);
    }

    @Test
    void shouldReportNoDifferenceAfterCreate() {
        List<TopicDefinition> topics = prefixed(TopicDefinitions.loadBundled());
        create(topics);

        assertThat(check(topics)).isEmpty();
    }

    @Test
    void shouldReportAMissingTopic() {
        TopicDefinition never = topic(1, 1, Map.of());

        assertThat(check(List.of(never))).containsExactly(never.name() + ": missing");
    }

    @Test
    void shouldReportPartitionAndReplicationDifferences() {
        TopicDefinition actual = topic(2, 1, Map.of());
        create(List.of(actual));
        TopicDefinition wanted = new TopicDefinition(actual.name(), 3, 2, Map.of());

        assertThat(check(List.of(wanted))).containsExactly(
                actual.name() + ": partitions: expected 3, actual 2",
                actual.name() + ": replication factor: expected 2, actual 1");
    }

    @Test
    void shouldReportEachConfigThatDiffers() {
        TopicDefinition actual = topic(1, 1, Map.of("retention.ms", "1000", "segment.ms", "3600000"));
        create(List.of(actual));
        TopicDefinition wanted = new TopicDefinition(actual.name(), 1, 1,
                Map.of("retention.ms", "2000", "segment.ms", "3600000", "cleanup.policy", "compact"));

        assertThat(check(List.of(wanted))).containsExactly(
                actual.name() + ": config cleanup.policy: expected compact, actual delete",
                actual.name() + ": config retention.ms: expected 2000, actual 1000");
    }

    @Test
    void shouldGiveUpWithClusterUnavailableWhenNoBrokerAnswers() throws IOException {
        Properties p = new Properties();
        p.setProperty(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + unusedPort());
        p.setProperty(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "1000");
        p.setProperty(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "1000");
        try (Admin admin = Admin.create(p)) {
            TopicAdmin topics = new TopicAdmin(admin, Duration.ofSeconds(1));

            assertThatThrownBy(() -> topics.check(List.of(topic(1, 1, Map.of()))))
                    .isInstanceOf(ClusterUnavailableException.class)
                    .hasMessageContaining("did not answer within 1 s");
        }
    }

    private static int unusedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static TopicDefinition topic(int partitions, int replication, Map<String, String> configs) {
        return new TopicDefinition("it-" + UUID.randomUUID(), partitions, replication, configs);
    }

    private static List<TopicDefinition> prefixed(List<TopicDefinition> topics) {
        String prefix = "it-" + UUID.randomUUID() + ".";
        return topics.stream().map(t -> t.withName(prefix + t.name())).toList();
    }

    private static CreateResult create(List<TopicDefinition> topics) {
        try (Admin admin = KAFKA.admin()) {
            return new TopicAdmin(admin, KafkaCluster.TIMEOUT).create(topics);
        }
    }

    private static List<String> check(List<TopicDefinition> topics) {
        try (Admin admin = KAFKA.admin()) {
            return new TopicAdmin(admin, KafkaCluster.TIMEOUT).check(topics);
        }
    }
}
