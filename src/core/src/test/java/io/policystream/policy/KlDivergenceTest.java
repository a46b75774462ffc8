package io.policystream.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.policystream.event.Action;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** KL(pi_p || pi_q) against references computed another way: exact sums over actions, and sampling. */
class KlDivergenceTest {
    private static final double[] S = {0.3, -1.2, 0.8, 0.1};

    /** Initial params with theta scaled and shifted, so that the two policies differ clearly. */
    private static PolicyParams perturbed(Architecture a, long seed, double scale) {
        PolicyParams p = Initializer.initialize("p", a, seed, 0);
        double[] theta = p.copyTheta();
        SplittableRandom rng = new SplittableRandom(seed);
        for (int i = 0; i < theta.length; i++) {
            theta[i] = scale * theta[i] + rng.nextDouble(-0.3, 0.3);
        }
        return p.next(1, theta, p.copyValue(), 0, 0, 0);
    }

    @Test
    void shouldEqualTheSumOverActionsOfPTimesTheLogRatioForACategoricalPolicy() {
        Architecture a = Architecture.categorical(4, List.of(6), 3, Activation.TANH);
        PolicyNetwork net = new PolicyNetwork(a);
        PolicyNetwork.Workspace ws = net.newWorkspace();
        PolicyParams p = perturbed(a, 1, 40);
        PolicyParams q = perturbed(a, 2, 40);
        double expected = 0.0;
        for (int k = 0; k < 3; k++) {
            double lp = net.logProb(p, S, new Action.Discrete(k), ws);
            double lq = net.logProb(q, S, new Action.Discrete(k), ws);
            expected += Math.exp(lp) * (lp - lq);
        }
        assertThat(expected).isGreaterThan(0.01);
        assertThat(net.klDivergence(p, q, S, ws)).isCloseTo(expected, within(1e-12));
        assertThat(net.klDivergence(p, p, S, ws)).isEqualTo(0.0);
    }

    @Test
    void shouldMatchASampledEstimateForGaussianPolicies() {
        for (StdMode std : StdMode.values()) {
            Architecture a = Architecture.gaussian(4, List.of(6), 2, Activation.TANH, std);
            PolicyNetwork net = new PolicyNetwork(a);
            PolicyNetwork.Workspace ws = net.newWorkspace();
            PolicyParams p = perturbed(a, 3, 30);
            PolicyParams q = perturbed(a, 4, 30);
            SplittableRandom rng = new SplittableRandom(5);
            int n = 200_000;
            double sum = 0.0;
            double sumSq = 0.0;
            for (int i = 0; i < n; i++) {
                PolicyNetwork.Sample u = net.sample(p, S, rng, ws);
                double d = u.logProb() - net.logProb(q, S, u.action(), ws);
                sum += d;
                sumSq += d * d;
            }
            double mean = sum / n;
            double se = Math.sqrt((sumSq / n - mean * mean) / n);
            double kl = net.klDivergence(p, q, S, ws);
            assertThat(kl).as("std=%s", std).isGreaterThan(0.01).isCloseTo(mean, within(4 * se + 1e-9));
            assertThat(net.klDivergence(q, q, S, ws)).isCloseTo(0.0, within(1e-12));
        }
    }
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(ints = {1, 5, 16, 32, 33, 70})
    void shouldGiveAsMeanOverStatesInBlocksTheMeanOfTheStatesOneByOne(int states) {
        List<Architecture> architectures = List.of(Architecture.categorical(4, List.of(64, 64), 2, Activation.TANH),
                Architecture.gaussian(4, List.of(6), 3, Activation.RELU, StdMode.PARAMETER),
                Architecture.gaussian(4, List.of(9, 5), 2, Activation.TANH, StdMode.NETWORK));
        SplittableRandom rng = new SplittableRandom(states);
        for (Architecture a : architectures) {
            PolicyNetwork net = new PolicyNetwork(a);
            PolicyNetwork.Workspace ws = net.newWorkspace();
            PolicyNetwork.StatesBlock block = net.newStatesBlock();
            PolicyParams p = perturbed(a, 6, 3);
            PolicyParams q = perturbed(a, 7, 3);
            double[][] s = new double[states][4];
            double oneByOne = 0.0;
            for (int k = 0; k < states; k++) {
                for (int i = 0; i < 4; i++) {
                    s[k][i] = rng.nextDouble(-2, 2);
                }
                oneByOne += net.klDivergence(p, q, s[k], ws);
            }
            oneByOne /= states;

            double inBlocks = net.meanKlDivergence(p, q, k -> s[k], states, block);

            assertThat(oneByOne).as("%s", a).isGreaterThan(1e-3);
            assertThat(inBlocks).as("%s", a).isCloseTo(oneByOne, within(1e-12 * oneByOne));
            assertThat(net.meanKlDivergence(q, q, k -> s[k], states, block)).isCloseTo(0.0, within(1e-12));
        }
    }
}
