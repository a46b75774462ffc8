package io.policystream.metrics;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What {@code GET /health} reports: UP (HTTP 200) or DOWN (HTTP 503), with details such as the
 * Kafka Streams state or the reason of an outage.
 *
 * @param healthy whether the component can do its work
 * @param details small, JSON-friendly values (strings, numbers, booleans), in order
 */
public record Health(boolean healthy, Map<String, Object> details) {

    public Health {
        details = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(details)));
    }

    public static Health up() {
        return new Health(true, Map.of());
    }

    public static Health up(Map<String, Object> details) {
        return new Health(true, details);
    }

    public static Health down(Map<String, Object> details) {
        return new Health(false, details);
    }

    /** "UP" or "DOWN". */
    public String status() {
        return healthy ? "UP" : "DOWN";
    }
}
