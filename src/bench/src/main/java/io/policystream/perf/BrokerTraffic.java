package io.policystream.perf;

import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * The bytes an embedded broker in this JVM has taken in, by topic, from its own
 * {@code kafka.server:type=BrokerTopicMetrics,name=BytesInPerSec,topic=*} meters: where a run's
 * writes go (events, changelogs, the gradients topic, params). Empty when the broker runs elsewhere.
 */
final class BrokerTraffic {
    private BrokerTraffic() {
    }

    /** Topic to bytes taken in so far; empty without an embedded broker. */
    static Map<String, Long> bytesInByTopic() {
        return countsBy("kafka.server:type=BrokerTopicMetrics,name=BytesInPerSec,topic=*", "topic");
    }

    /**
     * Requests the embedded broker has handled so far, by request type (Fetch, Produce, EndTxn,
     * ...), from its {@code kafka.network:type=RequestMetrics,name=RequestsPerSec} meters; empty
     * without an embedded broker.
     */
    static Map<String, Long> requestsByType() {
        return countsBy("kafka.network:type=RequestMetrics,name=RequestsPerSec,*", "request");
    }

    /** The {@code Count} of every meter matching {@code pattern}, summed by its {@code key} property. */
    private static Map<String, Long> countsBy(String pattern, String key) {
        Map<String, Long> out = new HashMap<>();
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        try {
            for (ObjectName name : server.queryNames(new ObjectName(pattern), null)) {
                Object count = server.getAttribute(name, "Count");
                if (count instanceof Number n) {
                    out.merge(name.getKeyProperty(key), n.longValue(), Long::sum);
                }
            }
        } catch (JMException e) {
            return Map.of();
        }
        return out;
    }

    /** The bytes (or requests) of all topics (or types) between two snapshots. */
    static long total(Map<String, Long> before, Map<String, Long> after) {
        return after.entrySet().stream().mapToLong(e -> e.getValue() - before.getOrDefault(e.getKey(), 0L)).sum();
    }

    /** The most frequent request types between two snapshots, per second of {@code seconds}. */
    static String perSecond(Map<String, Long> before, Map<String, Long> after, double seconds) {
        return after.entrySet().stream()
                .map(e -> Map.entry(e.getKey(), e.getValue() - before.getOrDefault(e.getKey(), 0L)))
                .filter(e -> e.getValue() > 0)
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .limit(10)
                .map(e -> String.format(Locale.ROOT, "%s %,.0f", e.getKey(), e.getValue() / seconds))
                .collect(Collectors.joining("; "));
    }

    /**
     * The topics that took in the most bytes between two snapshots, per event, names shortened by
     * {@code prefix}: e.g. {@code learner-episode-chunks-changelog 310 B; ...}.
     */
    static String perEvent(Map<String, Long> before, Map<String, Long> after, long events, String prefix) {
        return after.entrySet().stream()
                .map(e -> Map.entry(e.getKey(), e.getValue() - before.getOrDefault(e.getKey(), 0L)))
                .filter(e -> e.getValue() > 0)
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .limit(8)
                .map(e -> String.format(Locale.ROOT, "%s %,.0f B",
                        e.getKey().startsWith(prefix) ? e.getKey().substring(prefix.length()) : e.getKey(),
                        (double) e.getValue() / events))
                .collect(Collectors.joining("; "));
    }
}
