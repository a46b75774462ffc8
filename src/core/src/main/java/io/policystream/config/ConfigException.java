package io.policystream.config;

import java.util.List;

/**
 * A configuration that cannot be used, with every problem found in it.
 *
 * <p>The message has one line per problem, each naming the key, the value and what is allowed, for
 * example {@code gamma: 1.5 is not allowed; expected a number in [0, 1]}.
 */
public class ConfigException extends RuntimeException {
    private final List<String> problems;

    /** @param problems one line each, at least one */
    public ConfigException(List<String> problems) {
        super(String.join("\n", requireSome(problems)));
        this.problems = List.copyOf(problems);
    }

    /** A configuration with this one problem. */
    public ConfigException(String problem) {
        this(List.of(problem));
    }

    /** A configuration with this one problem, found through a lower-level failure. */
    public ConfigException(String problem, Throwable cause) {
        super(problem, cause);
        this.problems = List.of(problem);
    }

    /** The problems, one line each, in the order of the message. */
    public List<String> problems() {
        return problems;
    }

    private static List<String> requireSome(List<String> problems) {
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a ConfigException needs at least one problem");
        }
        return problems;
    }
}
