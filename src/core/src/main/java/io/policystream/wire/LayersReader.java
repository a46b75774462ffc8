package io.policystream.wire;

import static io.policystream.wire.WireJson.describe;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.policystream.event.InvalidReason;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a list of dense layers ({@code [{"weights":[[...],...],"bias":[...]}, ...]}), checking each
 * layer on its own: rectangular, non-empty, finite, and one bias entry per row. Whether the layers
 * chain is the caller's business, since it depends on the other fields.
 */
final class LayersReader {
    private final JsonParser p;

    LayersReader(JsonParser parser) {
        this.p = parser;
    }

    List<DenseLayer> read(JsonToken t, String field) throws IOException {
        return readList(t, field, "layers", this::readLayer);
    }

    /**
     * Reads the shapes of a binary record's header ({@code [[rows, columns], ...]}, see
     * {@link ParamsBinary}): layers whose numbers are still in the record's body.
     */
    List<DenseLayer> readShapes(JsonToken t, String field) throws IOException {
        return readList(t, field, "[rows, columns] pairs", this::readShape);
    }

    /** One element of a list of layers, from its first token. */
    private interface Element {
        DenseLayer read(JsonToken first, String name) throws IOException;
    }

    /** A non-empty JSON array of {@code what}, each element read by {@code element}. */
    private List<DenseLayer> readList(JsonToken t, String field, String what, Element element) throws IOException {
        if (t != JsonToken.START_ARRAY) {
            throw new WireException(InvalidReason.WRONG_TYPE,
                    field + ": must be an array of " + what + ", got " + describe(p, t));
        }
        List<DenseLayer> layers = new ArrayList<>();
        JsonToken e;
        while ((e = p.nextToken()) != JsonToken.END_ARRAY) {
            layers.add(element.read(e, field + "[" + layers.size() + "]"));
        }
        if (layers.isEmpty()) {
            throw new WireException(InvalidReason.WRONG_DIMENSION, field + ": must not be empty");
        }
        return layers;
    }

    private DenseLayer readShape(JsonToken t, String name) throws IOException {
        if (t != JsonToken.START_ARRAY) {
            throw new WireException(InvalidReason.WRONG_TYPE,
                    name + ": must be a [rows, columns] pair, got " + describe(p, t));
        }
        int rows = positiveSize(p.nextToken(), name);
        int cols = positiveSize(p.nextToken(), name);
        if (p.nextToken() != JsonToken.END_ARRAY) {
            throw new WireException(InvalidReason.WRONG_DIMENSION,
                    name + ": must hold exactly two numbers, rows and columns");
        }
        return new DenseLayer(rows, cols, null, null);
    }

    private int positiveSize(JsonToken t, String name) throws IOException {
        if (t == JsonToken.END_ARRAY) {
            throw new WireException(InvalidReason.WRONG_DIMENSION,
                    name + ": must hold exactly two numbers, rows and columns");
        }
        long n = JsonValues.nonNegativeLong(p, t, name);
        if (n < 1 || n > Integer.MAX_VALUE) {
            throw new WireException(InvalidReason.OUT_OF_RANGE,
                    name + ": rows and columns must be between 1 and " + Integer.MAX_VALUE + ", got " + n);
        }
        return (int) n;
    }

    private DenseLayer readLayer(JsonToken t, String name) throws IOException {
        if (t != JsonToken.START_OBJECT) {
            throw new WireException(InvalidReason.WRONG_TYPE,
                    name + ": must be an object with weights and bias, got " + describe(p, t));
        }
        DenseLayer weights = null;
        double[] bias = null;
        boolean seenWeights = false;
        boolean seenBias = false;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken v = p.nextToken();
            if (field.equals("weights")) {
                seenWeights = once(seenWeights, name, field);
                weights = v == JsonToken.VALUE_NULL ? null : readWeights(v, name + ".weights");
            } else if (field.equals("bias")) {
                seenBias = once(seenBias, name, field);
                bias = v == JsonToken.VALUE_NULL ? null
                        : JsonValues.finiteArray(p, v, name + ".bias", new DoubleList(16), false);
            } else {
                p.skipChildren();
            }
        }
        if (weights == null) {
            throw new WireException(InvalidReason.MISSING_FIELD, name + ".weights: required");
        }
        if (bias == null) {
            throw new WireException(InvalidReason.MISSING_FIELD, name + ".bias: required");
        }
        if (bias.length != weights.rows()) {
            throw new WireException(InvalidReason.WRONG_DIMENSION, name + ".bias: " + bias.length
                    + " entries, weights have " + weights.rows() + " rows");
        }
        return new DenseLayer(weights.rows(), weights.cols(), weights.weights(), bias);
    }

    /** Reads the matrix into a layer with no bias yet; rows must all have row 0's length. */
    private DenseLayer readWeights(JsonToken t, String name) throws IOException {
        if (t != JsonToken.START_ARRAY) {
            throw new WireException(InvalidReason.WRONG_TYPE,
                    name + ": must be an array of rows, got " + describe(p, t));
        }
        DoubleList flat = new DoubleList(64);
        int rows = 0;
        int cols = -1;
        JsonToken r;
        while ((r = p.nextToken()) != JsonToken.END_ARRAY) {
            String rowName = name + "[" + rows + "]";
            int n = JsonValues.appendFiniteArray(p, r, rowName, flat, true);
            if (cols >= 0 && n != cols) {
                throw new WireException(InvalidReason.WRONG_DIMENSION,
                        rowName + ": " + n + " columns, row 0 has " + cols);
            }
            cols = n;
            rows++;
        }
        if (rows == 0) {
            throw new WireException(InvalidReason.WRONG_DIMENSION, name + ": must not be empty");
        }
        return new DenseLayer(rows, cols, flat.toArray(), null);
    }

    private static boolean once(boolean seen, String layer, String field) {
        if (seen) {
            throw new WireException(InvalidReason.MALFORMED_JSON, layer + ": duplicate field \"" + field + "\"");
        }
        return true;
    }
}
