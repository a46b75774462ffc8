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
 * {@value EpisodeChunk#STEPS} step indices keyed by (length-prefixed episode, chunk index). An
 * event rewrites one chunk of a few kilobytes at most. Both stores are read and written through
 * {@link WriteBehindTable}s that the task's commit {@link #flush flushes}: between two commits an
 * event costs hash-map look-ups, and an episode that starts and ends between two commits never
 * reaches the stores or their changelogs.
 */
public final class KafkaEpisodeStore implements EpisodeStore {
    /** Keys held in memory past which the tables are written to the stores before the commit. */
    static final int MAX_HELD_KEYS = 10_000;

    private final WriteBehindTable<String> headers;
    private final WriteBehindTable<Bytes> chunks;

    public KafkaEpisodeStore(KeyValueStore<String, byte[]> headers, KeyValueStore<Bytes, byte[]> chunks) {
        this.headers = new WriteBehindTable<>(headers);
        this.chunks = new WriteBehindTable<>(chunks);
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
        byte[] raw = headers.get(episode);
        return raw == null ? null : InternalCodecs.decodeHeader(raw);
    }

    @Override
    public void putHeader(String episode, EpisodeHeader header) {
        headers.put(episode, InternalCodecs.encodeHeader(header));
        bound();
    }

    @Override
    public void deleteHeader(String episode) {
        headers.delete(episode);
    }

    @Override
    public Event step(String episode, int t) {
        byte[] raw = EpisodeChunk.find(chunks.get(key(episode, EpisodeChunk.of(t))), EpisodeChunk.STEP, t);
        return raw == null ? null : InternalCodecs.decodeStep(raw);
    }

    @Override
    public void putStep(String episode, int t, Event step) {
        put(episode, EpisodeChunk.STEP, t, InternalCodecs.encodeStep(step));
    }

    @Override
    public Event putStepIfAbsent(String episode, int t, Event step) {
        Bytes k = key(episode, EpisodeChunk.of(t));
        byte[] chunk = chunks.get(k);
        byte[] raw = EpisodeChunk.find(chunk, EpisodeChunk.STEP, t);
        if (raw != null) {
            return InternalCodecs.decodeStep(raw);
        }
        chunks.put(k, EpisodeChunk.with(chunk, EpisodeChunk.STEP, t, InternalCodecs.encodeStep(step)));
        return null;
    }

    @Override
    public RewardTally rewards(String episode, int t) {
        byte[] raw = EpisodeChunk.find(chunks.get(key(episode, EpisodeChunk.of(t))), EpisodeChunk.REWARDS, t);
        return raw == null ? null : InternalCodecs.decodeRewards(raw);
    }

    @Override
    public void putRewards(String episode, int t, RewardTally tally) {
        put(episode, EpisodeChunk.REWARDS, t, InternalCodecs.encodeRewards(tally));
    }

    private void put(String episode, byte kind, int t, byte[] payload) {
        Bytes k = key(episode, EpisodeChunk.of(t));
        chunks.put(k, EpisodeChunk.with(chunks.get(k), kind, t, payload));
    }

    @Override
    public Contents contents(String episode, int maxIndex) {
        Event[] events = new Event[maxIndex + 1];
        RewardTally[] rewards = new RewardTally[maxIndex + 1];
        for (int c = 0; c <= EpisodeChunk.of(Math.max(0, maxIndex)); c++) {
            EpisodeChunk.forEach(chunks.get(key(episode, c)), (kind, t, chunk, from, length) -> {
                if (t > maxIndex) {
                    return;
                }
                byte[] payload = java.util.Arrays.copyOfRange(chunk, from, from + length);
                if (kind == EpisodeChunk.STEP) {
                    events[t] = InternalCodecs.decodeStep(payload);
                } else {
                    rewards[t] = InternalCodecs.decodeRewards(payload);
                }
            });
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
