package io.policystream.serve;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import java.io.IOException;
import java.util.Arrays;

/**
 * Reads request bodies into request records with Jackson's streaming parser, refusing anything
 * else with a 400 that names the field.
 *
 * <p>The body is bounded before it gets here; the parser bounds nesting (unknown fields are
 * skipped, however deep they are), the length of a number and of a name. {@code NaN} and
 * {@code Infinity} tokens are parsed so that they can be refused as non-finite numbers, the more
 * useful message for a client that serialised a NaN. A JSON {@code null} means the field is absent.
 * Duplicate fields are refused: which one wins would be a guess. Thread-safe.
 */
final class RequestJson {
    /** Deepest nesting accepted: the requests need two levels, unknown fields get some room. */
    static final int MAX_NESTING_DEPTH = 32;
    private static final int MAX_NUMBER_LENGTH = 1000;
    private static final int MAX_NAME_LENGTH = 1000;

    private final JsonFactory factory = JsonFactory.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(MAX_NESTING_DEPTH)
                    .maxNumberLength(MAX_NUMBER_LENGTH)
                    .maxNameLength(MAX_NAME_LENGTH)
                    .build())
            .build();

    /** Reads {@code {"policy","episode","state"[,"greedy"]}}; required fields are checked by the service. */
    ActRequest act(byte[] body) {
        return read(body, p -> {
            String policy = null;
            String episode = null;
            double[] state = null;
            boolean greedy = false;
            for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                if (v == JsonToken.VALUE_NULL) {
                    continue;
                }
                switch (name) {
                    case "policy" -> policy = string(p, v, name);
                    case "episode" -> episode = string(p, v, name);
                    case "state" -> state = numbers(p, v, name);
                    case "greedy" -> greedy = bool(p, v, name);
                    default -> p.skipChildren();
                }
            }
            return new ActRequest(policy, episode, state, greedy);
        });
    }

    /** Reads {@code {"episode"[,"step"],"reward"[,"done","truncated","policy"]}}. */
    RewardRequest reward(byte[] body) {
        return read(body, p -> {
            String episode = null;
            Long step = null;
            Double reward = null;
            boolean done = false;
            boolean truncated = false;
            String policy = null;
            for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                if (v == JsonToken.VALUE_NULL) {
                    continue;
                }
                switch (name) {
                    case "episode" -> episode = string(p, v, name);
                    case "step" -> step = step(p, v);
                    case "reward" -> reward = finite(p, v, name);
                    case "done" -> done = bool(p, v, name);
                    case "truncated" -> truncated = bool(p, v, name);
                    case "policy" -> policy = string(p, v, name);
                    default -> p.skipChildren();
                }
            }
            if (reward == null) {
                throw ServeException.badField("reward", "reward: required");
            }
            return new RewardRequest(episode, step, reward, done, truncated, policy);
        });
    }

    @FunctionalInterface
    private interface ObjectReader<T> {
        /** Reads the fields of an object whose START_OBJECT was read, up to and with its END_OBJECT. */
        T read(JsonParser p) throws IOException;
    }

    private <T> T read(byte[] body, ObjectReader<T> reader) {
        JsonParser parser;
        try {
            parser = factory.createParser(body);
        } catch (IOException e) {
            throw ServeException.badField(null, "unreadable body: " + e.getMessage());
        }
        try (JsonParser p = parser) {
            JsonToken first = p.nextToken();
            if (first != JsonToken.START_OBJECT) {
                throw ServeException.badField(null, "the body must be a JSON object, got " + describe(p, first));
            }
            T request = reader.read(p);
            JsonToken after = p.nextToken();
            if (after != null) {
                throw ServeException.badField(null, "the body must be one JSON object, found " + describe(p, after)
                        + " after it");
            }
            return request;
        } catch (StreamConstraintsException e) {
            throw ServeException.badField(null, exceeded(parser, e));
        } catch (JsonProcessingException e) {
            long offset = e.getLocation() == null ? -1 : e.getLocation().getByteOffset();
            throw ServeException.badField(null, (offset >= 0 ? "malformed JSON at byte " + offset + ": "
                    : "malformed JSON: ") + e.getOriginalMessage());
        } catch (IOException e) {
            throw ServeException.badField(null, "unreadable body: " + e.getMessage());
        }
    }

    /**
     * The limit a body broke, in the client's terms: Jackson's own message names its configuration
     * class ({@code StreamReadConstraints.getMaxNestingDepth()}), which means nothing to a client.
     */
    static String exceeded(JsonParser p, StreamConstraintsException e) {
        String jackson = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        if (p.getParsingContext().getNestingDepth() > MAX_NESTING_DEPTH || jackson.contains("nesting depth")) {
            return "JSON nested deeper than " + MAX_NESTING_DEPTH + " levels";
        }
        if (jackson.startsWith("Number value length")) {
            return "a number longer than " + MAX_NUMBER_LENGTH + " characters";
        }
        if (jackson.startsWith("Name length")) {
            return "a field name longer than " + MAX_NAME_LENGTH + " characters";
        }
        return "the body exceeds a limit of the JSON parser";
    }

    private static String string(JsonParser p, JsonToken t, String field) throws IOException {
        if (t != JsonToken.VALUE_STRING) {
            throw ServeException.badField(field, field + ": must be a string, got " + describe(p, t));
        }
        return p.getText();
    }

    private static boolean bool(JsonParser p, JsonToken t, String field) throws IOException {
        if (t == JsonToken.VALUE_TRUE || t == JsonToken.VALUE_FALSE) {
            return t == JsonToken.VALUE_TRUE;
        }
        throw ServeException.badField(field, field + ": must be true or false, got " + describe(p, t));
    }

    private static double finite(JsonParser p, JsonToken t, String field) throws IOException {
        if (t != JsonToken.VALUE_NUMBER_INT && t != JsonToken.VALUE_NUMBER_FLOAT) {
            throw ServeException.badField(field, field + ": must be a number, got " + describe(p, t));
        }
        double d = p.getDoubleValue();
        if (!Double.isFinite(d)) {
            throw ServeException.badField(field, field + ": not a finite number");
        }
        return d;
    }

    /** A JSON integer >= 0: {@code 1.0} is refused rather than silently taken for step 1. */
    private static long step(JsonParser p, JsonToken t) throws IOException {
        if (t != JsonToken.VALUE_NUMBER_INT || p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
            throw ServeException.badField("step", "step: must be an integer between 0 and " + Long.MAX_VALUE
                    + ", got " + describe(p, t));
        }
        long v = p.getLongValue();
        if (v < 0) {
            throw ServeException.badField("step", "step: must be an integer >= 0, got " + v);
        }
        return v;
    }

    private static double[] numbers(JsonParser p, JsonToken t, String field) throws IOException {
        if (t != JsonToken.START_ARRAY) {
            throw ServeException.badField(field, field + ": must be an array of numbers, got " + describe(p, t));
        }
        double[] out = new double[8];
        int n = 0;
        for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken()) {
            if (e != JsonToken.VALUE_NUMBER_INT && e != JsonToken.VALUE_NUMBER_FLOAT) {
                throw ServeException.badField(field, field + "[" + n + "]: must be a number, got " + describe(p, e));
            }
            double d = p.getDoubleValue();
            if (!Double.isFinite(d)) {
                throw ServeException.badField(field, field + "[" + n + "]: not a finite number");
            }
            if (n == out.length) {
                out = Arrays.copyOf(out, 2 * n);
            }
            out[n++] = d;
        }
        return Arrays.copyOf(out, n);
    }

    /** A token as an error message shows it: a number's text, a quoted string, "an array", ... */
    private static String describe(JsonParser p, JsonToken t) throws IOException {
        if (t == null) {
            return "nothing";
        }
        return switch (t) {
            case VALUE_STRING -> "\"" + Ids.abbreviate(p.getText()) + "\"";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> Ids.abbreviate(p.getText());
            case VALUE_TRUE -> "true";
            case VALUE_FALSE -> "false";
            case VALUE_NULL -> "null";
            case START_ARRAY -> "an array";
            case START_OBJECT -> "an object";
            default -> t.name();
        };
    }
}
