package io.policystream.streams.internals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.policystream.event.Action;
import io.policystream.event.Event;
import io.policystream.trajectory.RewardTally;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A chunk holds the step events and reward tallies of 32 consecutive step indices; decoded, it is
 * written out whole and reads back every entry, and it still reads the chunks earlier learners
 * wrote entry by entry.
 */
class EpisodeChunkTest {

    private static Event step(int t, double x) {
        return Event.step("p", "ep", t, new double[] {x, -x}, new Action.Discrete(t % 2), -0.5, 3, 1.0, false, false,
                1_000 + t);
    }

    @Test
    void chunksHoldThirtyTwoConsecutiveStepIndices() {
        assertThat(EpisodeChunk.of(0)).isZero();
        assertThat(EpisodeChunk.of(31)).isZero();
        assertThat(EpisodeChunk.of(32)).isEqualTo(1);
        assertThat(EpisodeChunk.of(1000)).isEqualTo(31);
    }

    @Test
    void stepsAndRewardsOfTheSameIndexAreSeparateEntriesAndReadBackAfterEncoding() {
        EpisodeChunk.Decoded c = new EpisodeChunk.Decoded(35);
        c.step(35, step(35, 0.25));
        c.rewards(35, new RewardTally(2.5, new long[] {7, 9}));
        c.step(63, step(63, 1.5));

        EpisodeChunk.Decoded back = EpisodeChunk.Decoded.decode(c.encode());

        assertThat(back.step(35)).isEqualTo(step(35, 0.25));
        assertThat(back.rewards(35).sum()).isEqualTo(2.5);
        assertThat(back.rewards(35).fingerprints()).containsExactly(7, 9);
        assertThat(back.step(63)).isEqualTo(step(63, 1.5));
        assertThat(back.step(36)).isNull();
        assertThat(back.rewards(63)).isNull();
    }

    @Test
    void aChunkRefusesAStepIndexOfAnotherChunk() {
        EpisodeChunk.Decoded c = new EpisodeChunk.Decoded(40);
        assertThatThrownBy(() -> c.step(31, step(31, 0))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> c.rewards(64)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void randomWritesReadBackAsTheLatestOfEachEntryAndAreEncodedOnceEach() {
        SplittableRandom rng = new SplittableRandom(7);
        for (int round = 0; round < 200; round++) {
            int chunk = rng.nextInt(5);
            Map<String, Object> expected = new HashMap<>();
            EpisodeChunk.Decoded c = new EpisodeChunk.Decoded(chunk * EpisodeChunk.STEPS);
            for (int w = 0; w < 60; w++) {
                int t = chunk * EpisodeChunk.STEPS + rng.nextInt(EpisodeChunk.STEPS);
                if (rng.nextBoolean()) {
                    Event e = step(t, rng.nextGaussian());
                    c.step(t, e);
                    expected.put("S" + t, e);
                } else {
                    RewardTally r = new RewardTally(rng.nextGaussian(), new long[] {rng.nextLong()});
                    c.rewards(t, r);
                    expected.put("R" + t, r.sum());
                }
            }
            byte[] encoded = c.encode();
            Map<String, Integer> visits = new HashMap<>();
            EpisodeChunk.forEach(encoded, (kind, t, bytes, from, length) ->
                    visits.merge((kind == EpisodeChunk.STEP ? "S" : "R") + t, 1, Integer::sum));
            assertThat(visits.keySet()).isEqualTo(expected.keySet());
            assertThat(visits.values()).containsOnly(1);
            EpisodeChunk.Decoded back = EpisodeChunk.Decoded.decode(encoded);
            for (int t = chunk * EpisodeChunk.STEPS; t < (chunk + 1) * EpisodeChunk.STEPS; t++) {
                assertThat(back.step(t)).isEqualTo(expected.get("S" + t));
                assertThat(back.rewards(t) == null ? null : back.rewards(t).sum()).isEqualTo(expected.get("R" + t));
            }
        }
    }

    /**
     * A chunk as learners before 2026-12 wrote it: an entry appended per write, a rewritten entry
     * moved to the end.
     */
    private static byte[] writtenEntryByEntry(LinkedHashMap<String, byte[]> writes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Map.Entry<String, byte[]> w : writes.entrySet()) {
            byte kind = (byte) w.getKey().charAt(0);
            int t = Integer.parseInt(w.getKey().substring(1));
            out.write(kind);
            out.writeBytes(ByteBuffer.allocate(8).putInt(t).putInt(w.getValue().length).array());
            out.writeBytes(w.getValue());
        }
        return out.toByteArray();
    }

    @Test
    void shouldReadAChunkAnEarlierLearnerWroteEntryByEntry() {
        LinkedHashMap<String, byte[]> writes = new LinkedHashMap<>();
        writes.put("R1", InternalCodecs.encodeRewards(new RewardTally(1.0, new long[] {1})));
        writes.put("S2", InternalCodecs.encodeStep(step(2, 0.5)));
        writes.put("S1", InternalCodecs.encodeStep(step(1, 0.75)));

        EpisodeChunk.Decoded c = EpisodeChunk.Decoded.decode(writtenEntryByEntry(writes));

        assertThat(c.step(1)).isEqualTo(step(1, 0.75));
        assertThat(c.step(2)).isEqualTo(step(2, 0.5));
        assertThat(c.rewards(1).sum()).isEqualTo(1.0);
    }

    @Test
    void aTruncatedChunkIsReportedAsCorrupt() {
        EpisodeChunk.Decoded c = new EpisodeChunk.Decoded(0);
        c.step(0, step(0, 1));
        byte[] cut = Arrays.copyOf(c.encode(), c.encode().length - 2);
        assertThatThrownBy(() -> EpisodeChunk.Decoded.decode(cut))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("corrupt episode chunk");
        assertThatThrownBy(() -> EpisodeChunk.forEach(cut, (kind, t, chunk, from, length) -> { }))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("corrupt episode chunk");
    }
}
