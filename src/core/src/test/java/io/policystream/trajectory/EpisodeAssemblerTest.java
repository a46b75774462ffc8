package io.policystream.trajectory;

import static org.assertj.core.api.Assertions.assertThat;

import io.policystream.event.Action;
import io.policystream.event.Event;
import io.policystream.event.InvalidReason;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EpisodeAssemblerTest {
    private final InMemoryEpisodeStore store = new InMemoryEpisodeStore();
    private AssemblyRules rules = new AssemblyRules(0, 10_000, false, 100);
    private final EpisodeAssembler assembler = new EpisodeAssembler(store, p -> rules);
    private final List<Closure> closed = new ArrayList<>();

    private static Event step(String ep, int t, double reward, boolean done) {
        return Event.step("cp", ep, t, new double[] {t, -t}, new Action.Discrete(t % 2), -0.69, 0, reward, done,
                false, 1000 + t);
    }

    private EpisodeAssembler.Result add(Event e, long time) {
        EpisodeAssembler.Result r = assembler.onEvent(e, time, time);
        closed.addAll(r.closed());
        return r;
    }

    @Test
    void shouldEmitATrajectoryWhenTheLastStepArrivesInOrder() {
        add(step("e1", 0, 1, false), 1);
        add(step("e1", 1, 1, false), 2);
        assertThat(closed).isEmpty();
        add(step("e1", 2, 1, true), 3);
        assertThat(closed).hasSize(1);
        Trajectory tr = closed.get(0).trajectory();
        assertThat(tr.length()).isEqualTo(3);
        assertThat(tr.ending()).isEqualTo(Ending.DONE);
        assertThat(tr.state(2)).containsExactly(2.0, -2.0);
        assertThat(closed.get(0).kind()).isEqualTo(Closure.Kind.COMPLETED);
    }

    @Test
    void shouldWaitForGapsWhenStepsArriveOutOfOrder() {
        add(step("e1", 2, 1, true), 1);
        add(step("e1", 0, 1, false), 2);
        assertThat(closed).isEmpty();
        add(step("e1", 1, 5, false), 3);
        assertThat(closed).hasSize(1);
        assertThat(closed.get(0).trajectory().rewards()).containsExactly(1.0, 5.0, 1.0);
    }

    @Test
    void shouldCountAnExactDuplicateOnceAndRefuseAConflictingOne() {
        add(step("e1", 0, 1, false), 1);
        assertThat(add(step("e1", 0, 1, false), 2).status()).isEqualTo(EpisodeAssembler.Status.DUPLICATE);
        EpisodeAssembler.Result conflict = add(step("e1", 0, 2, false), 3);
        assertThat(conflict.status()).isEqualTo(EpisodeAssembler.Status.INVALID);
        assertThat(conflict.problem().reason()).isEqualTo(InvalidReason.CONFLICTING_DUPLICATE);
        add(step("e1", 1, 1, true), 4);
        assertThat(closed.get(0).trajectory().rewards()).containsExactly(1.0, 1.0);
    }

    @Test
    void shouldAddLateRewardsToTheirStepAndCountDuplicatesOnce() {
        add(Event.reward("cp", "e1", 0, 0.5, false, false, 5), 1);
        add(Event.reward("cp", "e1", 0, 0.25, false, false, 6), 2);
        assertThat(add(Event.reward("cp", "e1", 0, 0.25, false, false, 6), 3).status())
                .isEqualTo(EpisodeAssembler.Status.DUPLICATE);
        add(step("e1", 0, 1, false), 4);
        add(step("e1", 1, 1, true), 5);
        assertThat(closed.get(0).trajectory().rewards()).containsExactly(1.75, 1.0);
    }

    @Test
    void shouldCountRewardsThatArriveWithinTheGrace() {
        rules = new AssemblyRules(100, 10_000, false, 100);
        add(step("e1", 0, 1, false), 1000);
        add(step("e1", 1, 1, true), 1001);
        assertThat(closed).isEmpty();
        add(Event.reward("cp", "e1", 1, 3.0, false, false, 1050), 1050);
        assertThat(assembler.onStreamTime(1100)).isEmpty();
        List<Closure> due = assembler.onStreamTime(1101);
        assertThat(due).hasSize(1);
        assertThat(due.get(0).trajectory().rewards()).containsExactly(1.0, 4.0);
        EpisodeAssembler.Result late = add(Event.reward("cp", "e1", 1, 1.0, false, false, 1200), 1200);
        assertThat(late.problem().reason()).isEqualTo(InvalidReason.EPISODE_CLOSED);
    }

    @Test
    void shouldCloseGraceOnTheWallClockToo() {
        rules = new AssemblyRules(100, 10_000, false, 100);
        assembler.onEvent(step("e1", 0, 1, true), 5, 1000);
        assertThat(assembler.onWallClock(1099)).isEmpty();
        assertThat(assembler.onWallClock(1100)).hasSize(1);
    }

    @Test
    void shouldTruncateAnIdleEpisodeToItsStepsInOrder() {
        add(step("e1", 0, 1, false), 1000);
        add(step("e1", 1, 1, false), 1001);
        add(step("e1", 3, 1, false), 1002);
        assertThat(assembler.onStreamTime(11_001)).isEmpty();
        List<Closure> due = assembler.onStreamTime(11_002);
        assertThat(due).hasSize(1);
        assertThat(due.get(0).kind()).isEqualTo(Closure.Kind.TIMED_OUT);
        assertThat(due.get(0).trajectory().length()).isEqualTo(2);
        assertThat(due.get(0).trajectory().ending()).isEqualTo(Ending.TIMED_OUT);
        assertThat(due.get(0).stepsLost()).isEqualTo(1);
    }

    @Test
    void shouldTimeOutOnTheWallClockWhenTheTopicIsQuiet() {
        assembler.onEvent(step("e1", 0, 1, false), 1, 50_000);
        assertThat(assembler.onWallClock(59_999)).isEmpty();
        assertThat(assembler.onWallClock(60_000)).extracting(Closure::kind).containsExactly(Closure.Kind.TIMED_OUT);
    }

    @Test
    void shouldDropAnIdleEpisodeWhenConfigured() {
        rules = new AssemblyRules(0, 10_000, true, 100);
        add(step("e1", 0, 1, false), 1000);
        List<Closure> due = assembler.onStreamTime(20_000);
        assertThat(due).extracting(Closure::kind).containsExactly(Closure.Kind.DROPPED);
        assertThat(due.get(0).trajectory()).isNull();
    }

    @Test
    void shouldCutAnEpisodeLongerThanTheLimit() {
        rules = new AssemblyRules(0, 10_000, false, 3);
        add(step("e1", 0, 1, false), 1);
        add(step("e1", 1, 1, false), 2);
        add(step("e1", 2, 1, false), 3);
        EpisodeAssembler.Result r = add(step("e1", 3, 1, false), 4);
        assertThat(r.problem().reason()).isEqualTo(InvalidReason.LIMIT_EXCEEDED);
        assertThat(closed).hasSize(1);
        assertThat(closed.get(0).trajectory().length()).isEqualTo(3);
        assertThat(closed.get(0).trajectory().ending()).isEqualTo(Ending.CUT);
    }

    @Test
    void shouldRefuseStepsAfterTheEndAndASecondDifferentEnd() {
        rules = new AssemblyRules(1000, 10_000, false, 100);
        add(step("e1", 1, 1, true), 1);
        assertThat(add(step("e1", 2, 1, false), 2).problem().reason()).isEqualTo(InvalidReason.AFTER_END);
        assertThat(add(step("e2", 3, 1, false), 2).status()).isEqualTo(EpisodeAssembler.Status.ACCEPTED);
        assertThat(add(step("e2", 1, 1, true), 3).problem().reason()).isEqualTo(InvalidReason.AFTER_END);
    }

    @Test
    void shouldRefuseAnEventOfAnotherPolicyForTheSameEpisode() {
        add(step("e1", 0, 1, false), 1);
        Event other = Event.step("other", "e1", 1, new double[] {0, 0}, new Action.Discrete(0), -1, 0, 0, true,
                false, 1);
        assertThat(add(other, 2).problem().reason()).isEqualTo(InvalidReason.CONFLICTING_DUPLICATE);
    }

    @Test
    void shouldForgetTombstonesAfterTheTimeoutAndCloseEverythingAtTheEnd() {
        add(step("e1", 0, 1, true), 1000);
        add(step("e2", 0, 1, false), 1000);
        assertThat(store.size()).isEqualTo(2);
        List<Closure> rest = assembler.closeAll();
        assertThat(rest).extracting(Closure::episode).containsExactly("e2");
        assertThat(store.size()).isZero();
    }

    @Test
    void shouldEndAnEpisodeWithADoneRewardEvent() {
        add(step("e1", 0, 1, false), 1);
        add(step("e1", 1, 1, false), 2);
        add(Event.reward("cp", "e1", 1, 0.0, true, false, 3), 3);
        assertThat(closed).hasSize(1);
        assertThat(closed.get(0).trajectory().ending()).isEqualTo(Ending.DONE);
    }

    @Test
    void shouldRecogniseAnExactDuplicateThatArrivesAfterTheEpisodeClosed() {
        add(step("e1", 0, 1, false), 1);
        add(Event.reward("cp", "e1", 0, 0.5, false, false, 2), 2);
        add(step("e1", 1, 1, true), 3);
        assertThat(closed).hasSize(1);
        assertThat(add(step("e1", 1, 1, true), 4).status()).isEqualTo(EpisodeAssembler.Status.DUPLICATE);
        assertThat(add(Event.reward("cp", "e1", 0, 0.5, false, false, 2), 5).status())
                .isEqualTo(EpisodeAssembler.Status.DUPLICATE);
        assertThat(add(step("e1", 1, 2, true), 6).problem().reason()).isEqualTo(InvalidReason.EPISODE_CLOSED);
    }
}
