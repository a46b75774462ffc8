package io.policystream.bench;

import io.policystream.event.Action;
import io.policystream.learn.GradientSums;
import io.policystream.learn.LearnerState;
import io.policystream.learn.LearningRules;
import io.policystream.learn.PolicyUpdater;
import io.policystream.learn.TrajectoryGradient;
import io.policystream.learn.UpdateResult;
import io.policystream.policy.Activation;
import io.policystream.policy.Architecture;
import io.policystream.policy.Initializer;
import io.policystream.policy.PolicyParams;
import io.policystream.streams.internals.InternalCodecs;
import io.policystream.trajectory.Ending;
import io.policystream.trajectory.Trajectory;
import io.policystream.wire.ParamsCodec;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The single writer's own ceiling: what one policy's update step costs when gradients arrive
 * precomputed. {@code merge}: decode one gradient message of the gradients topic and add it to the
 * pending batch; {@code update}: apply a full batch (the optimiser), encode the learner state for
 * its store and the params JSON for the params topic, as the writer does once per version.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class UpdateStepBenchmark {

    @Param({"cartpole", "mujoco"})
    public String network;

    private byte[] message;
    private GradientSums pending;
    private GradientSums batch;
    private LearnerState state;
    private LearningRules rules;
    private final ParamsCodec codec = new ParamsCodec();

    @Setup
    public void setUp() {
        Architecture arch = network.equals("cartpole")
                ? Architecture.categorical(4, List.of(64, 64), 2, Activation.TANH)
                : Architecture.gaussian(17, List.of(256, 256), 6, Activation.TANH,
                        io.policystream.policy.StdMode.PARAMETER);
        PolicyParams p = Initializer.initialize("bench", arch, 42, 0);
        rules = LearningRules.defaults();
        SplittableRandom rng = new SplittableRandom(1);
        int n = 50;
        double[][] states = new double[n][arch.inputSize()];
        Action[] actions = new Action[n];
        for (int t = 0; t < n; t++) {
            for (int i = 0; i < arch.inputSize(); i++) {
                states[t][i] = rng.nextDouble(-1, 1);
            }
            actions[t] = network.equals("cartpole") ? new Action.Discrete(rng.nextInt(2))
                    : new Action.Continuous(new double[] {0.1, -0.2, 0.3, 0.0, 0.5, -0.5});
        }
        double[] lps = new double[n];
        java.util.Arrays.fill(lps, -0.7);
        double[] rewards = new double[n];
        java.util.Arrays.fill(rewards, 1.0);
        Trajectory tr = new Trajectory("bench", "e", states, actions, lps, new long[n], rewards, Ending.DONE, 0);
        GradientSums one = new TrajectoryGradient(arch).compute(p, rules, tr);
        message = InternalCodecs.encodeGradient(one);
        pending = TrajectoryGradient.emptySums(p, rules);
        batch = TrajectoryGradient.emptySums(p, rules);
        for (int i = 0; i < rules.batchTrajectories(); i++) {
            batch.plusInPlace(InternalCodecs.decodeGradient(message));
        }
        state = LearnerState.initial(p);
    }

    @Benchmark
    public GradientSums merge() {
        pending.plusInPlace(InternalCodecs.decodeGradient(message));
        return pending;
    }

    @Benchmark
    public int update() {
        UpdateResult r = PolicyUpdater.apply(state, batch, rules, 1L);
        byte[] stored = InternalCodecs.encodeLearnerState(r.state());
        byte[] published = codec.encode(r.state().params());
        return stored.length + published.length;
    }
}
