package io.policystream.streams.internals;

import static org.assertj.core.api.Assertions.assertThat;

import io.policystream.config.LearnerConfig;
import io.policystream.event.Action;
import io.policystream.learn.GradientSums;
import io.policystream.learn.LearningRules;
import io.policystream.learn.TrajectoryGradient;
import io.policystream.policy.Activation;
import io.policystream.policy.Architecture;
import io.policystream.policy.Initializer;
import io.policystream.policy.PolicyParams;
import io.policystream.trajectory.Ending;
import io.policystream.trajectory.Trajectory;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The gradients topic's format: diagnostics round-trip, and format 1 (before them) is still read. */
class GradientCodecTest {
    private static final Architecture ARCH = Architecture.categorical(2, List.of(3), 2, Activation.TANH);
    private final PolicyParams params = Initializer.initialize("p", ARCH, 1, 0);
    private final LearningRules rules = LearnerConfig.fromMap(Map.of("layers", "3"))
            .forPolicy("p").learningRules();

    private static Trajectory trajectory(String ep, int n, long lastEventTime) {
        double[][] s = new double[n][];
        Action[] a = new Action[n];
        double[] lp = new double[n];
        long[] v = new long[n];
        double[] r = new double[n];
        for (int t = 0; t < n; t++) {
            s[t] = new double[] {t, -t};
            a[t] = new Action.Discrete(t % 2);
            lp[t] = Math.log(0.5);
            r[t] = 1.0;
        }
        return new Trajectory("p", ep, s, a, lp, v, r, Ending.DONE, lastEventTime);
    }

    @Test
    void shouldCarryTheLatestEventTimeAndEvenlySpacedStatesOfTheLastTrajectoryAdded() {
        TrajectoryGradient g = new TrajectoryGradient(ARCH);
        GradientSums batch = TrajectoryGradient.emptySums(params, rules);
        assertThat(batch.diagnostics().maxEventTime()).isEqualTo(Long.MIN_VALUE);
        assertThat(batch.diagnostics().sampleStateCount()).isZero();
        batch.plusInPlace(g.compute(params, rules, trajectory("late", 3, 5_000)));
        batch.plusInPlace(g.compute(params, rules, trajectory("long", 40, 2_000)));
        assertThat(batch.diagnostics().maxEventTime()).isEqualTo(5_000);
        assertThat(batch.diagnostics().endTimes()).containsExactly(5_000, 2_000);
        assertThat(batch.diagnostics().sampleStateCount()).isEqualTo(GradientSums.SAMPLE_STATES);
        // t_k = floor(k * 40 / 16): 0, 2, 5, 7, ...
        assertThat(batch.diagnostics().sampleState(0)).containsExactly(0.0, 0.0);
        assertThat(batch.diagnostics().sampleState(1)).containsExactly(2.0, -2.0);
        assertThat(batch.diagnostics().sampleState(2)).containsExactly(5.0, -5.0);
        assertThat(batch.diagnostics().sampleState(15)).containsExactly(37.0, -37.0);
        batch.plusInPlace(g.compute(params, rules, trajectory("short", 2, 1_000)));
        assertThat(batch.diagnostics().sampleStateCount()).isEqualTo(2);
        assertThat(batch.diagnostics().maxEventTime()).isEqualTo(5_000);
        assertThat(batch.diagnostics().endTimes()).containsExactly(5_000, 2_000, 1_000);
    }

    @Test
    void shouldRoundTripTheDiagnosticsBitForBit() {
        GradientSums sums = new TrajectoryGradient(ARCH).compute(params, rules, trajectory("e", 5, 1234));
        GradientSums back = InternalCodecs.decodeGradient(InternalCodecs.encodeGradient(sums));
        assertThat(back.diagnostics().maxEventTime()).isEqualTo(1234);
        assertThat(back.diagnostics().endTimes()).containsExactly(1234);
        assertThat(back.diagnostics().sampleStateCount()).isEqualTo(5);
        assertThat(back.diagnostics().sampleState(4)).containsExactly(4.0, -4.0);
        assertThat(InternalCodecs.encodeGradient(back)).isEqualTo(InternalCodecs.encodeGradient(sums));
    }

    @Test
    void shouldReadFormatOneWithoutDiagnostics() throws IOException {
        GradientSums.Snapshot s = new TrajectoryGradient(ARCH).compute(params, rules, trajectory("e", 3, 99)).snapshot();
        GradientSums old = InternalCodecs.decodeGradient(writtenInOldFormat(1, s));
        assertThat(old.trajectories()).isEqualTo(1);
        assertThat(old.steps()).isEqualTo(3);
        assertThat(old.snapshot().advantageGrad()).containsExactly(s.advantageGrad());
        assertThat(old.diagnostics().maxEventTime()).isEqualTo(Long.MIN_VALUE);
        assertThat(old.diagnostics().endTimes()).isEmpty();
        assertThat(old.diagnostics().sampleStateCount()).isZero();
    }

    @Test
    void shouldReadFormatTwoWithItsLatestEventTimeButNoEndTimes() throws IOException {
        GradientSums.Snapshot s = new TrajectoryGradient(ARCH).compute(params, rules, trajectory("e", 3, 99)).snapshot();
        GradientSums two = InternalCodecs.decodeGradient(writtenInOldFormat(2, s));
        assertThat(two.diagnostics().maxEventTime()).isEqualTo(99);
        assertThat(two.diagnostics().endTimes()).isEmpty();
        assertThat(two.diagnostics().sampleStateCount()).isEqualTo(3);
        assertThat(two.snapshot().advantageGrad()).containsExactly(s.advantageGrad());
    }

    /**
     * {@code s} as the learner wrote it in format 1 (no diagnostics) or 2 (the latest event time and
     * the sample states, no end times), by hand, since the codec only writes the current format.
     */
    private static byte[] writtenInOldFormat(int version, GradientSums.Snapshot s) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(version);
            formatOneBody(out, s);
            if (version == 2) {
                out.writeLong(s.maxEventTime());
                out.writeInt(s.sampleStateSize());
                doubles(out, s.sampleStates());
            }
        }
        return bytes.toByteArray();
    }

    /** The fields of format 1, after its version byte: formats 2 and 3 begin with the same. */
    private static void formatOneBody(DataOutputStream out, GradientSums.Snapshot s) throws IOException {
        out.writeUTF(s.policy());
        out.writeLong(s.computedAtVersion());
        out.writeInt(s.trajectories());
        out.writeLong(s.steps());
        doubles(out, s.advantageGrad());
        doubles(out, s.weightGrad());
        doubles(out, s.entropyGrad());
        doubles(out, s.valueGrad());
        doubles(out, s.scalars());
        longs(out, s.counts());
    }

    /** Written with DataOutputStream itself: the layout the learner's codecs must keep reading. */
    private static void doubles(DataOutputStream out, double[] v) throws IOException {
        if (v == null) {
            out.writeInt(-1);
            return;
        }
        out.writeInt(v.length);
        for (double d : v) {
            out.writeDouble(d);
        }
    }

    private static void longs(DataOutputStream out, long[] v) throws IOException {
        out.writeInt(v.length);
        for (long d : v) {
            out.writeLong(d);
        }
    }
}
