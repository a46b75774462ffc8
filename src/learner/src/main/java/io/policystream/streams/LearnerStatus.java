package io.policystream.streams;

import io.policystream.metrics.Health;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.streams.KafkaStreams;

/**
 * What a learner knows of itself at one moment, and what it reports from it: its state, its
 * health, why it cannot start, what it waits for.
 *
 * @param assembly the assembly's Kafka Streams state
 * @param writer the writer's Kafka Streams state
 * @param restoring the restore's progress in words ({@link RestoreProgress#describe()}), or null when no store restores
 * @param unreachable why the last cluster probe failed ({@link ClusterProbe#unreachable()}), or null
 * @param instance the learner's static member id ({@link StaticMembership})
 * @param failure the error that stopped the learner, or null
 */
record LearnerStatus(KafkaStreams.State assembly, KafkaStreams.State writer, String restoring, String unreachable,
        String instance, Throwable failure) {

    /**
     * The learner's state: RUNNING when both of its applications run; otherwise the state of the
     * one that is furthest from running (failed, stopping, stopped, starting, rebalancing, in this order).
     */
    KafkaStreams.State state() {
        return rank(assembly) >= rank(writer) ? assembly : writer;
    }

    private static int rank(KafkaStreams.State s) {
        return switch (s) {
            case RUNNING -> 0;
            case REBALANCING -> 1;
            case CREATED -> 2;
            case NOT_RUNNING -> 3;
            case PENDING_SHUTDOWN -> 4;
            case PENDING_ERROR -> 5;
            case ERROR -> 6;
        };
    }

    /**
     * UP while both applications run, no store restores and the cluster answers; STARTING while they
     * join their groups, rebalance or restore their state; DOWN otherwise (shutting down, failed, or
     * Kafka unreachable). The details name the states, the restore's progress, whether Kafka is
     * reachable, the instance and the error that stopped the learner, if any.
     */
    Health health() {
        KafkaStreams.State s = state();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("state", s.name());
        details.put("kafkaStreams", s.name());
        details.put("assembly", assembly.name());
        details.put("writer", writer.name());
        if (restoring != null) {
            details.put("restoring", restoring);
        }
        details.put("kafka", unreachable == null ? "reachable" : "unreachable: " + unreachable);
        details.put("instance", instance);
        if (failure != null) {
            details.put("error", String.valueOf(failure.getMessage()));
            return Health.down(details);
        }
        if (unreachable != null) {
            return Health.down(details);
        }
        if (s == KafkaStreams.State.RUNNING) {
            return restoring == null ? Health.up(details) : Health.starting(details);
        }
        if (s == KafkaStreams.State.REBALANCING || s == KafkaStreams.State.CREATED) {
            return Health.starting(details);
        }
        return Health.down(details);
    }

    /** Why the learner cannot start any more (an error, or it stopped), or null while it starts or runs. */
    String startFailure() {
        if (failure != null) {
            return "the learner failed to start: " + failure.getMessage();
        }
        KafkaStreams.State s = state();
        if (s == KafkaStreams.State.ERROR || s == KafkaStreams.State.PENDING_ERROR) {
            return "the learner failed to start (" + s + ")";
        }
        if (s == KafkaStreams.State.NOT_RUNNING || s == KafkaStreams.State.PENDING_SHUTDOWN) {
            return "the learner stopped while starting (" + s + ")";
        }
        return null;
    }

    /**
     * What the learner waits for while it starts, in words: each application's state and the
     * restore's progress, e.g. "assembly REBALANCING, writer RUNNING, restoring 2 stores, 10 of 90 records".
     */
    String startupStatus() {
        return "assembly " + assembly + ", writer " + writer + (restoring == null ? "" : ", restoring " + restoring);
    }
}
