package io.policystream.streams.internals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** A chunk keeps the latest payload of every (kind, step) written into it, and nothing else. */
class EpisodeChunkTest {

    @Test
    void chunksHoldThirtyTwoConsecutiveStepIndices() {
        assertThat(EpisodeChunk.of(0)).isZero();
        assertThat(EpisodeChunk.of(31)).isZero();
        assertThat(EpisodeChunk.of(32)).isEqualTo(1);
        assertThat(EpisodeChunk.of(1000)).isEqualTo(31);
    }

    @Test
    void anEmptyChunkHasNoEntries() {
        assertThat(EpisodeChunk.find(null, EpisodeChunk.STEP, 0)).isNull();
        assertThat(EpisodeChunk.find(new byte[0], EpisodeChunk.STEP, 0)).isNull();
    }

    @Test
    void stepsAndRewardsOfTheSameIndexAreSeparateEntries() {
        byte[] c = EpisodeChunk.with(null, EpisodeChunk.STEP, 3, new byte[] {1, 2, 3});
        c = EpisodeChunk.with(c, EpisodeChunk.REWARDS, 3, new byte[] {9});
        assertThat(EpisodeChunk.find(c, EpisodeChunk.STEP, 3)).containsExactly(1, 2, 3);
        assertThat(EpisodeChunk.find(c, EpisodeChunk.REWARDS, 3)).containsExactly(9);
        assertThat(EpisodeChunk.find(c, EpisodeChunk.STEP, 4)).isNull();
    }

    @Test
    void writingAnEntryAgainReplacesItAndKeepsTheOthers() {
        byte[] c = EpisodeChunk.with(null, EpisodeChunk.REWARDS, 1, new byte[] {1});
        c = EpisodeChunk.with(c, EpisodeChunk.STEP, 2, new byte[] {2, 2});
        c = EpisodeChunk.with(c, EpisodeChunk.REWARDS, 1, new byte[] {7, 7, 7});
        assertThat(EpisodeChunk.find(c, EpisodeChunk.REWARDS, 1)).containsExactly(7, 7, 7);
        assertThat(EpisodeChunk.find(c, EpisodeChunk.STEP, 2)).containsExactly(2, 2);
        assertThat(c).hasSize(2 * 9 + 3 + 2);
    }

    @Test
    void theInputChunkIsNeverModified() {
        byte[] c = EpisodeChunk.with(null, EpisodeChunk.STEP, 0, new byte[] {5});
        byte[] before = c.clone();
        EpisodeChunk.with(c, EpisodeChunk.STEP, 0, new byte[] {6});
        EpisodeChunk.with(c, EpisodeChunk.STEP, 1, new byte[] {6});
        assertThat(c).isEqualTo(before);
    }

    @Test
    void randomWritesReadBackAsTheLatestPayloadOfEachEntryAndAreVisitedOnce() {
        SplittableRandom rng = new SplittableRandom(7);
        for (int round = 0; round < 200; round++) {
            Map<String, byte[]> expected = new HashMap<>();
            byte[] c = null;
            for (int w = 0; w < 60; w++) {
                byte kind = rng.nextBoolean() ? EpisodeChunk.STEP : EpisodeChunk.REWARDS;
                int t = rng.nextInt(EpisodeChunk.STEPS);
                byte[] payload = new byte[rng.nextInt(0, 40)];
                for (int i = 0; i < payload.length; i++) {
                    payload[i] = (byte) rng.nextInt(256);
                }
                c = EpisodeChunk.with(c, kind, t, payload);
                expected.put(kind + ":" + t, payload);
            }
            Map<String, byte[]> visited = new HashMap<>();
            EpisodeChunk.forEach(c, (kind, t, chunk, from, length) -> assertThat(
                    visited.put(kind + ":" + t, Arrays.copyOfRange(chunk, from, from + length))).isNull());
            assertThat(visited.keySet()).isEqualTo(expected.keySet());
            for (byte kind : new byte[] {EpisodeChunk.STEP, EpisodeChunk.REWARDS}) {
                for (int t = 0; t < EpisodeChunk.STEPS; t++) {
                    byte[] want = expected.get(kind + ":" + t);
                    byte[] got = EpisodeChunk.find(c, kind, t);
                    assertThat(got == null ? null : Arrays.toString(got))
                            .isEqualTo(want == null ? null : Arrays.toString(want));
                }
            }
        }
    }

    @Test
    void aTruncatedChunkIsReportedAsCorrupt() {
        byte[] c = EpisodeChunk.with(null, EpisodeChunk.STEP, 0, new byte[] {1, 2, 3, 4});
        byte[] cut = Arrays.copyOf(c, c.length - 2);
        assertThatThrownBy(() -> EpisodeChunk.find(cut, EpisodeChunk.STEP, 1))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("corrupt episode chunk");
        assertThatThrownBy(() -> EpisodeChunk.forEach(cut, (kind, t, chunk, from, length) -> { }))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("corrupt episode chunk");
    }
}
