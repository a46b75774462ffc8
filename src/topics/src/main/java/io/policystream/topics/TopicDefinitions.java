package io.policystream.topics;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Reads topic definitions: one {@code <name>.properties} file per topic, in the {@code topics/} folder
 * of the repository or, the same files, bundled into the jar. The format is described by {@link
 * TopicFileParser}. Every problem of every file is reported at once, one line each, naming file and line.
 */
public final class TopicDefinitions {
    /** The folder name, both in the repository and inside the jar. */
    public static final String FOLDER = "topics";
    private static final String SUFFIX = ".properties";

    private TopicDefinitions() {
    }

    /**
     * The definitions in {@code dir}, sorted by topic name. Files not ending in {@code .properties}
     * (a README) are ignored.
     *
     * @throws TopicDefinitionException naming every problem: a missing or empty folder, a bad file
     */
    public static List<TopicDefinition> load(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new TopicDefinitionException(List.of(dir + ": no such directory of topic definitions"));
        }
        List<Path> files;
        try (Stream<Path> entries = Files.list(dir)) {
            files = entries.filter(p -> p.getFileName().toString().endsWith(SUFFIX) && Files.isRegularFile(p))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new TopicDefinitionException(List.of(dir + ": cannot list the directory: " + e.getMessage()));
        }
        List<Source> sources = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (Path file : files) {
            try {
                sources.add(new Source(file.toString(), file.getFileName().toString(), Files.readString(file)));
            } catch (IOException e) {
                problems.add(file + ": cannot read the file: " + e.getMessage());
            }
        }
        return parseAll(dir.toString(), sources, problems);
    }

    /**
     * The definitions bundled with this build: the {@code topics/} folder next to these classes, which
     * the build copies from the repository into the jar, so {@code topics create} needs no checkout.
     */
    public static List<TopicDefinition> loadBundled() {
        Path location = codeLocation();
        if (Files.isDirectory(location)) {
            return load(location.resolve(FOLDER));
        }
        List<Source> sources = new ArrayList<>();
        try (JarFile jar = new JarFile(location.toFile(), false)) {
            List<JarEntry> entries = jar.stream()
                    .filter(e -> isBundledDefinition(e.getName()))
                    .sorted(Comparator.comparing(JarEntry::getName))
                    .toList();
            for (JarEntry entry : entries) {
                try (InputStream in = jar.getInputStream(entry)) {
                    String fileName = entry.getName().substring(FOLDER.length() + 1);
                    sources.add(new Source("jar:" + entry.getName(), fileName,
                            new String(in.readAllBytes(), StandardCharsets.UTF_8)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the topic definitions bundled in " + location, e);
        }
        return parseAll("jar:" + FOLDER + "/", sources, new ArrayList<>());
    }

    private static List<TopicDefinition> parseAll(String where, List<Source> sources, List<String> problems) {
        if (sources.isEmpty() && problems.isEmpty()) {
            problems.add(where + ": no topic definitions (*" + SUFFIX + " files)");
        }
        List<TopicDefinition> definitions = new ArrayList<>();
        for (Source s : sources) {
            String expectedName = s.fileName().substring(0, s.fileName().length() - SUFFIX.length());
            TopicFileParser.parse(s.label(), expectedName, s.text(), problems).ifPresent(definitions::add);
        }
        if (!problems.isEmpty()) {
            throw new TopicDefinitionException(problems);
        }
        definitions.sort(Comparator.comparing(TopicDefinition::name));
        return List.copyOf(definitions);
    }

    private static boolean isBundledDefinition(String entryName) {
        String prefix = FOLDER + "/";
        return entryName.startsWith(prefix) && entryName.endsWith(SUFFIX)
                && entryName.indexOf('/', prefix.length()) < 0;
    }

    private static Path codeLocation() {
        CodeSource source = TopicDefinitions.class.getProtectionDomain().getCodeSource();
        if (source == null || source.getLocation() == null) {
            throw new IllegalStateException("cannot locate the classes of this build to find the bundled topic definitions");
        }
        try {
            return Path.of(source.getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot locate the bundled topic definitions: " + source.getLocation(), e);
        }
    }

    private record Source(String label, String fileName, String text) {
    }
}
