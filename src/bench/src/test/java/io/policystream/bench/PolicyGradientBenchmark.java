package io.policystream.bench;

import io.policystream.event.Action;
import io.policystream.learn.GradientSums;
import io.policystream.learn.LearningRules;
import io.policystream.learn.TrajectoryGradient;
import io.policystream.policy.Activation;
import io.policystream.policy.Architecture;
import io.policystream.policy.Initializer;
import io.policystream.policy.PolicyNetwork;
import io.policystream.policy.PolicyParams;
import io.policystream.policy.StdMode;
import io.policystream.trajectory.Ending;
import io.policystream.trajectory.Trajectory;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The cost of one step of the policy-gradient estimator, in ns per step.
 *
 * <ul>
 *   <li>{@code forward}: {@link PolicyNetwork#evaluate} (forward pass, log-prob and its output
 *       derivatives).</li>
 *   <li>{@code gradient}: {@code evaluate} then one {@code accumulateGradient(p, ws, 1.0, 0.0, grad)},
 *       the log-prob gradient of one step.</li>
 *   <li>{@code trajectoryDefault} / {@code trajectoryVanilla}: {@link TrajectoryGradient#compute}
 *       over a {@value #TRAJECTORY_STEPS}-step on-policy trajectory, reported per step. The default
 *       rules normalise advantages, so each step runs one forward and two backward passes (S1 and
 *       S0); the vanilla rules run one backward pass.</li>
 *   <li>{@code episodeDefault}: {@code trajectoryDefault} over the first {@value #EPISODE_STEPS}
 *       steps, the episodes {@code bench} learns from: the trajectory's fixed costs per step.</li>
 *   <li>{@code batchedForward}: the {@value #TRAJECTORY_STEPS} steps of the trajectory in blocks of
 *       {@link PolicyNetwork#BLOCK_STEPS}: {@link PolicyNetwork#forwardBlock} then
 *       {@link PolicyNetwork#evaluateStep} for each step, so the same work as {@code forward}, per
 *       step.</li>
 *   <li>{@code batchedGradient}: {@code batchedForward} then, per block,
 *       {@link PolicyNetwork#accumulateBlock} of one gradient with coefficient 1 (the log-prob
 *       gradient), drained into {@code grad} once per trajectory: the work of {@code gradient},
 *       per step.</li>
 *   <li>{@code gradientForeignArchitecture}: like {@code gradient}, with params whose
 *       {@link Architecture} is equal to the network's but another instance (as after decoding
 *       params from the wire), so {@code checkParams} falls through to {@code Architecture.equals}.</li>
 * </ul>
 *
 * <p>Networks: {@code cartpole} is a 4-64-64-2 categorical tanh policy (4,610 parameters),
 * {@code mujoco} a 17-256-256-6 gaussian tanh policy with std=parameter (71,948 parameters).
 * Params come from {@link Initializer} with a fixed seed; states, actions and rewards from a seeded
 * {@link SplittableRandom}. Run with {@code mvn -Pbench ... exec:exec} (see BENCHMARKS.md).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class PolicyGradientBenchmark {
    /** Steps of the trajectory of the batched benchmarks. */
    public static final int TRAJECTORY_STEPS = 200;
    /** Steps of the episodes {@code bench} fills its topic with (its {@code --episode-length}). */
    public static final int EPISODE_STEPS = 50;
    /** Distinct (state, action) pairs the single-step benchmarks cycle through; a power of two. */
    private static final int SAMPLES = 256;
    private static final long SEED = 42L;

    @Param({"cartpole", "mujoco"})
    public String network;

    private PolicyNetwork net;
    private PolicyNetwork.Workspace ws;
    private PolicyParams params;
    private PolicyParams foreignParams;
    private double[][] states;
    private Action[] actions;
    private double[] grad;
    private int next;

    private double[][] trajectoryStates;
    private Action[] trajectoryActions;
    private PolicyNetwork.Batch batch;
    private TrajectoryGradient trajectoryGradient;
    private Trajectory trajectory;
    private Trajectory episode;
    private LearningRules defaultRules;
    private LearningRules vanillaRules;

    /** The benchmarked architectures, by {@link #network} name. */
    static Architecture architecture(String name) {
        return switch (name) {
            case "cartpole" -> Architecture.categorical(4, List.of(64, 64), 2, Activation.TANH);
            case "mujoco" -> Architecture.gaussian(17, List.of(256, 256), 6, Activation.TANH, StdMode.PARAMETER);
            default -> throw new IllegalArgumentException("unknown network " + name);
        };
    }

    @Setup(Level.Trial)
    public void setUp() {
        Architecture arch = architecture(network);
        net = new PolicyNetwork(arch);
        ws = net.newWorkspace();
        params = Initializer.initialize("bench", arch, SEED, 0L);
        // Equal, not identical: the slow path of PolicyNetwork.checkParams.
        foreignParams = Initializer.initialize("bench", architecture(network), SEED, 0L);
        grad = new double[params.thetaSize()];

        SplittableRandom rng = new SplittableRandom(SEED + 1);
        states = new double[SAMPLES][];
        actions = new Action[SAMPLES];
        for (int i = 0; i < SAMPLES; i++) {
            states[i] = randomState(arch, rng);
            actions[i] = randomAction(arch, rng);
        }

        double[][] trStates = new double[TRAJECTORY_STEPS][];
        Action[] trActions = new Action[TRAJECTORY_STEPS];
        double[] logProbs = new double[TRAJECTORY_STEPS];
        long[] versions = new long[TRAJECTORY_STEPS];
        double[] rewards = new double[TRAJECTORY_STEPS];
        for (int t = 0; t < TRAJECTORY_STEPS; t++) {
            trStates[t] = randomState(arch, rng);
            trActions[t] = randomAction(arch, rng);
            logProbs[t] = -rng.nextDouble();
            versions[t] = params.version(); // on-policy: importance weights are exactly 1
            rewards[t] = rng.nextDouble();
        }
        trajectoryStates = trStates;
        trajectoryActions = trActions;
        batch = net.newBatch();
        trajectory = new Trajectory("bench", "episode-0", trStates, trActions, logProbs, versions, rewards,
                Ending.DONE, 0L);
        episode = new Trajectory("bench", "episode-1", Arrays.copyOf(trStates, EPISODE_STEPS),
                Arrays.copyOf(trActions, EPISODE_STEPS), Arrays.copyOf(logProbs, EPISODE_STEPS),
                Arrays.copyOf(versions, EPISODE_STEPS), Arrays.copyOf(rewards, EPISODE_STEPS), Ending.DONE, 0L);
        trajectoryGradient = new TrajectoryGradient(arch);
        defaultRules = LearningRules.defaults();
        vanillaRules = LearningRules.vanilla(0.01, 8);
    }

    private static double[] randomState(Architecture arch, SplittableRandom rng) {
        double[] s = new double[arch.inputSize()];
        for (int i = 0; i < s.length; i++) {
            s[i] = 2.0 * rng.nextDouble() - 1.0;
        }
        return s;
    }

    private static Action randomAction(Architecture arch, SplittableRandom rng) {
        if (arch.hasLogStdVector()) {
            double[] u = new double[arch.actionSize()];
            for (int j = 0; j < u.length; j++) {
                u[j] = rng.nextGaussian();
            }
            return new Action.Continuous(u);
        }
        return new Action.Discrete(rng.nextInt(arch.actionSize()));
    }

    private int nextSample() {
        int i = next;
        next = (i + 1) & (SAMPLES - 1);
        return i;
    }

    @Benchmark
    public double forward() {
        int i = nextSample();
        return net.evaluate(params, states[i], actions[i], ws);
    }

    @Benchmark
    public void gradient(Blackhole bh) {
        int i = nextSample();
        bh.consume(net.evaluate(params, states[i], actions[i], ws));
        net.accumulateGradient(params, ws, 1.0, 0.0, grad);
        bh.consume(grad);
    }

    @Benchmark
    public void gradientForeignArchitecture(Blackhole bh) {
        int i = nextSample();
        bh.consume(net.evaluate(foreignParams, states[i], actions[i], ws));
        net.accumulateGradient(foreignParams, ws, 1.0, 0.0, grad);
        bh.consume(grad);
    }

    @Benchmark
    @OperationsPerInvocation(TRAJECTORY_STEPS)
    public GradientSums trajectoryDefault() {
        return trajectoryGradient.compute(params, defaultRules, trajectory);
    }

    /** {@link #trajectoryDefault} over an episode of {@code bench}'s length: what a trajectory's fixed costs add per step. */
    @Benchmark
    @OperationsPerInvocation(EPISODE_STEPS)
    public GradientSums episodeDefault() {
        return trajectoryGradient.compute(params, defaultRules, episode);
    }

    @Benchmark
    @OperationsPerInvocation(TRAJECTORY_STEPS)
    public GradientSums trajectoryVanilla() {
        return trajectoryGradient.compute(params, vanillaRules, trajectory);
    }

    @Benchmark
    @OperationsPerInvocation(TRAJECTORY_STEPS)
    public double batchedForward() {
        double sum = 0.0;
        for (int start = 0; start < TRAJECTORY_STEPS; start += PolicyNetwork.BLOCK_STEPS) {
            int m = Math.min(PolicyNetwork.BLOCK_STEPS, TRAJECTORY_STEPS - start);
            forwardBlock(start, m);
            for (int j = 0; j < m; j++) {
                sum += net.evaluateStep(params, batch, j, trajectoryActions[start + j]);
            }
        }
        return sum;
    }

    @Benchmark
    @OperationsPerInvocation(TRAJECTORY_STEPS)
    public double[] batchedGradient() {
        double[] scales = batch.logProbScales(0);
        java.util.Arrays.fill(batch.entropyScales(0), 0.0);
        for (int start = 0; start < TRAJECTORY_STEPS; start += PolicyNetwork.BLOCK_STEPS) {
            int m = Math.min(PolicyNetwork.BLOCK_STEPS, TRAJECTORY_STEPS - start);
            forwardBlock(start, m);
            for (int j = 0; j < m; j++) {
                net.evaluateStep(params, batch, j, trajectoryActions[start + j]);
                scales[j] = 1.0;
            }
            net.accumulateBlock(params, batch, m, 1);
        }
        net.drainGradient(batch, 0, grad);
        return grad;
    }

    private void forwardBlock(int start, int m) {
        for (int j = 0; j < m; j++) {
            System.arraycopy(trajectoryStates[start + j], 0, batch.stateRow(j), 0, trajectoryStates[start + j].length);
        }
        net.forwardBlock(params, batch, m);
    }
}
