package io.policystream.streams.internals;

import static org.assertj.core.api.Assertions.assertThat;

import io.policystream.config.LearnerConfig;
import io.policystream.learn.BatchLearner;
import io.policystream.learn.GradientSums;
import io.policystream.learn.LearnerState;
import io.policystream.learn.LearningRules;
import io.policystream.learn.TrajectoryGradient;
import io.policystream.metrics.LearnerMetrics;
import io.policystream.policy.Activation;
import io.policystream.policy.Architecture;
import io.policystream.policy.Initializer;
import io.policystream.policy.PolicyParams;
import io.policystream.trajectory.Trajectory;
import io.policystream.wire.ParamsCodec;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;

/**
 * The policy's single writer computes each trajectory's gradient at its current version and
 * decides through the same {@code UpdateAccumulator} as offline training: its versions are
 * {@link BatchLearner}'s to the last bit, across restarts and upgrades.
 */
class UpdateApplierTest {
    private static final Architecture NET = Architecture.categorical(4, List.of(8), 2, Activation.TANH);
    private static final ParamsCodec CODEC = new ParamsCodec();
    private final PolicyParams v0 = Initializer.initialize("cp", NET, 3, 0);
    private final LearnerConfig config = LearnerConfig.fromMap(Map.of("layers", "8", "batch.trajectories", "3",
            "processing.guarantee", "at_least_once"));
    private final LearningRules rules = config.forPolicy("cp").learningRules();
    private final KeyValueStore<String, byte[]> params = ProcessorFixtures.store(LearnerStores.PARAMS);
    private final Map<String, KeyValueStore<String, byte[]>> writerStores = Map.of(
            LearnerStores.LEARNER_STATE, ProcessorFixtures.store(LearnerStores.LEARNER_STATE),
            LearnerStores.PENDING_BATCHES, ProcessorFixtures.store(LearnerStores.PENDING_BATCHES),
            LearnerStores.PENDING_TRAJECTORIES, ProcessorFixtures.store(LearnerStores.PENDING_TRAJECTORIES),
            LearnerStores.WRITER_WAITING_TRAJECTORIES, ProcessorFixtures.store(LearnerStores.WRITER_WAITING_TRAJECTORIES));
    private MockProcessorContext<String, byte[]> context;

    @org.junit.jupiter.api.BeforeEach
    void openStores() {
        MockProcessorContext<String, byte[]> opening = new MockProcessorContext<>();
        params.init(opening.getStateStoreContext(), params);
        writerStores.values().forEach(s -> s.init(opening.getStateStoreContext(), s));
    }

    /** A writer task starting on the stores as they are (a restart when they hold something). */
    private Processor<String, WriterInput, String, byte[]> startWriter() {
        return startWriter(config);
    }

    private Processor<String, WriterInput, String, byte[]> startWriter(LearnerConfig config) {
        context = new MockProcessorContext<>();
        context.setCurrentSystemTimeMs(5_000L);
        ProcessorFixtures.attach(context, params);
        writerStores.values().forEach(s -> ProcessorFixtures.attach(context, s));
        Processor<String, WriterInput, String, byte[]> p = new UpdateApplier(config, LearnerMetrics.inMemory(), new DecodedParams()).get();
        p.init(context);
        return p;
    }

    private static Record<String, WriterInput> closed(Trajectory tr) {
        return new Record<>("cp", new WriterInput.Closed(tr), tr.lastEventTime());
    }

    private List<Trajectory> episodes(int n) {
        return java.util.stream.IntStream.range(0, n)
                .mapToObj(i -> ProcessorFixtures.trajectory("e" + i, 3 + i)).toList();
    }

    private PolicyParams offline(List<Trajectory> trajectories) {
        BatchLearner learner = new BatchLearner(LearnerState.initial(v0), rules, () -> 0L);
        trajectories.forEach(learner::offer);
        return learner.params();
    }

    private PolicyParams lastPublished() throws Exception {
        List<MockProcessorContext.CapturedForward<? extends String, ? extends byte[]>> out = context.forwarded();
        return CODEC.decode(out.get(out.size() - 1).record().value());
    }

