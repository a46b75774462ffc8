package io.policystream.streams;

import io.policystream.config.LearnerConfig;
import io.policystream.streams.LearnerStartException.Reason;
import io.policystream.topics.ConnectionDiagnosis;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.GroupNotEmptyException;
import org.apache.kafka.streams.StreamsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the learner checks before Kafka Streams starts, each failure fatal and said plainly
 * ({@link LearnerStartException}): the cluster answers (within the startup timeout, with the reason
 * when it does not), it accepts the learner's credentials, the learner's topics exist; then it makes
 * the gradients topic when missing and binds the local state to the cluster ({@link ClusterBinding}).
 *
 * <p>State from another cluster, or from topics since deleted and created again, is wiped before
 * Kafka Streams sees it: Kafka Streams would otherwise keep a store whose changelog is gone (it logs
 * the task as corrupted and goes on) and refuse new episodes as closed or publish the old cluster's
 * version after the new cluster's version 0. When the topics were created again on the same cluster
 * and no other instance runs, the learner's internal topics (changelogs, the gradients topic) and its
 * groups' offsets go too, as the application reset tool would do, since they describe the old topics.
 */
final class LearnerPreflight {
    private static final Logger LOG = LoggerFactory.getLogger(LearnerPreflight.class);

    private final LearnerConfig config;
    private final Properties learner;
    private final Path stateDir;
    private final Runnable wipeLocalState;

    /**
     * @param config the learner's configuration
     * @param learner the Kafka Streams properties of the learner (client settings included)
     * @param stateDir the learner's state directory
     * @param wipeLocalState deletes the local state of both applications (Kafka Streams' cleanUp)
     */
    LearnerPreflight(LearnerConfig config, Properties learner, Path stateDir, Runnable wipeLocalState) {
        this.config = config;
        this.learner = learner;
        this.stateDir = stateDir;
        this.wipeLocalState = wipeLocalState;
    }

    /** Runs every check, each Kafka call bounded by {@code timeout}. */
    void run(Duration timeout) throws InterruptedException {
        String servers = learner.getProperty(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG);
        Admin admin = null;
        try {
            admin = Admin.create(adminProperties(learner, timeout));
            String clusterId = firstAnswer(admin.describeCluster().clusterId(), servers, timeout);
            get(admin.describeCluster().nodes(), timeout);
            Set<String> topics = get(admin.listTopics().names(), timeout);
            List<String> missing = new ArrayList<>();
            for (String t : userTopics()) {
                if (!topics.contains(t)) {
                    missing.add(t);
                }
            }
            if (!topics.contains(config.dlqTopic())) {
                missing.add(config.dlqTopic());
            }
            if (!missing.isEmpty()) {
                throw new LearnerStartException(Reason.TOPICS_MISSING, "the learner's topics are missing on " + servers
                        + ": " + String.join(", ", missing) + "; run 'policystream topics create'");
            }
            ClusterBinding now = new ClusterBinding(clusterId, topicIds(admin, userTopics(), timeout));
            ClusterBinding before = ClusterBinding.read(stateDir);
            if (before != null && !before.differences(now).isEmpty()) {
                String why = String.join("; ", before.differences(now));
                if (before.otherCluster(now)) {
                    LOG.warn("the learner's local state in {} cannot be used: {}; wiping it and starting clean",
                            stateDir, why);
                } else {
                    boolean reset = resetClusterState(admin, timeout);
                    LOG.warn("the learner's local state in {} cannot be used: {}; wiping it{} and starting clean",
                            stateDir, why, reset ? ", the learner's internal topics and its groups' offsets"
                                    : " (another instance runs and has taken the new topics)");
                }
                wipeLocalState.run();
            }
            if (!get(admin.listTopics().names(), timeout).contains(config.gradientsTopic())) {
                GradientsTopic.create(admin, config, learner, timeout);
            }
            now.write(stateDir);
        } catch (ExecutionException e) {
            throw failure(e.getCause(), servers, timeout);
        } catch (TimeoutException e) {
            throw failure(e, servers, timeout);
        } catch (org.apache.kafka.common.KafkaException e) {
            throw failure(e, servers, timeout);
        } finally {
            if (admin != null) {
                // Calls still pending (a cluster that never answered) must not hold the start or the exit up.
                admin.close(Duration.ZERO);
            }
        }
    }

    /**
     * The first answer of the cluster, within {@code timeout}; fails as soon as the cluster stays
     * silent and its addresses show a client setting that cannot work
     * ({@link ConnectionDiagnosis#misconfigurationUntilAnswered}, which probes the addresses again
     * each time the cluster stays silent a while longer).
     */
    private <T> T firstAnswer(KafkaFuture<T> future, String servers, Duration timeout)
            throws ExecutionException, TimeoutException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String protocol = learner.getProperty(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG);
        String wrong = ConnectionDiagnosis.misconfigurationUntilAnswered(future, servers, protocol, timeout);
        if (wrong != null) {
            throw new LearnerStartException(Reason.AUTHENTICATION, "cannot log in to Kafka at " + servers + ": " + wrong);
        }
        return get(future, Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
    }

