package io.policystream.wire;

import io.policystream.policy.Architecture;
import io.policystream.policy.Distribution;
import io.policystream.policy.MlpShape;
import io.policystream.policy.PolicyParams;
import io.policystream.policy.Provenance;

/**
 * Writes params in the order of the wire-format page. Every field is written, {@code logStd} as
 * null when there is none; {@code std} only for a gaussian (it means nothing for a categorical
 * policy), {@code value} only when there is a value network, and {@code promotedFrom} and
 * {@code rolledBackTo} only when the version was promoted or rolled back.
 *
 * <p>The header of a binary record ({@link ParamsBinary}) is the same object without numbers:
 * {@code layers} and {@code value} as lists of {@code [rows, columns]}, and no {@code logStd}.
 *
 * <p>It writes into {@link JsonBytes}, the same bytes the JSON library's generator wrote before
 * 2026-12-03 (the golden files and {@code ParamsWriterTest} hold it to that), in a fraction of the
 * time: each number goes once into the array.
 */
final class ParamsWriter {
    private ParamsWriter() {
    }

    /** The params JSON, in a buffer sized for its numbers up front. */
    static byte[] write(PolicyParams params) {
        int numbers = params.thetaSize() + (params.hasValue() ? params.architecture().valueParamCount() : 0);
        JsonBytes out = new JsonBytes(512 + numbers * 22);
        write(out, params, false);
        return out.toByteArray();
    }

    /** The header of a binary record: every field but the numbers. */
    static byte[] writeHeader(PolicyParams params) {
        JsonBytes out = new JsonBytes(512);
        write(out, params, true);
        return out.toByteArray();
    }

    private static void write(JsonBytes json, PolicyParams params, boolean header) {
        Architecture arch = params.architecture();
        double[] theta = header ? null : params.copyTheta();
        json.startObject();
        json.name("policy").string(params.policy());
        json.name("version").number(params.version());
        json.name("distribution").string(arch.distribution().wireName());
        json.name("activation").string(arch.activation().wireName());
        if (arch.distribution() == Distribution.GAUSSIAN) {
            json.name("std").string(arch.std().wireName());
        }
        json.name("layers");
        if (header) {
            writeShapes(json, arch.policyShape());
        } else {
            writeLayers(json, arch.policyShape(), theta);
            writeLogStd(json, arch, theta);
        }
        if (params.hasValue()) {
            json.name("value");
            if (header) {
                writeShapes(json, arch.valueShape());
            } else {
                writeLayers(json, arch.valueShape(), params.copyValue());
            }
        }
        json.name("trajectories").number(params.trajectories());
        json.name("steps").number(params.steps());
        json.name("time").number(params.time());
        Provenance provenance = params.provenance();
        if (provenance.isPromotion()) {
            json.name("promotedFrom");
            json.startObject();
            json.name("topic").string(provenance.promotedFromTopic());
            json.name("version").number(provenance.promotedFromVersion());
            json.endObject();
        }
        if (provenance.isRollback()) {
            json.name("rolledBackTo").number(provenance.rolledBackTo());
        }
        json.endObject();
    }

    private static void writeLayers(JsonBytes json, MlpShape shape, double[] flat) {
        json.startArray();
        for (int k = 0; k < shape.layerCount(); k++) {
            int in = shape.inputSize(k);
            int out = shape.outputSize(k);
            json.startObject();
            json.name("weights");
            json.startArray();
            for (int o = 0; o < out; o++) {
                json.numbers(flat, shape.weightOffset(k) + o * in, in);
            }
            json.endArray();
            json.name("bias");
            json.numbers(flat, shape.biasOffset(k), out);
            json.endObject();
        }
        json.endArray();
    }

    private static void writeLogStd(JsonBytes json, Architecture arch, double[] theta) {
        json.name("logStd");
        if (arch.hasLogStdVector()) {
            json.numbers(theta, arch.logStdOffset(), arch.actionSize());
        } else {
            json.nullValue();
        }
    }

    private static void writeShapes(JsonBytes json, MlpShape shape) {
        json.startArray();
        for (int k = 0; k < shape.layerCount(); k++) {
            json.startArray();
            json.number(shape.outputSize(k));
            json.number(shape.inputSize(k));
            json.endArray();
        }
        json.endArray();
    }
}
