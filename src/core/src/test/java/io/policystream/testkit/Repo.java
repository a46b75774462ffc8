package io.policystream.testkit;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The repository's own files (README.md, docs/, examples/, topics/, monitoring/), which tests read
 * wherever they run: the modules live under src/, so a module's working directory is not the root.
 * Maven passes the root as the system property {@code policystream.root} (the parent pom); outside
 * Maven, an IDE say, the root is the nearest directory up from the working directory with both a
 * pom.xml and topics/.
 */
public final class Repo {
    private Repo() {
    }

    /** A path under the repository root, e.g. {@code file("docs", "operations.md")}. */
    public static Path file(String first, String... more) {
        return root().resolve(Path.of(first, more));
    }

    public static Path root() {
        String given = System.getProperty("policystream.root");
        if (given != null) {
            return Path.of(given).toAbsolutePath().normalize();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("pom.xml")) && Files.isDirectory(dir.resolve("topics"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no repository root above " + Path.of("").toAbsolutePath()
                + "; set -Dpolicystream.root");
    }
}
