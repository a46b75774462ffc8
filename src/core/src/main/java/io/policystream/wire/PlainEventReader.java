package io.policystream.wire;

import static io.policystream.wire.EventFields.ACTION;
import static io.policystream.wire.EventFields.DONE;
import static io.policystream.wire.EventFields.EPISODE;
import static io.policystream.wire.EventFields.LOG_PROB;
import static io.policystream.wire.EventFields.POLICY;
import static io.policystream.wire.EventFields.POLICY_VERSION;
import static io.policystream.wire.EventFields.REWARD;
import static io.policystream.wire.EventFields.STATE;
import static io.policystream.wire.EventFields.STEP;
import static io.policystream.wire.EventFields.TIME;
import static io.policystream.wire.EventFields.TRUNCATED;
import static io.policystream.wire.EventFields.TYPE;

import com.fasterxml.jackson.core.io.NumberInput;
import io.policystream.event.Action;
import io.policystream.event.Event;
import java.nio.charset.StandardCharsets;

/**
 * The learner's common case read without the JSON library's parser: a valid event of the
 * current format whose strings are plain ASCII (no escapes), with any JSON whitespace, fields in
 * any order. Every event actors write today is one. It runs for every record the learner consumes,
 * where the library's tokens, name lookups and per-record parser were the assembly's largest
 * stage of its own (BENCHMARKS.md).
 *
 * <p>It never refuses anything: for a record that is not such a valid plain event (an escape, a
 * non-ASCII byte, {@code null}, an unknown or repeated field, the {@code format} field, a
 * number outside the plain forms, a value a rule refuses, anything malformed) it returns null, and
 * {@link EventReader} reads the record, accepting or refusing it with its reason. So what it
 * accepts it reads to the same {@link Event} as {@link EventReader} (numbers parsed by the same
 * correctly rounded parser), and all refusals stay {@link EventReader}'s ({@code EventCodecTest}
 * and {@code PlainEventReaderTest} hold both to that).
 */
final class PlainEventReader {
    /** Integers of up to 18 digits always fit a long; 19 are checked against the bound. */
    private static final int MAX_LONG_DIGITS = 18;
    /** An integer in a number field with more digits than this is left to the library (exactness). */
    private static final int MAX_EXACT_INT_DIGITS = 15;
    /** A number longer than this is left to the library. */
    private static final int MAX_NUMBER_LENGTH = 64;
    /** Marks a failed read: the caller leaves the record to {@link EventReader}. */
    private static final int NOT_PLAIN = -1;

    private final byte[] b;
    private final char[] digits = new char[MAX_NUMBER_LENGTH];
    private final DoubleList scratch = new DoubleList(8);
    private int at;
    private int seen;

    private boolean reward;
    private String policy;
    private String episode;
    private long step;
    private double[] state;
    private Action action;
    private double logProb;
    private long policyVersion;
    private double rewardValue;
    private boolean done;
    private boolean truncated;
    private long time = -1;
    /** The last number read by {@link #number()}. */
    private double number;

    private PlainEventReader(byte[] record) {
        this.b = record;
    }

    /**
     * The event in {@code record}, or null when it is not a valid plain event (then
     * {@link EventReader} must read it).
     *
     * @param key the record key, or null; an event whose episode differs is left to EventReader
     */
    static Event read(String key, byte[] record) {
        return new PlainEventReader(record).read(key);
    }

    private Event read(String key) {
        if (!object() || !end()) {
            return null;
        }
        if ((seen & (POLICY | EPISODE | STEP)) != (POLICY | EPISODE | STEP)
                || Identifiers.policyProblem("policy", policy) != null || Identifiers.episodeProblem(episode) != null
                || key != null && !key.equals(episode)) {
            return null;
        }
        if (reward) {
            return (seen & REWARD) == 0 ? null
                    : Event.reward(policy, episode, step, rewardValue, done, truncated, time);
        }
        int stepFields = STATE | ACTION | LOG_PROB | POLICY_VERSION;
        if ((seen & stepFields) != stepFields || action instanceof Action.Discrete && logProb > 0) {
            return null;
        }
        return Event.step(policy, episode, step, state, action, logProb, policyVersion, rewardValue, done,
                truncated, time);
    }

