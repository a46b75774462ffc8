package io.policystream.wire;

import static io.policystream.wire.EventFields.ACTION;
import static io.policystream.wire.EventFields.DONE;
import static io.policystream.wire.EventFields.EPISODE;
import static io.policystream.wire.EventFields.FORMAT;
import static io.policystream.wire.EventFields.LOG_PROB;
import static io.policystream.wire.EventFields.POLICY;
import static io.policystream.wire.EventFields.POLICY_VERSION;
import static io.policystream.wire.EventFields.REWARD;
import static io.policystream.wire.EventFields.STATE;
import static io.policystream.wire.EventFields.STEP;
import static io.policystream.wire.EventFields.TIME;
import static io.policystream.wire.EventFields.TRUNCATED;
import static io.policystream.wire.EventFields.TYPE;
import static io.policystream.wire.WireJson.describe;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import io.policystream.event.Action;
import io.policystream.event.Event;
import io.policystream.event.EventType;
import io.policystream.event.InvalidReason;
import java.io.IOException;

/**
 * Reads one event object from a streaming parser, field by field in any order, straight into
 * primitives. One instance per record: it holds the fields seen so far.
 *
 * <p>{@code state}, {@code action}, {@code logProb} and {@code policyVersion} matter only for step
 * events, and the {@code type} may come last, so a refusal of one of them is kept and raised only
 * once the record turns out to be a step; a reward event ignores them, whatever they hold.
 *
 * <p>The {@code format} field may come last too, and a record of another major version is judged on
 * nothing else: a refusal of any other field is kept (the first one) and raised only once the
 * format turns out to be readable. Only malformed JSON, a duplicate field and parser limits are
 * raised at once, since they leave nothing to read the format from.
 */
final class EventReader {

    private final JsonParser p;
    private final DoubleList scratch = new DoubleList(16);
    private JsonStreamContext root;
    private final FieldSet fields = new FieldSet();
    private final FieldRefusals refusals = new FieldRefusals();
    private WireException stepFieldError;
    private FormatVersion format = FormatVersion.V1_0;

    private EventType type = EventType.STEP;
    private String policy;
    private String episode;
    private long step;
    private double[] state;
    private Action action;
    private double logProb;
    private long policyVersion;
    private double reward;
    private boolean done;
    private boolean truncated;
    private long time = -1;

    EventReader(JsonParser parser) {
        this.p = parser;
    }