    private List<String> userTopics() {
        return List.of(config.eventsTopic(), config.paramsTopic(), config.historyTopic());
    }

    private static Map<String, String> topicIds(Admin admin, Collection<String> names, Duration timeout)
            throws ExecutionException, TimeoutException, InterruptedException {
        Map<String, String> ids = new LinkedHashMap<>();
        Map<String, TopicDescription> d = get(admin.describeTopics(names).allTopicNames(), timeout);
        for (String name : names) {
            ids.put(name, d.get(name).topicId().toString());
        }
        return ids;
    }

    /**
     * Deletes the internal topics of both applications and the gradients topic, and the groups'
     * committed offsets, when neither group has a member; returns whether it did.
     */
    private boolean resetClusterState(Admin admin, Duration timeout)
            throws ExecutionException, TimeoutException, InterruptedException {
        List<String> groups = List.of(config.applicationId(), config.writerApplicationId());
        Map<String, ConsumerGroupDescription> described;
        try {
            described = get(admin.describeConsumerGroups(groups).all(), timeout);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof GroupIdNotFoundException)) {
                throw e;
            }
            described = Map.of();
        }
        for (ConsumerGroupDescription d : described.values()) {
            if (!d.members().isEmpty()) {
                return false;
            }
        }
        List<String> internal = new ArrayList<>();
        for (String t : get(admin.listTopics().names(), timeout)) {
            boolean ours = t.startsWith(config.applicationId() + "-") || t.startsWith(config.writerApplicationId() + "-");
            if (t.equals(config.gradientsTopic())
                    || ours && (t.endsWith("-changelog") || t.endsWith("-repartition"))) {
                internal.add(t);
            }
        }
        if (!internal.isEmpty()) {
            get(admin.deleteTopics(internal).all(), timeout);
        }
        for (Map.Entry<String, KafkaFuture<Void>> e : admin.deleteConsumerGroups(groups).deletedGroups().entrySet()) {
            try {
                get(e.getValue(), timeout);
            } catch (ExecutionException ex) {
                if (!(ex.getCause() instanceof GroupIdNotFoundException)
                        && !(ex.getCause() instanceof GroupNotEmptyException)) {
                    throw ex;
                }
            }
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (internal.stream().anyMatch(safeNames(admin, timeout)::contains)) {
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("the learner's internal topics were not deleted within " + timeout);
            }
            Thread.sleep(100);
        }
        LOG.info("deleted the learner's internal topics {} and the offsets of groups {}", internal, groups);
        return true;
    }

    private static Set<String> safeNames(Admin admin, Duration timeout) {
        try {
            return get(admin.listTopics().names(), timeout);
        } catch (ExecutionException | TimeoutException e) {
            return Set.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Set.of();
        }
    }

    private LearnerStartException failure(Throwable cause, String servers, Duration timeout) {
        String message = ConnectionDiagnosis.messageOf(cause);
        return switch (ConnectionDiagnosis.kindOf(cause)) {
            case AUTHENTICATION -> new LearnerStartException(Reason.AUTHENTICATION, "Kafka at " + servers
                    + " refused the learner's login: " + message + "; check the credentials and TLS settings"
                    + " given with --kafka-config", cause);
            case AUTHORIZATION -> new LearnerStartException(Reason.AUTHORIZATION, "Kafka at " + servers
                    + " refused the learner: " + message + "; the learner's user needs the ACLs of a learner"
                    + " (docs/operations.md, \"The learner's two applications\")", cause);
            case UNREACHABLE -> new LearnerStartException(Reason.UNREACHABLE, "Kafka at " + servers
                    + " did not answer within " + timeout.toSeconds() + " s: " + ConnectionDiagnosis.explainSilence(
                    servers, learner.getProperty(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG), ConnectionDiagnosis.PROBE_TIMEOUT),
                    cause);
        };
    }

    /** The admin client settings among the learner's properties, every call bounded by {@code timeout}. */
    static Properties adminProperties(Properties learner, Duration timeout) {
        Properties admin = new Properties();
        for (String name : learner.stringPropertyNames()) {
            if (AdminClientConfig.configNames().contains(name)) {
                admin.setProperty(name, learner.getProperty(name));
            }
        }
        int ms = (int) Math.min(Integer.MAX_VALUE, Math.max(1000, timeout.toMillis()));
        admin.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, ms);
        admin.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, ms);
        return admin;
    }

    private static <T> T get(KafkaFuture<T> future, Duration timeout)
            throws ExecutionException, TimeoutException, InterruptedException {
        return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }
}
