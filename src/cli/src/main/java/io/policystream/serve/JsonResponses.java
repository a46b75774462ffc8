package io.policystream.serve;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import io.policystream.event.Action;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/** The JSON bodies the service answers with. Thread-safe. */
final class JsonResponses {
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
            .build();

    private JsonResponses() {
    }

    @FunctionalInterface
    private interface Body {
        void write(JsonGenerator g) throws IOException;
    }

    /** {@code {"action":1,"logProb":-0.69,"version":3,"step":0}}; a gaussian action is an array. */
    static byte[] act(ActResult r) {
        return object(g -> {
            g.writeFieldName("action");
            if (r.action() instanceof Action.Discrete d) {
                g.writeNumber(d.index());
            } else {
                Action.Continuous c = (Action.Continuous) r.action();
                g.writeStartArray();
                for (int j = 0; j < c.size(); j++) {
                    g.writeNumber(c.get(j));
                }
                g.writeEndArray();
            }
            g.writeNumberField("logProb", r.logProb());
            g.writeNumberField("version", r.version());
            g.writeNumberField("step", r.step());
        });
    }

    /** {@code {"policy":"cartpole","episode":"e1","step":4,"ended":true}}. */
    static byte[] reward(RewardResult r) {
        return object(g -> {
            g.writeStringField("policy", r.policy());
            g.writeStringField("episode", r.episode());
            g.writeNumberField("step", r.step());
            g.writeBooleanField("ended", r.ended());
        });
    }

    /** {@code {"status":"UP","openEpisodes":2,"policies":{"cartpole":3}}}. */
    static byte[] health(ServiceHealth h) {
        return object(g -> {
            g.writeStringField("status", h.up() ? "UP" : "DOWN");
            g.writeNumberField("openEpisodes", h.openEpisodes());
            g.writeObjectFieldStart("policies");
            for (Map.Entry<String, Long> e : h.versions().entrySet()) {
                g.writeNumberField(e.getKey(), e.getValue());
            }
            g.writeEndObject();
        });
    }

    /** {@code {"error":"state: required","field":"state"}}; field is null when no single field is at fault. */
    static byte[] error(String message, String field) {
        return object(g -> {
            g.writeStringField("error", message);
            g.writeStringField("field", field);
        });
    }

    private static byte[] object(Body body) {
        ByteArrayBuilder out = new ByteArrayBuilder(128);
        try (JsonGenerator g = FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
            g.writeStartObject();
            body.write(g);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory failed", e);
        }
        return out.toByteArray();
    }
}
