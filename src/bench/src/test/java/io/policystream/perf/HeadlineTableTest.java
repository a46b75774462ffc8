package io.policystream.perf;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

/** The summary of a throughput run is Markdown that pastes into BENCHMARKS.md as it is. */
class HeadlineTableTest {
    private static final BenchCase SMALL = BenchCase.HEADLINE.get(0);
    private static final BenchCase LARGE = BenchCase.HEADLINE.get(1).withEvents(200_000, 100_000);
    private static final Machine MACHINE = new Machine(2, Optional.of("Intel(R) Xeon(R) Processor"),
            "OpenJDK 64-Bit Server VM 17.0.15+6");

    private static EndToEndBench.Result result(long events, double pass, double learner, Map<String, Double> threads,
                                               OptionalDouble bytes) {
        return new EndToEndBench.Result(events, events / 50, 500_000, pass, learner, 12.5, 99, 25.64, threads, bytes);
    }

    private static Map<String, Double> threads(Object... nameThenMicros) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (int i = 0; i < nameThenMicros.length; i += 2) {
            out.put((String) nameThenMicros[i], (Double) nameThenMicros[i + 1]);
        }
        return out;
    }

    @Test
    void shouldPrintTheCommandDateAndMachineThenARowPerNetwork() {
        List<HeadlineTable.Row> rows = List.of(
                new HeadlineTable.Row(SMALL, result(1_000_000, 337_408.4, 62_398.2,
                        threads("bench-*.learner-*-StreamThread-N", 10.14, "data-plane-kafka-request-handler-N", 2.58),
                        OptionalDouble.of(1_234.4))),
                new HeadlineTable.Row(LARGE, result(200_000, 51_400, 12_000,
                        threads("bench-*.learner-writer-*-StreamThread-N", 123.0), OptionalDouble.of(15_012))));

        String markdown = HeadlineTable.markdown(rows, "bench --network all", Instant.parse("2026-12-02T15:04:59Z"),
                MACHINE);

        assertThat(markdown).isEqualTo("""
                `bench --network all`, 2026-12-02 15:04 UTC; 2 cores, Intel(R) Xeon(R) Processor, \
                OpenJDK 64-Bit Server VM 17.0.15+6:

                | network | distribution | events | pass-through events/s | learner events/s | ratio | target | met \
                | learner CPU us/event | learner CPU by thread, us/event | broker bytes in/event |
                | --- | --- | ---: | ---: | ---: | ---: | ---: | --- | ---: | --- | ---: |
                | 4-64-64-2 | categorical | 1,000,000 | 337,408 | 62,398 | 0.18 | 0.5 | no | 25.6 \
                | assembly stream thread 10.1; broker request handlers 2.6 | 1,234 |
                | 17-256-256-6 | gaussian | 200,000 | 51,400 | 12,000 | 0.23 | 0.2 | yes | 25.6 \
                | writer stream thread 123.0 | 15,012 |
                """);
    }

    @Test
    void shouldCountATargetAsMetFromTheRatioOnUp() {
        assertThat(new HeadlineTable.Row(SMALL, result(1000, 100_000, 50_000, Map.of(), OptionalDouble.empty())).met())
                .contains(true);
        assertThat(new HeadlineTable.Row(SMALL, result(1000, 100_000, 49_999, Map.of(), OptionalDouble.empty())).met())
                .contains(false);
        BenchCase untargeted = BenchCase.of(List.of(4, 8, 2), false, 1000, 0);
        assertThat(new HeadlineTable.Row(untargeted, result(1000, 1, 1, Map.of(), OptionalDouble.empty())).met())
                .isEmpty();
    }

    @Test
    void shouldMarkWhatItCannotSayAndKeepAPipeInAThreadNameInsideItsCell() {
        BenchCase untargeted = BenchCase.of(List.of(4, 8, 2), true, 1000, 0);
        HeadlineTable.Row row = new HeadlineTable.Row(untargeted, result(1000, 2_000, 1_000,
                threads("kafka-coordinator-heartbeat-thread | bench-*.learner-*-StreamThread-N-consumer", 3.0),
                OptionalDouble.empty()));

        String markdown = HeadlineTable.markdown(List.of(row), "bench --network 4-8-2 --gaussian",
                Instant.EPOCH, new Machine(1, Optional.empty(), "JVM 17"));

        assertThat(markdown).startsWith("`bench --network 4-8-2 --gaussian`, 1970-01-01 00:00 UTC; 1 core, JVM 17:\n");
        assertThat(markdown).endsWith("| 4-8-2 | gaussian | 1,000 | 2,000 | 1,000 | 0.50 | none | - | 25.6 "
                + "| kafka-coordinator-heartbeat-thread \\| bench-*.learner-*-StreamThread-N-consumer 3.0 | n/a |\n");
        String lastRow = markdown.lines().reduce((a, b) -> b).orElseThrow();
        assertThat(lastRow.split("(?<!\\\\)\\|", -1)).as("cells of " + lastRow)
                .hasSize(HeadlineTable.HEADER.split("\\|", -1).length);
    }

    @Test
    void shouldNameTheLearnersThreadsByTheirRoleAndSumAGroupOfOneRole() {
        Map<String, Double> byRole = HeadlineTable.byRole(threads(
                "bench-*.learner-*-StreamThread-N", 39.3,
                "data-plane-kafka-request-handler-N", 32.2,
                "data-plane-kafka-network-thread-N-PLAINTEXT-PLAINTEXT-N", 19.25,
                "bench-*.learner-writer-*-StreamThread-N", 19.1,
                "kafka-producer-network-thread | bench-*.learner-*-StreamThread-N-producer", 7.2,
                "kafka-producer-network-thread | bench-*.learner-writer-*-StreamThread-N-producer", 6.5,
                "bench-*.learner-writer-*-GlobalStreamThread", 6.1,
                "data-plane-kafka-network-thread-N-ListenerName(CONTROLLER)-PLAINTEXT-N", 0.75,
                "kafka-N-metadata-loader-event-handler", 6.0));

        assertThat(byRole).containsExactly(
                Map.entry("assembly stream thread", 39.3),
                Map.entry("broker request handlers", 32.2),
                Map.entry("broker network threads", 20.0),
                Map.entry("writer stream thread", 19.1),
                Map.entry("assembly producer", 7.2),
                Map.entry("writer producer", 6.5),
                Map.entry("writer global thread", 6.1),
                Map.entry("kafka-N-metadata-loader-event-handler", 6.0));
    }

    @Test
    void shouldReadTheCpuModelFromProcCpuinfo() {
        assertThat(Machine.cpuModel(List.of("processor\t: 0", "vendor_id\t: GenuineIntel",
                "model name\t: Intel(R)  Xeon(R) Processor @ 2.60GHz", "model name\t: another")))
                .contains("Intel(R) Xeon(R) Processor @ 2.60GHz");
        assertThat(Machine.cpuModel(List.of("processor\t: 0", "BogoMIPS\t: 50.00"))).isEmpty();
        assertThat(Machine.cpuModel(List.of())).isEmpty();
    }
}
