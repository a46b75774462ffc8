package io.policystream.streams.internals;

import io.policystream.event.Event;
import io.policystream.trajectory.RewardTally;
import java.util.Arrays;

/**
 * The value of one entry of the episode-chunks store: the step events and late-reward tallies of
 * {@link #STEPS} consecutive step indices of one episode, as a list of entries
 * {@code [kind: 1 byte][t: int][length: int][payload]}. Between two commits the assembler holds
 * chunks {@link Decoded decoded} (its events as they came, in a {@link WriteBehindTable}), and a
 * chunk is encoded whole, once, when a commit writes it out: it reaches RocksDB and the changelog
 * once per commit, and only when its episode is still open then.
 */
final class EpisodeChunk {
    /** Step indices per chunk. */
    static final int STEPS = 32;
    static final byte STEP = 'S';
    static final byte REWARDS = 'R';
    private static final int ENTRY_HEADER = 1 + 4 + 4;

    private EpisodeChunk() {
    }

    /**
     * A chunk decoded: the step events and late-reward tallies of step indices
     * {@code index * STEPS .. index * STEPS + STEPS - 1}. Mutable: the assembler's thread only.
     */
    static final class Decoded {
        private final int index;
        private final Event[] steps = new Event[STEPS];
        private final RewardTally[] rewards = new RewardTally[STEPS];

        /** An empty chunk, the one of step index {@code t}. */
        Decoded(int t) {
            this.index = of(t);
        }

        private int slot(int t) {
            if (of(t) != index) {
                throw new IllegalArgumentException("step index " + t + " is not in chunk " + index);
            }
            return t - index * STEPS;
        }

        Event step(int t) {
            return steps[slot(t)];
        }

        void step(int t, Event e) {
            steps[slot(t)] = e;
        }

        RewardTally rewards(int t) {
            return rewards[slot(t)];
        }

        void rewards(int t, RewardTally r) {
            rewards[slot(t)] = r;
        }

        /** Its entries in the stored format: the steps, then the tallies, each by index. */
        byte[] encode() {
            byte[][] payloads = new byte[2 * STEPS][];
            int size = 0;
            for (int i = 0; i < STEPS; i++) {
                if (steps[i] != null) {
                    payloads[i] = InternalCodecs.encodeStep(steps[i]);
                    size += ENTRY_HEADER + payloads[i].length;
                }
                if (rewards[i] != null) {
                    payloads[STEPS + i] = InternalCodecs.encodeRewards(rewards[i]);
                    size += ENTRY_HEADER + payloads[STEPS + i].length;
                }
            }
            byte[] out = new byte[size];
            int at = 0;
            for (int k = 0; k < payloads.length; k++) {
                byte[] payload = payloads[k];
                if (payload == null) {
                    continue;
                }
                out[at] = k < STEPS ? STEP : REWARDS;
                writeInt(out, at + 1, index * STEPS + k % STEPS);
                writeInt(out, at + 5, payload.length);
                System.arraycopy(payload, 0, out, at + ENTRY_HEADER, payload.length);
                at += ENTRY_HEADER + payload.length;
            }
            return out;
        }

        /** A stored chunk (never empty: an empty chunk is deleted), in any order of its entries. */
        static Decoded decode(byte[] chunk) {
            Decoded[] d = new Decoded[1];
            forEach(chunk, (kind, t, bytes, from, length) -> {
                if (d[0] == null) {
                    d[0] = new Decoded(t);
                }
                byte[] payload = Arrays.copyOfRange(bytes, from, from + length);
                if (kind == STEP) {
                    d[0].step(t, InternalCodecs.decodeStep(payload));
                } else {
                    d[0].rewards(t, InternalCodecs.decodeRewards(payload));
                }
            });
            if (d[0] == null) {
                throw new IllegalStateException("corrupt episode chunk: no entries in " + chunk.length + " bytes");
            }
            return d[0];
        }
    }

    /** The chunk that holds step index t. */
    static int of(int t) {
        return t / STEPS;
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
