package io.policystream.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * How the text of a configuration value becomes a typed value, and back.
 *
 * <p>Parsing is strict so that a typo is an error instead of a surprise: numbers are plain decimals
 * (no hex, no {@code NaN}, no {@code Infinity}), booleans are {@code true} or {@code false} in any
 * case, enumerations take their exact wire names. Surrounding whitespace is ignored, because a
 * trailing blank in a properties file is invisible.
 *
 * @param <T> the Java type of the parsed value
 */
public final class ConfigType<T> {
    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
    private static final Pattern INTEGER = Pattern.compile("[+-]?\\d+");

    /** {@code true} or {@code false}. */
    public static final ConfigType<Boolean> BOOLEAN = new ConfigType<>("boolean", "true or false", false,
            ConfigType::parseBoolean, String::valueOf);
    /** A 32-bit integer. */
    public static final ConfigType<Integer> INT = new ConfigType<>("int", "an integer", true,
            raw -> Integer.parseInt(requireMatch(INTEGER, raw)), String::valueOf);
    /** A 64-bit integer. */
    public static final ConfigType<Long> LONG = new ConfigType<>("long", "an integer", true,
            raw -> Long.parseLong(requireMatch(INTEGER, raw)), String::valueOf);
    /** A finite double written as a decimal number. */
    public static final ConfigType<Double> DOUBLE = new ConfigType<>("double", "a number", true,
            ConfigType::parseFiniteDouble, ConfigType::formatDouble);
    /** Any text. */
    public static final ConfigType<String> STRING = new ConfigType<>("string", "a string", false,
            raw -> raw, raw -> raw);
    /** A comma-separated list of positive integers, possibly empty, such as {@code 64,64}. */
    public static final ConfigType<List<Integer>> POSITIVE_INT_LIST = new ConfigType<>("list",
            "a comma list of positive integers (may be empty)", false, ConfigType::parsePositiveInts,
            list -> list.stream().map(String::valueOf).collect(Collectors.joining(",")));

    private final String name;
    private final String description;
    private final boolean numeric;
    private final Function<String, T> parser;
    private final Function<T, String> formatter;

    private ConfigType(String name, String description, boolean numeric, Function<String, T> parser,
                       Function<T, String> formatter) {
        this.name = name;
        this.description = description;
        this.numeric = numeric;
        this.parser = parser;
        this.formatter = formatter;
    }

    /**
     * An enumeration written as the wire names of its constants.
     *
     * @param values every allowed constant, in the order the documentation lists them
     * @param wireName the text of a constant in a configuration file
     */
    public static <E extends Enum<E>> ConfigType<E> enumeration(E[] values, Function<E, String> wireName) {
        List<E> allowed = List.of(values);
        String names = allowed.stream().map(wireName).collect(Collectors.joining(", "));
        return new ConfigType<>("enum", "one of " + names, false, raw -> {
            for (E e : allowed) {
                if (wireName.apply(e).equals(raw)) {
                    return e;
                }
            }
            throw new IllegalArgumentException("not one of " + names);
        }, wireName);
    }

    /** The type's name in the documentation: boolean, int, long, double, string, enum or list. */
    public String name() {
        return name;
    }

    /** What a value of this type looks like, completing "expected ...": "a number", "one of sgd, adam". */
    public String description() {
        return description;
    }

    /** Whether values are numbers, so an out-of-range value can be shown unquoted. */
    public boolean isNumeric() {
        return numeric;
    }

    /**
     * The value of a text.
     *
     * @throws IllegalArgumentException when the text is not a value of this type
     */
    public T parse(String raw) {
        Objects.requireNonNull(raw, "raw");
        return parser.apply(raw.strip());
    }

    /** Whether the text is a value of this type. */
    public boolean parses(String raw) {
        try {
            parse(raw);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The canonical text of a value, which {@link #parse} reads back to an equal value. */
    public String format(T value) {
        return formatter.apply(value);
    }

    @Override
    public String toString() {
        return name;
    }

    private static String requireMatch(Pattern pattern, String raw) {
        if (!pattern.matcher(raw).matches()) {
            throw new IllegalArgumentException("malformed: " + raw);
        }
        return raw;
    }

    private static Boolean parseBoolean(String raw) {
        if (raw.equalsIgnoreCase("true")) {
            return Boolean.TRUE;
        }
        if (raw.equalsIgnoreCase("false")) {
            return Boolean.FALSE;
        }
        throw new IllegalArgumentException("not a boolean: " + raw);
    }

    private static Double parseFiniteDouble(String raw) {
        double d = Double.parseDouble(requireMatch(DECIMAL, raw));
        if (!Double.isFinite(d)) {
            throw new IllegalArgumentException("overflows a double: " + raw);
        }
        return d;
    }

    /** Integral values without a fraction ("0", "1"), others in Java's shortest form with a small e ("1e-8"). */
    static String formatDouble(double d) {
        if (d == Math.rint(d) && Math.abs(d) < 1e15) {
            return Long.toString((long) d);
        }
        return Double.toString(d).replace(".0E", "E").replace('E', 'e');
    }

    private static List<Integer> parsePositiveInts(String raw) {
        if (raw.isEmpty()) {
            return List.of();
        }
        List<Integer> sizes = new ArrayList<>();
        for (String part : raw.split(",", -1)) {
            int size = Integer.parseInt(requireMatch(INTEGER, part.strip()));
            if (size <= 0) {
                throw new IllegalArgumentException("not positive: " + size);
            }
            sizes.add(size);
        }
        return List.copyOf(sizes);
    }
}
