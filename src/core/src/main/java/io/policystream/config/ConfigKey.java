package io.policystream.config;

import java.util.Objects;

/**
 * One declared configuration key: its name, type, default, constraint, scope and documentation.
 * Keys are created by {@link ConfigDef#define} and compared by identity.
 *
 * @param <T> the Java type of the key's value
 */
public final class ConfigKey<T> {
    private final String name;
    private final ConfigType<T> type;
    private final T defaultValue;
    private final Validator<? super T> validator;
    private final Scope scope;
    private final String documentation;

    ConfigKey(String name, ConfigType<T> type, T defaultValue, Validator<? super T> validator, Scope scope,
              String documentation) {
        this.name = Objects.requireNonNull(name, "name");
        this.type = Objects.requireNonNull(type, "type");
        this.defaultValue = Objects.requireNonNull(defaultValue, "defaultValue");
        this.validator = validator;
        this.scope = Objects.requireNonNull(scope, "scope");
        this.documentation = Objects.requireNonNull(documentation, "documentation");
    }

    public String name() {
        return name;
    }

    public ConfigType<T> type() {
        return type;
    }

    public T defaultValue() {
        return defaultValue;
    }

    public Scope scope() {
        return scope;
    }

    /** One sentence for the reference documentation, with the formula the key takes part in. */
    public String documentation() {
        return documentation;
    }

    /** The default as it would be written in a configuration file. */
    public String defaultText() {
        return type.format(defaultValue);
    }

    /** What a value must be, completing "expected ...": "a number in [0, 1]", "one of sgd, adam". */
    public String expected() {
        return validator == null ? type.description() : type.description() + " " + validator.description();
    }

    /**
     * The value of a text from a configuration file.
     *
     * @param shownName the key as the user wrote it, such as {@code policy.cartpole.gamma}
     * @throws ConfigException with one line naming shownName, the text and what is allowed
     */
    public T parse(String shownName, String raw) {
        T value;
        try {
            value = type.parse(raw);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(notAllowed(shownName, "'" + raw + "'"));
        }
        if (validator != null && !validator.accepts(value)) {
            String shown = type.isNumeric() ? raw.strip() : "'" + raw + "'";
            throw new ConfigException(notAllowed(shownName, shown));
        }
        return value;
    }

    /**
     * A typed value, checked against the constraint.
     *
     * @throws ConfigException with one line naming the key, the value and what is allowed
     */
    public T check(T value) {
        Objects.requireNonNull(value, name);
        String text = type.format(value);
        // A value that a file could not hold (NaN, a list with 0) is refused like its text would be.
        boolean writable = type.parses(text);
        if (!writable || validator != null && !validator.accepts(value)) {
            throw new ConfigException(notAllowed(name, writable && type.isNumeric() ? text : "'" + text + "'"));
        }
        return value;
    }

    private String notAllowed(String shownName, String shownValue) {
        return shownName + ": " + shownValue + " is not allowed; expected " + expected();
    }

    @Override
    public String toString() {
        return name;
    }
}
