package io.policystream.serve;

import static io.policystream.serve.Fixtures.ARM;
import static io.policystream.serve.Fixtures.CARTPOLE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.policystream.client.PolicyClient;
import io.policystream.event.Action;
import io.policystream.event.Event;
import io.policystream.event.EventType;
import io.policystream.serve.Fixtures.ManualClock;
import io.policystream.serve.Fixtures.RecordingSink;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ActingServiceTest {
    private static final double[] STATE = {0.01, -0.02, 0.03, 0.04};

    private final PolicyClient client = PolicyClient.offline(42);
    private final RecordingSink sink = new RecordingSink();
    private final ManualClock clock = new ManualClock();
    private final ActingService service = service(EpisodeLimits.DEFAULT, Set.of());

    ActingServiceTest() {
        client.offer(Fixtures.cartpole(0));
        client.offer(Fixtures.arm());
    }

    private ActingService service(EpisodeLimits limits, Set<String> served) {
        return new ActingService(client, sink, limits, served, clock);
    }

    private static ActRequest act(String episode) {
        return new ActRequest(CARTPOLE, episode, STATE, false);
    }

    private static RewardRequest reward(String episode, Long step, double r, boolean done) {
        return new RewardRequest(episode, step, r, done, false, null);
    }

    @Test
    void shouldNumberAnEpisodesStepsFromZeroAndRecordEachWithRewardZero() {
        List<ActResult> results = List.of(service.act(act("e1")), service.act(act("e1")), service.act(act("e1")));

        assertThat(results).extracting(ActResult::step).containsExactly(0L, 1L, 2L);
        List<Event> events = sink.events();
        assertThat(events).hasSize(3);
        for (int t = 0; t < 3; t++) {
            Event e = events.get(t);
            ActResult r = results.get(t);
            assertThat(e.type()).isEqualTo(EventType.STEP);
            assertThat(e.policy()).isEqualTo(CARTPOLE);
            assertThat(e.episode()).isEqualTo("e1");
            assertThat(e.step()).isEqualTo(t);
            assertThat(e.state()).containsExactly(STATE);
            assertThat(e.action()).isEqualTo(r.action());
            assertThat(e.logProb()).isEqualTo(r.logProb());
            assertThat(e.policyVersion()).isEqualTo(0L);
            assertThat(e.reward()).isZero();
            assertThat(e.done()).isFalse();
            assertThat(e.truncated()).isFalse();
            assertThat(e.time()).isEqualTo(clock.millis());
        }
    }

    @Test
    void shouldNumberInterleavedEpisodesIndependently() {
        assertThat(service.act(act("a")).step()).isZero();
        assertThat(service.act(act("b")).step()).isZero();
        assertThat(service.act(act("a")).step()).isEqualTo(1);
        assertThat(service.act(act("c")).step()).isZero();
        assertThat(service.act(act("b")).step()).isEqualTo(1);
        assertThat(service.act(act("a")).step()).isEqualTo(2);
        assertThat(service.openEpisodes()).isEqualTo(3);
    }

    @Test
    void shouldActWithTheNewestVersionOnceItIsOffered() {
        assertThat(service.act(act("e")).version()).isZero();

        client.offer(Fixtures.cartpole(1));

        assertThat(service.act(act("e")).version()).isEqualTo(1);
        assertThat(sink.events()).extracting(Event::policyVersion).containsExactly(0L, 1L);
    }

    @Test
    void shouldActGreedilyWithTheMostLikelyAction() {
        ActResult first = service.act(new ActRequest(CARTPOLE, "g", STATE, true));
        for (int i = 0; i < 20; i++) {
            ActResult r = service.act(new ActRequest(CARTPOLE, "g", STATE, true));
            assertThat(r.action()).isEqualTo(first.action());
            assertThat(r.logProb()).isEqualTo(first.logProb());
        }
        assertThat(first.logProb()).isGreaterThanOrEqualTo(Math.log(0.5));
    }

    @Test
    void shouldAnswerAGaussianPolicyWithAVector() {
        ActResult r = service.act(new ActRequest(ARM, "arm-1", new double[] {0.1, 0.2, 0.3}, false));

        assertThat(r.action()).isInstanceOfSatisfying(Action.Continuous.class, c -> assertThat(c.size()).isEqualTo(2));
        assertThat(sink.events().get(0).action()).isEqualTo(r.action());
    }

    @Test
    void shouldRecordARewardForTheLastStepActedWhenStepIsOmitted() {
        service.act(act("e"));
        service.act(act("e"));

        RewardResult r = service.reward(reward("e", null, 1.5, false));

        assertThat(r).isEqualTo(new RewardResult(CARTPOLE, "e", 1, false));
        Event e = sink.events().get(2);
        assertThat(e).isEqualTo(Event.reward(CARTPOLE, "e", 1, 1.5, false, false, clock.millis()));
    }

    @Test
    void shouldRecordARewardForAnEarlierStep() {
        service.act(act("e"));
        service.act(act("e"));

        assertThat(service.reward(reward("e", 0L, 2.0, false)).step()).isZero();
        assertThat(sink.events().get(2).step()).isZero();
    }

    @Test
    void shouldForgetAnEpisodeThatEnds() {
        service.act(act("e"));
        RewardResult r = service.reward(new RewardRequest("e", null, 1.0, false, true, null));

        assertThat(r.ended()).isTrue();
        assertThat(sink.events().get(1).truncated()).isTrue();
        assertThat(service.openEpisodes()).isZero();
        assertStatus(() -> service.reward(reward("e", 0L, 1.0, false)), 404, "episode");
        assertThat(service.act(act("e")).step()).as("a new episode under the old id starts again").isZero();
    }

    @Test
    void shouldRecordARewardForAnEpisodeThatIsNotOpenWhenPolicyAndStepAreGiven() {
        RewardResult r = service.reward(new RewardRequest("elsewhere", 4L, 0.5, true, false, CARTPOLE));

        assertThat(r).isEqualTo(new RewardResult(CARTPOLE, "elsewhere", 4, true));
        assertThat(sink.events()).containsExactly(Event.reward(CARTPOLE, "elsewhere", 4, 0.5, true, false,
                clock.millis()));
    }

    @Test
    void shouldForgetAnEpisodeIdleForTheTimeout() {
        ActingService s = service(new EpisodeLimits(10, Duration.ofSeconds(60)), Set.of());
        s.act(act("e"));
        clock.advance(59_999);
        assertThat(s.act(act("e")).step()).isEqualTo(1);

        clock.advance(60_000);

        assertStatus(() -> s.reward(reward("e", null, 1.0, false)), 404, "episode");
        assertThat(s.openEpisodes()).isZero();
    }

    @Test
    void shouldRefuseANewEpisodeWhenTheTableIsFullUntilOneEndsOrExpires() {
        ActingService s = service(new EpisodeLimits(2, Duration.ofSeconds(60)), Set.of());
        s.act(act("a"));
        s.act(act("b"));

        assertStatus(() -> s.act(act("c")), 503, "episode");
        assertThat(s.act(act("a")).step()).as("open episodes go on").isEqualTo(1);

        s.reward(reward("a", null, 0.0, true));
        assertThat(s.act(act("c")).step()).isZero();

        clock.advance(60_000);
        assertThat(s.act(act("d")).step()).as("expired episodes free their slots").isZero();
        assertThat(s.openEpisodes()).isEqualTo(1);
    }

    @Test
    void shouldAnswer503AndNotCountTheStepWhenTheEventCannotBeRecorded() {
        AtomicBoolean down = new AtomicBoolean(true);
        ActingService s = new ActingService(client, e -> {
            if (down.get()) {
                throw new IllegalStateException("broker unreachable");
            }
            sink.send(e);
        }, EpisodeLimits.DEFAULT, Set.of(), clock);

        assertStatus(() -> s.act(act("e")), 503, null);
        assertThat(s.openEpisodes()).as("a failed first act opens nothing").isZero();
        down.set(false);
        s.act(act("e"));
        down.set(true);
        assertStatus(() -> s.act(act("e")), 503, null);
        down.set(false);

        assertThat(s.act(act("e")).step()).isEqualTo(1);
        assertThat(sink.events()).extracting(Event::step).containsExactly(0L, 1L);
    }

    @Test
    void shouldServeOnlyTheListedPoliciesAndAnswer503ForOneWithoutParams() {
        ActingService s = service(EpisodeLimits.DEFAULT, Set.of(CARTPOLE, "later"));

        assertThat(s.act(act("e")).step()).isZero();
        assertStatus(() -> s.act(new ActRequest(ARM, "x", new double[] {1, 2, 3}, false)), 404, "policy");
        assertStatus(() -> s.act(new ActRequest("later", "y", STATE, false)), 503, "policy");
        assertStatus(() -> s.params("later"), 503, "policy");
        assertStatus(() -> s.params(ARM), 404, "policy");
        assertThat(s.params(CARTPOLE).version()).isZero();
        assertThat(s.health().versions()).containsOnlyKeys(CARTPOLE);
    }

    @Test
    void shouldAnswer404ForAPolicyWithoutParamsWhenServingEveryPolicy() {
        assertStatus(() -> service.act(new ActRequest("nobody", "e", STATE, false)), 404, "policy");
        assertStatus(() -> service.params("nobody"), 404, "policy");
        assertStatus(() -> service.reward(new RewardRequest("e", 0L, 1.0, false, false, "nobody")), 404, "policy");
    }

    @Test
    void shouldReportHealthWithTheVersionsInUse() {
        client.offer(Fixtures.cartpole(3));
        service.act(act("e"));

        ServiceHealth h = service.health();

        assertThat(h.up()).isTrue();
        assertThat(h.openEpisodes()).isEqualTo(1);
        assertThat(h.versions()).containsEntry(CARTPOLE, 3L).containsEntry(ARM, 0L);
    }

    @Test
    void shouldRefuseARewardForAStepNotActedYet() {
        service.act(act("e"));

        assertStatus(() -> service.reward(reward("e", 1L, 1.0, false)), 400, "step");
        assertThat(sink.events()).hasSize(1);
    }

    @Test
    void shouldRefuseToEndAnEpisodeBeforeItsLastStep() {
        service.act(act("e"));
        service.act(act("e"));

        assertStatus(() -> service.reward(reward("e", 0L, 1.0, true)), 400, "step");
        assertThat(service.openEpisodes()).isEqualTo(1);
    }

    @Test
    void shouldRefuseAnotherPolicyForAnOpenEpisode() {
        service.act(act("e"));

        assertStatus(() -> service.act(new ActRequest(ARM, "e", new double[] {1, 2, 3}, false)), 400, "policy");
        assertStatus(() -> service.reward(new RewardRequest("e", null, 1.0, false, false, ARM)), 400, "policy");
        assertThat(sink.events()).hasSize(1);
    }

    @Test
    void shouldRefuseARewardWithoutStepForAnEpisodeThatIsNotOpen() {
        assertStatus(() -> service.reward(new RewardRequest("x", null, 1.0, false, false, CARTPOLE)), 400, "step");
    }

    static Stream<Arguments> badActs() {
        String longEpisode = "e".repeat(257);
        return Stream.of(
                Arguments.of(new ActRequest(null, "e", STATE, false), "policy"),
                Arguments.of(new ActRequest("cart pole", "e", STATE, false), "policy"),
                Arguments.of(new ActRequest("p".repeat(65), "e", STATE, false), "policy"),
                Arguments.of(new ActRequest(CARTPOLE, null, STATE, false), "episode"),
                Arguments.of(new ActRequest(CARTPOLE, "", STATE, false), "episode"),
                Arguments.of(new ActRequest(CARTPOLE, longEpisode, STATE, false), "episode"),
                Arguments.of(new ActRequest(CARTPOLE, "bad\ud800", STATE, false), "episode"),
                Arguments.of(new ActRequest(CARTPOLE, "e", null, false), "state"),
                Arguments.of(new ActRequest(CARTPOLE, "e", new double[0], false), "state"),
                Arguments.of(new ActRequest(CARTPOLE, "e", new double[] {1, 2, 3}, false), "state"),
                Arguments.of(new ActRequest(CARTPOLE, "e", new double[] {1, 2, 3, 4, 5}, false), "state"),
                Arguments.of(new ActRequest(CARTPOLE, "e", new double[] {1, Double.NaN, 3, 4}, false), "state"),
                Arguments.of(new ActRequest(CARTPOLE, "e", new double[] {1, 2, Double.POSITIVE_INFINITY, 4}, false),
                        "state"));
    }

    @ParameterizedTest
    @MethodSource("badActs")
    void shouldRefuseABadActWith400NamingTheField(ActRequest request, String field) {
        assertStatus(() -> service.act(request), 400, field);
        assertThat(sink.events()).isEmpty();
        assertThat(service.openEpisodes()).isZero();
    }

    static Stream<Arguments> badRewards() {
        return Stream.of(
                Arguments.of(new RewardRequest(null, 0L, 1.0, false, false, null), "episode"),
                Arguments.of(new RewardRequest("e".repeat(257), 0L, 1.0, false, false, null), "episode"),
                Arguments.of(new RewardRequest("e", -1L, 1.0, false, false, null), "step"),
                Arguments.of(new RewardRequest("e", 0L, Double.NaN, false, false, null), "reward"),
                Arguments.of(new RewardRequest("e", 0L, Double.NEGATIVE_INFINITY, false, false, null), "reward"),
                Arguments.of(new RewardRequest("e", 0L, 1.0, false, false, "bad/id"), "policy"));
    }

    @ParameterizedTest
    @MethodSource("badRewards")
    void shouldRefuseABadRewardWith400NamingTheField(RewardRequest request, String field) {
        service.act(act("e"));

        assertStatus(() -> service.reward(request), 400, field);
        assertThat(sink.events()).hasSize(1);
    }

    @Test
    void shouldRefuseABadPolicyIdForParams() {
        assertStatus(() -> service.params("no spaces"), 400, "policy");
    }

    private static void assertStatus(ThrowingCallable call, int status, String field) {
        assertThatThrownBy(call).isInstanceOfSatisfying(ServeException.class, e -> {
            assertThat(e.status()).as(e.getMessage()).isEqualTo(status);
            assertThat(e.field()).as(e.getMessage()).isEqualTo(field);
            assertThat(e.getMessage()).isNotBlank();
        });
    }
}
