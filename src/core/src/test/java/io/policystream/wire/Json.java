package io.policystream.wire;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A JSON object built from raw field values, to write one invalid field into an otherwise valid
 * record: {@code Json.step().with("step", "-3").bytes()}.
 */
final class Json {
    private final Map<String, String> fields = new LinkedHashMap<>();

    private Json() {
    }

    /** A valid categorical step event keyed "ep-1". */
    static Json step() {
        return new Json()
                .with("type", "\"step\"")
                .with("policy", "\"cartpole\"")
                .with("episode", "\"ep-1\"")
                .with("step", "4")
                .with("state", "[0.5,-0.5]")
                .with("action", "1")
                .with("logProb", "-0.7")
                .with("policyVersion", "3");
    }

    /** A valid reward event keyed "ep-1". */
    static Json reward() {
        return new Json()
                .with("type", "\"reward\"")
                .with("policy", "\"cartpole\"")
                .with("episode", "\"ep-1\"")
                .with("step", "4")
                .with("reward", "2.5");
    }

    /** A valid categorical 2-3-2 params value with no hidden-layer surprises. */
    static Json params() {
        return new Json()
                .with("policy", "\"cartpole\"")
                .with("version", "1")
                .with("distribution", "\"categorical\"")
                .with("activation", "\"tanh\"")
                .with("layers", "[" + layer(3, 2) + "," + layer(2, 3) + "]");
    }

    /** A layer of {@code rows} outputs and {@code cols} inputs, all weights 0.5 and biases 0. */
    static String layer(int rows, int cols) {
        StringBuilder w = new StringBuilder("{\"weights\":[");
        for (int o = 0; o < rows; o++) {
            w.append(o == 0 ? "[" : ",[");
            for (int i = 0; i < cols; i++) {
                w.append(i == 0 ? "0.5" : ",0.5");
            }
            w.append(']');
        }
        w.append("],\"bias\":[");
        for (int o = 0; o < rows; o++) {
            w.append(o == 0 ? "0" : ",0");
        }
        return w.append("]}").toString();
    }

    Json with(String field, String rawValue) {
        fields.put(field, rawValue);
        return this;
    }

    Json without(String field) {
        fields.remove(field);
        return this;
    }

    byte[] bytes() {
        return toString().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("{");
        fields.forEach((k, v) -> b.append(b.length() == 1 ? "" : ",").append('"').append(k).append("\":").append(v));
        return b.append('}').toString();
    }
}
