package io.policystream.config;

import java.util.regex.Pattern;

/**
 * Text that matches a regular expression as a whole.
 *
 * @param pattern the expression the whole value must match
 * @param description what a matching value looks like, completing "a string ..."
 */
public record Matching(Pattern pattern, String description) implements Validator<String> {

    /** A Kafka topic name: 1 to 249 of {@code [a-zA-Z0-9._-]}, the characters Kafka allows. */
    public static Matching topicName() {
        return new Matching(Pattern.compile("[a-zA-Z0-9._-]{1,249}"), "of 1 to 249 characters from [a-zA-Z0-9._-]");
    }

    /** Text with at least one character that is not whitespace. */
    public static Matching notBlank() {
        return new Matching(Pattern.compile("(?s).*\\S.*"), "that is not blank");
    }

    @Override
    public boolean accepts(String value) {
        return pattern.matcher(value).matches();
    }

    @Override
    public String toString() {
        return description;
    }
}
