package io.policystream.streams.internals;

import io.policystream.event.Action;
import io.policystream.event.Event;
import io.policystream.learn.GradientSums;
import io.policystream.learn.LearnerState;
import io.policystream.policy.Activation;
import io.policystream.policy.Architecture;
import io.policystream.policy.Distribution;
import io.policystream.policy.PolicyParams;
import io.policystream.policy.Provenance;
import io.policystream.policy.StdMode;
import io.policystream.trajectory.Ending;
import io.policystream.trajectory.EpisodeHeader;
import io.policystream.trajectory.RewardTally;
import io.policystream.trajectory.Trajectory;
import io.policystream.wire.InvalidParamsException;
import io.policystream.wire.ParamsCodec;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Binary formats of what the learner keeps in its state stores and sends over its internal
 * gradients topic. Exact: every double round-trips bit for bit.
 */
public final class InternalCodecs {
    private static final int V1 = 1;
    /** Gradient sums with their diagnostics (latest event time, sample states); V1 is still read. */
    private static final int GRADIENT_V2 = 2;
    /** Format 3 of gradient sums: format 2 and the end time of each trajectory. */
    private static final int GRADIENT_V3 = 3;
    /** Format 2 of the learner state: binary params; V1 (their JSON) is still read. */
    private static final int STATE_V2 = 2;
    private static final ParamsCodec PARAMS = new ParamsCodec();

    private InternalCodecs() {
    }

    // ---- step events (the episode store) ----

    public static byte[] encodeStep(Event e) {
        return Binary.write(64 + 8 * e.stateSize(), out -> {
            out.writeByte(V1);
            out.writeUTF(e.policy());
            out.writeUTF(e.episode());
            out.writeLong(e.step());
            Binary.doubles(out, e.state());
            writeAction(out, e.action());
            out.writeDouble(e.logProb());
            out.writeLong(e.policyVersion());
            out.writeDouble(e.reward());
            out.writeBoolean(e.done());
            out.writeBoolean(e.truncated());
            out.writeLong(e.time());
        });
    }

    public static Event decodeStep(byte[] data) {
        return Binary.read(data, in -> {
            Binary.version(in, V1, "step");
            String policy = in.readUTF();
            String episode = in.readUTF();
            long step = in.readLong();
            double[] state = Binary.doubles(in);
            Action action = readAction(in);
            return Event.step(policy, episode, step, state, action, in.readDouble(), in.readLong(), in.readDouble(),
                    in.readBoolean(), in.readBoolean(), in.readLong());
        });
    }

    private static void writeAction(Binary.Out out, Action a) throws IOException {
        if (a instanceof Action.Discrete d) {
            out.writeByte(0);
            out.writeInt(d.index());
        } else {
            out.writeByte(1);
            Binary.doubles(out, ((Action.Continuous) a).values());
        }
    }

    private static Action readAction(Binary.In in) throws IOException {
        int tag = in.readUnsignedByte();
        return tag == 0 ? new Action.Discrete(in.readInt()) : new Action.Continuous(Binary.doubles(in));
    }

    // ---- episode headers and reward tallies ----

    public static byte[] encodeHeader(EpisodeHeader h) {
        return Binary.write(96 + 8 * h.seen().length, out -> {
            out.writeByte(V1);
            out.writeUTF(h.policy());
            out.writeInt(h.stepsPresent());
            out.writeInt(h.maxIndex());
            out.writeInt(h.endStep());
            out.writeByte(h.ending() == null ? -1 : h.ending().ordinal());
            out.writeLong(h.lastEventTime());
            out.writeLong(h.lastWallTime());
            out.writeLong(h.completeEventTime());
            out.writeLong(h.completeWallTime());
            out.writeBoolean(h.closed());
            Binary.longs(out, h.seen());
        });
    }

    public static EpisodeHeader decodeHeader(byte[] data) {
        return Binary.read(data, in -> {
            Binary.version(in, V1, "episode header");
            String policy = in.readUTF();
            int present = in.readInt();
            int maxIndex = in.readInt();
            int end = in.readInt();
            byte ending = in.readByte();
            return new EpisodeHeader(policy, present, maxIndex, end, ending < 0 ? null : Ending.values()[ending],
                    in.readLong(), in.readLong(), in.readLong(), in.readLong(), in.readBoolean(), Binary.longs(in));
        });
    }