    @Test
    void shouldPublishTheVersionOfflineTrainingMakesFromTheSameTrajectories() throws Exception {
        params.put("cp", CODEC.encode(v0));
        Processor<String, WriterInput, String, byte[]> writer = startWriter();
        List<Trajectory> batch = episodes(3);

        batch.forEach(tr -> writer.process(closed(tr)));

        assertThat(context.forwarded()).hasSize(1);
        PolicyParams published = lastPublished();
        assertThat(published.version()).isEqualTo(1);
        assertThat(published.copyTheta()).isEqualTo(offline(batch).copyTheta());
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "gradient.threads={0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"0", "1", "3", "-1"})
    void shouldPublishEveryVersionOfflineTrainingMakesWithAnyNumberOfGradientThreads(String threads) throws Exception {
        params.put("cp", CODEC.encode(v0));
        LearnerConfig withThreads = LearnerConfig.fromMap(Map.of("layers", "8", "batch.trajectories", "3",
                "processing.guarantee", "at_least_once", "gradient.threads", threads));
        Processor<String, WriterInput, String, byte[]> writer = startWriter(withThreads);
        List<Trajectory> trajectories = episodes(10);
        List<PolicyParams> expected = new java.util.ArrayList<>();
        BatchLearner learner = new BatchLearner(LearnerState.initial(v0), rules, () -> 0L);
        for (Trajectory tr : trajectories) {
            long before = learner.params().version();
            learner.offer(tr);
            if (learner.params().version() != before) {
                expected.add(learner.params());
            }
        }

        trajectories.forEach(tr -> writer.process(closed(tr)));

        assertThat(expected).hasSize(3);
        assertThat(context.forwarded()).hasSize(3);
        for (int i = 0; i < 3; i++) {
            PolicyParams published = CODEC.decode(context.forwarded().get(i).record().value());
            assertThat(published.version()).isEqualTo(i + 1);
            assertThat(published.copyTheta()).isEqualTo(expected.get(i).copyTheta());
        }
    }

    @Test
    void shouldResumeAnIncompleteBatchAfterARestartToTheSameLastBit() throws Exception {
        params.put("cp", CODEC.encode(v0));
        List<Trajectory> batch = episodes(3);
        Processor<String, WriterInput, String, byte[]> before = startWriter();
        before.process(closed(batch.get(0)));
        before.process(closed(batch.get(1)));
        assertThat(context.forwarded()).isEmpty();
        assertThat(writerStores.get(LearnerStores.PENDING_TRAJECTORIES).approximateNumEntries()).isEqualTo(2);

        Processor<String, WriterInput, String, byte[]> after = startWriter(); // killed, then started again
        after.process(closed(batch.get(2)));

        assertThat(lastPublished().copyTheta()).isEqualTo(offline(batch).copyTheta());
        assertThat(writerStores.get(LearnerStores.PENDING_TRAJECTORIES).approximateNumEntries()).isZero();
    }

    @Test
    void shouldWaitForTheActorsNewerVersionThenLearnAtIt() {
        params.put("cp", CODEC.encode(v0));
        Processor<String, WriterInput, String, byte[]> writer = startWriter();
        Trajectory actedByV1 = ProcessorFixtures.trajectory("late", 4, 1L);

        writer.process(closed(actedByV1));
        assertThat(writerStores.get(LearnerStores.WRITER_WAITING_TRAJECTORIES).get("late")).isNotNull();
        assertThat(writerStores.get(LearnerStores.PENDING_TRAJECTORIES).approximateNumEntries()).isZero();

        PolicyParams promoted = Initializer.initialize("cp", NET, 9, 0).relabel("cp", 1, 0, 0, 0);
        params.put("cp", CODEC.encode(promoted)); // version 1, published by promote
        context.scheduledPunctuators().stream().filter(c -> c.getInterval().equals(UpdateApplier.RETRY))
                .findFirst().orElseThrow().getPunctuator().punctuate(5_020L);

        assertThat(writerStores.get(LearnerStores.WRITER_WAITING_TRAJECTORIES).get("late")).isNull();
        assertThat(writerStores.get(LearnerStores.PENDING_TRAJECTORIES).approximateNumEntries()).isEqualTo(1);
    }

    @Test
    void shouldStillApplyGradientSumsAndIncompleteBatchesThatAnEarlierLearnerSent() throws Exception {
        params.put("cp", CODEC.encode(v0));
        List<Trajectory> batch = episodes(3);
        TrajectoryGradient gradient = new TrajectoryGradient(NET);
        GradientSums storedBatch = gradient.compute(v0, rules, batch.get(0));
        writerStores.get(LearnerStores.PENDING_BATCHES).put("cp", InternalCodecs.encodeGradient(storedBatch));
        Processor<String, WriterInput, String, byte[]> writer = startWriter();

        writer.process(new Record<>("cp", new WriterInput.Sums(gradient.compute(v0, rules, batch.get(1))), 0L));
        writer.process(closed(batch.get(2)));

        assertThat(lastPublished().copyTheta()).isEqualTo(offline(batch).copyTheta());
        assertThat(writerStores.get(LearnerStores.PENDING_BATCHES).get("cp")).isNull();
    }

    @Test
    void shouldReadRecordsOfTheInternalTopicInBothFormats() {
        Trajectory tr = ProcessorFixtures.trajectory("x", 5);
        WriterInput back = InternalCodecs.decodeWriterInput(InternalCodecs.encodeWriterInput(new WriterInput.Closed(tr)));
        assertThat(back).isInstanceOf(WriterInput.Closed.class);
        assertThat(((WriterInput.Closed) back).trajectory().episode()).isEqualTo("x");
        assertThat(((WriterInput.Closed) back).trajectory().length()).isEqualTo(5);

        GradientSums sums = new TrajectoryGradient(NET).compute(v0, rules, tr);
        WriterInput old = InternalCodecs.decodeWriterInput(InternalCodecs.encodeGradient(sums));
        assertThat(old).isInstanceOf(WriterInput.Sums.class);
        assertThat(((WriterInput.Sums) old).sums().trajectories()).isEqualTo(1);
    }
}
