package io.policystream.streams.internals;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The commit clock calls the next commit due from the last move of the thread's commit count. */
class CommitClockTest {
    private final AtomicLong commits = new AtomicLong();
    private final CommitClock clock = new CommitClock(commits::get);

    @Test
    void shouldCallTheCommitDueAnIntervalLessTheMarginAfterTheLastCommitSeen() {
        assertThat(clock.commitDue(1_000, 20, 2)).as("first look: a commit just now").isFalse();
        assertThat(clock.commitDue(1_017, 20, 2)).isFalse();
        assertThat(clock.commitDue(1_018, 20, 2)).isTrue();
        assertThat(clock.commitDue(1_030, 20, 2)).as("overdue: still due").isTrue();
    }

    @Test
    void shouldStartOverWhenTheCountMoves() {
        clock.commitDue(1_000, 20, 2);
        commits.incrementAndGet();
        assertThat(clock.commitDue(1_021, 20, 2)).as("the commit was seen at 1 021").isFalse();
        assertThat(clock.commitDue(1_038, 20, 2)).isFalse();
        assertThat(clock.commitDue(1_039, 20, 2)).isTrue();
    }

    @Test
    void shouldFindNoClockWhereTheThreadHasNoCommitMeter() {
        assertThat(CommitClock.of(new org.apache.kafka.streams.processor.api.MockProcessorContext<>())).isNull();
    }
}