    public static byte[] encodeRewards(RewardTally r) {
        return Binary.write(16 + 8 * r.count(), out -> {
            out.writeByte(V1);
            out.writeDouble(r.sum());
            Binary.longs(out, r.fingerprints());
        });
    }

    public static RewardTally decodeRewards(byte[] data) {
        return Binary.read(data, in -> {
            Binary.version(in, V1, "reward tally");
            return new RewardTally(in.readDouble(), Binary.longs(in));
        });
    }

    // ---- trajectories (waiting for params) ----

    public static byte[] encodeTrajectory(Trajectory t) {
        return Binary.write(trajectorySize(t), out -> writeTrajectory(out, t));
    }

    private static int trajectorySize(Trajectory t) {
        return 64 + t.length() * (8 * t.stateSize() + 40);
    }

    private static void writeTrajectory(Binary.Out out, Trajectory t) throws IOException {
        out.writeByte(V1);
        out.writeUTF(t.policy());
        out.writeUTF(t.episode());
        out.writeInt(t.length());
        out.writeByte(t.ending().ordinal());
        out.writeLong(t.lastEventTime());
        for (int i = 0; i < t.length(); i++) {
            Binary.doubles(out, t.state(i));
            writeAction(out, t.action(i));
            out.writeDouble(t.logProb(i));
            out.writeLong(t.version(i));
            out.writeDouble(t.reward(i));
        }
    }

    public static Trajectory decodeTrajectory(byte[] data) {
        return Binary.read(data, InternalCodecs::readTrajectory);
    }

    private static Trajectory readTrajectory(Binary.In in) throws IOException {
        Binary.version(in, V1, "trajectory");
        String policy = in.readUTF();
        String episode = in.readUTF();
        int n = in.readInt();
        Ending ending = Ending.values()[in.readUnsignedByte()];
        long time = in.readLong();
        double[][] states = new double[n][];
        Action[] actions = new Action[n];
        double[] lps = new double[n];
        long[] versions = new long[n];
        double[] rewards = new double[n];
        for (int i = 0; i < n; i++) {
            states[i] = Binary.doubles(in);
            actions[i] = readAction(in);
            lps[i] = in.readDouble();
            versions[i] = in.readLong();
            rewards[i] = in.readDouble();
        }
        return new Trajectory(policy, episode, states, actions, lps, versions, rewards, ending, time);
    }

    // ---- the writer's input (the internal topic) ----

    /**
     * The first byte of a trajectory on the internal topic: above every gradient-sums format, so a
     * reader tells the two apart by that byte alone.
     */
    static final int TRAJECTORY_RECORD = 16;

    /** A record of the internal topic: a trajectory ({@link #TRAJECTORY_RECORD}) or gradient sums. */
    public static byte[] encodeWriterInput(WriterInput input) {
        if (input instanceof WriterInput.Closed c) {
            return Binary.write(1 + trajectorySize(c.trajectory()), out -> {
                out.writeByte(TRAJECTORY_RECORD);
                writeTrajectory(out, c.trajectory());
            });
        }
        return encodeGradient(((WriterInput.Sums) input).sums());
    }

    /** Reads a record of the internal topic in any format a learner wrote. */
    public static WriterInput decodeWriterInput(byte[] data) {
        if (data.length > 0 && (data[0] & 0xff) == TRAJECTORY_RECORD) {
            return new WriterInput.Closed(Binary.read(data, in -> {
                in.readUnsignedByte(); // TRAJECTORY_RECORD
                return readTrajectory(in);
            }));
        }
        return new WriterInput.Sums(decodeGradient(data));
    }

    // ---- gradient sums (the gradients topic and the pending batch, as earlier learners wrote them) ----

