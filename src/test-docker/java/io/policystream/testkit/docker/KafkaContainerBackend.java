package io.policystream.testkit.docker;

import io.policystream.testkit.KafkaCluster;
import org.testcontainers.kafka.KafkaContainer;

/**
 * The official {@code apache/kafka} image in KRaft mode through Testcontainers, for
 * {@code mvn -B verify -Pdocker}. The image tag follows the Kafka version of the build.
 */
public final class KafkaContainerBackend implements KafkaCluster.Backend {
    /** The image the integration tests run against with -Pdocker. */
    public static final String IMAGE = "apache/kafka:4.4.0";

    private KafkaContainer container;

    @Override
    public String start() {
        container = new KafkaContainer(IMAGE)
                .withEnv("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR", "1")
                .withEnv("KAFKA_TRANSACTION_STATE_LOG_MIN_ISR", "1")
                .withEnv("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR", "1")
                .withEnv("KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS", "0");
        container.start();
        return container.getBootstrapServers();
    }

    @Override
    public void close() {
        if (container != null) {
            container.stop();
        }
    }
}
