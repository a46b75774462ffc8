package io.policystream.streams;

import static org.apache.kafka.streams.KafkaStreams.State.CREATED;
import static org.apache.kafka.streams.KafkaStreams.State.ERROR;
import static org.apache.kafka.streams.KafkaStreams.State.NOT_RUNNING;
import static org.apache.kafka.streams.KafkaStreams.State.PENDING_SHUTDOWN;
import static org.apache.kafka.streams.KafkaStreams.State.REBALANCING;
import static org.apache.kafka.streams.KafkaStreams.State.RUNNING;
import static org.assertj.core.api.Assertions.assertThat;

import io.policystream.metrics.Health;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;

/** What a learner reports of its two applications, its restore, the cluster probe and its error. */
class LearnerStatusTest {

    private static LearnerStatus status(KafkaStreams.State assembly, KafkaStreams.State writer) {
        return new LearnerStatus(assembly, writer, null, null, "learner-1", null);
    }

    @Test
    void shouldReportTheStateOfTheApplicationFurthestFromRunning() {
        assertThat(status(RUNNING, RUNNING).state()).isEqualTo(RUNNING);
        assertThat(status(RUNNING, REBALANCING).state()).isEqualTo(REBALANCING);
        assertThat(status(CREATED, REBALANCING).state()).isEqualTo(CREATED);
        assertThat(status(NOT_RUNNING, CREATED).state()).isEqualTo(NOT_RUNNING);
        assertThat(status(PENDING_SHUTDOWN, ERROR).state()).isEqualTo(ERROR);
    }

    @Test
    void shouldBeUpOnlyWhileBothRunNothingRestoresAndKafkaAnswers() {
        Health up = status(RUNNING, RUNNING).health();
        assertThat(up.status()).isEqualTo(Health.Status.UP);
        assertThat(up.details()).containsEntry("state", "RUNNING").containsEntry("assembly", "RUNNING")
                .containsEntry("writer", "RUNNING").containsEntry("kafka", "reachable")
                .containsEntry("instance", "learner-1").doesNotContainKeys("restoring", "error");

        assertThat(new LearnerStatus(RUNNING, RUNNING, "1 store, 10 of 90 records", null, "learner-1", null).health())
                .satisfies(h -> assertThat(h.status()).isEqualTo(Health.Status.STARTING))
                .satisfies(h -> assertThat(h.details()).containsEntry("restoring", "1 store, 10 of 90 records"));
        assertThat(status(RUNNING, REBALANCING).health().status()).isEqualTo(Health.Status.STARTING);
        assertThat(status(CREATED, CREATED).health().status()).isEqualTo(Health.Status.STARTING);
    }

    @Test
    void shouldBeDownWhileKafkaDoesNotAnswerThoughKafkaStreamsRuns() {
        Health h = new LearnerStatus(RUNNING, RUNNING, null, "TimeoutException: timed out", "learner-1", null).health();

        assertThat(h.status()).isEqualTo(Health.Status.DOWN);
        assertThat(h.details()).containsEntry("state", "RUNNING")
                .containsEntry("kafka", "unreachable: TimeoutException: timed out");
    }

    @Test
    void shouldBeDownWithTheErrorOnceAnErrorStoppedIt() {
        LearnerStatus failed = new LearnerStatus(ERROR, RUNNING, null, null, "learner-1",
                new IllegalStateException("broken store"));

        assertThat(failed.health().status()).isEqualTo(Health.Status.DOWN);
        assertThat(failed.health().details()).containsEntry("error", "broken store");
        assertThat(failed.startFailure()).isEqualTo("the learner failed to start: broken store");
        assertThat(status(PENDING_SHUTDOWN, RUNNING).health().status()).isEqualTo(Health.Status.DOWN);
    }

    @Test
    void shouldSayWhyItCannotStartAndOtherwiseWhatItWaitsFor() {
        assertThat(status(RUNNING, ERROR).startFailure()).isEqualTo("the learner failed to start (ERROR)");
        assertThat(status(NOT_RUNNING, RUNNING).startFailure())
                .isEqualTo("the learner stopped while starting (NOT_RUNNING)");
        assertThat(status(REBALANCING, RUNNING).startFailure()).isNull();

        assertThat(status(REBALANCING, RUNNING).startupStatus()).isEqualTo("assembly REBALANCING, writer RUNNING");
        assertThat(new LearnerStatus(RUNNING, RUNNING, "2 stores, 10 of 90 records", null, "learner-1", null)
                .startupStatus()).isEqualTo("assembly RUNNING, writer RUNNING, restoring 2 stores, 10 of 90 records");
    }
}