    public static byte[] encodeGradient(GradientSums g) {
        GradientSums.Snapshot s = g.snapshot();
        return Binary.write(160 + 8 * (s.advantageGrad().length * 2 + s.sampleStates().length
                + s.endTimes().length), out -> {
            out.writeByte(GRADIENT_V3);
            out.writeUTF(s.policy());
            out.writeLong(s.computedAtVersion());
            out.writeInt(s.trajectories());
            out.writeLong(s.steps());
            Binary.doubles(out, s.advantageGrad());
            Binary.doubles(out, s.weightGrad());
            Binary.doubles(out, s.entropyGrad());
            Binary.doubles(out, s.valueGrad());
            Binary.doubles(out, s.scalars());
            Binary.longs(out, s.counts());
            out.writeLong(s.maxEventTime());
            out.writeInt(s.sampleStateSize());
            Binary.doubles(out, s.sampleStates());
            Binary.longs(out, s.endTimes());
        });
    }

    /**
     * Reads gradient sums in format 3, 2 (written before the trajectories' end times were kept) or
     * 1 (before the diagnostics existed).
     */
    public static GradientSums decodeGradient(byte[] data) {
        return Binary.read(data, in -> {
            int v = in.readUnsignedByte();
            if (v != V1 && v != GRADIENT_V2 && v != GRADIENT_V3) {
                throw new IOException("gradient format version " + v + " is not supported (expected "
                        + V1 + ", " + GRADIENT_V2 + " or " + GRADIENT_V3 + ")");
            }
            String policy = in.readUTF();
            long version = in.readLong();
            int trajectories = in.readInt();
            long steps = in.readLong();
            double[] advantage = Binary.doubles(in);
            double[] weight = Binary.doubles(in);
            double[] entropy = Binary.doubles(in);
            double[] value = Binary.doubles(in);
            double[] scalars = Binary.doubles(in);
            long[] counts = Binary.longs(in);
            if (v == V1) {
                return GradientSums.restore(new GradientSums.Snapshot(policy, version, trajectories, steps, advantage,
                        weight, entropy, value, scalars, counts));
            }
            long maxEventTime = in.readLong();
            int stateSize = in.readInt();
            double[] states = Binary.doubles(in);
            long[] endTimes = v == GRADIENT_V3 ? Binary.longs(in) : null;
            return GradientSums.restore(new GradientSums.Snapshot(policy, version, trajectories, steps, advantage,
                    weight, entropy, value, scalars, counts, maxEventTime, stateSize,
                    states == null ? new double[0] : states, endTimes == null ? new long[0] : endTimes));
        });
    }

    // ---- the update's state ----

    /**
     * The state in format 2: its params in binary (their JSON is on the params topic already; here
     * 8 bytes a number instead of about 20, so a version's changelog record shrinks by a third),
     * then the optimiser's vectors and the baseline. Written into a buffer of its exact size.
     */
    public static byte[] encodeLearnerState(LearnerState s) {
        PolicyParams p = s.params();
        Architecture a = p.architecture();
        Provenance prov = p.provenance();
        int vectors = 8 * (3 * p.thetaSize() + 3 * a.valueParamCount()) + 4 * 6;
        int size = 1 + Binary.utfSize(p.policy()) + 8 + Binary.utfSize(a.distribution().name())
                + Binary.utfSize(a.activation().name()) + Binary.utfSize(a.std().name()) + 4
                + 4 + 4 * a.hidden().size() + 4 + 4 + (a.valueHidden() == null ? 0 : 4 * a.valueHidden().size())
                + 3 * 8 + 1 + (prov.promotedFromTopic() == null ? 0 : Binary.utfSize(prov.promotedFromTopic()))
                + 8 + 8 + 8 + vectors + 8 + 1;
        return Binary.write(size, out -> {
            out.writeByte(STATE_V2);
            out.writeUTF(p.policy());
            out.writeLong(p.version());
            out.writeUTF(a.distribution().name());
            out.writeUTF(a.activation().name());
            out.writeUTF(a.std().name());
            out.writeInt(a.inputSize());
            ints(out, a.hidden());
            out.writeInt(a.actionSize());
            if (a.valueHidden() == null) {
                out.writeInt(-1);
            } else {
                ints(out, a.valueHidden());
            }
            out.writeLong(p.trajectories());
            out.writeLong(p.steps());
            out.writeLong(p.time());
            out.writeBoolean(prov.promotedFromTopic() != null);
            if (prov.promotedFromTopic() != null) {
                out.writeUTF(prov.promotedFromTopic());
            }
            out.writeLong(prov.promotedFromVersion());
            out.writeLong(prov.rolledBackTo());
            Binary.doubles(out, p.copyTheta());
            Binary.doubles(out, p.hasValue() ? p.copyValue() : new double[0]);
            writeOptimiser(out, s);
        });
    }

