package io.policystream.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.policystream.event.InvalidEventException;
import io.policystream.event.InvalidReason;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Every way the event codec refuses a record: one reason code and one message naming the field. */
class EventCodecRejectionTest {
    private final EventCodec codec = new EventCodec();

    private InvalidEventException refusal(String key, byte[] json) {
        InvalidEventException e = catchThrowableOfType(InvalidEventException.class, () -> codec.decode(key, json));
        assertThat(e).as("decoding %s", json == null ? "null" : new String(json, StandardCharsets.UTF_8)).isNotNull();
        return e;
    }

    private InvalidEventException refusal(Json json) {
        return refusal(null, json.bytes());
    }

    private InvalidEventException refusal(String json) {
        return refusal(null, json.getBytes(StandardCharsets.UTF_8));
    }

    // malformed-json

    @ParameterizedTest
    @ValueSource(strings = {"[1,2]", "42", "\"event\"", "null", "true"})
    void shouldRejectJsonThatIsNotAnObject(String json) {
        InvalidEventException e = refusal(json);

        assertThat(e.reason()).isEqualTo(InvalidReason.MALFORMED_JSON);
        assertThat(e.getMessage()).startsWith("an event must be a JSON object, got ");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{", "{\"policy\":", "{\"policy\" \"x\"}", "{'policy':'x'}", "{\"a\":1,}", "not json",
        "{\"a\":tru}", "{\"a\":01}"})
    void shouldRejectGarbageAsMalformedJson(String json) {
        InvalidEventException e = refusal(json);

        assertThat(e.reason()).isEqualTo(InvalidReason.MALFORMED_JSON);
        assertThat(e.getMessage()).startsWith("malformed JSON");
    }

    @Test
    void shouldRejectEmptyAndNullRecords() {
        assertThat(refusal(null, new byte[0]).reason()).isEqualTo(InvalidReason.MALFORMED_JSON);
        assertThat(refusal(null, null).reason()).isEqualTo(InvalidReason.MALFORMED_JSON);
        assertThat(refusal("   ").reason()).isEqualTo(InvalidReason.MALFORMED_JSON);
    }

    @Test
    void shouldRejectContentAfterTheObject() {
        assertThat(refusal(Json.step() + "{}").getMessage()).isEqualTo("unexpected an object after the event object");
        assertThat(refusal(Json.step() + " x").reason()).isEqualTo(InvalidReason.MALFORMED_JSON);
    }

    @Test
    void shouldRejectDuplicateKnownField() {
        InvalidEventException e = refusal(Json.step().toString().replace("\"step\":4", "\"step\":4,\"step\":5"));

        assertThat(e.reason()).isEqualTo(InvalidReason.MALFORMED_JSON);
        assertThat(e.getMessage()).isEqualTo("duplicate field \"step\"");
    }

    @Test
    void shouldRejectInvalidUtf8() {
        byte[] json = Json.step().with("episode", "\"ab\"").bytes();
        int a = new String(json, StandardCharsets.ISO_8859_1).indexOf("ab");
        json[a] = (byte) 0xC3;
        json[a + 1] = (byte) 0x28;

        assertThat(refusal(null, json).reason()).isEqualTo(InvalidReason.MALFORMED_JSON);
    }

    // too-large

    @Test
    void shouldRejectRecordLargerThanTheLimit() {
        byte[] json = Json.step().bytes();

        InvalidEventException e = catchThrowableOfType(InvalidEventException.class,
                () -> new EventCodec(json.length - 1).decode(json));

        assertThat(e.reason()).isEqualTo(InvalidReason.TOO_LARGE);
        assertThat(e.getMessage()).isEqualTo("record is " + json.length + " bytes, the limit is " + (json.length - 1));
    }

    @Test
    void shouldRejectRecordOverTheDefaultMebibyte() {
        String state = "0," .repeat(600_000) + "0";

        assertThat(refusal(Json.step().with("state", "[" + state + "]")).reason()).isEqualTo(InvalidReason.TOO_LARGE);
    }

    @Test
    void shouldRejectDeepNestingWithoutOverflowingTheStack() {
        int depth = 200_000;
        String nested = "[".repeat(depth) + "]".repeat(depth);

        InvalidEventException e = refusal(Json.step().with("unknown", nested));

        assertThat(e.reason()).isEqualTo(InvalidReason.TOO_LARGE);
        assertThat(e.getMessage()).contains("nesting depth");
    }

    @Test
    void shouldAcceptHugeStateWithinTheLimit() throws InvalidEventException {
        String state = "1," .repeat(200_000) + "1";

        assertThat(codec.decode(Json.step().with("state", "[" + state + "]").bytes()).stateSize()).isEqualTo(200_001);
    }

    // missing-field

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "policy        | policy: required",
        "episode       | episode: required",
        "step          | step: required",
        "state         | state: required for a step event",
        "action        | action: required for a step event",
        "logProb       | logProb: required for a step event",
        "policyVersion | policyVersion: required for a step event",
    })
    void shouldRejectStepEventMissingRequiredField(String field, String message) {
        InvalidEventException absent = refusal(Json.step().without(field));
        InvalidEventException nulled = refusal(Json.step().with(field, "null"));

        assertThat(absent.reason()).isEqualTo(InvalidReason.MISSING_FIELD);
        assertThat(absent.getMessage()).isEqualTo(message);
        assertThat(nulled.reason()).isEqualTo(InvalidReason.MISSING_FIELD);
        assertThat(nulled.getMessage()).isEqualTo(message);
    }

    @Test
    void shouldRejectRewardEventWithoutReward() {
        InvalidEventException e = refusal(Json.reward().without("reward"));

        assertThat(e.reason()).isEqualTo(InvalidReason.MISSING_FIELD);
        assertThat(e.getMessage()).isEqualTo("reward: required for a reward event");
    }

    // wrong-type

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "type          | 1          | type: must be a string, got 1",
        "policy        | 7          | policy: must be a string, got 7",
        "episode       | true       | episode: must be a string, got true",
        "step          | \"4\"      | step: must be an integer >= 0, got \"4\"",
        "step          | 1.5        | step: must be an integer >= 0, got 1.5",
        "step          | 4.0        | step: must be an integer >= 0, got 4.0",
        "step          | 1e3        | step: must be an integer >= 0, got 1e3",
        "state         | \"0.5\"    | state: must be an array of numbers, got \"0.5\"",
        "state         | [0.5,\"x\"] | state[1]: must be a number, got \"x\"",
        "state         | [0.5,[1]]  | state[1]: must be a number, got an array",
        "state         | [null]     | state[0]: must be a number, got null",
        "action        | \"1\"      | action: must be an integer >= 0 or an array of numbers, got \"1\"",
        "action        | 1.5        | action: must be an integer >= 0 or an array of numbers, got 1.5",
        "action        | {}         | action: must be an integer >= 0 or an array of numbers, got an object",
        "action        | [1,false]  | action[1]: must be a number, got false",
        "logProb       | \"-1\"     | logProb: must be a number, got \"-1\"",
        "policyVersion | 2.5        | policyVersion: must be an integer >= 0, got 2.5",
        "reward        | \"1\"      | reward: must be a number, got \"1\"",
        "done          | \"yes\"    | done: must be true or false, got \"yes\"",
        "truncated     | 1          | truncated: must be true or false, got 1",
        "time          | 17.5       | time: must be an integer >= 0, got 17.5",
    })
    void shouldRejectFieldOfWrongType(String field, String value, String message) {
        InvalidEventException e = refusal(Json.step().with(field, value));

        assertThat(e.reason()).isEqualTo(InvalidReason.WRONG_TYPE);
        assertThat(e.getMessage()).isEqualTo(message);
    }

    // non-finite

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "state   | [0.5,-0.5,NaN]   | state[2]: not a finite number",
        "state   | [Infinity]       | state[0]: not a finite number",
        "state   | [1,-Infinity]    | state[1]: not a finite number",
        "state   | [1e400]          | state[0]: not a finite number",
        "state   | [-1e309]         | state[0]: not a finite number",
        "action  | [0.1,NaN]        | action[1]: not a finite number",
        "logProb | -Infinity        | logProb: not a finite number",
        "logProb | -1e999           | logProb: not a finite number",
        "reward  | NaN              | reward: not a finite number",
        "reward  | 1e400            | reward: not a finite number",
    })
    void shouldRejectNonFiniteNumber(String field, String value, String message) {
        InvalidEventException e = refusal(Json.step().with(field, value));

        assertThat(e.reason()).isEqualTo(InvalidReason.NON_FINITE);
        assertThat(e.getMessage()).isEqualTo(message);
    }

    @Test
    void shouldRejectIntegerTooLargeForADouble() {
        String huge = "1" + "0".repeat(400);

        InvalidEventException e = refusal(Json.step().with("reward", huge));

        assertThat(e.reason()).isEqualTo(InvalidReason.NON_FINITE);
        assertThat(e.getMessage()).isEqualTo("reward: not a finite number");
    }

    // out-of-range

    @Test
    void shouldRejectNegativeStep() {
        InvalidEventException e = refusal(Json.step().with("step", "-3"));

        assertThat(e.reason()).isEqualTo(InvalidReason.OUT_OF_RANGE);
        assertThat(e.getMessage()).isEqualTo("step: must be an integer >= 0, got -3");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "policyVersion | -1                   | policyVersion: must be an integer >= 0, got -1",
        "time          | -1                   | time: must be an integer >= 0, got -1",
        "step          | 9223372036854775808  | step: must be an integer between 0 and 9223372036854775807, got 9223372036854775808",
        "action        | -1                   | action: must be an integer between 0 and 2147483647, got -1",
        "action        | 2147483648           | action: must be an integer between 0 and 2147483647, got 2147483648",
    })
    void shouldRejectIntegerOutOfRange(String field, String value, String message) {
        InvalidEventException e = refusal(Json.step().with(field, value));

        assertThat(e.reason()).isEqualTo(InvalidReason.OUT_OF_RANGE);
        assertThat(e.getMessage()).isEqualTo(message);
    }

    @Test
    void shouldRejectPositiveLogProbForCategoricalAction() {
        InvalidEventException e = refusal(Json.step().with("logProb", "0.5"));

        assertThat(e.reason()).isEqualTo(InvalidReason.OUT_OF_RANGE);
        assertThat(e.getMessage()).isEqualTo("logProb: must be <= 0 for a categorical action, got 0.5");
    }

    // bad-format

    @ParameterizedTest
    @ValueSource(strings = {"", "cart pole", "cart/pole", "caf\u00e9",
        "x12345678901234567890123456789012345678901234567890123456789012345"})
    void shouldRejectPolicyIdOutsideThePattern(String policy) {
        InvalidEventException e = refusal(Json.step().with("policy", "\"" + policy + "\""));

        assertThat(e.reason()).isEqualTo(InvalidReason.BAD_FORMAT);
        assertThat(e.getMessage()).startsWith("policy: must match [A-Za-z0-9._-]{1,64}, got \"");
    }

    @Test
    void shouldRejectEmptyEpisode() {
        InvalidEventException e = refusal(Json.step().with("episode", "\"\""));

        assertThat(e.reason()).isEqualTo(InvalidReason.BAD_FORMAT);
        assertThat(e.getMessage()).isEqualTo("episode: must be 1 to 256 characters, got 0");
    }

    @Test
    void shouldRejectEpisodeLongerThan256Characters() {
        InvalidEventException e = refusal(Json.step().with("episode", "\"" + "e".repeat(257) + "\""));

        assertThat(e.reason()).isEqualTo(InvalidReason.BAD_FORMAT);
        assertThat(e.getMessage()).isEqualTo("episode: must be 1 to 256 characters, got 257");
    }

    @Test
    void shouldRejectEpisodeWithUnpairedSurrogate() {
        InvalidEventException e = refusal(Json.step().with("episode", "\"ab\\ud800\""));

        assertThat(e.reason()).isEqualTo(InvalidReason.BAD_FORMAT);
        assertThat(e.getMessage()).isEqualTo("episode: not valid Unicode (unpaired surrogate at index 2)");
    }

    @Test
    void shouldRejectUnknownType() {
        InvalidEventException e = refusal(Json.step().with("type", "\"decision\""));

        assertThat(e.reason()).isEqualTo(InvalidReason.BAD_FORMAT);
        assertThat(e.getMessage()).isEqualTo("type: must be \"step\" or \"reward\", got \"decision\"");
    }

    // key-mismatch

    @Test
    void shouldRejectEpisodeThatDiffersFromTheKey() {
        InvalidEventException e = refusal("y", Json.step().with("episode", "\"x\"").bytes());

        assertThat(e.reason()).isEqualTo(InvalidReason.KEY_MISMATCH);
        assertThat(e.getMessage()).isEqualTo("episode: 'x' differs from the record key 'y'");
    }

    // wrong-dimension

    @ParameterizedTest
    @ValueSource(strings = {"state", "action"})
    void shouldRejectEmptyVector(String field) {
        InvalidEventException e = refusal(Json.step().with(field, "[]"));

        assertThat(e.reason()).isEqualTo(InvalidReason.WRONG_DIMENSION);
        assertThat(e.getMessage()).isEqualTo(field + ": must not be empty");
    }

    @Test
    void shouldReportTheFirstStepFieldErrorOnceTheTypeIsKnown() {
        InvalidEventException e = refusal(Json.step().without("type").with("state", "[NaN]").with("action", "\"x\"")
                .with("type", "\"step\""));

        assertThat(e.reason()).isEqualTo(InvalidReason.NON_FINITE);
        assertThat(e.getMessage()).isEqualTo("state[0]: not a finite number");
    }
}
