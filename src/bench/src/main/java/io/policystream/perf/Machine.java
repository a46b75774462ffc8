package io.policystream.perf;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The machine a bench ran on, as its results should be quoted with: the cores this JVM may use,
 * the CPU model where Linux names it, and the JVM.
 *
 * @param cores processors available to this JVM
 * @param cpuModel the first {@code model name} of {@code /proc/cpuinfo}, when there is one
 * @param jvm the JVM's name and full version, e.g. {@code OpenJDK 64-Bit Server VM 17.0.15+6}
 */
public record Machine(int cores, Optional<String> cpuModel, String jvm) {

    /** This machine and this JVM. */
    public static Machine current() {
        List<String> cpuinfo;
        try {
            cpuinfo = Files.readAllLines(Path.of("/proc/cpuinfo"));
        } catch (IOException | SecurityException e) {
            cpuinfo = List.of();
        }
        return new Machine(Runtime.getRuntime().availableProcessors(), cpuModel(cpuinfo),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
    }

    /**
     * The value of the first {@code model name} line of {@code /proc/cpuinfo} (x86; other
     * architectures name the CPU otherwise, or not at all), blanks folded.
     */
    static Optional<String> cpuModel(List<String> cpuinfo) {
        for (String line : cpuinfo) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equals("model name")) {
                String model = line.substring(colon + 1).trim().replaceAll("\\s+", " ");
                return model.isEmpty() ? Optional.empty() : Optional.of(model);
            }
        }
        return Optional.empty();
    }

    /** {@code 2 cores, Intel(R) Xeon(R) Processor, OpenJDK 64-Bit Server VM 17.0.15+6}. */
    public String describe() {
        return cores + (cores == 1 ? " core, " : " cores, ") + cpuModel.map(m -> m + ", ").orElse("") + jvm;
    }
}
