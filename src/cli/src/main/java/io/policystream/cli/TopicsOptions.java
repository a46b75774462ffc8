package io.policystream.cli;

import io.policystream.topics.ClusterUnavailableException;
import io.policystream.topics.ConnectionDiagnosis;
import io.policystream.topics.ReplicationException;
import io.policystream.topics.TopicAdmin;
import io.policystream.topics.TopicDefinition;
import io.policystream.topics.TopicDefinitionException;
import io.policystream.topics.TopicDefinitions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.KafkaException;
import picocli.CommandLine.Option;

/** The options of the {@code topics} subcommands: where the definitions are and how long to wait for Kafka. */
final class TopicsOptions {
    /** How long closing the Admin client may take once the work is done or has failed. */
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

    @Option(names = "--topics-dir", paramLabel = "DIR",
            description = "A folder of topic definitions, one <name>.properties per topic"
                    + " (default: the definitions bundled in this jar, a copy of the project's topics/ folder).")
    Path topicsDir;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "30s", converter = DurationConverter.class,
            description = "How long to wait for the Kafka cluster, e.g. 10s or 2m (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    /** The definitions from {@code --topics-dir}, or the bundled ones. */
    List<TopicDefinition> definitions() {
        try {
            return topicsDir == null ? TopicDefinitions.loadBundled() : TopicDefinitions.load(topicsDir);
        } catch (TopicDefinitionException e) {
            throw UserException.usage(e.getMessage());
        }
    }

    /**
     * Runs {@code work} with a TopicAdmin on the cluster of {@code kafka}; a cluster that does not
     * answer within {@code --timeout} becomes exit code {@link ExitCodes#UNAVAILABLE}.
     */
    <T> T withTopicAdmin(KafkaOptions kafka, Function<TopicAdmin, T> work) {
        Properties props = kafka.clientProperties();
        String ms = String.valueOf(Math.min(Integer.MAX_VALUE, timeout.toMillis()));
        props.setProperty(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, ms);
        props.setProperty(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, ms);
        Admin admin;
        try {
            admin = Admin.create(props);
        } catch (KafkaException e) {
            throw UserException.usage("cannot connect to Kafka at " + kafka.bootstrapServers() + ": " + e.getMessage());
        }
        String protocol = props.getProperty(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG);
        boolean done = false;
        try {
            firstAnswer(admin, kafka.bootstrapServers(), protocol);
            T result = work.apply(new TopicAdmin(admin, timeout));
            done = true;
            return result;
        } catch (ReplicationException e) {
            throw UserException.usage(e.getMessage() + " (Kafka at " + kafka.bootstrapServers() + "); nothing was created");
        } catch (ClusterUnavailableException e) {
            throw new UserException(ExitCodes.UNAVAILABLE, "Kafka at " + kafka.bootstrapServers()
                    + " did not answer within " + describe(timeout) + ": " + ConnectionDiagnosis.explainSilence(
                    kafka.bootstrapServers(), protocol, ConnectionDiagnosis.PROBE_TIMEOUT), e);
        } catch (KafkaException e) {
            switch (ConnectionDiagnosis.kindOf(e)) {
                case AUTHENTICATION -> throw new UserException(ExitCodes.AUTHENTICATION, "Kafka at "
                        + kafka.bootstrapServers() + " refused the login: " + ConnectionDiagnosis.messageOf(e)
                        + "; check the credentials and TLS settings given with --kafka-config", e);
                case AUTHORIZATION -> throw new UserException(ExitCodes.NOT_AUTHORIZED, "Kafka at "
                        + kafka.bootstrapServers() + " refused: " + ConnectionDiagnosis.messageOf(e)
                        + "; this needs a user with the rights of an admin", e);
                default -> throw new UserException(ExitCodes.FAILED, "Kafka refused: " + e.getMessage(), e);
            }
        } finally {
            // Calls still pending when the command fails (a cluster that never answered, or one it
            // cannot log in to) must not hold the answer up.
            admin.close(done ? CLOSE_TIMEOUT : Duration.ZERO);
        }
    }

    /**
     * Fails at once when the cluster stays silent and its addresses show a client setting that cannot
     * work ({@link ConnectionDiagnosis#misconfigurationUntilAnswered}: probed again while it stays
     * silent, so a probe that missed its own timeout on a loaded machine is not the last word); a
     * call that fails with a Kafka error surfaces it here, to be named by its kind. Any other silence
     * is left to the work's own timeout.
     */
    private void firstAnswer(Admin admin, String servers, String protocol) {
        org.apache.kafka.common.KafkaFuture<String> first = admin.describeCluster().clusterId();
        try {
            String wrong = ConnectionDiagnosis.misconfigurationUntilAnswered(first, servers, protocol, timeout);
            if (wrong != null) {
                throw new UserException(ExitCodes.AUTHENTICATION, "cannot log in to Kafka at " + servers + ": " + wrong);
            }
            if (first.isCompletedExceptionally()) {
                first.get();
            }
        } catch (ExecutionException e) {
            if (e.getCause() instanceof KafkaException k && !(k instanceof org.apache.kafka.common.errors.TimeoutException)) {
                throw k;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UserException(ExitCodes.FAILED, "interrupted");
        }
    }

    private static String describe(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }
}
