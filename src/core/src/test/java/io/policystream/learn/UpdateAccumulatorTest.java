package io.policystream.learn;

import static org.assertj.core.api.Assertions.assertThat;

import io.policystream.event.Action;
import io.policystream.policy.Activation;
import io.policystream.policy.Architecture;
import io.policystream.policy.PolicyParams;
import io.policystream.trajectory.Ending;
import io.policystream.trajectory.Trajectory;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The learning decisions the offline trainer and the Kafka learner share. */
class UpdateAccumulatorTest {
    private static final Architecture ARCH = Architecture.categorical(3, List.of(4), 2, Activation.TANH);
    private static final LearningRules RULES = LearningRules.defaults().withImportance(1.0, 2); // batch 8

    @Nested
    class Admission {
        @Test
        void shouldComputeATrajectoryActedByTheCurrentVersionOrUpToMaxStalenessBefore() {
            assertThat(UpdateAccumulator.admit(5, acted(5, 5), RULES, true)).isEqualTo(UpdateAccumulator.Admission.COMPUTE);
            assertThat(UpdateAccumulator.admit(5, acted(3, 4), RULES, true)).isEqualTo(UpdateAccumulator.Admission.COMPUTE);
        }

        @Test
        void shouldDropATrajectoryWhoseOldestStepIsMoreThanMaxStalenessBehind() {
            assertThat(UpdateAccumulator.admit(5, acted(2, 5), RULES, true)).isEqualTo(UpdateAccumulator.Admission.STALE);
            assertThat(UpdateAccumulator.admit(5, acted(2, 5), RULES, false)).isEqualTo(UpdateAccumulator.Admission.STALE);
        }

        @Test
        void shouldWaitForANewerActorVersionOnlyWhileItMayWait() {
            assertThat(UpdateAccumulator.admit(5, acted(5, 6), RULES, true)).isEqualTo(UpdateAccumulator.Admission.WAIT);
            assertThat(UpdateAccumulator.admit(5, acted(5, 6), RULES, false)).isEqualTo(UpdateAccumulator.Admission.COMPUTE);
        }
    }

    @Nested
    class Batches {
        @Test
        void shouldMakeTheNextVersionFromExactlyBatchTrajectoriesAndStartTheNextBatchEmpty() {
            UpdateAccumulator acc = new UpdateAccumulator(LearnerState.initial(params(0)), null, RULES);
            Random rnd = new Random(1);
            for (int i = 1; i < RULES.batchTrajectories(); i++) {
                assertThat(acc.offer(gradient(acc, rnd), 10).outcome()).isEqualTo(UpdateAccumulator.Outcome.BATCHED);
                assertThat(acc.pendingTrajectories()).isEqualTo(i);
            }
            UpdateAccumulator.Offered last = acc.offer(gradient(acc, rnd), 10);
            assertThat(last.outcome()).isEqualTo(UpdateAccumulator.Outcome.UPDATED);
            assertThat(acc.state().params().version()).isEqualTo(1);
            assertThat(acc.state()).isSameAs(last.update().state());
            assertThat(acc.pending()).isNull();
        }

        @Test
        void shouldGiveTheSameVersionWhenResumedFromAStoredIncompleteBatch() {
            Random rnd = new Random(2);
            UpdateAccumulator straight = new UpdateAccumulator(LearnerState.initial(params(0)), null, RULES);
            GradientSums[] contributions = new GradientSums[RULES.batchTrajectories()];
            for (int i = 0; i < contributions.length; i++) {
                contributions[i] = gradient(straight, rnd);
            }
            for (GradientSums g : contributions) {
                straight.offer(GradientSums.restore(g.snapshot()), 10);
            }
            UpdateAccumulator first = new UpdateAccumulator(LearnerState.initial(params(0)), null, RULES);
            for (int i = 0; i < 3; i++) {
                first.offer(GradientSums.restore(contributions[i].snapshot()), 10);
            }
            UpdateAccumulator resumed = new UpdateAccumulator(first.state(),
                    GradientSums.restore(first.pending().snapshot()), RULES);
            for (int i = 3; i < contributions.length; i++) {
                resumed.offer(GradientSums.restore(contributions[i].snapshot()), 10);
            }
            assertThat(resumed.state()).isEqualTo(straight.state());
        }

