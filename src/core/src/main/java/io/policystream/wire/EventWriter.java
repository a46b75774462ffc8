package io.policystream.wire;

import com.fasterxml.jackson.core.JsonGenerator;
import io.policystream.event.Action;
import io.policystream.event.Event;
import java.io.IOException;

/** Writes an event in the field order of the wire-format page; a reward event carries no step fields. */
final class EventWriter {
    private EventWriter() {
    }

    static void write(JsonGenerator g, Event e) throws IOException {
        g.writeStartObject();
        g.writeStringField("type", e.type().wireName());
        g.writeStringField("policy", e.policy());
        g.writeStringField("episode", e.episode());
        g.writeNumberField("step", e.step());
        if (e.isStep()) {
            g.writeFieldName("state");
            g.writeStartArray();
            for (int i = 0; i < e.stateSize(); i++) {
                g.writeNumber(e.state(i));
            }
            g.writeEndArray();
            writeAction(g, e.action());
            g.writeNumberField("logProb", e.logProb());
            g.writeNumberField("policyVersion", e.policyVersion());
        }
        g.writeNumberField("reward", e.reward());
        g.writeBooleanField("done", e.done());
        g.writeBooleanField("truncated", e.truncated());
        if (e.time() >= 0) {
            g.writeNumberField("time", e.time());
        }
        g.writeEndObject();
    }

    private static void writeAction(JsonGenerator g, Action action) throws IOException {
        if (action instanceof Action.Discrete d) {
            g.writeNumberField("action", d.index());
            return;
        }
        Action.Continuous c = (Action.Continuous) action;
        g.writeFieldName("action");
        g.writeStartArray();
        for (int j = 0; j < c.size(); j++) {
            g.writeNumber(c.get(j));
        }
        g.writeEndArray();
    }
}
