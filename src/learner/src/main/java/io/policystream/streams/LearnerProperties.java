package io.policystream.streams;

import io.policystream.config.LearnerConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The Kafka Streams properties of the learner's two applications: the assembly's
 * ({@link #assembly}), from the configuration, the client properties and the learner's own
 * settings below; and the writer's ({@link #writer}), the same under the writer's application id.
 * The configuration's {@code kafka.} and {@code streams.} properties, then the client properties,
 * win over the learner's settings.
 */
public final class LearnerProperties {
    /** Largest record the learner produces and its internal topics accept: params and gradients of large networks. */
    public static final int MAX_RECORD_BYTES = 16 << 20;

    /** The learner's default record cache per application (statestore.cache.max.bytes), shared by its threads. */
    public static final long CACHE_BYTES = 64L << 20;

    /**
     * How long the group waits for an instance that stopped heartbeating (crashed and not restarted,
     * or cut off) before giving its tasks to the others, for both applications. A restarted instance
     * does not wait for it: it comes back under the same static member id. Set
     * {@code streams.session.timeout.ms} to change it.
     */
    public static final Duration SESSION_TIMEOUT = Duration.ofSeconds(20);
    /** How often a member heartbeats: well within the session, Kafka's default. */
    public static final Duration HEARTBEAT_INTERVAL = Duration.ofSeconds(3);

    /**
     * How often the writer commits on its own under exactly-once, at least: it asks for a commit
     * right after each version (at most once per commit.interval.ms), so its own interval only
     * commits the gradients that have made no version yet.
     */
    static final long WRITER_IDLE_COMMIT_MS = 1_000;

    private LearnerProperties() {
    }

    /**
     * The assembly's properties (application id {@code application.id}): the configuration's
     * application id, servers, processing guarantee and commit interval, the learner's settings,
     * then the configuration's Kafka and Streams properties and {@code client}.
     *
     * @param client Kafka client properties (bootstrap.servers, security, ...); they win over the config's
     * @param stateDir where the state stores live
     */
    public static Properties assembly(LearnerConfig config, Properties client, Path stateDir) {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, config.applicationId());
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, config.processingGuarantee().wireName());
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, config.commitIntervalMs());
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        // A version should reach the actors quickly: do not hold produced records back.
        p.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), 5);
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        // Static membership (StaticMembership) lets a restarted instance take its tasks back at once; the
        // session only bounds how long a member that does not come back keeps its tasks from the others.
        p.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, (int) SESSION_TIMEOUT.toMillis());
        p.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, (int) HEARTBEAT_INTERVAL.toMillis());
        // The record cache absorbs the rewrites of an episode's open chunk between commits. Kafka Streams
        // evicts from the store being written once the cache is full, so with the 10 MiB default (filled
        // by the headers of recently closed episodes) every put of a store with few hot entries went
        // straight to its changelog: 1.5 KB per event instead of 20 B.
        p.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, CACHE_BYTES);
        p.put("processing.exception.handler.global.enabled", "true");
        // Under exactly-once a record becomes visible at its transaction's commit; a long fetch wait would
        // hold each hop (events, gradients, params) back by up to 500 ms.
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG), 20);
        p.put(StreamsConfig.POLL_MS_CONFIG, 10);
        // Each task of the assembly and of the writer reads one partition (the params are a global store),
        // so waiting to line up several partitions' timestamps buys nothing; with the default of 0 Kafka
        // Streams still checks every idle task on each pass of its loop and formats a log line while
        // doing it, 4.5% of the assembly thread's samples (BENCHMARKS.md).
        p.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, StreamsConfig.MAX_TASK_IDLE_MS_DISABLED);
        // A gradients record holds two theta-sized vectors: 74 KB at 4-64-64-2, 1.15 MB at 17-256-256-6, whose
        // params JSON is 1.4 MB. Kafka's 1 MiB defaults would refuse the large ones: raise the producer's request
        // size and the internal topics' record size (the params topics' own files do the same).
        p.put(StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG), MAX_RECORD_BYTES);
        p.put(StreamsConfig.topicPrefix(TopicConfig.MAX_MESSAGE_BYTES_CONFIG), MAX_RECORD_BYTES);
        p.putAll(config.kafkaProperties());
        p.putAll(config.streamsProperties());
        p.putAll(client);
        return p;
    }

    /**
     * The writer's properties (application id {@code application.id-writer}): the assembly's, under
     * the writer's application id (and client id, when one is set); under exactly-once a commit
     * interval of at least {@link #WRITER_IDLE_COMMIT_MS}.
     */
    public static Properties writer(LearnerConfig config, Properties assembly) {
        Properties p = new Properties();
        p.putAll(assembly);
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, config.writerApplicationId());
        String clientId = assembly.getProperty(StreamsConfig.CLIENT_ID_CONFIG);
        if (clientId != null && !clientId.isEmpty()) {
            p.put(StreamsConfig.CLIENT_ID_CONFIG, clientId + "-writer");
        }
        if (StreamsConfig.EXACTLY_ONCE_V2.equals(String.valueOf(p.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG)))) {
            long interval = Long.parseLong(String.valueOf(p.get(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG)));
            p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, Math.max(interval, WRITER_IDLE_COMMIT_MS));
        }
        return p;
    }
}