        @Test
        void shouldRefuseAContributionOfAnotherShapeAndKeepTheBatch() {
            UpdateAccumulator acc = new UpdateAccumulator(LearnerState.initial(params(0)), null, RULES);
            acc.offer(gradient(acc, new Random(3)), 10);
            PolicyParams other = new PolicyParams("p", 0, Architecture.categorical(3, List.of(5), 2, Activation.TANH),
                    new double[Architecture.categorical(3, List.of(5), 2, Activation.TANH).policyParamCount()], null, 0, 0, 0);
            GradientSums wrong = TrajectoryGradient.emptySums(other, RULES);
            assertThat(acc.offer(wrong, 10).outcome()).isEqualTo(UpdateAccumulator.Outcome.UNUSABLE);
            assertThat(acc.pendingTrajectories()).isEqualTo(1);
        }

        @Test
        void shouldSkipANonFiniteUpdateKeepTheVersionAndStartAnEmptyBatch() {
            LearningRules one = LearningRules.vanilla(0.1, 1);
            UpdateAccumulator acc = new UpdateAccumulator(LearnerState.initial(params(0)), null, one);
            GradientSums g = new TrajectoryGradient(ARCH).compute(params(0), one, trajectory(0, 0, Double.NaN));
            UpdateAccumulator.Offered o = acc.offer(g, 10);
            assertThat(o.outcome()).isEqualTo(UpdateAccumulator.Outcome.SKIPPED);
            assertThat(o.update().skipReason()).isNotBlank();
            assertThat(acc.state().params().version()).isZero();
            assertThat(acc.pending()).isNull();
        }
    }

    @Nested
    class Trajectories {
        @Test
        void shouldAdmitComputeAndOfferATrajectoryAsAGradientComputedByHandWould() {
            UpdateAccumulator byTrajectory = new UpdateAccumulator(LearnerState.initial(params(0)), null, RULES);
            UpdateAccumulator bySums = new UpdateAccumulator(LearnerState.initial(params(0)), null, RULES);
            TrajectoryGradient gradient = new TrajectoryGradient(ARCH);
            for (int i = 0; i < RULES.batchTrajectories(); i++) {
                Trajectory tr = trajectory(0, 0, 0.1 * i);
                byTrajectory.offer(tr, gradient, 10, true);
                bySums.offer(gradient.compute(params(0), RULES, tr), 10);
            }
            assertThat(byTrajectory.state()).isEqualTo(bySums.state());
        }

        @Test
        void shouldSayWaitStaleOrUnusableWithoutTouchingTheBatch() {
            UpdateAccumulator acc = new UpdateAccumulator(LearnerState.initial(params(5)), null, RULES);
            TrajectoryGradient gradient = new TrajectoryGradient(ARCH);
            assertThat(acc.offer(acted(5, 6), gradient, 10, true).outcome()).isEqualTo(UpdateAccumulator.Outcome.WAIT);
            assertThat(acc.offer(acted(2, 5), gradient, 10, true).outcome()).isEqualTo(UpdateAccumulator.Outcome.STALE);
            UpdateAccumulator valueBaseline = new UpdateAccumulator(LearnerState.initial(params(5)), null,
                    RULES.withBaseline(BaselineKind.VALUE, true)); // params without a value network
            UpdateAccumulator.Offered unusable = valueBaseline.offer(acted(5, 5), gradient, 10, true);
            assertThat(unusable.outcome()).isEqualTo(UpdateAccumulator.Outcome.UNUSABLE);
            assertThat(unusable.problem()).contains("value network");
            assertThat(valueBaseline.pending()).isNull();
            Trajectory otherStates = new Trajectory("p", "w", new double[][] {{0.1, 0.2}},
                    new Action[] {new Action.Discrete(0)}, new double[] {-0.7}, new long[] {5}, new double[] {1.0},
                    Ending.DONE, 0);
            UpdateAccumulator.Offered wrongSize = acc.offer(otherStates, gradient, 10, true);
            assertThat(wrongSize.outcome()).isEqualTo(UpdateAccumulator.Outcome.UNUSABLE);
            assertThat(wrongSize.problem()).contains("states of 2 numbers");
            assertThat(acc.pending()).isNull();
            assertThat(acc.pending()).isNull();
        }
    }

