package io.policystream.cli;

import io.policystream.policy.PolicyParams;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/** The failures promote and rollback share, mapped to exit codes and one line each. */
final class VersionCommands {
    private VersionCommands() {
    }

    /** One publishing step. */
    interface Step {
        PolicyParams publish() throws TimeoutException, ExecutionException, InterruptedException;
    }

    static PolicyParams run(KafkaOptions kafka, Duration timeout, Step step) throws InterruptedException {
        try {
            return step.publish();
        } catch (TimeoutException | org.apache.kafka.common.errors.TimeoutException e) {
            throw new UserException(ExitCodes.UNAVAILABLE, "Kafka at " + kafka.bootstrapServers()
                    + " did not answer within " + timeout.toSeconds() + " s; is a broker running there?");
        } catch (ExecutionException e) {
            throw new UserException(ExitCodes.FAILED, "publishing failed: " + e.getCause().getMessage());
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new UserException(ExitCodes.FAILED, e.getMessage());
        }
    }
}
