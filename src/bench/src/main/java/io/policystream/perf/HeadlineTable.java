package io.policystream.perf;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The summary of a throughput run, as Markdown to paste into BENCHMARKS.md: one line with the
 * command, the date (UTC) and the machine, then a table with a row per network measured.
 */
public final class HeadlineTable {
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    static final String HEADER = "| network | distribution | events | pass-through events/s | learner events/s "
            + "| ratio | target | met | learner CPU us/event | learner CPU by thread, us/event "
            + "| broker bytes in/event |";
    static final String ALIGNMENT = "| --- | --- | ---: | ---: | ---: | ---: | ---: | --- | ---: | --- | ---: |";

    /**
     * The bench's thread groups ({@link EndToEndBench#threadCpu}) by the names BENCHMARKS.md gives
     * them, first match wins; a group matching none keeps its name. The learner's two Kafka Streams
     * applications are {@code <prefix>learner} (the assembly) and {@code <prefix>learner-writer}.
     */
    private static final List<Map.Entry<Pattern, String>> ROLES = List.of(
            Map.entry(Pattern.compile("kafka-producer-network-thread \\| .*learner-writer-.*"), "writer producer"),
            Map.entry(Pattern.compile("kafka-producer-network-thread \\| .*learner-.*"), "assembly producer"),
            Map.entry(Pattern.compile(".*learner-writer-.*GlobalStreamThread"), "writer global thread"),
            Map.entry(Pattern.compile(".*learner-writer-.*StreamThread-N"), "writer stream thread"),
            Map.entry(Pattern.compile(".*learner-.*StreamThread-N"), "assembly stream thread"),
            Map.entry(Pattern.compile("data-plane-kafka-request-handler-N"), "broker request handlers"),
            Map.entry(Pattern.compile("data-plane-kafka-network-thread-.*"), "broker network threads"));

    private HeadlineTable() {
    }

    /**
     * One network's measurement.
     *
     * @param network what was measured, with its target if it has one
     * @param result the figures of its measured round
     */
    public record Row(BenchCase network, EndToEndBench.Result result) {
        /** Whether the ratio learner / pass-through reached the target; empty for a network without one. */
        public Optional<Boolean> met() {
            return network.target().isPresent()
                    ? Optional.of(result.ratio() >= network.target().getAsDouble())
                    : Optional.empty();
        }

        String markdown() {
            EndToEndBench.Result r = result;
            String threads = byRole(r.learnerCpuByThread()).entrySet().stream()
                    .map(e -> String.format(Locale.ROOT, "%s %.1f", e.getKey(), e.getValue()))
                    .collect(Collectors.joining("; "));
            return "| " + String.join(" | ",
                    network.network(),
                    network.distribution(),
                    String.format(Locale.ROOT, "%,d", r.events()),
                    String.format(Locale.ROOT, "%,.0f", r.passThroughPerSecond()),
                    String.format(Locale.ROOT, "%,.0f", r.learnerPerSecond()),
                    String.format(Locale.ROOT, "%.2f", r.ratio()),
                    network.target().isPresent()
                            ? BigDecimal.valueOf(network.target().getAsDouble()).stripTrailingZeros().toPlainString()
                            : "none",
                    met().map(m -> m ? "yes" : "no").orElse("-"),
                    String.format(Locale.ROOT, "%,.1f", r.learnerCpuMicrosPerEvent()),
                    cell(threads),
                    r.brokerBytesInPerEvent().isPresent()
                            ? String.format(Locale.ROOT, "%,.0f", r.brokerBytesInPerEvent().getAsDouble())
                            : "n/a") + " |";
        }
    }

    /**
     * The Markdown: {@code `command`, date; machine}, a blank line, the table. The learner's CPU is
     * the whole process's (broker included) during its phase; the broker's bytes are those an
     * embedded broker took in during that phase ("n/a" with --bootstrap-servers).
     */
    public static String markdown(List<Row> rows, String command, Instant at, Machine machine) {
        StringBuilder out = new StringBuilder();
        out.append('`').append(command).append("`, ").append(DATE.format(at)).append("; ")
                .append(machine.describe()).append(":\n\n");
        out.append(HEADER).append('\n').append(ALIGNMENT).append('\n');
        for (Row row : rows) {
            out.append(row.markdown()).append('\n');
        }
        return out.toString();
    }

    /** The CPU of each thread group under its role's name, groups of one role summed, most first. */
    static Map<String, Double> byRole(Map<String, Double> byGroup) {
        Map<String, Double> summed = new LinkedHashMap<>();
        byGroup.forEach((group, micros) -> summed.merge(role(group), micros, Double::sum));
        Map<String, Double> out = new LinkedHashMap<>();
        summed.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }

    /** {@code assembly stream thread} for {@code bench-*.learner-*-StreamThread-N}; the group itself if no role fits. */
    static String role(String group) {
        return ROLES.stream().filter(r -> r.getKey().matcher(group).matches()).map(Map.Entry::getValue).findFirst()
                .orElse(group);
    }

    /** Text fit for a table cell: a '|' (as in a producer thread's name) would end the cell. */
    static String cell(String text) {
        return text.replace("|", "\\|");
    }
}
