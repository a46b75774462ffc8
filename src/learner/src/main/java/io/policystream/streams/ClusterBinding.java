package io.policystream.streams;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Which Kafka cluster, and which incarnation of each of its topics, a learner's local state belongs
 * to: the cluster id and the topic ids (a topic deleted and created again gets a new id). Kept in
 * the state directory ({@value #FILE_NAME}); a learner whose state directory names another cluster
 * or other topics must not trust that state.
 *
 * @param clusterId the id of the Kafka cluster
 * @param topicIds topic name to topic id, for the topics the learner's state was built from
 */
public record ClusterBinding(String clusterId, Map<String, String> topicIds) {
    /** The file in the state directory. */
    public static final String FILE_NAME = "policystream-cluster.properties";
    private static final String CLUSTER = "cluster.id";
    private static final String TOPIC = "topic.";

    public ClusterBinding {
        Objects.requireNonNull(clusterId, "clusterId");
        topicIds = java.util.Collections.unmodifiableMap(new TreeMap<>(topicIds));
    }

    /** The binding kept in {@code stateDir}, or null when there is none. */
    public static ClusterBinding read(Path stateDir) {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(stateDir.resolve(FILE_NAME))) {
            p.load(r);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + stateDir.resolve(FILE_NAME), e);
        }
        String cluster = p.getProperty(CLUSTER);
        if (cluster == null) {
            return null;
        }
        Map<String, String> topics = new TreeMap<>();
        for (String name : p.stringPropertyNames()) {
            if (name.startsWith(TOPIC)) {
                topics.put(name.substring(TOPIC.length()), p.getProperty(name));
            }
        }
        return new ClusterBinding(cluster, topics);
    }

    /** Writes this binding into {@code stateDir} (atomically: a crash leaves the old or the new file). */
    public void write(Path stateDir) {
        Properties p = new Properties();
        p.setProperty(CLUSTER, clusterId);
        topicIds.forEach((name, id) -> p.setProperty(TOPIC + name, id));
        try {
            Files.createDirectories(stateDir);
            Path tmp = stateDir.resolve(FILE_NAME + ".tmp");
            try (Writer w = Files.newBufferedWriter(tmp)) {
                p.store(w, "The Kafka cluster and topics this learner state belongs to (PolicyStream)");
            }
            Files.move(tmp, stateDir.resolve(FILE_NAME), StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + stateDir.resolve(FILE_NAME), e);
        }
    }

    /** Whether the cluster differs from {@code now}'s. */
    public boolean otherCluster(ClusterBinding now) {
        return !clusterId.equals(now.clusterId);
    }

    /**
     * What differs from {@code now}, in words ("cluster abc is now xyz", "topic t was created again"),
     * over the topics both name; empty when the state can be trusted.
     */
    public List<String> differences(ClusterBinding now) {
        List<String> out = new ArrayList<>();
        if (otherCluster(now)) {
            out.add("it belongs to Kafka cluster " + clusterId + ", and cluster " + now.clusterId + " answers now");
            return out;
        }
        for (Map.Entry<String, String> e : topicIds.entrySet()) {
            String current = now.topicIds.get(e.getKey());
            if (current != null && !current.equals(e.getValue())) {
                out.add("topic " + e.getKey() + " was deleted and created again (id " + e.getValue() + " is now "
                        + current + ")");
            }
        }
        return out;
    }
}
