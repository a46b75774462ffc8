package io.policystream.sim;

import io.policystream.config.LearnerConfig;
import io.policystream.event.Action;
import io.policystream.learn.BatchLearner;
import io.policystream.learn.LearnerState;
import io.policystream.policy.Architecture;
import io.policystream.policy.Initializer;
import io.policystream.policy.PolicyNetwork;
import io.policystream.policy.PolicyParams;
import io.policystream.trajectory.Ending;
import io.policystream.trajectory.Trajectory;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * A tight in-process REINFORCE loop (no Kafka), to measure how many episodes a configuration
 * needs: the reference the demo's figures in BENCHMARKS.md are compared with. Usage:
 * {@code InProcessReinforce SEED [env=cartpole|pendulum|bandit] [episodes=N] [key=value ...]}; with
 * {@code seeds=N [lag=L]} it solves CartPole from seeds SEED+1..SEED+N in parallel, acting with versions
 * up to L updates old, and prints how many failed and the distribution of episodes to solve.
 */
public final class InProcessReinforce {
    private final Environment env;
    private final PolicyNetwork net;
    private final PolicyNetwork.Workspace ws;
    private final BatchLearner learner;
    private final SplittableRandom rng;
    private final int lag;
    private final List<PolicyParams> recent = new ArrayList<>();

    private InProcessReinforce(String envName, long seed, LearnerConfig conf) {
        this(envName, seed, conf, 0);
    }

    /**
     * {@code lag} > 0 acts, like actors behind Kafka, with a version up to {@code lag} updates older than
     * the newest (uniformly chosen per episode), so the learner's importance weights come into play.
     */
    private InProcessReinforce(String envName, long seed, LearnerConfig conf, int lag) {
        this.lag = lag;
        env = Environments.create(envName, seed);
        Architecture arch = conf.forPolicy("cp").architecture(env.observationSize(), env.actionSize());
        PolicyParams p0 = Initializer.initialize("cp", arch, seed, 0);
        learner = new BatchLearner(LearnerState.initial(p0), conf.forPolicy("cp").learningRules(), () -> 0L);
        net = new PolicyNetwork(arch);
        ws = net.newWorkspace();
        rng = new SplittableRandom(seed);
    }

    public static void main(String[] args) {
        long seed = Long.parseLong(args[0]);
        Map<String, String> m = new HashMap<>();
        for (int i = 1; i < args.length; i++) {
            String[] kv = args[i].split("=", 2);
            m.put(kv[0], kv[1]);
        }
        String env = m.remove("env");
        String episodes = m.remove("episodes");
        String lagArg = m.remove("lag");
        String seedsArg = m.remove("seeds");
        LearnerConfig conf = LearnerConfig.fromMap(m);
        if (seedsArg != null) {
            printSolveDistribution(seed, Integer.parseInt(seedsArg), conf, lagArg == null ? 0 : Integer.parseInt(lagArg),
                    episodes == null ? 6000 : Integer.parseInt(episodes));
            return;
        }
        if (env == null || env.equals("cartpole")) {
            System.out.println(episodesToSolveCartPole(seed, conf, episodes == null ? 3000 : Integer.parseInt(episodes)));
        } else {
            System.out.println(averageReturn(env, seed, conf, episodes == null ? 2000 : Integer.parseInt(episodes)));
        }
    }

    /** Solves CartPole from seeds base+1..base+n in parallel; prints the failures and the episodes to solve. */
    private static void printSolveDistribution(long base, int n, LearnerConfig conf, int lag, int maxEpisodes) {
        int[] solvedAt = IntStream.rangeClosed(1, n).parallel()
                .map(i -> episodesToSolveCartPole(base + i, conf, maxEpisodes, lag)).sorted().toArray();
        int[] ok = Arrays.stream(solvedAt).filter(x -> x > 0).toArray();
        System.out.printf("seeds %d lag %d: failed %d; solved at median %d, p90 %d, max %d; all %s%n", n, lag,
                n - ok.length, ok.length == 0 ? -1 : ok[ok.length / 2], ok.length == 0 ? -1 : ok[(int) (ok.length * 0.9)],
                ok.length == 0 ? -1 : ok[ok.length - 1], Arrays.toString(solvedAt));
    }

    /** The average return of the last 100 of {@code episodes} episodes of any environment. */
    public static double averageReturn(String envName, long seed, LearnerConfig conf, int episodes) {
        InProcessReinforce loop = new InProcessReinforce(envName, seed, conf);
        ArrayDeque<Double> last = new ArrayDeque<>();
        for (int e = 1; e <= episodes; e++) {
            last.addLast(loop.playAndLearn(e));
            if (last.size() > 100) {
                last.removeFirst();
            }
        }
        return last.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }

    /** Episodes until CartPole's 100-episode average reaches 475, or -1. */
    public static int episodesToSolveCartPole(long seed, LearnerConfig conf, int maxEpisodes) {
        return episodesToSolveCartPole(seed, conf, maxEpisodes, 0);
    }

    /** As above, acting with versions up to {@code lag} updates old, as actors behind Kafka do. */
    public static int episodesToSolveCartPole(long seed, LearnerConfig conf, int maxEpisodes, int lag) {
        return new InProcessReinforce("cartpole", seed, conf, lag).solveCartPole(maxEpisodes);
    }

    private int solveCartPole(int maxEpisodes) {
        ArrayDeque<Double> last = new ArrayDeque<>();
        double sum = 0;
        for (int e = 1; e <= maxEpisodes; e++) {
            double total = playAndLearn(e);
            last.addLast(total);
            sum += total;
            if (last.size() > 100) {
                sum -= last.removeFirst();
            }
            if (last.size() == 100 && sum / 100 >= 475) {
                return e;
            }
        }
        return -1;
    }

    /** Plays one episode with the current version, offers it to the learner, returns its total reward. */
    private double playAndLearn(int index) {
        PolicyParams p = learner.params();
        if (lag > 0) {
            if (recent.isEmpty() || recent.get(recent.size() - 1).version() != p.version()) {
                recent.add(p);
                if (recent.size() > lag + 1) {
                    recent.remove(0);
                }
            }
            int back = rng.nextInt(recent.size());
            p = recent.get(recent.size() - 1 - back);
        }
        List<double[]> states = new ArrayList<>();
        List<Action> actions = new ArrayList<>();
        List<Double> lps = new ArrayList<>();
        List<Double> rewards = new ArrayList<>();
        double[] s = env.reset(rng);
        double total = 0;
        while (true) {
            PolicyNetwork.Sample a = net.sample(p, s, rng, ws);
            StepResult r = env.step(a.action());
            states.add(s);
            actions.add(a.action());
            lps.add(a.logProb());
            rewards.add(r.reward());
            total += r.reward();
            if (r.terminated() || r.truncated()) {
                break;
            }
            s = r.observation();
        }
        int n = states.size();
        double[] lp = new double[n];
        double[] rw = new double[n];
        long[] vs = new long[n];
        for (int t = 0; t < n; t++) {
            lp[t] = lps.get(t);
            rw[t] = rewards.get(t);
            vs[t] = p.version();
        }
        learner.offer(new Trajectory("cp", "e" + index, states.toArray(new double[0][]),
                actions.toArray(new Action[0]), lp, vs, rw, Ending.DONE, 0));
        return total;
    }
}
