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
 * episode, and one entry per step event or per step's late rewards, keyed by
 * (length-prefixed episode, kind, step), so each event is one small write.
 */
public final class KafkaEpisodeStore implements EpisodeStore {
    private static final byte STEP = 'S';
    private static final byte REWARDS = 'R';

    private final KeyValueStore<String, byte[]> headers;
    private final KeyValueStore<Bytes, byte[]> steps;

    public KafkaEpisodeStore(KeyValueStore<String, byte[]> headers, KeyValueStore<Bytes, byte[]> steps) {
        this.headers = headers;
        this.steps = steps;
    }

    private static Bytes key(String episode, byte kind, int t) {
        byte[] ep = episode.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(2 + ep.length + 1 + 4);
        b.putShort((short) ep.length).put(ep).put(kind).putInt(t);
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
    }

    @Override
    public void deleteHeader(String episode) {
        headers.delete(episode);
    }

    @Override
    public Event step(String episode, int t) {
        byte[] raw = steps.get(key(episode, STEP, t));
        return raw == null ? null : InternalCodecs.decodeStep(raw);
    }

    @Override
    public void putStep(String episode, int t, Event step) {
        steps.put(key(episode, STEP, t), InternalCodecs.encodeStep(step));
    }

    @Override
    public RewardTally rewards(String episode, int t) {
        byte[] raw = steps.get(key(episode, REWARDS, t));
        return raw == null ? null : InternalCodecs.decodeRewards(raw);
    }

    @Override
    public void putRewards(String episode, int t, RewardTally tally) {
        steps.put(key(episode, REWARDS, t), InternalCodecs.encodeRewards(tally));
    }

    @Override
    public void deleteSteps(String episode, int maxIndex) {
        for (int t = 0; t <= maxIndex; t++) {
            steps.delete(key(episode, STEP, t));
            steps.delete(key(episode, REWARDS, t));
        }
    }

    @Override
    public void forEachHeader(BiConsumer<String, EpisodeHeader> visitor) {
        List<KeyValue<String, byte[]>> all = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> it = headers.all()) {
            while (it.hasNext()) {
                all.add(it.next());
            }
        }
        for (KeyValue<String, byte[]> kv : all) {
            visitor.accept(kv.key, InternalCodecs.decodeHeader(kv.value));
        }
    }
}
