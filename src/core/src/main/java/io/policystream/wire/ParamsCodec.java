package io.policystream.wire;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import io.policystream.event.InvalidReason;
import io.policystream.policy.PolicyParams;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The params JSON of the wire format (version 1.0, and every 1.x, see {@link FormatVersion}): one
 * version of one policy.
 *
 * <p>Decoding infers the {@link io.policystream.policy.Architecture} from the layer shapes and
 * refuses anything that does not chain, with a message naming the field. Encoding writes every
 * field (see {@link #encode}) and refuses params that decoding would refuse, in particular
 * non-finite numbers, which the wire format never publishes.
 *
 * <p>It also reads and writes the wire format's binary params record (the learner's {@code params.encoding=binary}):
 * {@link #decode} takes either form, told apart by the first byte.
 *
 * <p>Thread-safe and immutable.
 */
public final class ParamsCodec {
    /**
     * Default largest params record accepted: 64 MiB. A heap guard, not a business rule: the
     * params topic's {@code max.message.bytes} is what limits real networks.
     */
    public static final int DEFAULT_MAX_RECORD_BYTES = 64 << 20;

    private final JsonFactory factory = WireJson.factory();
    private final int maxRecordBytes;

    /** A codec that accepts records up to {@link #DEFAULT_MAX_RECORD_BYTES}. */
    public ParamsCodec() {
        this(DEFAULT_MAX_RECORD_BYTES);
    }

    /** A codec that refuses records longer than {@code maxRecordBytes}. */
    public ParamsCodec(int maxRecordBytes) {
        if (maxRecordBytes <= 0) {
            throw new IllegalArgumentException("maxRecordBytes must be positive, not " + maxRecordBytes);
        }
        this.maxRecordBytes = maxRecordBytes;
    }

    /**
     * Decodes a params record, JSON or binary.
     *
     * @throws InvalidParamsException with a message naming the field; {@code trajectories},
     *     {@code steps} and {@code time} default to 0 when absent
     */
    public PolicyParams decode(byte[] json) throws InvalidParamsException {
        if (json == null || json.length == 0) {
            throw new InvalidParamsException(InvalidReason.MALFORMED_JSON,
                    "empty record: params must be a JSON object");
        }
        if (json.length > maxRecordBytes) {
            throw new InvalidParamsException(InvalidReason.TOO_LARGE,
                    "record is " + json.length + " bytes, the limit is " + maxRecordBytes);
        }
        try {
            if (ParamsBinary.looksBinary(json)) {
                return ParamsBinary.decode(factory, json);
            }
            try (JsonParser p = factory.createParser(json)) {
                return new ParamsReader(p).read();
            }
        } catch (WireException e) {
            throw new InvalidParamsException(e.reason(), e.getMessage());
        } catch (StreamConstraintsException e) {
            throw new InvalidParamsException(InvalidReason.TOO_LARGE,
                    "record exceeds a parser limit: " + e.getOriginalMessage());
        } catch (JsonProcessingException e) {
            throw new InvalidParamsException(InvalidReason.MALFORMED_JSON, WireJson.malformed(e));
        } catch (IOException e) {
            throw new InvalidParamsException(InvalidReason.MALFORMED_JSON, "unreadable record: " + e.getMessage());
        }
    }

    /**
     * Encodes params as compact one-line UTF-8 JSON: policy, version, distribution, activation,
     * std (gaussian only), layers, logStd (null when there is none), value (only with a value
     * network), trajectories, steps, time, then promotedFrom and rolledBackTo when the version was
     * promoted or rolled back. Doubles are written in their shortest exact form.
     *
     * @throws IllegalArgumentException when a number is not finite, the policy id breaks the
     *     id pattern, or a count or the time is negative: such params are never published
     */
    public byte[] encode(PolicyParams params) {
        check(params);
        return ParamsWriter.write(params);
    }

    /**
     * Encodes params as the binary record of the wire format: the fields of {@link #encode} in a
     * JSON header without numbers, then every number as a little-endian float64, bit for bit.
     *
     * @throws IllegalArgumentException as {@link #encode}
     */
    public byte[] encodeBinary(PolicyParams params) {
        check(params);
        return ParamsBinary.encode(params);
    }

    /** {@link #encode} as a string, for logs, files and the CLI. */
    public String encodeToString(PolicyParams params) {
        return new String(encode(params), StandardCharsets.UTF_8);
    }

    private static void check(PolicyParams params) {
        try {
            Identifiers.checkPolicy("policy", params.policy());
        } catch (WireException e) {
            throw new IllegalArgumentException("cannot encode " + params + ": " + e.getMessage());
        }
        if (!params.allFinite()) {
            throw new IllegalArgumentException("cannot encode " + params + ": not every number is finite");
        }
        if (params.trajectories() < 0 || params.steps() < 0 || params.time() < 0) {
            throw new IllegalArgumentException("cannot encode " + params + ": trajectories, steps and time must be "
                    + ">= 0, got " + params.trajectories() + ", " + params.steps() + ", " + params.time());
        }
    }
}
