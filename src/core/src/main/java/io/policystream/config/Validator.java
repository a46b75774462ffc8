package io.policystream.config;

/**
 * A constraint on a parsed configuration value, beyond its type.
 *
 * @param <T> the type of the values it checks
 */
public interface Validator<T> {

    /** Whether the value is allowed. */
    boolean accepts(T value);

    /**
     * What is allowed, completing the type's description: "in [0, 1]" after "a number", ">= 1" after
     * "an integer".
     */
    String description();
}
