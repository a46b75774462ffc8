package io.policystream.demo;

import io.policystream.client.PolicyClient;
import io.policystream.event.Action;
import io.policystream.sim.ContextualBandit;
import io.policystream.sim.Environment;
import io.policystream.sim.Environments;
import io.policystream.sim.StepResult;
import java.util.Map;
import java.util.SplittableRandom;

/** What the demo knows of each simulated environment: its policy settings and when it is solved. */
public enum DemoEnvironment {
    /**
     * CartPole-v1: solved when the last 100 episodes average at least 475. The default step (Adam
     * 0.01) now and then collapses the policy for good, so the demo takes a smaller one; actors that
     * act with older versions (an actor count that does not divide the batch) learn faster and
     * safer with stale importance weights truncated at 2 than at 1 (BENCHMARKS.md, "Learning
     * through Kafka").
     */
    CARTPOLE("cartpole", Map.of("learning.rate", "0.004", "importance.clip", "2"), 475.0, 3000),
    /** Pendulum-v1 with a gaussian policy: no threshold; compared with a random policy at the end. */
    PENDULUM("pendulum", Map.of("distribution", "gaussian", "learning.rate", "0.003", "gamma", "0.95", "baseline",
            "value", "clip.norm", "0.5"),
            Double.NaN, 2000),
    /** A contextual bandit: solved when the greedy policy picks the best arm in at least 95% of contexts. */
    BANDIT("bandit", Map.of("layers", "16", "gamma", "1", "learning.rate", "0.02"), Double.NaN, 2000);

    private final String envName;
    private final Map<String, String> settings;
    private final double targetAverage;
    private final long defaultMaxEpisodes;

    DemoEnvironment(String envName, Map<String, String> settings, double targetAverage, long defaultMaxEpisodes) {
        this.envName = envName;
        this.settings = settings;
        this.targetAverage = targetAverage;
        this.defaultMaxEpisodes = defaultMaxEpisodes;
    }

    public String envName() {
        return envName;
    }

    /** Learner settings of this environment's policy (keys of docs/configuration.md, without prefix). */
    public Map<String, String> settings() {
        return settings;
    }

    public long defaultMaxEpisodes() {
        return defaultMaxEpisodes;
    }

    /** The environment for a name, or null. */
    public static DemoEnvironment of(String name) {
        for (DemoEnvironment e : values()) {
            if (e.envName.equals(name)) {
                return e;
            }
        }
        return null;
    }

    /** Whether learning reached this environment's goal. */
    public boolean solved(LearningCurve curve, PolicyClient client, String policy, long seed) {
        return switch (this) {
            case CARTPOLE -> curve.size() >= LearningCurve.WINDOW && curve.average() >= targetAverage;
            case BANDIT -> curve.size() >= LearningCurve.WINDOW && greedyAccuracy(client, policy, seed) >= 0.95;
            case PENDULUM -> false;
        };
    }

    /** The share of the bandit's contexts (of the bandit made with {@code seed}) where the greedy action is best. */
    public static double greedyAccuracy(PolicyClient client, String policy, long seed) {
        ContextualBandit bandit = (ContextualBandit) Environments.create("bandit", seed);
        int contexts = Environments.BANDIT_CONTEXTS;
        int right = 0;
        for (int c = 0; c < contexts; c++) {
            double[] obs = bandit.resetTo(c);
            Action a = client.act(policy, obs, PolicyClient.Mode.GREEDY).action();
            if (((Action.Discrete) a).index() == bandit.bestArm(c)) {
                right++;
            }
        }
        return (double) right / contexts;
    }

    /** The average return of a uniformly random policy over {@code episodes} episodes, for comparison. */
    public double randomPolicyReturn(int episodes, long seed) {
        Environment env = Environments.create(envName, seed);
        SplittableRandom rng = new SplittableRandom(seed);
        double sum = 0;
        for (int e = 0; e < episodes; e++) {
            env.reset(rng);
            while (true) {
                Action a = switch (env.actionKind()) {
                    case CATEGORICAL -> new Action.Discrete(rng.nextInt(env.actionSize()));
                    case GAUSSIAN -> {
                        double[] u = new double[env.actionSize()];
                        for (int j = 0; j < u.length; j++) {
                            u[j] = rng.nextDouble(-2, 2);
                        }
                        yield new Action.Continuous(u);
                    }
                };
                StepResult r = env.step(a);
                sum += r.reward();
                if (r.terminated() || r.truncated()) {
                    break;
                }
            }
        }
        return sum / episodes;
    }
}