    /**
     * The state in format 1, with its params as their wire-format JSON: what learners before
     * 2026-12 stored. Kept to test that such states are still read.
     */
    static byte[] encodeLearnerStateV1(LearnerState s) {
        byte[] params = PARAMS.encode(s.params());
        return Binary.write(params.length + 64 + 32 * s.params().thetaSize(), out -> {
            out.writeByte(V1);
            out.writeInt(params.length);
            out.write(params);
            writeOptimiser(out, s);
        });
    }

    /** What both formats write after the params: the optimiser's step and vectors, then the baseline. */
    private static void writeOptimiser(Binary.Out out, LearnerState s) {
        out.writeLong(s.step());
        Binary.doubles(out, s.thetaFirst());
        Binary.doubles(out, s.thetaSecond());
        Binary.doubles(out, s.valueFirst());
        Binary.doubles(out, s.valueSecond());
        out.writeDouble(s.baselineMean());
        out.writeBoolean(s.baselineSet());
    }

    /** Reads a state in format 2 or 1. */
    public static LearnerState decodeLearnerState(byte[] data) {
        return Binary.read(data, in -> {
            int v = in.readUnsignedByte();
            PolicyParams params;
            if (v == V1) {
                byte[] json = new byte[in.readInt()];
                in.readFully(json);
                try {
                    params = PARAMS.decode(json);
                } catch (InvalidParamsException e) {
                    throw new IOException("stored params are invalid: " + e.getMessage());
                }
            } else if (v == STATE_V2) {
                params = readParams(in);
            } else {
                throw new IOException("learner state format version " + v + " is not supported (expected "
                        + V1 + " or " + STATE_V2 + ")");
            }
            return new LearnerState(params, in.readLong(), Binary.doubles(in), Binary.doubles(in), Binary.doubles(in),
                    Binary.doubles(in), in.readDouble(), in.readBoolean());
        });
    }

    private static PolicyParams readParams(Binary.In in) throws IOException {
        String policy = in.readUTF();
        long version = in.readLong();
        Distribution distribution = Distribution.valueOf(in.readUTF());
        Activation activation = Activation.valueOf(in.readUTF());
        StdMode std = StdMode.valueOf(in.readUTF());
        int inputSize = in.readInt();
        List<Integer> hidden = ints(in);
        int actionSize = in.readInt();
        List<Integer> valueHidden = ints(in);
        Architecture a = new Architecture(distribution, activation, std, inputSize, hidden, actionSize, valueHidden);
        long trajectories = in.readLong();
        long steps = in.readLong();
        long time = in.readLong();
        String promotedFrom = in.readBoolean() ? in.readUTF() : null;
        Provenance provenance = new Provenance(promotedFrom, in.readLong(), in.readLong());
        double[] theta = Binary.doubles(in);
        double[] value = Binary.doubles(in);
        return new PolicyParams(policy, version, a, theta, a.hasValue() ? value : null, trajectories, steps, time,
                provenance);
    }

    private static void ints(Binary.Out out, List<Integer> values) {
        out.writeInt(values.size());
        for (int x : values) {
            out.writeInt(x);
        }
    }

    /** A list written by {@link #ints(Binary.Out, List)}, or null for a length of -1. */
    private static List<Integer> ints(Binary.In in) {
        int n = in.readInt();
        if (n < 0) {
            return null;
        }
        if (n > in.buf.remaining() / 4) {
            throw new IllegalArgumentException("list of " + n + " ints is longer than the record");
        }
        List<Integer> values = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            values.add(in.readInt());
        }
        return values;
    }
}