    /** The event object and its fields; false when anything is not plain. */
    private boolean object() {
        skipSpace();
        if (!take('{')) {
            return false;
        }
        skipSpace();
        if (take('}')) {
            return true;
        }
        do {
            skipSpace();
            if (!field()) {
                return false;
            }
            skipSpace();
        } while (take(','));
        return take('}');
    }

    /** Only whitespace after the object. */
    private boolean end() {
        skipSpace();
        return at == b.length;
    }

    private boolean field() {
        int nameStart = quoted();
        if (nameStart < 0) {
            return false;
        }
        int bit = fieldBit(nameStart, at - 1 - nameStart);
        if (bit == 0 || (seen & bit) != 0) {
            return false;
        }
        seen |= bit;
        skipSpace();
        if (!take(':')) {
            return false;
        }
        skipSpace();
        return switch (bit) {
            case TYPE -> type();
            case POLICY -> (policy = plainString()) != null;
            case EPISODE -> (episode = plainString()) != null;
            case STEP -> (step = natural(Long.MAX_VALUE)) != NOT_PLAIN;
            case STATE -> (state = numbers()) != null;
            case ACTION -> action();
            case LOG_PROB -> {
                boolean ok = number();
                logProb = number;
                yield ok;
            }
            case POLICY_VERSION -> (policyVersion = natural(Long.MAX_VALUE)) != NOT_PLAIN;
            case REWARD -> {
                boolean ok = number();
                rewardValue = number;
                yield ok;
            }
            case DONE -> bool(DONE);
            case TRUNCATED -> bool(TRUNCATED);
            default -> (time = natural(Long.MAX_VALUE)) != NOT_PLAIN;
        };
    }

    /** The bit of a known field name, 0 for any other name (format, unknown fields). */
    private int fieldBit(int start, int length) {
        return switch (length) {
            case 4 -> is(start, "type") ? TYPE : is(start, "step") ? STEP : is(start, "done") ? DONE
                    : is(start, "time") ? TIME : 0;
            case 5 -> is(start, "state") ? STATE : 0;
            case 6 -> is(start, "policy") ? POLICY : is(start, "action") ? ACTION : is(start, "reward") ? REWARD : 0;
            case 7 -> is(start, "episode") ? EPISODE : is(start, "logProb") ? LOG_PROB : 0;
            case 9 -> is(start, "truncated") ? TRUNCATED : 0;
            case 13 -> is(start, "policyVersion") ? POLICY_VERSION : 0;
            default -> 0;
        };
    }

