package io.policystream.metrics;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What {@code GET /health} reports: UP (HTTP 200), STARTING or DOWN (HTTP 503), with details such as
 * the Kafka Streams state or the reason of an outage.
 *
 * @param status whether the component does its work (UP), is on its way to it (STARTING: joining
 *               its group, rebalancing, restoring its state) or cannot (DOWN)
 * @param details small, JSON-friendly values (strings, numbers, booleans), in order
 */
public record Health(Status status, Map<String, Object> details) {

    /** The three answers of a health check. */
    public enum Status {
        /** Working: HTTP 200. */
        UP,
        /** Not working yet, and on its way (a rebalance, a restore): HTTP 503, wait. */
        STARTING,
        /** Not working: HTTP 503, look at the details. */
        DOWN
    }

    public Health {
        Objects.requireNonNull(status);
        details = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(details)));
    }

    public static Health up() {
        return new Health(Status.UP, Map.of());
    }

    public static Health up(Map<String, Object> details) {
        return new Health(Status.UP, details);
    }

    public static Health starting(Map<String, Object> details) {
        return new Health(Status.STARTING, details);
    }

    public static Health down(Map<String, Object> details) {
        return new Health(Status.DOWN, details);
    }

    /** Whether the component does its work now (HTTP 200). */
    public boolean healthy() {
        return status == Status.UP;
    }
}
