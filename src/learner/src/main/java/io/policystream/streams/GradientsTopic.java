package io.policystream.streams;

import io.policystream.config.LearnerConfig;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.streams.StreamsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The topic between the learner's two applications ({@link LearnerConfig#gradientsTopic()}),
 * treated as Kafka Streams treats a repartition topic: created by the learner with the events
 * topic's partition count, kept without a time limit, and emptied of what the writer has committed.
 */
final class GradientsTopic {
    private static final Logger LOG = LoggerFactory.getLogger(GradientsTopic.class);
    /** How often committed gradients are deleted (Kafka Streams' repartition.purge.interval.ms default). */
    static final Duration PURGE_INTERVAL = Duration.ofSeconds(30);

    private GradientsTopic() {
    }

    /**
     * The gradients topic's settings: no retention limit (a gradient goes only once the writer has
     * committed it), segments that roll within 10 minutes or 50 MB so that purged records free their
     * space, records up to {@link LearnerProperties#MAX_RECORD_BYTES}; then every {@code topic.}-prefixed
     * property of the learner, as for Kafka Streams' internal topics.
     */
    static Map<String, String> configs(Properties learner) {
        Map<String, String> c = new HashMap<>();
        c.put(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE);
        c.put(TopicConfig.RETENTION_MS_CONFIG, "-1");
        c.put(TopicConfig.SEGMENT_BYTES_CONFIG, Integer.toString(50 << 20));
        c.put(TopicConfig.SEGMENT_MS_CONFIG, Long.toString(Duration.ofMinutes(10).toMillis()));
        c.put(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(LearnerProperties.MAX_RECORD_BYTES));
        String prefix = StreamsConfig.topicPrefix("");
        for (String name : learner.stringPropertyNames()) {
            if (name.startsWith(prefix)) {
                c.put(name.substring(prefix.length()), learner.getProperty(name));
            }
        }
        return c;
    }

    /**
     * Creates the gradients topic with as many partitions as the events topic; another instance
     * creating it first is fine.
     */
    static void create(Admin admin, LearnerConfig config, Properties learner, Duration timeout)
            throws ExecutionException, TimeoutException, InterruptedException {
        int partitions = admin.describeTopics(List.of(config.eventsTopic())).allTopicNames()
                .get(timeout.toMillis(), TimeUnit.MILLISECONDS).get(config.eventsTopic()).partitions().size();
        short rf = Short.parseShort(learner.getProperty(StreamsConfig.REPLICATION_FACTOR_CONFIG, "-1"));
        NewTopic topic = new NewTopic(config.gradientsTopic(), Optional.of(partitions),
                rf < 1 ? Optional.empty() : Optional.of(rf)).configs(configs(learner));
        try {
            admin.createTopics(List.of(topic)).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            LOG.info("created the learner's gradients topic {} with {} partitions", config.gradientsTopic(), partitions);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
    }

    /**
     * Starts deleting, every {@link #PURGE_INTERVAL}, the gradients below the writer's committed
     * offsets, with {@code admin} (the caller closes it), waiting at most {@code timeout} for each call.
     */
    static Purge purge(LearnerConfig config, Admin admin, Duration timeout) {
        return new Purge(config, admin, timeout);
    }

    /** The running purge; {@link #close()} stops it (not its admin client). */
    static final class Purge implements AutoCloseable {
        private final LearnerConfig config;
        private final Admin admin;
        private final Duration timeout;
        private final ScheduledExecutorService timer;

        private Purge(LearnerConfig config, Admin admin, Duration timeout) {
            this.config = config;
            this.admin = admin;
            this.timeout = timeout;
            this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "policystream-gradients-purge");
                t.setDaemon(true);
                return t;
            });
            long ms = PURGE_INTERVAL.toMillis();
            timer.scheduleWithFixedDelay(this::purgeOnce, ms, ms, TimeUnit.MILLISECONDS);
        }

        /** Deletes the committed gradients now; returns how many partitions it trimmed, -1 on failure. */
        int purgeOnce() {
            try {
                Map<TopicPartition, OffsetAndMetadata> committed = admin
                        .listConsumerGroupOffsets(config.writerApplicationId()).partitionsToOffsetAndMetadata()
                        .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                Map<TopicPartition, RecordsToDelete> delete = new HashMap<>();
                committed.forEach((tp, offset) -> {
                    if (offset != null && tp.topic().equals(config.gradientsTopic()) && offset.offset() > 0) {
                        delete.put(tp, RecordsToDelete.beforeOffset(offset.offset()));
                    }
                });
                if (!delete.isEmpty()) {
                    admin.deleteRecords(delete).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                }
                return delete.size();
            } catch (ExecutionException | TimeoutException | RuntimeException e) {
                LOG.debug("could not delete committed gradients from {} (tried again in {} s): {}",
                        config.gradientsTopic(), PURGE_INTERVAL.toSeconds(), e.toString());
                return -1;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return -1;
            }
        }

        @Override
        public void close() {
            timer.shutdownNow();
        }
    }
}