    /** Reads the whole record; {@code key}, when not null, must equal the episode. */
    Event read(String key) throws IOException {
        JsonToken t = p.nextToken();
        if (t != JsonToken.START_OBJECT) {
            throw new WireException(InvalidReason.MALFORMED_JSON,
                    "an event must be a JSON object, got " + describe(p, t));
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
                    "unexpected " + describe(p, t) + " after the event object");
        }
        return build(key);
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
            case "type" -> {
                if (fields.mark(TYPE, name, v)) {
                    type = readType(v);
                }
            }
            case "policy" -> {
                if (fields.mark(POLICY, name, v)) {
                    policy = JsonValues.string(p, v, name);
                    Identifiers.checkPolicy(name, policy);
                }
            }
            case "episode" -> {
                if (fields.mark(EPISODE, name, v)) {
                    episode = JsonValues.string(p, v, name);
                    Identifiers.checkEpisode(episode);
                }
            }
            case "step" -> {
                if (fields.mark(STEP, name, v)) {
                    step = JsonValues.nonNegativeLong(p, v, name);
                }
            }
            case "reward" -> {
                if (fields.mark(REWARD, name, v)) {
                    reward = JsonValues.finite(p, v, name);
                }
            }
            case "done" -> {
                if (fields.mark(DONE, name, v)) {
                    done = JsonValues.bool(p, v, name);
                }
            }
            case "truncated" -> {
                if (fields.mark(TRUNCATED, name, v)) {
                    truncated = JsonValues.bool(p, v, name);
                }
            }
            case "time" -> {
                if (fields.mark(TIME, name, v)) {
                    time = JsonValues.nonNegativeLong(p, v, name);
                }
            }
            case "state", "action", "logProb", "policyVersion" -> readStepField(name, v);
            default -> p.skipChildren();
        }
    }

    /** Reads a step-only field; a refusal is kept (the first one) and the rest of the value skipped. */
    private void readStepField(String name, JsonToken v) throws IOException {
        try {
            switch (name) {
                case "state" -> {
                    if (fields.mark(STATE, name, v)) {
                        state = JsonValues.finiteArray(p, v, name, scratch, true);
                    }
                }
                case "action" -> {
                    if (fields.mark(ACTION, name, v)) {
                        action = readAction(v);
                    }
                }
                case "logProb" -> {
                    if (fields.mark(LOG_PROB, name, v)) {
                        logProb = JsonValues.finite(p, v, name);
                    }
                }
                default -> {
                    if (fields.mark(POLICY_VERSION, name, v)) {
                        policyVersion = JsonValues.nonNegativeLong(p, v, name);
                    }
                }
            }
        } catch (WireException e) {
            if (e.reason() == InvalidReason.MALFORMED_JSON) {
                throw e;
            }
            if (stepFieldError == null) {
                stepFieldError = e;
            }
            WireJson.skipTo(p, root);
        }
    }

    private EventType readType(JsonToken v) throws IOException {
        EventType t = EventType.fromWire(JsonValues.string(p, v, "type"));
        if (t == null) {
            throw new WireException(InvalidReason.BAD_FORMAT,
                    "type: must be \"step\" or \"reward\", got " + describe(p, v));
        }
        return t;
    }

    /** A JSON integer is a categorical index, an array a gaussian vector. */
    private Action readAction(JsonToken v) throws IOException {
        if (v == JsonToken.START_ARRAY) {
            return new Action.Continuous(JsonValues.finiteArray(p, v, "action", scratch, true));
        }
        if (v != JsonToken.VALUE_NUMBER_INT) {
            throw new WireException(InvalidReason.WRONG_TYPE,
                    "action: must be an integer >= 0 or an array of numbers, got " + describe(p, v));
        }
        if (p.getNumberType() != JsonParser.NumberType.INT || p.getIntValue() < 0) {
            throw new WireException(InvalidReason.OUT_OF_RANGE,
                    "action: must be an integer between 0 and " + Integer.MAX_VALUE + ", got " + describe(p, v));
        }
        return new Action.Discrete(p.getIntValue());
    }

    private Event build(String key) {
        refusals.throwFirst(format);
        require(POLICY, "policy: required");
        require(EPISODE, "episode: required");
        if (key != null && !key.equals(episode)) {
            throw new WireException(InvalidReason.KEY_MISMATCH, "episode: '" + WireJson.abbreviate(episode)
                    + "' differs from the record key '" + WireJson.abbreviate(key) + "'");
        }
        require(STEP, "step: required");
        if (type == EventType.REWARD) {
            require(REWARD, "reward: required for a reward event");
            return Event.reward(policy, episode, step, reward, done, truncated, time);
        }
        if (stepFieldError != null) {
            throw stepFieldError;
        }
        require(STATE, "state: required for a step event");
        require(ACTION, "action: required for a step event");
        require(LOG_PROB, "logProb: required for a step event");
        require(POLICY_VERSION, "policyVersion: required for a step event");
        if (action instanceof Action.Discrete) {
            EventChecks.checkCategoricalLogProb(logProb);
        }
        return Event.step(policy, episode, step, state, action, logProb, policyVersion, reward, done, truncated,
                time);
    }

    private void require(int bit, String message) {
        if (!fields.has(bit)) {
            throw new WireException(InvalidReason.MISSING_FIELD, message);
        }
    }
}
