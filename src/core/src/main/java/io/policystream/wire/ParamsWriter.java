package io.policystream.wire;

import com.fasterxml.jackson.core.JsonGenerator;
import io.policystream.policy.Architecture;
import io.policystream.policy.Distribution;
import io.policystream.policy.MlpShape;
import io.policystream.policy.PolicyParams;
import io.policystream.policy.Provenance;
import java.io.IOException;

/**
 * Writes params in the order of the wire-format page. Every field is written, {@code logStd} as
 * null when there is none; {@code std} only for a gaussian (it means nothing for a categorical
 * policy), {@code value} only when there is a value network, and {@code promotedFrom} and
 * {@code rolledBackTo} only when the version was promoted or rolled back.
 *
 * <p>The header of a binary record ({@link ParamsBinary}) is the same object without numbers:
 * {@code layers} and {@code value} as lists of {@code [rows, columns]}, and no {@code logStd}.
 */
final class ParamsWriter {
    private ParamsWriter() {
    }

    static void write(JsonGenerator g, PolicyParams params) throws IOException {
        write(g, params, false);
    }

    /** The header of a binary record: every field but the numbers. */
    static void writeHeader(JsonGenerator g, PolicyParams params) throws IOException {
        write(g, params, true);
    }

    private static void write(JsonGenerator g, PolicyParams params, boolean header) throws IOException {
        Architecture arch = params.architecture();
        double[] theta = header ? null : params.copyTheta();
        g.writeStartObject();
        g.writeStringField("policy", params.policy());
        g.writeNumberField("version", params.version());
        g.writeStringField("distribution", arch.distribution().wireName());
        g.writeStringField("activation", arch.activation().wireName());
        if (arch.distribution() == Distribution.GAUSSIAN) {
            g.writeStringField("std", arch.std().wireName());
        }
        g.writeFieldName("layers");
        if (header) {
            writeShapes(g, arch.policyShape());
        } else {
            writeLayers(g, arch.policyShape(), theta);
            writeLogStd(g, arch, theta);
        }
        if (params.hasValue()) {
            g.writeFieldName("value");
            if (header) {
                writeShapes(g, arch.valueShape());
            } else {
                writeLayers(g, arch.valueShape(), params.copyValue());
            }
        }
        g.writeNumberField("trajectories", params.trajectories());
        g.writeNumberField("steps", params.steps());
        g.writeNumberField("time", params.time());
        Provenance provenance = params.provenance();
        if (provenance.isPromotion()) {
            g.writeFieldName("promotedFrom");
            g.writeStartObject();
            g.writeStringField("topic", provenance.promotedFromTopic());
            g.writeNumberField("version", provenance.promotedFromVersion());
            g.writeEndObject();
        }
        if (provenance.isRollback()) {
            g.writeNumberField("rolledBackTo", provenance.rolledBackTo());
        }
        g.writeEndObject();
    }

    private static void writeLayers(JsonGenerator g, MlpShape shape, double[] flat) throws IOException {
        g.writeStartArray();
        for (int k = 0; k < shape.layerCount(); k++) {
            int in = shape.inputSize(k);
            int out = shape.outputSize(k);
            g.writeStartObject();
            g.writeFieldName("weights");
            g.writeStartArray();
            for (int o = 0; o < out; o++) {
                writeVector(g, flat, shape.weightOffset(k) + o * in, in);
            }
            g.writeEndArray();
            g.writeFieldName("bias");
            writeVector(g, flat, shape.biasOffset(k), out);
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    private static void writeLogStd(JsonGenerator g, Architecture arch, double[] theta) throws IOException {
        g.writeFieldName("logStd");
        if (arch.hasLogStdVector()) {
            writeVector(g, theta, arch.logStdOffset(), arch.actionSize());
        } else {
            g.writeNull();
        }
    }

    private static void writeShapes(JsonGenerator g, MlpShape shape) throws IOException {
        g.writeStartArray();
        for (int k = 0; k < shape.layerCount(); k++) {
            g.writeStartArray();
            g.writeNumber(shape.outputSize(k));
            g.writeNumber(shape.inputSize(k));
            g.writeEndArray();
        }
        g.writeEndArray();
    }

    private static void writeVector(JsonGenerator g, double[] flat, int offset, int length) throws IOException {
        g.writeStartArray();
        for (int i = 0; i < length; i++) {
            g.writeNumber(flat[offset + i]);
        }
        g.writeEndArray();
    }
}
