package io.policystream.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A set of declared configuration keys, in declaration order: the one place a key's type, default,
 * constraint, scope and documentation are written (the role of Kafka's {@code ConfigDef}).
 */
public final class ConfigDef {
    private final Map<String, ConfigKey<?>> keys = new LinkedHashMap<>();

    /**
     * Declares a key.
     *
     * @param validator a constraint beyond the type, or null for none
     * @throws IllegalStateException when the name is taken or the default breaks the constraint,
     *     both mistakes in the declarations themselves
     */
    public <T> ConfigKey<T> define(String name, ConfigType<T> type, T defaultValue, Validator<? super T> validator,
                                   Scope scope, String documentation) {
        if (keys.containsKey(name)) {
            throw new IllegalStateException("key declared twice: " + name);
        }
        if (documentation.isBlank()) {
            throw new IllegalStateException("key without documentation: " + name);
        }
        if (validator != null && !validator.accepts(defaultValue)) {
            throw new IllegalStateException("default of " + name + " breaks its own constraint: " + defaultValue);
        }
        ConfigKey<T> key = new ConfigKey<>(name, type, defaultValue, validator, scope, documentation);
        keys.put(name, key);
        return key;
    }

    /** Declares a key whose type is its only constraint. */
    public <T> ConfigKey<T> define(String name, ConfigType<T> type, T defaultValue, Scope scope, String documentation) {
        return define(name, type, defaultValue, null, scope, documentation);
    }

    /** Every key, in declaration order. */
    public List<ConfigKey<?>> keys() {
        return List.copyOf(keys.values());
    }

    /** The key with this exact name. */
    public Optional<ConfigKey<?>> find(String name) {
        return Optional.ofNullable(keys.get(name));
    }

    /**
     * The declared name closest to a misspelt one, for a "did you mean" hint: the first in declaration
     * order among those within edit distance max(1, min(3, length / 3)).
     */
    public Optional<String> closestName(String name) {
        int limit = Math.max(1, Math.min(3, name.length() / 3));
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : keys.keySet()) {
            int d = editDistance(name.toLowerCase(), candidate);
            if (d <= limit && d < bestDistance) {
                best = candidate;
                bestDistance = d;
            }
        }
        return Optional.ofNullable(best);
    }

    /** Levenshtein distance: the fewest single-character insertions, deletions and substitutions. */
    static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