    @Nested
    class Pool {
        /**
         * Trajectories of varied lengths and rewards, acted by the current or the previous version,
         * and every 7th with an action the network does not have.
         */
        private Trajectory varied(Random rnd, long version, int i) {
            int n = 1 + rnd.nextInt(40);
            double[][] states = new double[n][];
            Action[] actions = new Action[n];
            double[] lps = new double[n];
            long[] versions = new long[n];
            double[] rewards = new double[n];
            for (int t = 0; t < n; t++) {
                states[t] = new double[] {rnd.nextGaussian(), rnd.nextGaussian(), rnd.nextGaussian()};
                actions[t] = new Action.Discrete(i % 7 == 6 && t == n - 1 ? 2 : rnd.nextInt(2));
                lps[t] = -0.1 - rnd.nextDouble();
                versions[t] = Math.max(0, version - rnd.nextInt(2));
                rewards[t] = rnd.nextGaussian();
            }
            return new Trajectory("p", "e" + i, states, actions, lps, versions, rewards, Ending.DONE, i);
        }

        @org.junit.jupiter.params.ParameterizedTest
        @org.junit.jupiter.params.provider.ValueSource(ints = {1, 2, 3})
        void shouldMakeBitForBitTheVersionsOfComputingEveryGradientOnTheCallersThread(int threads) {
            GradientPool pool = new GradientPool(threads, "test-gradients");
            UpdateAccumulator pooled = new UpdateAccumulator(LearnerState.initial(params(0)), null, RULES);
            UpdateAccumulator alone = new UpdateAccumulator(LearnerState.initial(params(0)), null, RULES);
            TrajectoryGradient mine = new TrajectoryGradient(ARCH);
            TrajectoryGradient theirs = new TrajectoryGradient(ARCH);
            Random rnd = new Random(40 + threads);
            int updates = 0;
            for (int i = 0; i < 100; i++) {
                Trajectory tr = varied(rnd, alone.state().params().version(), i);
                UpdateAccumulator.Offered a = alone.offer(tr, theirs, 10, false);
                UpdateAccumulator.Offered b = pooled.offer(tr, mine, pool, 10, false);
                assertThat(b.outcome()).isEqualTo(a.outcome());
                assertThat(pooled.pendingTrajectories()).isEqualTo(alone.pendingTrajectories());
                assertThat(pooled.state()).isEqualTo(alone.state());
                updates += a.outcome() == UpdateAccumulator.Outcome.UPDATED ? 1 : 0;
            }
            assertThat(updates).isGreaterThan(8);
            assertThat(pooled.pending().snapshot().advantageGrad())
                    .containsExactly(alone.pending().snapshot().advantageGrad());
        }

        @Test
        void shouldComputeTheNextBatchInTheVectorsOfTheSumsItAddedUp() {
            GradientPool pool = new GradientPool(1, "test-gradients");
            UpdateAccumulator acc = new UpdateAccumulator(LearnerState.initial(params(0)), null, RULES);
            TrajectoryGradient mine = new TrajectoryGradient(ARCH);
            Random rnd = new Random(7);
            for (int i = 0; i < 3 * RULES.batchTrajectories() && acc.state().params().version() == 0; i++) {
                acc.offer(varied(rnd, 0, i), mine, pool, 10, false);
            }
            assertThat(acc.state().params().version()).as("one batch learned").isEqualTo(1);
            long kept = pool.spareBytes();
            assertThat(kept).as("the vectors of the sums added into the batch")
                    .isGreaterThanOrEqualTo(8L * params(0).thetaSize());
            acc.offer(varied(rnd, 1, 100), mine, pool, 10, false);
            acc.pending(); // joins the one handed to the pool
            assertThat(pool.spareBytes()).as("taken for the next trajectory, then given back").isEqualTo(kept);
        }

