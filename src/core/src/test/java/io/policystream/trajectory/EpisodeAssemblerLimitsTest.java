package io.policystream.trajectory;

import static org.assertj.core.api.Assertions.assertThat;

import io.policystream.event.Action;
import io.policystream.event.Event;
import io.policystream.event.InvalidReason;
import org.junit.jupiter.api.Test;

class EpisodeAssemblerLimitsTest {
    private final InMemoryEpisodeStore store = new InMemoryEpisodeStore();
    private final AssemblyRules rules = new AssemblyRules(0, 10_000, false, 100, 2, 10);

    private static Event step(String policy, String ep, int t, boolean done) {
        return Event.step(policy, ep, t, new double[] {t}, new Action.Discrete(0), -0.69, 0, 1.0, done, false, t);
    }

    @Test
    void shouldCountTheOpenEpisodesAlreadyInTheStoreWhenItStarts() {
        EpisodeAssembler before = new EpisodeAssembler(store, p -> rules);
        before.onEvent(step("cp", "a", 0, false), 1, 1);
        before.onEvent(step("cp", "b", 0, false), 1, 1);
        before.onEvent(step("cp", "done", 0, true), 1, 1);

        EpisodeAssembler restarted = new EpisodeAssembler(store, p -> rules);
        EpisodeAssembler.Result r = restarted.onEvent(step("cp", "c", 0, false), 2, 2);

        assertThat(r.status()).isEqualTo(EpisodeAssembler.Status.INVALID);
        assertThat(r.problem().reason()).isEqualTo(InvalidReason.LIMIT_EXCEEDED);
        assertThat(restarted.onEvent(step("cp", "a", 1, true), 3, 3).closed()).hasSize(1);
        assertThat(restarted.onEvent(step("cp", "c", 0, false), 4, 4).status())
                .isEqualTo(EpisodeAssembler.Status.ACCEPTED);
    }

    @Test
    void shouldNotCountAnEpisodeThatCompletesWithItsFirstEvent() {
        EpisodeAssembler assembler = new EpisodeAssembler(store, p -> rules);
        for (int i = 0; i < 10; i++) {
            assertThat(assembler.onEvent(step("cp", "one-" + i, 0, true), i, i).closed()).hasSize(1);
        }
        assertThat(assembler.onEvent(step("cp", "x", 0, false), 20, 20).status())
                .isEqualTo(EpisodeAssembler.Status.ACCEPTED);
        assertThat(assembler.onEvent(step("cp", "y", 0, false), 20, 20).status())
                .isEqualTo(EpisodeAssembler.Status.ACCEPTED);
    }
}
