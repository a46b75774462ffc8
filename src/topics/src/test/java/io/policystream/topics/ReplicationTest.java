package io.policystream.topics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The replication rule, and what {@code topics check} says of a topic on clusters of each size. */
class ReplicationTest {

    @Test
    void shouldChooseTheFactorForTheClusterSize() {
        assertThat(Replication.defaultFactor(1)).isEqualTo(1);
        assertThat(Replication.defaultFactor(2)).isEqualTo(2);
        assertThat(Replication.defaultFactor(3)).isEqualTo(3);
        assertThat(Replication.defaultFactor(7)).isEqualTo(3);
        assertThatThrownBy(() -> Replication.defaultFactor(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldKeepWritesGoingWithOneBrokerDown() {
        // max(1, min(2, factor - 1))
        assertThat(Replication.defaultMinInsyncReplicas(1)).isEqualTo(1);
        assertThat(Replication.defaultMinInsyncReplicas(2)).isEqualTo(1);
        assertThat(Replication.defaultMinInsyncReplicas(3)).isEqualTo(2);
        assertThat(Replication.defaultMinInsyncReplicas(5)).isEqualTo(2);
        for (int f = 2; f <= 6; f++) {
            assertThat(Replication.defaultMinInsyncReplicas(f)).as("factor %d", f).isLessThan(f);
        }
    }

    @Test
    void shouldResolveWhatWasAskedElseTheDefaults() {
        assertThat(Replication.resolve(null, null, 1)).isEqualTo(new Replication(1, 1));
        assertThat(Replication.resolve(null, null, 2)).isEqualTo(new Replication(2, 1));
        assertThat(Replication.resolve(null, null, 5)).isEqualTo(new Replication(3, 2));
        assertThat(Replication.resolve(2, null, 5)).isEqualTo(new Replication(2, 1));
        assertThat(Replication.resolve(5, 3, 5)).isEqualTo(new Replication(5, 3));
        assertThat(Replication.resolve(null, 3, 3)).isEqualTo(new Replication(3, 3));
    }

    @Test
    void shouldRefuseMoreCopiesThanBrokersOrMoreInSyncThanCopies() {
        assertThatThrownBy(() -> Replication.resolve(3, null, 1)).isInstanceOf(ReplicationException.class)
                .hasMessage("a replication factor of 3 needs at least 3 brokers, but the cluster has 1 broker; use 1 "
                        + "or less (the default chooses 1 for this cluster)");
        assertThatThrownBy(() -> Replication.resolve(4, null, 3)).hasMessageContaining("the cluster has 3 brokers");
        assertThatThrownBy(() -> Replication.resolve(null, 2, 1)).isInstanceOf(ReplicationException.class)
                .hasMessageContaining("min.insync.replicas must be between 1 and the replication factor 1, not 2")
                .hasMessageContaining("no acks=all write could ever succeed");
        assertThatThrownBy(() -> new Replication(0, 1)).isInstanceOf(ReplicationException.class);
    }

    private static final TopicDefinition EVENTS = new TopicDefinition("events", 4, TopicDefinition.CLUSTER_DEFAULT,
            Map.of("cleanup.policy", "delete"));

    private static Map<String, String> configs(int minIsr) {
        return Map.of("cleanup.policy", "delete", "min.insync.replicas", Integer.toString(minIsr));
    }

    @Test
    void shouldFindATopicAsTheClusterAllowsInOrder() {
        assertThat(TopicAdmin.differences(EVENTS, 4, 1, configs(1), 1, null, null)).isEmpty();
        assertThat(TopicAdmin.differences(EVENTS, 4, 2, configs(1), 2, null, null)).isEmpty();
        assertThat(TopicAdmin.differences(EVENTS, 4, 3, configs(2), 3, null, null)).isEmpty();
        assertThat(TopicAdmin.differences(EVENTS, 4, 3, configs(2), 9, null, null)).isEmpty();
    }

    @Test
    void shouldReportATopicReplicatedLessThanTheClusterAllows() {
        assertThat(TopicAdmin.differences(EVENTS, 4, 1, configs(1), 3, null, null)).containsExactly(
                "events: replication factor 1 is less than the cluster of 3 brokers allows (3): losing a broker loses "
                        + "partitions; reassign its partitions to 3 replicas");
        assertThat(TopicAdmin.differences(EVENTS, 4, 2, configs(1), 5, null, null)).singleElement().asString()
                .startsWith("events: replication factor 2 is less than the cluster of 5 brokers allows (3)");
        // A definition that pins one copy is still reported where the cluster allows more.
        TopicDefinition pinned = new TopicDefinition("events", 4, 1, Map.of());
        assertThat(TopicAdmin.differences(pinned, 4, 1, configs(1), 3, null, null)).singleElement().asString()
                .contains("less than the cluster of 3 brokers allows (3)");
    }

    @Test
    void shouldReportAFactorOrMinInSyncOtherThanAsked() {
        assertThat(TopicAdmin.differences(EVENTS, 4, 3, configs(2), 3, 2, null)).containsExactly(
                "events: replication factor: expected 2, actual 3");
        assertThat(TopicAdmin.differences(EVENTS, 4, 3, configs(2), 3, 3, null)).isEmpty();
        assertThat(TopicAdmin.differences(EVENTS, 4, 3, configs(1), 3, null, null)).containsExactly(
                "events: config min.insync.replicas: expected 2 (for replication factor 3), actual 1");
        assertThat(TopicAdmin.differences(EVENTS, 4, 3, configs(2), 3, null, 3)).containsExactly(
                "events: config min.insync.replicas: expected 3, actual 2");
        // A definition that sets min.insync.replicas is compared as any other config.
        TopicDefinition set = new TopicDefinition("events", 4, TopicDefinition.CLUSTER_DEFAULT,
                Map.of("min.insync.replicas", "1"));
        assertThat(TopicAdmin.differences(set, 4, 3, configs(1), 3, null, null)).isEmpty();
    }
}
