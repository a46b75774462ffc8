package io.policystream.eval;

import static io.policystream.eval.EvalFixtures.categorical;
import static io.policystream.eval.EvalFixtures.index;
import static io.policystream.eval.EvalFixtures.mean;
import static io.policystream.eval.EvalFixtures.oneHot;
import static io.policystream.eval.EvalFixtures.standardError;
import static io.policystream.eval.EvalFixtures.variance;
import static org.assertj.core.api.Assertions.assertThat;

import io.policystream.event.Action;
import io.policystream.policy.PolicyNetwork;
import io.policystream.policy.PolicyParams;
import io.policystream.trajectory.Trajectory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A 3-state, 2-action MDP with 3 decisions per episode and known transitions; the target's value,
 * V_t and Q_t are computed exactly by backward induction over the finite horizon.
 */
class ShortHorizonMdpEvaluationTest {
    static final int S = 3;
    static final int A = 2;
    static final int H = 3;
    static final double GAMMA = 0.9;
    static final double[] START = {0.5, 0.3, 0.2};
    /** P[s][a][s']. */
    static final double[][][] P = {
        {{0.7, 0.2, 0.1}, {0.1, 0.3, 0.6}},
        {{0.3, 0.6, 0.1}, {0.2, 0.2, 0.6}},
        {{0.5, 0.0, 0.5}, {0.1, 0.1, 0.8}}};
    static final double[][] R = {{0.0, 1.0}, {2.0, -0.5}, {1.0, 3.0}};
    static final double NOISE = 0.3;
    static final double[][] BEHAVIOUR = {{0.5, 0.5}, {0.6, 0.4}, {0.7, 0.3}};
    static final double[][] TARGET = {{0.2, 0.8}, {0.9, 0.1}, {0.3, 0.7}};

    /** Exact Q_t(s,a) of the target; V_t(s) = sum_a pi_e(a|s) Q_t(s,a); V_H = 0. */
    static double[][][] exactQ() {
        double[][][] q = new double[H][S][A];
        double[] next = new double[S];
        for (int t = H - 1; t >= 0; t--) {
            double[] v = new double[S];
            for (int s = 0; s < S; s++) {
                for (int a = 0; a < A; a++) {
                    double ev = 0.0;
                    for (int s2 = 0; s2 < S; s2++) {
                        ev += P[s][a][s2] * next[s2];
                    }
                    q[t][s][a] = R[s][a] + GAMMA * ev;
                    v[s] += TARGET[s][a] * q[t][s][a];
                }
            }
            next = v;
        }
        return q;
    }

    static double truth() {
        double[][][] q = exactQ();
        double j = 0.0;
        for (int s = 0; s < S; s++) {
            for (int a = 0; a < A; a++) {
                j += START[s] * TARGET[s][a] * q[0][s][a];
            }
        }
        return j;
    }

    /** A value model from a Q table, with V its average under the target (so DR stays unbiased). */
    static ValueModel fromQ(double[][][] q, String name) {
        return new ValueModel() {
            @Override
            public double value(double[] state, int t) {
                int s = index(state);
                double v = 0.0;
                for (int a = 0; a < A; a++) {
                    v += TARGET[s][a] * q[t][s][a];
                }
                return v;
            }

            @Override
            public double actionValue(double[] state, Action action, int t) {
                return q[t][index(state)][((Action.Discrete) action).index()];
            }

            @Override
            public String description() {
                return name;
            }
        };
    }

    /** A deliberately wrong model: unrelated numbers that depend on the action. */
    static double[][][] wrongQ() {
        double[][][] q = new double[H][S][A];
        for (int t = 0; t < H; t++) {
            for (int s = 0; s < S; s++) {
                for (int a = 0; a < A; a++) {
                    q[t][s][a] = 4.0 * a - 2.0 * s + t + 1.0;
                }
            }
        }
        return q;
    }

    static int draw(double[] p, SplittableRandom rng) {
        double u = rng.nextDouble();
        double c = 0.0;
        for (int k = 0; k < p.length; k++) {
            c += p[k];
            if (u < c) {
                return k;
            }
        }
        return p.length - 1;
    }

