package io.policystream.topics;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.apache.kafka.common.config.TopicConfig;

/**
 * Parses one topic definition file. The format is a strict subset of Java properties, so that every
 * problem can name its line: one {@code key=value} per line; blank lines and lines starting with
 * {@code #} or {@code !} are comments; no line continuations. Keys:
 *
 * <ul>
 *   <li>{@code name} (required): the topic name, equal to the file name without {@code .properties};
 *   <li>{@code partitions} (required): an integer of at least 1;
 *   <li>{@code replication.factor} (optional): an integer of at least 1; absent, {@code topics create}
 *       chooses it for the cluster's size ({@link Replication});
 *   <li>{@code config.<key>}: a topic-level config; the key must be a known topic config, so a typo
 *       fails here rather than at creation time (the broker checks the value).
 * </ul>
 */
final class TopicFileParser {
    private static final Pattern TOPIC_NAME = Pattern.compile("[a-zA-Z0-9._-]{1,249}");
    private static final String CONFIG_PREFIX = "config.";
    private static final List<String> REQUIRED = List.of("name", "partitions");
    private static final List<String> KEYS = List.of("name", "partitions", "replication.factor");
    private static final Set<String> KNOWN_CONFIGS = knownConfigs();

    private final String source;
    private final List<String> problems;
    private final Map<String, Integer> lineOfKey = new HashMap<>();
    private final Map<String, String> values = new LinkedHashMap<>();
    private final Map<String, String> configs = new LinkedHashMap<>();
    private final int problemsBefore;

    private TopicFileParser(String source, List<String> problems) {
        this.source = source;
        this.problems = problems;
        this.problemsBefore = problems.size();
    }

    /**
     * Parses {@code text}; appends one line per problem to {@code problems}, each starting with
     * {@code source} and, where there is one, the line number.
     *
     * @return the definition, or empty if the file has a problem
     */
    static Optional<TopicDefinition> parse(String source, String expectedName, String text, List<String> problems) {
        return new TopicFileParser(source, problems).run(expectedName, text);
    }

    private Optional<TopicDefinition> run(String expectedName, String text) {
        String[] lines = text.split("\r?\n|\r", -1);
        for (int i = 0; i < lines.length; i++) {
            parseLine(i + 1, lines[i].strip());
        }
        for (String key : REQUIRED) {
            if (!values.containsKey(key)) {
                problems.add(source + ": missing required key '" + key + "'");
            }
        }
        String name = values.get("name");
        if (name != null) {
            checkName(name, expectedName);
        }
        Integer partitions = integer("partitions", Integer.MAX_VALUE);
        Integer replication = integer("replication.factor", Short.MAX_VALUE);
        if (problems.size() > problemsBefore) {
            return Optional.empty();
        }
        return Optional.of(new TopicDefinition(name, partitions,
                replication == null ? TopicDefinition.CLUSTER_DEFAULT : replication, configs));
    }

    private void parseLine(int line, String content) {
        if (content.isEmpty() || content.startsWith("#") || content.startsWith("!")) {
            return;
        }
        if (content.endsWith("\\")) {
            problems.add(at(line) + "line continuations ('\\' at the end of a line) are not supported");
            return;
        }
        int eq = content.indexOf('=');
        if (eq < 0) {
            problems.add(at(line) + "expected key=value, got '" + content + "'");
            return;
        }
        String key = content.substring(0, eq).strip();
        String value = content.substring(eq + 1).strip();
        if (key.isEmpty()) {
            problems.add(at(line) + "missing key before '='");
            return;
        }
        Integer first = lineOfKey.putIfAbsent(key, line);
        if (first != null) {
            problems.add(at(line) + "duplicate key '" + key + "' (first set on line " + first + ")");
            return;
        }
        if (value.isEmpty()) {
            problems.add(at(line) + "empty value for '" + key + "'");
            return;
        }
        if (key.startsWith(CONFIG_PREFIX)) {
            parseConfig(line, key.substring(CONFIG_PREFIX.length()), value);
        } else if (KEYS.contains(key)) {
            values.put(key, value);
        } else {
            problems.add(at(line) + "unknown key '" + key + "'; expected name, partitions, replication.factor"
                    + " or config.<topic config>");
        }
    }

    private void parseConfig(int line, String key, String value) {
        if (!KNOWN_CONFIGS.contains(key)) {
            problems.add(at(line) + "unknown topic config '" + key + "' (see the topic configs of the Kafka documentation)");
            return;
        }
        configs.put(key, value);
    }

    /**
     * The topic config names of the Kafka client library ({@link TopicConfig}'s {@code *_CONFIG}
     * constants), so a typo fails here and not at creation time; values are checked by the broker.
     */
    private static Set<String> knownConfigs() {
        Set<String> names = new TreeSet<>();
        for (Field f : TopicConfig.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class && f.getName().endsWith("_CONFIG")) {
                try {
                    names.add((String) f.get(null));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException("cannot read " + f, e);
                }
            }
        }
        return Set.copyOf(names);
    }

    private void checkName(String name, String expectedName) {
        int line = lineOfKey.get("name");
        if (!TOPIC_NAME.matcher(name).matches() || name.equals(".") || name.equals("..")) {
            problems.add(at(line) + "invalid topic name '" + name
                    + "': use 1 to 249 characters among letters, digits, '.', '_' and '-'");
        } else if (!name.equals(expectedName)) {
            problems.add(at(line) + "name '" + name + "' does not match the file name; name the file '"
                    + name + ".properties'");
        }
    }

    private Integer integer(String key, int max) {
        String value = values.get(key);
        if (value == null) {
            return null;
        }
        String where = at(lineOfKey.get(key));
        try {
            int n = Integer.parseInt(value);
            if (n < 1 || n > max) {
                problems.add(where + key + " must be between 1 and " + max + ", got " + n);
                return null;
            }
            return n;
        } catch (NumberFormatException e) {
            problems.add(where + key + " must be an integer, got '" + value + "'");
            return null;
        }
    }

    private String at(int line) {
        return source + ":" + line + ": ";
    }
}
