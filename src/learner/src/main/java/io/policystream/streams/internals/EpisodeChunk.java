package io.policystream.streams.internals;

import java.util.Arrays;

/**
 * The value of one entry of the episode-chunks store: the step events and late-reward tallies of
 * {@link #STEPS} consecutive step indices of one episode, as a list of entries
 * {@code [kind: 1 byte][t: int][length: int][payload]} in the order they were written. A chunk is
 * a few kilobytes at most, so it is rewritten whole on every change: within a commit interval
 * Kafka Streams' record cache keeps only the latest value, and a chunk reaches RocksDB and the
 * changelog once per commit instead of once per event.
 */
final class EpisodeChunk {
    /** Step indices per chunk. */
    static final int STEPS = 32;
    static final byte STEP = 'S';
    static final byte REWARDS = 'R';
    private static final int ENTRY_HEADER = 1 + 4 + 4;

    private EpisodeChunk() {
    }

    /** The chunk that holds step index t. */
    static int of(int t) {
        return t / STEPS;
    }

    /** The payload of entry (kind, t), or null when the chunk has none. */
    static byte[] find(byte[] chunk, byte kind, int t) {
        if (chunk == null) {
            return null;
        }
        int at = offset(chunk, kind, t);
        if (at < 0) {
            return null;
        }
        int length = readInt(chunk, at + 5);
        return Arrays.copyOfRange(chunk, at + ENTRY_HEADER, at + ENTRY_HEADER + length);
    }

    /** A new chunk with entry (kind, t) set to {@code payload}, replacing the one it had. */
    static byte[] with(byte[] chunk, byte kind, int t, byte[] payload) {
        byte[] base = chunk == null ? new byte[0] : chunk;
        int old = offset(base, kind, t);
        int oldSize = old < 0 ? 0 : ENTRY_HEADER + readInt(base, old + 5);
        byte[] out = new byte[base.length - oldSize + ENTRY_HEADER + payload.length];
        int n;
        if (old < 0) {
            System.arraycopy(base, 0, out, 0, base.length);
            n = base.length;
        } else {
            System.arraycopy(base, 0, out, 0, old);
            System.arraycopy(base, old + oldSize, out, old, base.length - old - oldSize);
            n = base.length - oldSize;
        }
        out[n] = kind;
        writeInt(out, n + 1, t);
        writeInt(out, n + 5, payload.length);
        System.arraycopy(payload, 0, out, n + ENTRY_HEADER, payload.length);
        return out;
    }

    /** What {@link #forEach} hands over: one entry, its payload at {@code chunk[from, from + length)}. */
    interface EntryVisitor {
        void entry(byte kind, int t, byte[] chunk, int from, int length);
    }

    /** Visits every entry of the chunk (none when it is null), in the order they are stored. */
    static void forEach(byte[] chunk, EntryVisitor visitor) {
        if (chunk == null) {
            return;
        }
        int at = 0;
        while (at + ENTRY_HEADER <= chunk.length) {
            int length = readInt(chunk, at + 5);
            if (at + ENTRY_HEADER + length > chunk.length) {
                break;
            }
            visitor.entry(chunk[at], readInt(chunk, at + 1), chunk, at + ENTRY_HEADER, length);
            at += ENTRY_HEADER + length;
        }
        if (at != chunk.length) {
            throw new IllegalStateException("corrupt episode chunk: " + chunk.length + " bytes, entry at " + at);
        }
    }

    private static int offset(byte[] chunk, byte kind, int t) {
        int at = 0;
        while (at + ENTRY_HEADER <= chunk.length) {
            int length = readInt(chunk, at + 5);
            if (chunk[at] == kind && readInt(chunk, at + 1) == t) {
                return at;
            }
            at += ENTRY_HEADER + length;
        }
        if (at != chunk.length) {
            throw new IllegalStateException("corrupt episode chunk: " + chunk.length + " bytes, entry at " + at);
        }
        return -1;
    }

    private static int readInt(byte[] b, int at) {
        return (b[at] & 0xff) << 24 | (b[at + 1] & 0xff) << 16 | (b[at + 2] & 0xff) << 8 | (b[at + 3] & 0xff);
    }

    private static void writeInt(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }
}
