package io.policystream.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.policystream.config.LearnerConfig;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

/** The learner's two Kafka Streams applications: their ids, shared settings and the settings a user may override. */
class LearnerPropertiesTest {
    private static final Path STATE = Path.of("/tmp/policystream-state");

    @Test
    void shouldRunTheWriterUnderItsOwnApplicationIdWithTheAssemblysOtherSettings() {
        LearnerConfig config = LearnerConfig.fromMap(Map.of("application.id", "shop", "commit.interval.ms", "20"));
        Properties assembly = LearnerProperties.assembly(config, new Properties(), STATE);
        Properties writer = LearnerProperties.writer(config, assembly);

        assertThat(assembly.getProperty(StreamsConfig.APPLICATION_ID_CONFIG)).isEqualTo("shop");
        assertThat(writer.getProperty(StreamsConfig.APPLICATION_ID_CONFIG)).isEqualTo("shop-writer");
        assertThat(config.gradientsTopic()).isEqualTo("shop-gradients");
        Properties rest = new Properties();
        rest.putAll(writer);
        rest.put(StreamsConfig.APPLICATION_ID_CONFIG, "shop");
        rest.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, assembly.get(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG));
        assertThat(rest).isEqualTo(assembly);
    }

    private static Object writersCommitInterval(String... kv) {
        Map<String, String> conf = new java.util.HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            conf.put(kv[i], kv[i + 1]);
        }
        LearnerConfig config = LearnerConfig.fromMap(conf);
        return LearnerProperties.writer(config, LearnerProperties.assembly(config, new Properties(), STATE))
                .get(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG);
    }

    @Test
    void shouldLetTheWriterCommitOnItsOwnOnlyRarelyUnderExactlyOnceSinceItCommitsAfterEachVersion() {
        assertThat(writersCommitInterval("commit.interval.ms", "20")).isEqualTo(1_000L);
        assertThat(writersCommitInterval("commit.interval.ms", "5000")).isEqualTo(5_000L);
        assertThat(writersCommitInterval("commit.interval.ms", "20", "processing.guarantee", "at_least_once"))
                .isEqualTo(20L);
    }

    @Test
    void shouldGiveTheWriterItsOwnClientIdWhenTheUserSetsOne() {
        LearnerConfig config = LearnerConfig.fromMap(Map.of("application.id", "shop"));
        Properties client = new Properties();
        client.put(StreamsConfig.CLIENT_ID_CONFIG, "learner-7");
        Properties writer = LearnerProperties.writer(config, LearnerProperties.assembly(config, client, STATE));

        assertThat(writer.getProperty(StreamsConfig.CLIENT_ID_CONFIG)).isEqualTo("learner-7-writer");
    }

    @Test
    void shouldNotIdleTasksToAlignPartitionsSinceEachTaskReadsOnePartitionButLetTheUserOverride() {
        LearnerConfig defaults = LearnerConfig.fromMap(Map.of());
        Properties assembly = LearnerProperties.assembly(defaults, new Properties(), STATE);
        assertThat(assembly.get(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG)).isEqualTo(-1L);
        assertThat(LearnerProperties.writer(defaults, assembly).get(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG))
                .isEqualTo(-1L);

        LearnerConfig waiting = LearnerConfig.fromMap(Map.of("streams.max.task.idle.ms", "0"));
        assertThat(LearnerProperties.assembly(waiting, new Properties(), STATE).get(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG))
                .isEqualTo("0");
    }

    @Test
    void shouldSetA64MiBRecordCacheThatTheUserMayOverride() {
        LearnerConfig defaults = LearnerConfig.fromMap(Map.of());
        assertThat(LearnerProperties.assembly(defaults, new Properties(), STATE)
                .get(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG)).isEqualTo(64L << 20);

        LearnerConfig small = LearnerConfig.fromMap(Map.of("streams.statestore.cache.max.bytes", "1048576"));
        assertThat(LearnerProperties.assembly(small, new Properties(), STATE)
                .get(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG)).isEqualTo("1048576");
    }

    @Test
    void shouldCreateTheGradientsTopicLikeARepartitionTopicWithTheUsersTopicSettings() {
        Properties learner = new Properties();
        learner.put(StreamsConfig.topicPrefix("min.insync.replicas"), "2");
        Map<String, String> configs = GradientsTopic.configs(learner);

        assertThat(configs).containsEntry("cleanup.policy", "delete").containsEntry("retention.ms", "-1")
                .containsEntry("max.message.bytes", Integer.toString(LearnerProperties.MAX_RECORD_BYTES))
                .containsEntry("min.insync.replicas", "2");
    }
}
