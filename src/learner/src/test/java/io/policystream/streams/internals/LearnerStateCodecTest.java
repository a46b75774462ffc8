package io.policystream.streams.internals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.policystream.learn.LearnerState;
import io.policystream.policy.Activation;
import io.policystream.policy.Architecture;
import io.policystream.policy.Initializer;
import io.policystream.policy.PolicyParams;
import io.policystream.policy.Provenance;
import io.policystream.policy.StdMode;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * The learner-state store's format: format 2 (binary params) round-trips every number bit for bit
 * and every field of the params, and format 1 (params JSON, before 2026-12) is still read.
 */
class LearnerStateCodecTest {

    static Stream<LearnerState> states() {
        Architecture categorical = Architecture.categorical(4, List.of(64, 64), 2, Activation.TANH);
        Architecture gaussian = Architecture.gaussian(17, List.of(8, 8), 6, Activation.RELU, StdMode.PARAMETER)
                .withValue(List.of(5));
        Architecture noHidden = Architecture.gaussian(3, List.of(), 2, Activation.TANH, StdMode.NETWORK);
        return Stream.of(
                state(Initializer.initialize("cartpole", categorical, 7, 0), 1, Provenance.NONE),
                state(Initializer.initialize("arm.v2-b", gaussian, 11, 3), 2, Provenance.promotedFrom("staging.params", 41)),
                state(Initializer.initialize("p", noHidden, 13, 9), 3, Provenance.rolledBackTo(4)));
    }

    /** A state with random moments and non-trivial counters, at params relabelled with a provenance. */
    private static LearnerState state(PolicyParams init, long seed, Provenance provenance) {
        SplittableRandom rnd = new SplittableRandom(seed);
        PolicyParams p = init.relabel(init.policy(), 12 + seed, 96 * seed, 4_321 * seed, 1_733_000_000_000L + seed)
                .withProvenance(provenance);
        int n = p.thetaSize();
        int nv = p.architecture().valueParamCount();
        return new LearnerState(p, 12 + seed, random(rnd, n), random(rnd, n), random(rnd, nv), random(rnd, nv),
                rnd.nextGaussian() * 100, true);
    }

    private static double[] random(SplittableRandom rnd, int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = rnd.nextGaussian() * Math.pow(10, rnd.nextInt(-12, 4));
        }
        return v;
    }

    @ParameterizedTest
    @MethodSource("states")
    void shouldRoundTripEveryFieldAndNumberBitForBit(LearnerState s) {
        LearnerState back = InternalCodecs.decodeLearnerState(InternalCodecs.encodeLearnerState(s));

        assertThat(back).isEqualTo(s);
        assertThat(back.params().provenance()).isEqualTo(s.params().provenance());
        assertThat(back.params().time()).isEqualTo(s.params().time());
        assertThat(back.params().trajectories()).isEqualTo(s.params().trajectories());
        assertThat(back.params().steps()).isEqualTo(s.params().steps());
        assertThat(back.params().architecture()).isEqualTo(s.params().architecture());
        assertThat(back.params().copyTheta()).isEqualTo(s.params().copyTheta());
    }

    @ParameterizedTest
    @MethodSource("states")
    void shouldStillReadTheStateLearnersStoredBeforeWithTheParamsJsonInIt(LearnerState s) {
        LearnerState back = InternalCodecs.decodeLearnerState(InternalCodecs.encodeLearnerStateV1(s));

        assertThat(back).isEqualTo(s);
        assertThat(back.params().provenance()).isEqualTo(s.params().provenance());
    }

    @Test
    void shouldStoreAThirdFewerBytesThanWithTheParamsJson() {
        Architecture big = Architecture.gaussian(17, List.of(256, 256), 6, Activation.TANH, StdMode.PARAMETER);
        LearnerState s = state(Initializer.initialize("big", big, 5, 0), 5, Provenance.NONE);

        int binary = InternalCodecs.encodeLearnerState(s).length;
        int json = InternalCodecs.encodeLearnerStateV1(s).length;

        // 3 x 8 bytes per number against about 16 + 20
        assertThat(binary).isLessThan(json * 3 / 4);
        assertThat(binary).isBetween(24 * s.params().thetaSize(), 24 * s.params().thetaSize() + 200);
    }

    @Test
    void shouldRefuseAFormatItDoesNotKnow() {
        byte[] data = InternalCodecs.encodeLearnerState(states().findFirst().orElseThrow());
        data[0] = 9;

        assertThatThrownBy(() -> InternalCodecs.decodeLearnerState(data))
                .hasMessageContaining("learner state format version 9 is not supported");
    }
}