    private boolean is(int start, String name) {
        for (int i = 0; i < name.length(); i++) {
            if (b[start + i] != name.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private boolean type() {
        int start = quoted();
        if (start < 0) {
            return false;
        }
        int length = at - 1 - start;
        if (length == 4 && is(start, "step")) {
            reward = false;
            return true;
        }
        if (length == 6 && is(start, "reward")) {
            reward = true;
            return true;
        }
        return false;
    }

    /** A JSON integer (categorical) or a non-empty array of numbers (gaussian). */
    private boolean action() {
        if (at < b.length && b[at] == '[') {
            double[] values = numbers();
            action = values == null ? null : new Action.Continuous(values);
            return values != null;
        }
        long index = natural(Integer.MAX_VALUE);
        if (index == NOT_PLAIN) {
            return false;
        }
        action = new Action.Discrete((int) index);
        return true;
    }

    private boolean bool(int bit) {
        boolean value;
        if (matches("true")) {
            value = true;
        } else if (matches("false")) {
            value = false;
        } else {
            return false;
        }
        if (bit == DONE) {
            done = value;
        } else {
            truncated = value;
        }
        return true;
    }

    private boolean matches(String word) {
        if (at + word.length() > b.length || !is(at, word)) {
            return false;
        }
        at += word.length();
        return true;
    }

    /** A non-empty array of finite numbers, or null. */
    private double[] numbers() {
        if (!take('[')) {
            return null;
        }
        scratch.clear();
        skipSpace();
        if (take(']')) {
            return null;
        }
        do {
            skipSpace();
            if (!number()) {
                return null;
            }
            scratch.add(number);
            skipSpace();
        } while (take(','));
        return take(']') ? scratch.toArray() : null;
    }

    /**
     * A finite JSON number into {@link #number}, parsed as the library parses it; false for
     * anything else, and for the forms whose value the library derives another way (long
     * integers, integers with a minus sign).
     */
    private boolean number() {
        int start = at;
        boolean negative = take('-');
        int intDigits = digits();
        if (intDigits == 0 || intDigits > 1 && b[at - intDigits] == '0') {
            return false;
        }
        boolean integer = true;
        if (take('.')) {
            integer = false;
            if (digits() == 0) {
                return false;
            }
        }
        if (at < b.length && (b[at] == 'e' || b[at] == 'E')) {
            integer = false;
            at++;
            if (!take('+')) {
                take('-');
            }
            if (digits() == 0) {
                return false;
            }
        }
        int length = at - start;
        if (integer) {
            if (intDigits > MAX_EXACT_INT_DIGITS) {
                return false;
            }
            long v = parseLong(at - intDigits, intDigits);
            if (negative && v == 0) {
                return false; // the library reads the integer -0 as 0, not -0.0
            }
            number = negative ? -v : v;
            return true;
        }
        if (length > MAX_NUMBER_LENGTH) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            digits[i] = (char) b[start + i];
        }
        number = NumberInput.parseDouble(digits, 0, length, true);
        return Double.isFinite(number);
    }

    /** A JSON integer from 0 to {@code max}, or {@link #NOT_PLAIN}. */
    private long natural(long max) {
        int start = at;
        int n = digits();
        if (n == 0 || n > MAX_LONG_DIGITS + 1 || n > 1 && b[start] == '0') {
            return NOT_PLAIN;
        }
        if (at < b.length && (b[at] == '.' || b[at] == 'e' || b[at] == 'E')) {
            return NOT_PLAIN;
        }
        if (n <= MAX_LONG_DIGITS) {
            long v = parseLong(start, n);
            return v <= max ? v : NOT_PLAIN;
        }
        long high = parseLong(start, n - 1);
        int last = b[start + n - 1] - '0';
        if (high > (max - last) / 10) {
            return NOT_PLAIN;
        }
        return high * 10 + last;
    }

    private long parseLong(int start, int n) {
        long v = 0;
        for (int i = start; i < start + n; i++) {
            v = v * 10 + (b[i] - '0');
        }
        return v;
    }

    /** Skips decimal digits and says how many. */
    private int digits() {
        int start = at;
        while (at < b.length && b[at] >= '0' && b[at] <= '9') {
            at++;
        }
        return at - start;
    }

    /** A string of printable ASCII without escapes, its opening quote next; null otherwise. */
    private String plainString() {
        int start = quoted();
        return start < 0 ? null : new String(b, start, at - 1 - start, StandardCharsets.ISO_8859_1);
    }

    /**
     * A string of printable ASCII without escapes, its opening quote next: returns where its
     * characters start (they end before {@code at - 1}), or -1 when it is not plain.
     */
    private int quoted() {
        int start = at + 1;
        return take('"') && skipPlainString() ? start : -1;
    }

    /** Skips to just after the closing quote; false on an escape, a control or non-ASCII byte, or the end. */
    private boolean skipPlainString() {
        while (at < b.length) {
            byte c = b[at++];
            if (c == '"') {
                return true;
            }
            if (c == '\\' || c < 0x20 || c == 0x7f) {
                return false;
            }
        }
        return false;
    }

    private boolean take(char c) {
        if (at < b.length && b[at] == c) {
            at++;
            return true;
        }
        return false;
    }

    private void skipSpace() {
        while (at < b.length) {
            byte c = b[at];
            if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
                return;
            }
            at++;
        }
    }
}
