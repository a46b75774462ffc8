package io.policystream.trajectory;

import static org.assertj.core.api.Assertions.assertThat;

import io.policystream.event.Action;
import io.policystream.event.Event;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;

/**
 * A tick of the clock visits the episodes that may be due, not every episode in the store: the
 * cost of a tick must not grow with the closed episodes kept as tombstones or the open ones far
 * from their timeout.
 */
class EpisodeAssemblerTickTest {
    /** The in-memory store, counting header reads and full scans. */
    private static final class CountingStore implements EpisodeStore {
        final InMemoryEpisodeStore inner = new InMemoryEpisodeStore();
        int headerReads;
        int scans;

        @Override
        public EpisodeHeader header(String episode) {
            headerReads++;
            return inner.header(episode);
        }

        @Override
        public void putHeader(String episode, EpisodeHeader header) {
            inner.putHeader(episode, header);
        }

        @Override
        public void deleteHeader(String episode) {
            inner.deleteHeader(episode);
        }

        @Override
        public Event step(String episode, int t) {
            return inner.step(episode, t);
        }

        @Override
        public void putStep(String episode, int t, Event step) {
            inner.putStep(episode, t, step);
        }

        @Override
        public RewardTally rewards(String episode, int t) {
            return inner.rewards(episode, t);
        }

        @Override
        public void putRewards(String episode, int t, RewardTally tally) {
            inner.putRewards(episode, t, tally);
        }

        @Override
        public void deleteSteps(String episode, int maxIndex) {
            inner.deleteSteps(episode, maxIndex);
        }

        @Override
        public void forEachHeader(BiConsumer<String, EpisodeHeader> visitor) {
            scans++;
            inner.forEachHeader(visitor);
        }
    }

    private final CountingStore store = new CountingStore();
    private final AssemblyRules rules = new AssemblyRules(0, 10_000, false, 100);
    private final EpisodeAssembler assembler = new EpisodeAssembler(store, p -> rules);
    private final List<Closure> closed = new ArrayList<>();

    private void add(String ep, int t, boolean done, long time) {
        Event e = Event.step("cp", ep, t, new double[] {t}, new Action.Discrete(0), -0.69, 0, 1.0, done, false, time);
        closed.addAll(assembler.onEvent(e, time, time).closed());
    }

    @Test
    void aTickBeforeAnyDeadlineReadsNoHeaderWhateverTheStoreHolds() {
        for (int i = 0; i < 1000; i++) {
            add("done" + i, 0, false, 1000 + i);
            add("done" + i, 1, true, 1000 + i);
        }
        for (int i = 0; i < 500; i++) {
            add("open" + i, 0, false, 2000 + i);
        }
        assertThat(closed).hasSize(1000);
        store.headerReads = 0;
        int scansBefore = store.scans;
        for (long now = 2000; now < 10_000; now += 1000) {
            assertThat(assembler.onStreamTime(now)).isEmpty();
            assertThat(assembler.onWallClock(now)).isEmpty();
        }
        assertThat(store.headerReads).isZero();
        assertThat(store.scans).isEqualTo(scansBefore);
        assertThat(assembler.openEpisodes()).isEqualTo(Map.of("cp", 500L));
    }

    @Test
    void eachTickVisitsOnlyWhatFellDueAndClosesItInDeadlineOrder() {
        add("b", 0, false, 1000);
        add("a", 0, false, 1000);
        add("c", 0, false, 3000);
        // Touched later: its first deadline (11,500) is stale, the real one is 14,000.
        add("d", 0, false, 1500);
        add("d", 1, false, 4000);
        store.headerReads = 0;
        List<Closure> first = assembler.onStreamTime(11_500);
        assertThat(first).extracting(Closure::episode).containsExactly("a", "b");
        assertThat(first).extracting(Closure::kind).containsOnly(Closure.Kind.TIMED_OUT);
        // a, b (due) and d (a stale bound, re-filed at its real deadline).
        assertThat(store.headerReads).isEqualTo(3);
        store.headerReads = 0;
        assertThat(assembler.onStreamTime(12_000)).isEmpty();
        assertThat(store.headerReads).isZero();
        assertThat(assembler.onStreamTime(14_000)).extracting(Closure::episode).containsExactly("c", "d");
        assertThat(assembler.openEpisodes()).isEmpty();
    }

    @Test
    void tombstonesGoAfterTheTimeoutAndARestartedAssemblerFindsTheRest() {
        add("x", 0, true, 1000);
        add("y", 0, false, 5000);
        EpisodeAssembler restarted = new EpisodeAssembler(store, p -> rules);
        assertThat(restarted.openEpisodes()).isEqualTo(Map.of("cp", 1L));
        assertThat(restarted.onStreamTime(11_000)).isEmpty();
        assertThat(store.inner.size()).isEqualTo(1);
        assertThat(restarted.onStreamTime(15_000)).extracting(Closure::episode).containsExactly("y");
        assertThat(restarted.onStreamTime(25_000)).isEmpty();
        assertThat(store.inner.size()).isZero();
    }
}
