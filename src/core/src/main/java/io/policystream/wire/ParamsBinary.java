package io.policystream.wire;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import io.policystream.event.InvalidReason;
import io.policystream.policy.PolicyParams;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * The binary params record of the wire format ("Binary params", an option for large networks):
 *
 * <pre>
 * bytes 0-3        magic 00 50 53 42 (a zero byte, then "PSB"; JSON never starts with a zero byte)
 * bytes 4-7        H, the header's length, unsigned 32-bit little-endian
 * bytes 8..8+H-1   the header: the params JSON without numbers ({@code layers} and {@code value}
 *                  as lists of [rows, columns], no {@code logStd}), padded with spaces so that the
 *                  numbers start at a multiple of 8
 * bytes 8+H..end   the numbers, IEEE 754 float64 little-endian: each layer's weights row by row,
 *                  then its bias; then logStd; then the value network's layers the same way
 * </pre>
 *
 * The numbers are in the layout of {@link PolicyParams}' flat vectors, so encoding is a copy.
 */
final class ParamsBinary {
    /** The first four bytes of every binary params record. */
    static final byte[] MAGIC = {0x00, 'P', 'S', 'B'};
    /** Magic and header length. */
    static final int PREFIX = 8;

    private ParamsBinary() {
    }

    /** True when {@code record} starts like a binary record (its first byte is zero). */
    static boolean looksBinary(byte[] record) {
        return record.length > 0 && record[0] == 0;
    }

    static byte[] encode(PolicyParams params) {
        byte[] json = ParamsWriter.writeHeader(params);
        int padded = (json.length + PREFIX + 7) / 8 * 8 - PREFIX;
        int thetaSize = params.thetaSize();
        int valueSize = params.hasValue() ? params.architecture().valueParamCount() : 0;
        ByteBuffer out = ByteBuffer.allocate(PREFIX + padded + (thetaSize + valueSize) * Double.BYTES)
                .order(ByteOrder.LITTLE_ENDIAN);
        out.put(MAGIC).putInt(padded).put(json);
        for (int i = json.length; i < padded; i++) {
            out.put((byte) ' ');
        }
        for (int i = 0; i < thetaSize; i++) {
            out.putDouble(params.theta(i));
        }
        for (int i = 0; i < valueSize; i++) {
            out.putDouble(params.value(i));
        }
        return out.array();
    }

    static PolicyParams decode(JsonFactory factory, byte[] record) throws IOException {
        if (record.length < PREFIX || record[1] != MAGIC[1] || record[2] != MAGIC[2] || record[3] != MAGIC[3]) {
            throw new WireException(InvalidReason.MALFORMED_JSON, "a record starting with a zero byte must be "
                    + "binary params, which start with the bytes 00 50 53 42 and a header length");
        }
        ByteBuffer in = ByteBuffer.wrap(record).order(ByteOrder.LITTLE_ENDIAN);
        long headerLength = Integer.toUnsignedLong(in.getInt(4));
        if (headerLength > record.length - PREFIX) {
            throw new WireException(InvalidReason.WRONG_DIMENSION, "binary params: the header length is "
                    + headerLength + " bytes, the record holds " + (record.length - PREFIX) + " after the first 8");
        }
        int bodyStart = PREFIX + (int) headerLength;
        ByteBuffer body = in.slice(bodyStart, record.length - bodyStart).order(ByteOrder.LITTLE_ENDIAN);
        try (JsonParser p = factory.createParser(record, PREFIX, (int) headerLength)) {
            return new ParamsReader(p, body).read();
        }
    }

    /** How many numbers layers of these shapes hold; {@link Long#MAX_VALUE} when more than a long counts. */
    static long count(List<DenseLayer> layers) {
        long n = 0;
        try {
            for (DenseLayer layer : layers) {
                n = Math.addExact(n, Math.multiplyExact((long) layer.rows(), layer.cols() + 1L));
            }
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
        return n;
    }

    /**
     * The next {@code n} doubles of {@code body}; refuses a non-finite one, naming its place among
     * the record's numbers ({@code first} is the place of the first one read).
     */
    static double[] readFinite(ByteBuffer body, int n, long first) {
        double[] out = new double[n];
        body.asDoubleBuffer().get(out);
        body.position(body.position() + n * Double.BYTES);
        for (int i = 0; i < n; i++) {
            if (!Double.isFinite(out[i])) {
                throw new WireException(InvalidReason.NON_FINITE, "numbers[" + (first + i) + "]: " + out[i]
                        + " is not a finite number");
            }
        }
        return out;
    }
}
