package io.policystream.client;

import io.policystream.event.Event;
import io.policystream.wire.EventCodec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes what actors did to the events topic, exactly as the wire format says: a {@code step}
 * event per decision (with the decision's log-prob and version) and {@code reward} events for
 * rewards that arrive later. An idempotent producer, keyed by episode; {@link #close()} flushes.
 * Thread-safe.
 */
public final class EpisodeRecorder implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EpisodeRecorder.class);
    /**
     * The longest {@link #send} may block (Kafka's {@code max.block.ms}, unless the client properties
     * set it). During a broker outage the producer soon forgets the topic's partitions (it falls back
     * to its bootstrap servers) and a send then waits for them: with Kafka's default of 60 s an acting
     * request would hold its HTTP thread that long, and a few of them would starve even
     * {@code /health}. After this bound the send fails, and the acting service answers 503 (retry).
     */
    public static final Duration MAX_BLOCK = Duration.ofSeconds(2);

    private final KafkaProducer<byte[], byte[]> producer;
    private final String topic;
    private final EventCodec codec = new EventCodec();
    private final LongSupplier clock;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private volatile ActingMetrics metrics;

    /**
     * @param kafka client properties of the cluster (bootstrap.servers, security, ...)
     * @param eventsTopic the events topic
     */
    public EpisodeRecorder(Properties kafka, String eventsTopic) {
        this(kafka, eventsTopic, System::currentTimeMillis);
    }

    EpisodeRecorder(Properties kafka, String eventsTopic, LongSupplier clock) {
        Properties p = new Properties();
        p.putAll(kafka);
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 5);
        p.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) MAX_BLOCK.toMillis());
        this.producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
        this.topic = eventsTopic;
        this.clock = clock;
    }

    /** Counts send errors in {@code m} too; returns this recorder. */
    public EpisodeRecorder withMetrics(ActingMetrics m) {
        this.metrics = m;
        return this;
    }

    /** Records decision t of an episode, with the reward it earned at once (0 if it comes later). */
    public void step(String episode, long t, double[] state, Decision decision, double reward, boolean done,
                     boolean truncated) {
        send(Event.step(decision.policy(), episode, t, state, decision.action(), decision.logProb(),
                decision.version(), reward, done, truncated, clock.getAsLong()));
    }

    /** Records a reward for step t that arrived after its decision; it may also end the episode. */
    public void reward(String policy, String episode, long t, double reward, boolean done, boolean truncated) {
        send(Event.reward(policy, episode, t, reward, done, truncated, clock.getAsLong()));
    }

    /**
     * Records any event as is.
     *
     * @throws org.apache.kafka.common.KafkaException when the producer refuses the event at once, for
     *     example when the topic's partitions are not known within {@link #MAX_BLOCK} during a broker
     *     outage: the event is not recorded, and the caller must not act as if it were
     */
    public void send(Event e) {
        byte[] json = codec.encode(e);
        java.util.concurrent.Future<?> written = producer.send(new ProducerRecord<>(topic, e.episode().getBytes(StandardCharsets.UTF_8), json),
                (meta, ex) -> {
                    if (ex == null) {
                        sent.incrementAndGet();
                    } else {
                        ActingMetrics m = metrics;
                        if (m != null) {
                            m.recorderError(e.policy());
                        }
                        if (errors.getAndIncrement() == 0) {
                            LOG.warn("could not record an event of episode {}: {}", e.episode(), ex.getMessage());
                        }
                    }
                });
        // Kafka reports a send it refused before buffering (a metadata timeout) through the callback and
        // an already failed future, not by throwing; without this the acting service would answer 200
        // for an event that was dropped.
        if (written.isDone()) {
            try {
                written.get();
            } catch (java.util.concurrent.ExecutionException ex) {
                throw ex.getCause() instanceof org.apache.kafka.common.KafkaException k ? k
                        : new org.apache.kafka.common.KafkaException(ex.getCause());
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new org.apache.kafka.common.errors.InterruptException(ex);
            }
        }
    }

    /** Waits until every event recorded so far is written. */
    public void flush() {
        producer.flush();
    }

    /** Events acknowledged by Kafka. */
    public long sent() {
        return sent.get();
    }

    /** Events Kafka refused or that could not be sent. */
    public long errors() {
        return errors.get();
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(30));
    }
}
