package io.policystream.perf;

import static org.assertj.core.api.Assertions.assertThat;

import io.policystream.perf.ScaleOutBench.HistoryEntry;
import io.policystream.perf.ScaleOutBench.Published;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** The scale-out benchmark's counting and wiring, without starting a broker or a JVM. */
class ScaleOutBenchTest {

    @Test
    void shouldCountTheTrajectoriesOfConsecutiveVersionsFromTheFirst() {
        Published p = ScaleOutBench.count(List.of(new HistoryEntry(0, 0), new HistoryEntry(2, 16),
                new HistoryEntry(1, 8), new HistoryEntry(3, 25)));
        assertThat(p).isEqualTo(new Published(3, 25, 0, 0, 8, 9));
        assertThat(p.consecutive()).isTrue();
    }

    @Test
    void shouldReportARepeatedAndAMissingVersion() {
        Published p = ScaleOutBench.count(List.of(new HistoryEntry(0, 0), new HistoryEntry(1, 8),
                new HistoryEntry(1, 8), new HistoryEntry(3, 24)));
        assertThat(p.repeated()).isEqualTo(1);
        assertThat(p.missing()).isEqualTo(1);
        assertThat(p.consecutive()).isFalse();
        assertThat(p.trajectories()).isEqualTo(24);
        // Only versions whose predecessor is known say how many trajectories they added.
        assertThat(p.fewestPerVersion()).isEqualTo(8);
        assertThat(p.mostPerVersion()).isEqualTo(8);
    }

    @Test
    void shouldCountNothingInAnEmptyHistory() {
        assertThat(ScaleOutBench.count(List.of())).isEqualTo(new Published(0, 0, 0, 0, 0, 0));
    }

    @Test
    void shouldMapGroupMembersToTheirInstanceByClientIdAndKeepOnlyTheEventsTopic() {
        String events = "scale-1.policystream.events";
        Map<String, Set<TopicPartition>> byClientId = Map.of(
                "app.two-0-StreamThread-1-consumer", Set.of(new TopicPartition(events, 2),
                        new TopicPartition(events, 0), new TopicPartition("app.two-gradients", 0)),
                "app.two-1-StreamThread-1-consumer", Set.of(new TopicPartition(events, 3),
                        new TopicPartition(events, 1)),
                "someone-else-consumer", Set.of(new TopicPartition(events, 9)));
        assertThat(ScaleOutBench.partitionsByInstance(byClientId, events, List.of("app.two-0", "app.two-1")))
                .containsExactly(Map.entry("app.two-0", List.of(0, 2)), Map.entry("app.two-1", List.of(1, 3)));
    }

    @Test
    void shouldStartEachLearnerJvmAsPolicystreamLearnWithMetricsOff() throws Exception {
        List<String> cmd = ScaleOutBench.learnerCommand("/jdk/bin/java", Path.of("/x/policystream.jar"),
                "127.0.0.1:9092", Path.of("/w/two.properties"), Path.of("/w/two-0.client.properties"),
                Path.of("/w/two-0.state"));
        assertThat(cmd).containsExactly("/jdk/bin/java", "-cp", "/x/policystream.jar", "io.policystream.cli.Main",
                "learn", "--bootstrap-servers", "127.0.0.1:9092", "--kafka-config", "/w/two-0.client.properties",
                "--config", "/w/two.properties", "--state-dir", "/w/two-0.state", "--metrics-port", "0");
        // The class is named by a string (perf does not depend on cli): it must exist and have a main.
        assertThat(Class.forName(ScaleOutBench.MAIN_CLASS).getMethod("main", String[].class)).isNotNull();
    }

    @Test
    void shouldShowTheLastFortyLinesOfALogOrSayItIsEmpty(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        Path log = dir.resolve("two-1.log");
        java.nio.file.Files.writeString(log, "");
        assertThat(ScaleOutBench.tail(log)).isEqualTo("(empty: it printed nothing)");
        java.nio.file.Files.write(log, java.util.stream.IntStream.range(0, 100).mapToObj(i -> "line " + i).toList());
        assertThat(ScaleOutBench.tail(log).lines()).hasSize(40).startsWith("line 60").endsWith("line 99");
        assertThat(ScaleOutBench.tail(dir.resolve("missing.log"))).startsWith("(cannot read");
    }
}
