package io.policystream;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Arrows point inward: the pure packages import nothing from Kafka, Jackson, Micrometer or picocli. */
class ArchitectureTest {
    private static final List<String> PURE = List.of("event", "trajectory", "policy", "learn", "config", "sim",
            "eval");
    private static final List<String> FORBIDDEN = List.of("org.apache.kafka", "com.fasterxml.jackson",
            "io.micrometer", "picocli", "io.policystream.streams", "io.policystream.wire", "io.policystream.cli",
            "io.policystream.client", "io.policystream.serve", "io.policystream.metrics");

    @Test
    void shouldKeepThePurePackagesFreeOfIo() throws IOException {
        List<String> violations = new ArrayList<>();
        for (String pkg : PURE) {
            Path dir = Path.of("src/main/java/io/policystream", pkg);
            assertThat(dir).isDirectory();
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                    for (String line : Files.readAllLines(f)) {
                        if (line.startsWith("import ") && FORBIDDEN.stream().anyMatch(x -> line.contains(x))) {
                            violations.add(f + ": " + line);
                        }
                    }
                }
            }
        }
        assertThat(violations).isEmpty();
    }
}
