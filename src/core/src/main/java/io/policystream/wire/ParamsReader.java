package io.policystream.wire;

import static io.policystream.wire.WireJson.describe;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import io.policystream.event.InvalidReason;
import io.policystream.policy.Activation;
import io.policystream.policy.Architecture;
import io.policystream.policy.Distribution;
import io.policystream.policy.MlpShape;
import io.policystream.policy.PolicyParams;
import io.policystream.policy.Provenance;
import io.policystream.policy.StdMode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * Reads one params object, fields in any order, and infers the {@link Architecture} from the
 * layer shapes: the input size is the columns of layer 0, the hidden sizes are the outputs of all
 * but the last layer, the action size is the last layer's outputs (halved for std=network).
 * One instance per record.
 *
 * <p>A record whose {@code format} field declares another major version is refused as
 * {@code unsupported-format} and judged on nothing else, wherever the field comes: a refusal of
 * another field is kept (the first one) until the whole object has been read. Malformed JSON, a
 * duplicate field and parser limits are raised at once.
 *
 * <p>It also reads the header of a binary record ({@link ParamsBinary}): there {@code layers} and
 * {@code value} are lists of shapes, {@code logStd} is ignored, and every number comes from the
 * record's body, in the layout of the flat parameter vectors.
 */
final class ParamsReader {
    private static final int POLICY = 1;
    private static final int VERSION = 1 << 1;
    private static final int DISTRIBUTION = 1 << 2;
    private static final int ACTIVATION = 1 << 3;
    private static final int STD = 1 << 4;
    private static final int LAYERS = 1 << 5;
    private static final int LOG_STD = 1 << 6;
    private static final int VALUE = 1 << 7;
    private static final int TRAJECTORIES = 1 << 8;
    private static final int STEPS = 1 << 9;
    private static final int TIME = 1 << 10;
    private static final int PROMOTED_FROM = 1 << 11;
    private static final int ROLLED_BACK_TO = 1 << 12;
    private static final int FORMAT = 1 << 13;

    private final JsonParser p;
    /** The body of a binary record (little-endian doubles), or null for a JSON record. */
    private final ByteBuffer numbers;
    private final FieldSet fields = new FieldSet();
    private JsonStreamContext root;
    private final FieldRefusals refusals = new FieldRefusals();
    private FormatVersion format = FormatVersion.V1_0;

    private String policy;
    private long version;
    private Distribution distribution;
    private Activation activation;
    private StdMode std;
    private List<DenseLayer> layers;
    private double[] logStd;
    private List<DenseLayer> value;
    private long trajectories;
    private long steps;
    private long time;
    private String promotedFromTopic;
    private long promotedFromVersion = -1;
    private long rolledBackTo = -1;

    ParamsReader(JsonParser parser) {
        this(parser, null);
    }

    /** A reader of a binary record's header whose numbers are {@code numbers}' remaining bytes. */
    ParamsReader(JsonParser parser, ByteBuffer numbers) {
        this.p = parser;
        this.numbers = numbers;
    }

