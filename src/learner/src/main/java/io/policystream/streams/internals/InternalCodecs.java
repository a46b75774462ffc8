package io.policystream.streams.internals;

import io.policystream.event.Action;
import io.policystream.event.Event;
import io.policystream.learn.GradientSums;
import io.policystream.learn.LearnerState;
import io.policystream.policy.PolicyParams;
import io.policystream.trajectory.Ending;
import io.policystream.trajectory.EpisodeHeader;
import io.policystream.trajectory.RewardTally;
import io.policystream.trajectory.Trajectory;
import io.policystream.wire.InvalidParamsException;
import io.policystream.wire.ParamsCodec;
import java.io.IOException;

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

    public static byte[] encodeLearnerState(LearnerState s) {
        return encodeLearnerState(s, PARAMS.encode(s.params()));
    }

    /** The state, with its params already encoded as {@code paramsJson} (the wire format's JSON of s.params()). */
    public static byte[] encodeLearnerState(LearnerState s, byte[] paramsJson) {
        byte[] params = paramsJson;
        return Binary.write(params.length + 64 + 32 * s.params().thetaSize(), out -> {
            out.writeByte(V1);
            out.writeInt(params.length);
            out.write(params);
            out.writeLong(s.step());
            Binary.doubles(out, s.thetaFirst());
            Binary.doubles(out, s.thetaSecond());
            Binary.doubles(out, s.valueFirst());
            Binary.doubles(out, s.valueSecond());
            out.writeDouble(s.baselineMean());
            out.writeBoolean(s.baselineSet());
        });
    }

    public static LearnerState decodeLearnerState(byte[] data) {
        return Binary.read(data, in -> {
            Binary.version(in, V1, "learner state");
            byte[] json = new byte[in.readInt()];
            in.readFully(json);
            PolicyParams params;
            try {
                params = PARAMS.decode(json);
            } catch (InvalidParamsException e) {
                throw new IOException("stored params are invalid: " + e.getMessage());
            }
            return new LearnerState(params, in.readLong(), Binary.doubles(in), Binary.doubles(in), Binary.doubles(in),
                    Binary.doubles(in), in.readDouble(), in.readBoolean());
        });
    }
}