    static List<Trajectory> log(int n, long seed) {
        PolicyParams b = categorical("mdp", 0, BEHAVIOUR);
        PolicyNetwork net = new PolicyNetwork(b.architecture());
        PolicyNetwork.Workspace ws = net.newWorkspace();
        SplittableRandom rng = new SplittableRandom(seed);
        List<Trajectory> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            double[][] states = new double[H][];
            Action[] actions = new Action[H];
            double[] logProbs = new double[H];
            double[] rewards = new double[H];
            int s = draw(START, rng);
            for (int t = 0; t < H; t++) {
                states[t] = oneHot(s, S);
                PolicyNetwork.Sample u = net.sample(b, states[t], rng, ws);
                int a = ((Action.Discrete) u.action()).index();
                actions[t] = u.action();
                logProbs[t] = u.logProb();
                rewards[t] = R[s][a] + NOISE * rng.nextGaussian();
                s = draw(P[s][a], rng);
            }
            out.add(EvalFixtures.trajectory("mdp", "e" + i, states, actions, logProbs, rewards));
        }
        return out;
    }

    @Test
    void shouldComputeTheTruthByEnumerationConsistentlyWithTheBackwardInduction() {
        // Independent check of the closed form: enumerate all (s0,a0,s1,a1,s2,a2) paths.
        double j = 0.0;
        for (int s0 = 0; s0 < S; s0++) {
            for (int a0 = 0; a0 < A; a0++) {
                for (int s1 = 0; s1 < S; s1++) {
                    for (int a1 = 0; a1 < A; a1++) {
                        for (int s2 = 0; s2 < S; s2++) {
                            for (int a2 = 0; a2 < A; a2++) {
                                double p = START[s0] * TARGET[s0][a0] * P[s0][a0][s1] * TARGET[s1][a1]
                                        * P[s1][a1][s2] * TARGET[s2][a2];
                                j += p * (R[s0][a0] + GAMMA * R[s1][a1] + GAMMA * GAMMA * R[s2][a2]);
                            }
                        }
                    }
                }
            }
        }
        assertThat(truth()).isCloseTo(j, org.assertj.core.data.Offset.offset(1e-12));
    }

    @Test
    void shouldCoverTheTrueValueWithEveryEstimatorOnALargeLog() {
        double truth = truth();
        List<Trajectory> log = log(20_000, 3);
        PolicyParams target = categorical("mdp", 1, TARGET);
        EvaluationSettings settings = new EvaluationSettings(GAMMA, BootstrapSettings.of(5), ValueModelChoice.AUTO);
        for (ValueModel model : new ValueModel[] {fromQ(exactQ(), "exact"), fromQ(wrongQ(), "wrong"), null}) {
            TargetEvaluation ev = PolicyEvaluation.evaluate(target, log, settings, model);
            assertThat(ev.report().results()).hasSize(6);
            for (EstimatorResult r : ev.report().results()) {
                assertThat(r.covers(truth)).as("%s with %s: %s covers %s", r.estimator(), ev.valueModel(), r, truth)
                        .isTrue();
            }
        }
    }

    @Test
    void shouldBeUnbiasedForIsPdisAndDrWhateverTheModelAndWeightedFormsShouldHaveLowerVariance() {
        double truth = truth();
        PolicyParams target = categorical("mdp", 1, TARGET);
        EvaluationSettings settings = new EvaluationSettings(GAMMA, BootstrapSettings.none(), ValueModelChoice.NONE);
        ValueModel exact = fromQ(exactQ(), "exact");
        ValueModel wrong = fromQ(wrongQ(), "wrong");
        int seeds = 200;
        Map<String, double[]> err = new java.util.LinkedHashMap<>();
        for (String k : List.of("IS", "WIS", "PDIS", "PDWIS", "DR-exact", "WDR-exact", "DR-wrong", "WDR-wrong")) {
            err.put(k, new double[seeds]);
        }
        for (int k = 0; k < seeds; k++) {
            List<Trajectory> log = log(100, 500 + k);
            EvaluationReport withExact = PolicyEvaluation.evaluate(target, log, settings, exact).report();
            EvaluationReport withWrong = PolicyEvaluation.evaluate(target, log, settings, wrong).report();
            Map<String, Double> e = new Named().put("IS", withExact, Estimator.IS)
                    .put("WIS", withExact, Estimator.WIS).put("PDIS", withExact, Estimator.PDIS)
                    .put("PDWIS", withExact, Estimator.PDWIS).put("DR-exact", withExact, Estimator.DR)
                    .put("WDR-exact", withExact, Estimator.WDR).put("DR-wrong", withWrong, Estimator.DR)
                    .put("WDR-wrong", withWrong, Estimator.WDR).values;
            for (Map.Entry<String, Double> x : e.entrySet()) {
                err.get(x.getKey())[k] = x.getValue() - truth;
            }
        }
        StringBuilder line = new StringBuilder("MDP, " + seeds + " logs of 100, truth " + truth + ":");
        err.forEach((k, v) -> line.append(String.format(" %s mean error %.4f (se %.4f) var %.4f;", k, mean(v),
                standardError(v), variance(v))));
        System.out.println(line);
        for (String unbiased : List.of("IS", "PDIS", "DR-exact", "DR-wrong")) {
            double[] v = err.get(unbiased);
            assertThat(Math.abs(mean(v))).as(unbiased).isLessThan(3 * standardError(v));
        }
        assertThat(variance(err.get("WIS"))).isLessThan(variance(err.get("IS")));
        assertThat(variance(err.get("PDWIS"))).isLessThan(variance(err.get("PDIS")));
        assertThat(variance(err.get("PDIS"))).isLessThan(variance(err.get("IS")));
        // The exact model removes most of the variance; the wrong one must not be better.
        assertThat(variance(err.get("DR-exact"))).isLessThan(0.5 * variance(err.get("PDIS")));
        assertThat(variance(err.get("DR-exact"))).isLessThan(variance(err.get("DR-wrong")));
    }

    /** Collects named estimates. */
    private static final class Named {
        final Map<String, Double> values = new java.util.LinkedHashMap<>();

        Named put(String name, EvaluationReport r, Estimator e) {
            values.put(name, r.result(e).estimate());
            return this;
        }
    }

    @Test
    void shouldReportDoublyRobustUnavailableWithoutAValueModel() {
        TargetEvaluation ev = PolicyEvaluation.evaluate(categorical("mdp", 1, TARGET), log(50, 1),
                new EvaluationSettings(GAMMA, BootstrapSettings.none(), ValueModelChoice.LEARNED));
        assertThat(ev.report().result(Estimator.DR)).isNull();
        assertThat(ev.report().unavailable()).containsOnlyKeys(Estimator.DR, Estimator.WDR);
        assertThat(ev.report().unavailable().get(Estimator.DR)).contains("no value network");
        assertThat(ev.valueModel()).contains("no value network");
    }
}