        @Test
        void shouldReportATrajectoryItCannotLearnFromAtOnceNotWhenTheBatchCompletes() {
            UpdateAccumulator acc = new UpdateAccumulator(LearnerState.initial(params(0)), null, RULES);
            Trajectory wrongAction = new Trajectory("p", "w", new double[][] {{0.1, 0.2, 0.3}},
                    new Action[] {new Action.Discrete(5)}, new double[] {-0.7}, new long[] {0}, new double[] {1.0},
                    Ending.DONE, 0);
            UpdateAccumulator.Offered o = acc.offer(wrongAction, new TrajectoryGradient(ARCH),
                    new GradientPool(1, "test-gradients"), 10, true);
            assertThat(o.outcome()).isEqualTo(UpdateAccumulator.Outcome.UNUSABLE);
            assertThat(o.problem()).contains("action");
            assertThat(acc.pendingTrajectories()).isZero();
        }

        @Test
        void shouldDropTheTrajectoriesStillComputingWhenANewerVersionIsAdopted() {
            UpdateAccumulator acc = new UpdateAccumulator(LearnerState.initial(params(0)), null, RULES);
            GradientPool pool = new GradientPool(1, "test-gradients");
            TrajectoryGradient mine = new TrajectoryGradient(ARCH);
            for (int i = 0; i < 3; i++) {
                acc.offer(acted(0, 0), mine, pool, 10, true);
            }
            assertThat(acc.pendingTrajectories()).isEqualTo(3);
            assertThat(acc.adopt(params(4))).isTrue();
            assertThat(acc.pendingTrajectories()).isZero();
            assertThat(acc.pending()).isNull();
        }

        @Test
        void shouldSizeThePoolOneBelowTheProcessorsUnlessConfigured() {
            assertThat(GradientPool.threadsFor(-1, 2)).isEqualTo(1);
            assertThat(GradientPool.threadsFor(-1, 8)).isEqualTo(7);
            assertThat(GradientPool.threadsFor(-1, 1)).isZero();
            assertThat(GradientPool.threadsFor(0, 8)).isZero();
            assertThat(GradientPool.threadsFor(3, 1)).isEqualTo(3);
        }
    }

    @Nested
    class Adoption {
        @Test
        void shouldAdoptANewerPublishedVersionKeepingTheOptimiserAndDroppingTheBatch() {
            UpdateAccumulator acc = new UpdateAccumulator(LearnerState.initial(params(0)), null, RULES);
            Random rnd = new Random(4);
            for (int i = 0; i < RULES.batchTrajectories() + 2; i++) {
                acc.offer(gradient(acc, rnd), 10);
            }
            LearnerState before = acc.state();
            assertThat(acc.adopt(params(7))).isTrue();
            assertThat(acc.state().params().version()).isEqualTo(7);
            assertThat(acc.state().step()).isEqualTo(before.step());
            assertThat(acc.state().thetaFirst()).isEqualTo(before.thetaFirst());
            assertThat(acc.pending()).isNull();
        }

        @Test
        void shouldIgnoreAPublishedVersionThatIsNotNewer() {
            UpdateAccumulator acc = new UpdateAccumulator(LearnerState.initial(params(3)), null, RULES);
            acc.offer(gradient(acc, new Random(5)), 10);
            assertThat(acc.adopt(params(3))).isFalse();
            assertThat(acc.adopt(params(2))).isFalse();
            assertThat(acc.adopt(null)).isFalse();
            assertThat(acc.pendingTrajectories()).isEqualTo(1);
        }
    }

    private static GradientSums gradient(UpdateAccumulator acc, Random rnd) {
        long v = acc.state().params().version();
        return new TrajectoryGradient(ARCH).compute(acc.state().params(), RULES, trajectory(v, v, rnd.nextGaussian()));
    }

    private static Trajectory acted(long oldest, long newest) {
        return trajectory(oldest, newest, 1.0);
    }

    private static Trajectory trajectory(long oldest, long newest, double reward) {
        double[][] states = {{0.1, 0.2, 0.3}, {-0.3, 0.5, 0.0}};
        Action[] actions = {new Action.Discrete(0), new Action.Discrete(1)};
        return new Trajectory("p", "e", states, actions, new double[] {-0.7, -0.7}, new long[] {oldest, newest},
                new double[] {reward, 0.5}, Ending.DONE, 0);
    }

    private static PolicyParams params(long version) {
        double[] theta = new double[ARCH.policyParamCount()];
        Random rnd = new Random(99);
        for (int i = 0; i < theta.length; i++) {
            theta[i] = 0.3 * rnd.nextGaussian();
        }
        return new PolicyParams("p", version, ARCH, theta, null, 0, 0, 0);
    }
}
