package io.policystream.streams.internals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Helpers for the learner's internal binary formats (state stores and the gradients topic). Each
 * format starts with a version byte so that a later release can read what an earlier one wrote.
 * Doubles are stored as their exact IEEE-754 bits.
 */
final class Binary {
    private Binary() {
    }

    /** Writes with a {@link DataOutputStream}; IO errors cannot happen on a byte array. */
    interface Body {
        void write(DataOutputStream out) throws IOException;
    }

    /** Reads with a {@link DataInputStream}. */
    interface Reader<T> {
        T read(DataInputStream in) throws IOException;
    }

    static byte[] write(int sizeHint, Body body) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(sizeHint);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            body.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static <T> T read(byte[] data, Reader<T> reader) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            return reader.read(in);
        } catch (IOException e) {
            throw new IllegalStateException("corrupt internal record: " + e.getMessage(), e);
        }
    }

    static void doubles(DataOutputStream out, double[] v) throws IOException {
        if (v == null) {
            out.writeInt(-1);
            return;
        }
        out.writeInt(v.length);
        for (double d : v) {
            out.writeDouble(d);
        }
    }

    static double[] doubles(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0) {
            return null;
        }
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = in.readDouble();
        }
        return v;
    }

    static void longs(DataOutputStream out, long[] v) throws IOException {
        out.writeInt(v.length);
        for (long d : v) {
            out.writeLong(d);
        }
    }

    static long[] longs(DataInputStream in) throws IOException {
        int n = in.readInt();
        long[] v = new long[n];
        for (int i = 0; i < n; i++) {
            v[i] = in.readLong();
        }
        return v;
    }

    static void version(DataInputStream in, int expected, String what) throws IOException {
        int v = in.readUnsignedByte();
        if (v != expected) {
            throw new IOException(what + " format version " + v + " is not supported (expected " + expected + ")");
        }
    }
}
