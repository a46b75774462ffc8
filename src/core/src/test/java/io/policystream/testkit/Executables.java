package io.policystream.testkit;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Finds programs on the PATH, for tests that need a real external tool (Prometheus, promtool). */
public final class Executables {
    private Executables() {
    }

    /** The executable {@code name} on the PATH, if any. */
    public static Optional<Path> find(String name) {
        return findAll(name).stream().findFirst();
    }

    /** Every executable {@code name} on the PATH, in PATH order (a shim may hide another interpreter). */
    public static List<Path> findAll(String name) {
        List<Path> found = new ArrayList<>();
        String path = System.getenv("PATH");
        if (path == null) {
            return found;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path p = Path.of(dir, name);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                found.add(p);
            }
        }
        return found;
    }
}
