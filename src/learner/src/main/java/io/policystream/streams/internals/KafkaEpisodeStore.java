package io.policystream.streams.internals;

import io.policystream.event.Event;
import io.policystream.trajectory.EpisodeHeader;
import io.policystream.trajectory.EpisodeStore;
import io.policystream.trajectory.RewardTally;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The assembler's {@link EpisodeStore} over two persistent Kafka Streams stores: headers by
 * episode, and the steps and late rewards in {@link EpisodeChunk chunks} of
 * {@value EpisodeChunk#STEPS} step indices keyed by (length-prefixed episode, chunk index). Both
 * stores are read and written through {@link WriteBehindTable}s of decoded values that the task's
 * commit {@link #flush flushes}: between two commits an event costs hash-map look-ups and no
 * encoding or decoding at all, an episode's chunk is encoded once per commit while it is open, and
 * an episode that starts and ends between two commits never reaches the stores or their changelogs.
 */
public final class KafkaEpisodeStore implements EpisodeStore {
    /** Keys held in memory past which the tables are written to the stores before the commit. */
    static final int MAX_HELD_KEYS = 10_000;

    private final WriteBehindTable<String, EpisodeHeader> headers;
    private final WriteBehindTable<Bytes, EpisodeChunk.Decoded> chunks;

    public KafkaEpisodeStore(KeyValueStore<String, byte[]> headers, KeyValueStore<Bytes, byte[]> chunks) {
        this.headers = new WriteBehindTable<>(headers, InternalCodecs::decodeHeader, InternalCodecs::encodeHeader);
        this.chunks = new WriteBehindTable<>(chunks, EpisodeChunk.Decoded::decode, EpisodeChunk.Decoded::encode);
    }

    /**
     * Writes what changed since the last flush to the stores. Run by the task's commit before Kafka
     * Streams flushes the stores' caches; harmless at any other time.
     */
    public void flush() {
        headers.flush();
        chunks.flush();
    }

    /** Flushes when the tables hold many keys (a long commit interval), to bound the memory. */
    private void bound() {
        if (headers.size() + chunks.size() > MAX_HELD_KEYS) {
            flush();
        }
    }

    private static Bytes key(String episode, int chunk) {
        byte[] ep = episode.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(2 + ep.length + 4);
        b.putShort((short) ep.length).put(ep).putInt(chunk);
        return Bytes.wrap(b.array());
    }

    @Override
    public EpisodeHeader header(String episode) {
        return headers.get(episode);
    }

    @Override
    public void putHeader(String episode, EpisodeHeader header) {
        headers.put(episode, header);
        bound();
    }

    @Override
    public void deleteHeader(String episode) {
        headers.delete(episode);
    }

    @Override
    public Event step(String episode, int t) {
        EpisodeChunk.Decoded chunk = chunks.get(key(episode, EpisodeChunk.of(t)));
        return chunk == null ? null : chunk.step(t);
    }

    @Override
    public void putStep(String episode, int t, Event step) {
        Bytes k = key(episode, EpisodeChunk.of(t));
        EpisodeChunk.Decoded chunk = chunkToWrite(k, t);
        chunk.step(t, step);
        chunks.put(k, chunk);
    }

    @Override
    public Event putStepIfAbsent(String episode, int t, Event step) {
        Bytes k = key(episode, EpisodeChunk.of(t));
        EpisodeChunk.Decoded chunk = chunkToWrite(k, t);
        Event existing = chunk.step(t);
        if (existing != null) {
            return existing;
        }
        chunk.step(t, step);
        chunks.put(k, chunk);
        return null;
    }

    @Override
    public RewardTally rewards(String episode, int t) {
        EpisodeChunk.Decoded chunk = chunks.get(key(episode, EpisodeChunk.of(t)));
        return chunk == null ? null : chunk.rewards(t);
    }

    @Override
    public void putRewards(String episode, int t, RewardTally tally) {
        Bytes k = key(episode, EpisodeChunk.of(t));
        EpisodeChunk.Decoded chunk = chunkToWrite(k, t);
        chunk.rewards(t, tally);
        chunks.put(k, chunk);
    }

    /** The chunk of step index t, a new empty one when there is none (stored only once it is put). */
    private EpisodeChunk.Decoded chunkToWrite(Bytes k, int t) {
        EpisodeChunk.Decoded chunk = chunks.get(k);
        return chunk != null ? chunk : new EpisodeChunk.Decoded(t);
    }

    @Override
    public Contents contents(String episode, int maxIndex) {
        Event[] events = new Event[maxIndex + 1];
        RewardTally[] rewards = new RewardTally[maxIndex + 1];
        for (int c = 0; c <= EpisodeChunk.of(Math.max(0, maxIndex)); c++) {
            EpisodeChunk.Decoded chunk = chunks.get(key(episode, c));
            if (chunk == null) {
                continue;
            }
            int last = Math.min(maxIndex, (c + 1) * EpisodeChunk.STEPS - 1);
            for (int t = c * EpisodeChunk.STEPS; t <= last; t++) {
                events[t] = chunk.step(t);
                rewards[t] = chunk.rewards(t);
            }
        }
        return new Contents(events, rewards);
    }

    @Override
    public void deleteSteps(String episode, int maxIndex) {
        for (int c = 0; c <= EpisodeChunk.of(Math.max(0, maxIndex)); c++) {
            chunks.delete(key(episode, c));
        }
    }

    @Override
    public void forEachHeader(BiConsumer<String, EpisodeHeader> visitor) {
        flush(); // the store then holds every header
        List<KeyValue<String, byte[]>> all = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> it = headers.store().all()) {
            while (it.hasNext()) {
                all.add(it.next());
            }
        }
        for (KeyValue<String, byte[]> kv : all) {
            visitor.accept(kv.key, InternalCodecs.decodeHeader(kv.value));
        }
    }
}
