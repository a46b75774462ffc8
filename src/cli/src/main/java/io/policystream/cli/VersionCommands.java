package io.policystream.cli;

import io.policystream.config.LearnerConfig;
import io.policystream.policy.PolicyParams;
import io.policystream.replay.VersionPublisher;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Option;

/**
 * What promote and rollback share (a picocli mixin): the production topics from the learner
 * configuration, how long to wait for Kafka, one publishing step, and its failures mapped to exit
 * codes and one line each.
 */
final class VersionCommands {
    @Option(names = "--config", paramLabel = "CONF",
            description = "Learner configuration naming the production topics (topic.params, topic.history).")
    Path config;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "30s", converter = DurationConverter.class,
            description = "Longest wait for Kafka (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    private LearnerConfig conf;

    /** One publishing step. */
    interface Step {
        PolicyParams publish(VersionPublisher publisher)
                throws TimeoutException, ExecutionException, InterruptedException;
    }

    /** Runs the step against the production topics of {@code --config}. */
    PolicyParams publish(KafkaOptions kafka, Step step) throws InterruptedException {
        conf = Configs.load(config);
        VersionPublisher publisher = new VersionPublisher(kafka.clientProperties(), conf.paramsTopic(),
                conf.historyTopic(), timeout);
        try {
            return step.publish(publisher);
        } catch (TimeoutException | org.apache.kafka.common.errors.TimeoutException e) {
            throw new UserException(ExitCodes.UNAVAILABLE, "Kafka at " + kafka.bootstrapServers()
                    + " did not answer within " + timeout.toSeconds() + " s; is a broker running there?");
        } catch (ExecutionException e) {
            throw new UserException(ExitCodes.FAILED, "publishing failed: " + e.getCause().getMessage());
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new UserException(ExitCodes.FAILED, e.getMessage());
        }
    }

    /** The production params and history topics, after {@link #publish}. */
    String topics() {
        return conf.paramsTopic() + " and " + conf.historyTopic();
    }
}
