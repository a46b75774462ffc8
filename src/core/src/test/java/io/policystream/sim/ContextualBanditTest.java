package io.policystream.sim;

import io.policystream.event.Action;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class ContextualBanditTest {

    @Test
    void shouldPayOneForTheBestArmAndZeroForTheOthers() {
        ContextualBandit bandit = new ContextualBandit(3, 4, 42L);

        for (int k = 0; k < 3; k++) {
            for (int a = 0; a < 4; a++) {
                double[] obs = bandit.resetTo(k);
                StepResult r = bandit.step(new Action.Discrete(a));
                assertThat(r.reward()).isEqualTo(a == bandit.bestArm(obs) ? 1.0 : 0.0);
                assertThat(r.terminated()).isTrue();
                assertThat(r.truncated()).isFalse();
            }
        }
    }

    @Test
    void shouldShowTheContextAsAOneHotVector() {
        ContextualBandit bandit = new ContextualBandit(3, 2, 1L);

        assertThat(bandit.resetTo(1)).containsExactly(0.0, 1.0, 0.0);
        assertThat(bandit.bestArm(new double[] {0, 1, 0})).isEqualTo(bandit.bestArm(1));
    }

    @Test
    void shouldGiveContextsDifferentBestArmsWhileThereAreEnoughArms() {
        ContextualBandit bandit = new ContextualBandit(5, 5, 9L);
        Set<Integer> best = new HashSet<>();

        for (int k = 0; k < 5; k++) {
            best.add(bandit.bestArm(k));
        }

        assertThat(best).containsExactlyInAnyOrder(0, 1, 2, 3, 4);
    }

    @Test
    void shouldChooseTheBestArmsFromTheSeed() {
        int[] first = bestArms(new ContextualBandit(6, 6, 5L));

        assertThat(bestArms(new ContextualBandit(6, 6, 5L))).containsExactly(first);
        boolean anotherSeedDiffers = false;
        for (long seed = 6; seed < 16; seed++) {
            anotherSeedDiffers |= !Arrays.equals(bestArms(new ContextualBandit(6, 6, seed)), first);
        }
        assertThat(anotherSeedDiffers).isTrue();
    }

    @Test
    void shouldAddGaussianNoiseAroundTheArmMeans() {
        ContextualBandit bandit = new ContextualBandit(2, 3, 0.25, 0.1, 3L);
        SplittableRandom rng = new SplittableRandom(8);
        double sumBest = 0;
        double sumOther = 0;
        boolean noisy = false;
        int n = 2000;

        for (int i = 0; i < n; i++) {
            int best = bandit.bestArm(bandit.reset(rng));
            double reward = bandit.step(new Action.Discrete(best)).reward();
            noisy |= reward != 1.0;
            sumBest += reward;
            int other = (bandit.bestArm(bandit.reset(rng)) + 1) % 3;
            sumOther += bandit.step(new Action.Discrete(other)).reward();
        }

        // Standard error 0.1 / sqrt(2000) = 0.0022: 0.01 is more than four of them.
        assertThat(noisy).isTrue();
        assertThat(sumBest / n).isCloseTo(1.0, within(0.01));
        assertThat(sumOther / n).isCloseTo(0.25, within(0.01));
    }

    @Test
    void shouldEndTheEpisodeAfterOnePull() {
        ContextualBandit bandit = new ContextualBandit(2, 2, 1L);
        bandit.reset(new SplittableRandom(1));
        bandit.step(new Action.Discrete(0));

        assertThatThrownBy(() -> bandit.step(new Action.Discrete(0))).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new ContextualBandit(2, 2, 1L).step(new Action.Discrete(0)))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void shouldRefuseAnArmOutOfRangeAndABadShape() {
        ContextualBandit bandit = new ContextualBandit(2, 3, 1L);
        bandit.resetTo(0);

        assertThatThrownBy(() -> bandit.step(new Action.Discrete(3))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ContextualBandit(2, 1, 1L)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ContextualBandit(2, 2, 1.0, 0.0, 1L)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ContextualBandit(2, 2, 0.0, -1.0, 1L)).isInstanceOf(IllegalArgumentException.class);
    }

    private static int[] bestArms(ContextualBandit bandit) {
        int[] best = new int[bandit.observationSize()];
        for (int k = 0; k < best.length; k++) {
            best[k] = bandit.bestArm(k);
        }
        return best;
    }
}
