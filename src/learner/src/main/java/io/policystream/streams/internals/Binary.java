package io.policystream.streams.internals;

import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Helpers for the learner's internal binary formats (state stores and the gradients topic). Each
 * format starts with a version byte so that a later release can read what an earlier one wrote.
 * The byte layout is that of {@link java.io.DataOutputStream} (big-endian numbers, strings in
 * modified UTF-8 after a 2-byte length, doubles as their exact IEEE-754 bits), written through a
 * {@link ByteBuffer} so that arrays of doubles move in bulk: gradient vectors have tens of
 * thousands of numbers and go through here once per trajectory.
 */
final class Binary {
    private Binary() {
    }

    /** Writes a record's body. */
    interface Body {
        void write(Out out) throws IOException;
    }

    /** Reads a record's body. */
    interface Reader<T> {
        T read(In in) throws IOException;
    }

    static byte[] write(int sizeHint, Body body) {
        Out out = new Out(Math.max(1, sizeHint));
        try {
            body.write(out);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toByteArray();
    }

    static <T> T read(byte[] data, Reader<T> reader) {
        try {
            return reader.read(new In(data));
        } catch (IOException | BufferUnderflowException | IllegalArgumentException e) {
            throw new IllegalStateException("corrupt internal record: " + e, e);
        }
    }

    /** The bytes {@link Out#writeUTF} writes for {@code s}: its 2-byte length and modified UTF-8. */
    static int utfSize(String s) {
        int len = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            len += c >= 1 && c <= 0x7F ? 1 : c <= 0x7FF ? 2 : 3;
        }
        return 2 + len;
    }

    static void doubles(Out out, double[] v) {
        if (v == null) {
            out.writeInt(-1);
            return;
        }
        out.writeInt(v.length);
        out.ensure(8 * v.length);
        out.buf.asDoubleBuffer().put(v);
        out.buf.position(out.buf.position() + 8 * v.length);
    }

    static double[] doubles(In in) {
        int n = in.readInt();
        if (n < 0) {
            return null;
        }
        if (n > in.buf.remaining() / 8) {
            throw new IllegalArgumentException("array of " + n + " doubles is longer than the record");
        }
        double[] v = new double[n];
        in.buf.asDoubleBuffer().get(v);
        in.buf.position(in.buf.position() + 8 * n);
        return v;
    }

    static void longs(Out out, long[] v) {
        out.writeInt(v.length);
        out.ensure(8 * v.length);
        out.buf.asLongBuffer().put(v);
        out.buf.position(out.buf.position() + 8 * v.length);
    }

    static long[] longs(In in) {
        int n = in.readInt();
        if (n < 0 || n > in.buf.remaining() / 8) {
            throw new IllegalArgumentException("array of " + n + " longs does not fit the record");
        }
        long[] v = new long[n];
        in.buf.asLongBuffer().get(v);
        in.buf.position(in.buf.position() + 8 * n);
        return v;
    }

    static void version(In in, int expected, String what) throws IOException {
        int v = in.readUnsignedByte();
        if (v != expected) {
            throw new IOException(what + " format version " + v + " is not supported (expected " + expected + ")");
        }
    }

    /** A growable output with the methods of {@link java.io.DataOutputStream} the codecs use. */
    static final class Out {
        ByteBuffer buf;

        Out(int capacity) {
            buf = ByteBuffer.allocate(capacity);
        }

        void ensure(int more) {
            if (buf.remaining() < more) {
                ByteBuffer bigger = ByteBuffer.allocate(Math.max(buf.capacity() * 2, buf.position() + more));
                buf.flip();
                bigger.put(buf);
                buf = bigger;
            }
        }

        void writeByte(int v) {
            ensure(1);
            buf.put((byte) v);
        }

        void writeBoolean(boolean v) {
            writeByte(v ? 1 : 0);
        }

        void writeInt(int v) {
            ensure(4);
            buf.putInt(v);
        }

        void writeLong(long v) {
            ensure(8);
            buf.putLong(v);
        }

        void writeDouble(double v) {
            ensure(8);
            buf.putDouble(v);
        }

        void write(byte[] b) {
            ensure(b.length);
            buf.put(b);
        }

        /** A string as {@link java.io.DataOutputStream#writeUTF}: 2-byte length, then modified UTF-8. */
        void writeUTF(String s) throws IOException {
            int len = 0;
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                len += c >= 1 && c <= 0x7F ? 1 : c <= 0x7FF ? 2 : 3;
            }
            if (len > 65535) {
                throw new IOException("string too long: " + len + " bytes");
            }
            ensure(2 + len);
            buf.putShort((short) len);
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c >= 1 && c <= 0x7F) {
                    buf.put((byte) c);
                } else if (c <= 0x7FF) {
                    buf.put((byte) (0xC0 | (c >> 6))).put((byte) (0x80 | (c & 0x3F)));
                } else {
                    buf.put((byte) (0xE0 | (c >> 12))).put((byte) (0x80 | ((c >> 6) & 0x3F)))
                            .put((byte) (0x80 | (c & 0x3F)));
                }
            }
        }

        /** The bytes written; the buffer itself when they fill it (a size hint that was exact). */
        byte[] toByteArray() {
            if (buf.position() == buf.capacity() && buf.arrayOffset() == 0) {
                return buf.array();
            }
            return Arrays.copyOf(buf.array(), buf.position());
        }
    }

    /** An input with the methods of {@link java.io.DataInputStream} the codecs use. */
    static final class In {
        final ByteBuffer buf;

        In(byte[] data) {
            buf = ByteBuffer.wrap(data);
        }

        int readUnsignedByte() {
            return buf.get() & 0xFF;
        }

        byte readByte() {
            return buf.get();
        }

        boolean readBoolean() {
            return buf.get() != 0;
        }

        int readInt() {
            return buf.getInt();
        }

        long readLong() {
            return buf.getLong();
        }

        double readDouble() {
            return buf.getDouble();
        }

        void readFully(byte[] b) {
            buf.get(b);
        }

        /** A string written by {@link Out#writeUTF} (or {@link java.io.DataOutputStream#writeUTF}). */
        String readUTF() throws IOException {
            int len = buf.getShort() & 0xFFFF;
            if (len > buf.remaining()) {
                throw new IOException("string of " + len + " bytes is longer than the record");
            }
            StringBuilder sb = new StringBuilder(len);
            int end = buf.position() + len;
            while (buf.position() < end) {
                int a = buf.get() & 0xFF;
                if (a < 0x80) {
                    sb.append((char) a);
                } else if ((a & 0xE0) == 0xC0) {
                    int b = buf.get() & 0xFF;
                    sb.append((char) (((a & 0x1F) << 6) | (b & 0x3F)));
                } else if ((a & 0xF0) == 0xE0) {
                    int b = buf.get() & 0xFF;
                    int c = buf.get() & 0xFF;
                    sb.append((char) (((a & 0x0F) << 12) | ((b & 0x3F) << 6) | (c & 0x3F)));
                } else {
                    throw new IOException("malformed modified UTF-8");
                }
            }
            return sb.toString();
        }
    }
}
