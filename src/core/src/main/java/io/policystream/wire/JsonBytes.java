package io.policystream.wire;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;

/**
 * Compact JSON built straight into a growing byte array, byte for byte what the JSON library's
 * generator writes (no spaces, strings needing escapes written by the library itself, doubles by
 * {@link DoubleText}). It exists for the params JSON, where a version of a 17-256-256-6 network
 * is 72,000 doubles: written here each number goes once into the array, with no String and no
 * second copy. Commas and colons come from the nesting; the caller writes names and values in
 * order. Not thread-safe; one instance per document.
 */
final class JsonBytes {
    /** Nesting deeper than this is refused: the params JSON is four levels deep. */
    private static final int MAX_DEPTH = 62;
    /** Writes the strings that need escaping, as the params JSON always had them written. */
    private static final JsonFactory LIBRARY = WireJson.factory();

    private byte[] buffer;
    private int size;
    private int depth;
    /** Bit d set: the container at depth d already holds a value (the next one needs a comma). */
    private long holdsValue;
    private boolean afterName;

    JsonBytes(int capacity) {
        this.buffer = new byte[Math.max(16, capacity)];
    }

    JsonBytes startObject() {
        return open((byte) '{');
    }

    JsonBytes endObject() {
        return close((byte) '}');
    }

    JsonBytes startArray() {
        return open((byte) '[');
    }

    JsonBytes endArray() {
        return close((byte) ']');
    }

    /** A field name; the next call writes its value. */
    JsonBytes name(String name) {
        comma();
        quoted(name);
        put((byte) ':');
        afterName = true;
        return this;
    }

    JsonBytes string(String value) {
        beforeValue();
        quoted(value);
        return this;
    }

    JsonBytes number(long value) {
        beforeValue();
        String digits = Long.toString(value);
        room(digits.length());
        for (int i = 0; i < digits.length(); i++) {
            buffer[size++] = (byte) digits.charAt(i);
        }
        return this;
    }

    JsonBytes nullValue() {
        beforeValue();
        room(4);
        buffer[size++] = 'n';
        buffer[size++] = 'u';
        buffer[size++] = 'l';
        buffer[size++] = 'l';
        return this;
    }

    /**
     * The array {@code [values[offset], ..., values[offset + length - 1]]}, each in its shortest
     * form.
     *
     * @throws IllegalArgumentException when one is not finite
     */
    JsonBytes numbers(double[] values, int offset, int length) {
        beforeValue();
        room(2 + length * (DoubleText.MAX_LENGTH + 1));
        byte[] b = buffer;
        int at = size;
        b[at++] = '[';
        for (int i = 0; i < length; i++) {
            if (i > 0) {
                b[at++] = ',';
            }
            at = DoubleText.write(values[offset + i], b, at);
        }
        b[at++] = ']';
        size = at;
        return this;
    }

    /** The document so far. */
    byte[] toByteArray() {
        return Arrays.copyOf(buffer, size);
    }

    private JsonBytes open(byte bracket) {
        beforeValue();
        if (depth == MAX_DEPTH) {
            throw new IllegalStateException("JSON nested deeper than " + MAX_DEPTH);
        }
        put(bracket);
        depth++;
        holdsValue &= ~(1L << depth);
        return this;
    }

    private JsonBytes close(byte bracket) {
        if (depth == 0 || afterName) {
            throw new IllegalStateException("nothing open to close with " + (char) bracket);
        }
        put(bracket);
        depth--;
        return this;
    }

    private void beforeValue() {
        if (afterName) {
            afterName = false;
        } else {
            comma();
        }
    }

    private void comma() {
        long bit = 1L << depth;
        if ((holdsValue & bit) != 0) {
            put((byte) ',');
        } else {
            holdsValue |= bit;
        }
    }

    /**
     * A quoted string: printable ASCII without quote or backslash (ids, names, topics) is copied;
     * anything else is written by the library's generator, so escapes and surrogate pairs come out
     * exactly as it writes them.
     */
    private void quoted(String s) {
        int n = s.length();
        if (plain(s)) {
            room(n + 2);
            buffer[size++] = '"';
            for (int i = 0; i < n; i++) {
                buffer[size++] = (byte) s.charAt(i);
            }
            buffer[size++] = '"';
            return;
        }
        ByteArrayBuilder out = new ByteArrayBuilder(n * 6 + 2);
        try (JsonGenerator g = LIBRARY.createGenerator(out, JsonEncoding.UTF8)) {
            g.writeString(s);
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory failed", e);
        }
        byte[] escaped = out.toByteArray();
        room(escaped.length);
        System.arraycopy(escaped, 0, buffer, size, escaped.length);
        size += escaped.length;
    }

    private static boolean plain(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') {
                return false;
            }
        }
        return true;
    }

    private void put(byte b) {
        room(1);
        buffer[size++] = b;
    }

    private void room(int more) {
        if (buffer.length - size < more) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, size + more));
        }
    }
}
