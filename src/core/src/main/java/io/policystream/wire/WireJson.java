package io.policystream.wire;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import io.policystream.event.InvalidReason;
import java.io.IOException;

/** The Jackson setup both codecs share, and how a JSON value is quoted in an error message. */
final class WireJson {
    /**
     * Deepest nesting any reader accepts. The formats need at most five levels (params: object,
     * layers, layer, weights, row); the limit keeps a hostile record from costing more than a
     * bounded amount of parser state while unknown fields are skipped.
     */
    static final int MAX_NESTING_DEPTH = 64;

    /** Longest quoted value in a message: long enough to recognise, short enough for a DLQ header. */
    private static final int MAX_QUOTED = 64;

    private WireJson() {
    }

    /**
     * A factory for the codecs.
     *
     * <p>{@code NaN} and {@code Infinity} tokens are <em>accepted by the parser</em> so that the
     * codecs can refuse them as {@code non-finite} numbers rather than as malformed JSON, which is
     * the more useful reason for a producer that serialised a NaN. Doubles are parsed exactly
     * (FastDoubleParser rounds correctly) and written with the shortest representation that reads
     * back to the same double (Schubfach), independently of the JDK's {@code Double.toString}.
     */
    static JsonFactory factory() {
        return JsonFactory.builder()
                .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
                .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
                .enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(MAX_NESTING_DEPTH)
                        .build())
                .build();
    }

    /** The current value as a message shows it: a number's text, a quoted string, "an array", ... */
    static String describe(JsonParser p, JsonToken t) throws IOException {
        if (t == null) {
            return "the end of the input";
        }
        return switch (t) {
            case VALUE_STRING -> "\"" + abbreviate(p.getText()) + "\"";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> abbreviate(p.getText());
            case VALUE_TRUE -> "true";
            case VALUE_FALSE -> "false";
            case VALUE_NULL -> "null";
            case START_ARRAY -> "an array";
            case START_OBJECT -> "an object";
            default -> t.asString() == null ? t.name() : t.asString();
        };
    }

    /** The string, cut to a length a log line or header can carry. */
    static String abbreviate(String s) {
        return s.length() <= MAX_QUOTED ? s : s.substring(0, MAX_QUOTED) + "...";
    }

    /** A parser failure as a one-line message with the byte offset where it happened. */
    static String malformed(JsonProcessingException e) {
        long offset = e.getLocation() == null ? -1 : e.getLocation().getByteOffset();
        return (offset >= 0 ? "malformed JSON at byte " + offset + ": " : "malformed JSON: ") + e.getOriginalMessage();
    }

    /**
     * Consumes tokens until the parser is back in {@code context} (the record's object), after a
     * value was refused part way through.
     */
    static void skipTo(JsonParser p, JsonStreamContext context) throws IOException {
        while (p.getParsingContext() != context) {
            if (p.nextToken() == null) {
                throw new WireException(InvalidReason.MALFORMED_JSON, "unexpected end of the input");
            }
        }
    }
}
