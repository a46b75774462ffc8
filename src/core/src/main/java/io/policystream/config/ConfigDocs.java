package io.policystream.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The reference documentation of the learner configuration, generated from {@link LearnerConfig}'s
 * declarations so it cannot drift from them. A test compares it with {@code docs/configuration.md}.
 */
public final class ConfigDocs {
    /** Where the generated page lives, relative to the project root. */
    public static final Path DOCS_FILE = Path.of("docs", "configuration.md");

    private ConfigDocs() {
    }

    /** The whole page: an introduction to the file format, then {@link #markdownTable()}. */
    public static String markdown() {
        return """
                # Learner configuration

                <!-- Generated from io.policystream.config.LearnerConfig; do not edit. To regenerate, from the project root:
                     mvn -q -pl src/core compile && java -cp src/core/target/classes io.policystream.config.ConfigDocs -->

                The learner reads a Java properties file: one `key=value` per line, `#` starts a comment.
                Every key is validated (type, range, allowed values); a file with problems is refused with
                one line per problem, such as `gamma: 1.5 is not allowed; expected a number in [0, 1]`,
                and the command exits with code 2. Unknown keys are errors, with a suggestion for a near miss.

                - A key without a prefix sets a learner-level value, or the default of a per-policy key for
                  every policy.
                - `policy.<id>.<key>` overrides a per-policy key for the policy `<id>`
                  (`[A-Za-z0-9._-]{1,64}`), for example `policy.cartpole.learning.rate=0.005`. Overriding a
                  learner-level key this way is an error. When an id contains dots, the key is what follows
                  the first dot after which a declared key name follows.
                - `kafka.<setting>` is passed, without the prefix, to every Kafka client of the learner
                  (admin, producer, consumer, Kafka Streams); `streams.<setting>` to Kafka Streams only.
                  Settings that have a key of their own below (such as `bootstrap.servers`) must be set
                  through that key.

                Numbers are plain decimals (`0.01`, `1e-8`); booleans are `true` or `false`; lists are comma
                separated (`64,64`, or empty for none).

                ```properties
                # defaults for every policy
                optimizer=adam
                learning.rate=0.01
                # one policy differs
                policy.pendulum.distribution=gaussian
                policy.pendulum.gamma=0.9
                # passed to Kafka
                kafka.security.protocol=PLAINTEXT
                ```

                ## Keys

                """ + markdownTable();
    }

    /** One row per key, in declaration order: key, type, default, allowed values, scope, description. */
    public static String markdownTable() {
        StringBuilder table = new StringBuilder();
        table.append("| key | type | default | allowed | per-policy? | description |\n");
        table.append("| --- | --- | --- | --- | --- | --- |\n");
        for (ConfigKey<?> key : LearnerConfig.definition().keys()) {
            String defaultText = key.defaultText();
            table.append("| `").append(key.name()).append("` | ")
                    .append(key.type().name()).append(" | ")
                    .append(defaultText.isEmpty() ? "(empty)" : "`" + defaultText + "`").append(" | ")
                    .append(cell(key.expected())).append(" | ")
                    .append(key.scope() == Scope.POLICY ? "yes" : "no").append(" | ")
                    .append(cell(key.documentation())).append(" |\n");
        }
        return table.toString();
    }

    /** Text for one table cell: a pipe would end the cell. */
    private static String cell(String text) {
        return text.replace("|", "\\|");
    }

    /**
     * Writes the page, to the path given or to {@link #DOCS_FILE}. Run from the project root after
     * {@code mvn -q -pl src/core compile}: {@code java -cp src/core/target/classes io.policystream.config.ConfigDocs}.
     */
    public static void main(String[] args) throws IOException {
        Path target = args.length > 0 ? Path.of(args[0]) : DOCS_FILE;
        Path parent = target.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Files.writeString(target, markdown(), StandardCharsets.UTF_8);
        System.out.println("wrote " + target);
    }
}
