package io.policystream.streams;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Kafka's static group membership for the learner: each instance joins its groups under a stable
 * {@code group.instance.id}, so that an instance restarted after a crash takes its own tasks back at
 * once instead of waiting for the session of its dead self to expire (and for a rebalance of every
 * other instance). Kafka Streams appends the stream thread's index to the id.
 *
 * <p>The id is, in this order: the one given ({@code main.consumer.group.instance.id} or
 * {@code group.instance.id} among the learner's properties, which {@code learn --instance-id} and
 * the {@code POLICYSTREAM_INSTANCE_ID} environment variable set), or the one kept in the state
 * directory ({@value #FILE_NAME}), made on the first start. Containers whose state directory does not
 * outlive them should give it (the pod or container name). An empty id turns static membership off.
 * Two instances running under one id fence each other: give every instance its own.
 */
public final class StaticMembership {
    /** The file in the state directory that keeps the id. */
    public static final String FILE_NAME = "policystream-instance.id";
    /** The property that gives the id to the main consumer of each stream thread. */
    public static final String PROPERTY = StreamsConfig.mainConsumerPrefix(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);

    private StaticMembership() {
    }

    /**
     * Settles the instance id of a learner with properties {@code p} and state directory
     * {@code stateDir}, puts it into {@code p}, and returns it ("" when static membership is off).
     */
    static String apply(Properties p, Path stateDir) {
        String given = p.getProperty(PROPERTY, p.getProperty(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG));
        if (given != null) {
            if (given.isBlank()) {
                p.remove(PROPERTY);
                p.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
                return "";
            }
            p.setProperty(PROPERTY, given.trim());
            return given.trim();
        }
        String kept = kept(stateDir);
        p.setProperty(PROPERTY, kept);
        return kept;
    }

    /** The id kept in {@code stateDir}, made and written on the first call. */
    static String kept(Path stateDir) {
        Path file = stateDir.resolve(FILE_NAME);
        try {
            String id = Files.readString(file, StandardCharsets.UTF_8).trim();
            if (!id.isEmpty()) {
                return id;
            }
        } catch (NoSuchFileException e) {
            // The first start in this directory.
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the learner's instance id from " + file, e);
        }
        String id = "learner-" + UUID.randomUUID().toString().substring(0, 13).replace("-", "");
        try {
            Files.createDirectories(stateDir);
            Path tmp = stateDir.resolve(FILE_NAME + ".tmp");
            Files.writeString(tmp, id + System.lineSeparator(), StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the learner's instance id in " + file, e);
        }
        return id;
    }
}
