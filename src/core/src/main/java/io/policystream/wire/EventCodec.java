package io.policystream.wire;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import io.policystream.event.Event;
import io.policystream.event.InvalidEventException;
import io.policystream.event.InvalidReason;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The event JSON of the wire format (version 1.0, and every 1.x, see {@link FormatVersion}): decoding
 * with precise refusals, and encoding.
 *
 * <p>Decoding streams the bytes straight into the event's primitive fields: it runs for every
 * record the learner consumes. A valid event with plain ASCII strings is read without the JSON
 * library's parser ({@link PlainEventReader}); anything else, and every refusal, goes through
 * {@link EventReader}. A refusal is an {@link InvalidEventException} whose
 * {@link InvalidReason} becomes the dead-letter header and metric tag, and whose message names the
 * field ({@code step: must be an integer >= 0, got -3}). Records larger than the configured limit
 * are refused before parsing, and nesting is bounded, so no record can exhaust the stack or heap.
 *
 * <p>Thread-safe and immutable: one instance can serve every stream thread.
 */
public final class EventCodec {
    /** Default largest record accepted: 1 MiB, Kafka's default {@code max.message.bytes}. */
    public static final int DEFAULT_MAX_RECORD_BYTES = 1 << 20;

    private final JsonFactory factory = WireJson.factory();
    private final int maxRecordBytes;

    /** A codec that accepts records up to {@link #DEFAULT_MAX_RECORD_BYTES}. */
    public EventCodec() {
        this(DEFAULT_MAX_RECORD_BYTES);
    }

    /** A codec that refuses records longer than {@code maxRecordBytes} as {@code too-large}. */
    public EventCodec(int maxRecordBytes) {
        if (maxRecordBytes <= 0) {
            throw new IllegalArgumentException("maxRecordBytes must be positive, not " + maxRecordBytes);
        }
        this.maxRecordBytes = maxRecordBytes;
    }

    public int maxRecordBytes() {
        return maxRecordBytes;
    }

    /** Decodes an event without a record key to compare its episode with. */
    public Event decode(byte[] json) throws InvalidEventException {
        return decode(null, json);
    }

    /**
     * Decodes the value of an events-topic record.
     *
     * @param key the record key (the episode id), or null to skip the key check
     * @param json the record value, UTF-8 JSON; null (a tombstone) is refused as malformed
     * @throws InvalidEventException with the reason and a message naming the field
     */
    public Event decode(String key, byte[] json) throws InvalidEventException {
        if (json == null || json.length == 0) {
            throw new InvalidEventException(InvalidReason.MALFORMED_JSON,
                    "empty record: an event must be a JSON object");
        }
        if (json.length > maxRecordBytes) {
            throw new InvalidEventException(InvalidReason.TOO_LARGE,
                    "record is " + json.length + " bytes, the limit is " + maxRecordBytes);
        }
        Event plain = PlainEventReader.read(key, json);
        if (plain != null) {
            return plain;
        }
        try (JsonParser p = factory.createParser(json)) {
            return new EventReader(p).read(key);
        } catch (WireException e) {
            throw new InvalidEventException(e.reason(), e.getMessage());
        } catch (StreamConstraintsException e) {
            throw new InvalidEventException(InvalidReason.TOO_LARGE, "record exceeds a parser limit: "
                    + e.getOriginalMessage());
        } catch (JsonProcessingException e) {
            throw new InvalidEventException(InvalidReason.MALFORMED_JSON, WireJson.malformed(e));
        } catch (IOException e) {
            throw new InvalidEventException(InvalidReason.MALFORMED_JSON, "unreadable record: " + e.getMessage());
        }
    }

    /**
     * Encodes an event as compact one-line UTF-8 JSON, fields in the order of the wire-format page;
     * {@code time} is omitted when -1, and a reward event carries only type, policy, episode, step,
     * reward, done, truncated and time. Doubles are written in their shortest exact form.
     *
     * @throws IllegalArgumentException when the event breaks a rule {@link #decode} enforces
     *     (non-finite number, bad policy id, negative step, ...): what is written can always be read
     */
    public byte[] encode(Event event) {
        try {
            EventChecks.check(event);
        } catch (WireException e) {
            throw new IllegalArgumentException("cannot encode " + event + ": " + e.getMessage());
        }
        ByteArrayBuilder out = new ByteArrayBuilder(256);
        try (JsonGenerator g = factory.createGenerator(out, JsonEncoding.UTF8)) {
            EventWriter.write(g, event);
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory failed", e);
        }
        return out.toByteArray();
    }
}