    PolicyParams read() throws IOException {
        JsonToken t = p.nextToken();
        if (t != JsonToken.START_OBJECT) {
            throw new WireException(InvalidReason.MALFORMED_JSON,
                    "params must be a JSON object, got " + describe(p, t));
        }
        root = p.getParsingContext();
        while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            try {
                readField(name, p.nextToken());
            } catch (WireException e) {
                keep(name, e);
            }
        }
        t = p.nextToken();
        if (t != null) {
            throw new WireException(InvalidReason.MALFORMED_JSON,
                    "unexpected " + describe(p, t) + " after the params object");
        }
        return build();
    }

    /** Keeps a field's refusal for {@link #build} and skips the rest of its value. */
    private void keep(String name, WireException e) throws IOException {
        refusals.keep(name, e);
        WireJson.skipTo(p, root);
    }

    private void readField(String name, JsonToken v) throws IOException {
        switch (name) {
            case FormatVersion.FIELD -> {
                if (fields.mark(FORMAT, name, v)) {
                    format = FormatVersion.read(p, v);
                }
            }
            case "policy" -> {
                if (fields.mark(POLICY, name, v)) {
                    policy = JsonValues.string(p, v, name);
                    Identifiers.checkPolicy(name, policy);
                }
            }
            case "version" -> {
                if (fields.mark(VERSION, name, v)) {
                    version = JsonValues.nonNegativeLong(p, v, name);
                }
            }
            case "distribution" -> {
                if (fields.mark(DISTRIBUTION, name, v)) {
                    distribution = Distribution.fromWire(JsonValues.string(p, v, name));
                    checkKnown(distribution, name, "\"categorical\" or \"gaussian\"", v);
                }
            }
            case "activation" -> {
                if (fields.mark(ACTIVATION, name, v)) {
                    activation = Activation.fromWire(JsonValues.string(p, v, name));
                    checkKnown(activation, name, "\"tanh\" or \"relu\"", v);
                }
            }
            case "std" -> {
                if (fields.mark(STD, name, v)) {
                    std = StdMode.fromWire(JsonValues.string(p, v, name));
                    checkKnown(std, name, "\"parameter\" or \"network\"", v);
                }
            }
            case "layers" -> {
                if (fields.mark(LAYERS, name, v)) {
                    layers = numbers == null ? new LayersReader(p).read(v, name)
                            : new LayersReader(p).readShapes(v, name);
                }
            }
            case "logStd" -> {
                if (numbers != null) {
                    p.skipChildren();
                } else if (fields.mark(LOG_STD, name, v)) {
                    logStd = JsonValues.finiteArray(p, v, name, new DoubleList(8), false);
                }
            }
            case "value" -> {
                if (fields.mark(VALUE, name, v)) {
                    value = numbers == null ? new LayersReader(p).read(v, name)
                            : new LayersReader(p).readShapes(v, name);
                }
            }
            case "trajectories" -> {
                if (fields.mark(TRAJECTORIES, name, v)) {
                    trajectories = JsonValues.nonNegativeLong(p, v, name);
                }
            }
            case "steps" -> {
                if (fields.mark(STEPS, name, v)) {
                    steps = JsonValues.nonNegativeLong(p, v, name);
                }
            }
            case "time" -> {
                if (fields.mark(TIME, name, v)) {
                    time = JsonValues.nonNegativeLong(p, v, name);
                }
            }
            case "promotedFrom" -> {
                if (fields.mark(PROMOTED_FROM, name, v)) {
                    readPromotedFrom(v);
                }
            }
            case "rolledBackTo" -> {
                if (fields.mark(ROLLED_BACK_TO, name, v)) {
                    rolledBackTo = JsonValues.nonNegativeLong(p, v, name);
                }
            }
            default -> p.skipChildren();
        }
    }

    /** {@code {"topic": "...", "version": N}}; other fields inside are ignored, as everywhere. */
    private void readPromotedFrom(JsonToken v) throws IOException {
        if (v != JsonToken.START_OBJECT) {
            throw new WireException(InvalidReason.WRONG_TYPE,
                    "promotedFrom: must be an object {\"topic\": ..., \"version\": ...}, got " + describe(p, v));
        }
        boolean topicSeen = false;
        boolean versionSeen = false;
        JsonToken t;
        while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            switch (field) {
                case "topic" -> {
                    if (topicSeen) {
                        throw new WireException(InvalidReason.MALFORMED_JSON, "duplicate field \"promotedFrom.topic\"");
                    }
                    topicSeen = true;
                    if (value != JsonToken.VALUE_NULL) {
                        promotedFromTopic = JsonValues.string(p, value, "promotedFrom.topic");
                    }
                }
                case "version" -> {
                    if (versionSeen) {
                        throw new WireException(InvalidReason.MALFORMED_JSON,
                                "duplicate field \"promotedFrom.version\"");
                    }
                    versionSeen = true;
                    if (value != JsonToken.VALUE_NULL) {
                        promotedFromVersion = JsonValues.nonNegativeLong(p, value, "promotedFrom.version");
                    }
                }
                default -> p.skipChildren();
            }
        }
        if (promotedFromTopic == null || promotedFromTopic.isEmpty()) {
            throw new WireException(InvalidReason.MISSING_FIELD, "promotedFrom.topic: required, a non-empty string");
        }
        if (promotedFromVersion < 0) {
            throw new WireException(InvalidReason.MISSING_FIELD, "promotedFrom.version: required");
        }
    }


    private void checkKnown(Object parsed, String field, String allowed, JsonToken v) throws IOException {
        if (parsed == null) {
            throw new WireException(InvalidReason.BAD_FORMAT,
                    field + ": must be " + allowed + ", got " + describe(p, v));
        }
    }

    private PolicyParams build() {
        refusals.throwFirst(format);
        require(POLICY, "policy");
        require(VERSION, "version");
        require(DISTRIBUTION, "distribution");
        require(ACTIVATION, "activation");
        require(LAYERS, "layers");
        StdMode mode = stdMode();
        LayerShapes.checkChain(layers, "layers", layers.get(0).cols());
        int actionSize = actionSize(mode);
        if (numbers == null) {
            checkLogStd(mode, actionSize);
        }
        int inputSize = layers.get(0).cols();
        List<Integer> valueHidden = null;
        if (value != null) {
            LayerShapes.checkChain(value, "value", inputSize);
            DenseLayer last = value.get(value.size() - 1);
            if (last.rows() != 1) {
                throw new WireException(InvalidReason.WRONG_DIMENSION, "value[" + (value.size() - 1)
                        + "].weights: " + last.rows() + " rows, the value network must end in one output");
            }
            valueHidden = LayerShapes.hidden(value);
        }
        if (numbers != null) {
            checkBodyLength(mode, actionSize);
        }
        Architecture arch = new Architecture(distribution, activation, mode, inputSize, LayerShapes.hidden(layers),
                actionSize, valueHidden);
        Provenance provenance = new Provenance(promotedFromTopic, promotedFromVersion, rolledBackTo);
        if (numbers != null) {
            double[] theta = ParamsBinary.readFinite(numbers, arch.policyParamCount(), 0);
            double[] v = arch.hasValue() ? ParamsBinary.readFinite(numbers, arch.valueParamCount(),
                    arch.policyParamCount()) : null;
            return new PolicyParams(policy, version, arch, theta, v, trajectories, steps, time, provenance);
        }
        return new PolicyParams(policy, version, arch, theta(arch), valueVector(arch), trajectories, steps, time,
                provenance);
    }

    /** std applies to gaussians (default parameter); a categorical policy may only say "parameter". */
    private StdMode stdMode() {
        if (distribution == Distribution.GAUSSIAN) {
            return std == null ? StdMode.PARAMETER : std;
        }
        if (std == StdMode.NETWORK) {
            throw new WireException(InvalidReason.OUT_OF_RANGE,
                    "std: \"network\" applies to gaussian policies only, this one is categorical");
        }
        return StdMode.PARAMETER;
    }

    private int actionSize(StdMode mode) {
        int last = layers.size() - 1;
        int outputs = layers.get(last).rows();
        if (distribution == Distribution.GAUSSIAN && mode == StdMode.NETWORK) {
            if (outputs % 2 != 0) {
                throw new WireException(InvalidReason.WRONG_DIMENSION, "layers[" + last + "].weights: " + outputs
                        + " rows, std=network needs an even number (n means, then n log standard deviations)");
            }
            return outputs / 2;
        }
        return outputs;
    }

    private void checkLogStd(StdMode mode, int actionSize) {
        boolean needed = distribution == Distribution.GAUSSIAN && mode == StdMode.PARAMETER;
        if (needed && logStd == null) {
            throw new WireException(InvalidReason.MISSING_FIELD,
                    "logStd: required for a gaussian policy with std=parameter");
        }
        if (needed && logStd.length != actionSize) {
            throw new WireException(InvalidReason.WRONG_DIMENSION, "logStd: " + logStd.length
                    + " entries, the last layer has " + actionSize + " outputs");
        }
        if (!needed && logStd != null) {
            String which = distribution == Distribution.CATEGORICAL ? "a categorical policy" : "std=network";
            throw new WireException(InvalidReason.OUT_OF_RANGE, "logStd: must be null or absent for " + which);
        }
    }

    /**
     * A binary body must hold exactly the numbers the shapes call for; counted in longs before any
     * array is made, so that a hostile header cannot ask for more than the record holds.
     */
    private void checkBodyLength(StdMode mode, int actionSize) {
        long count = ParamsBinary.count(layers);
        if (distribution == Distribution.GAUSSIAN && mode == StdMode.PARAMETER) {
            count += actionSize;
        }
        if (value != null) {
            count += ParamsBinary.count(value);
        }
        long bytes = numbers.remaining();
        if (bytes % Double.BYTES != 0 || bytes / Double.BYTES != count) {
            throw new WireException(InvalidReason.WRONG_DIMENSION, "numbers: the body holds " + bytes
                    + " bytes, the shapes call for " + (count == Long.MAX_VALUE ? "more than " + Long.MAX_VALUE : count)
                    + " numbers of 8 bytes each");
        }
    }

    private double[] theta(Architecture arch) {
        double[] theta = new double[arch.policyParamCount()];
        MlpShape shape = arch.policyShape();
        LayerShapes.flattenInto(layers, shape, theta);
        if (logStd != null) {
            System.arraycopy(logStd, 0, theta, arch.logStdOffset(), logStd.length);
        }
        return theta;
    }

    private double[] valueVector(Architecture arch) {
        if (value == null) {
            return null;
        }
        double[] v = new double[arch.valueParamCount()];
        LayerShapes.flattenInto(value, arch.valueShape(), v);
        return v;
    }

    private void require(int bit, String field) {
        if (!fields.has(bit)) {
            throw new WireException(InvalidReason.MISSING_FIELD, field + ": required");
        }
    }
}
