package io.policystream.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.policystream.event.InvalidReason;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Every way the params codec refuses a record, each with a message naming the field. */
class ParamsCodecRejectionTest {
    private final ParamsCodec codec = new ParamsCodec();

    private InvalidParamsException refusal(byte[] json) {
        InvalidParamsException e = catchThrowableOfType(InvalidParamsException.class, () -> codec.decode(json));
        assertThat(e).as("decoding %s", json == null ? "null" : new String(json, StandardCharsets.UTF_8)).isNotNull();
        return e;
    }

    private InvalidParamsException refusal(Json json) {
        return refusal(json.bytes());
    }

    private InvalidParamsException refusal(String json) {
        return refusal(json.getBytes(StandardCharsets.UTF_8));
    }

    private static Json gaussian() {
        return Json.params().with("distribution", "\"gaussian\"").with("logStd", "[-0.5,-0.5]");
    }

    @ParameterizedTest
    @ValueSource(strings = {"[]", "1", "\"params\"", "{", "{\"policy\":}", "garbage", "{\"a\":1}{}"})
    void shouldRejectMalformedOrNonObjectJson(String json) {
        assertThat(refusal(json).reason()).isEqualTo(InvalidReason.MALFORMED_JSON);
    }

    @Test
    void shouldRejectEmptyRecord() {
        assertThat(refusal(new byte[0]).reason()).isEqualTo(InvalidReason.MALFORMED_JSON);
        assertThat(refusal((byte[]) null).reason()).isEqualTo(InvalidReason.MALFORMED_JSON);
    }

    @Test
    void shouldRejectDuplicateField() {
        InvalidParamsException e = refusal(Json.params().toString()
                .replace("\"version\":1", "\"version\":1,\"version\":2"));

        assertThat(e.reason()).isEqualTo(InvalidReason.MALFORMED_JSON);
        assertThat(e.getMessage()).isEqualTo("duplicate field \"version\"");
    }

    @Test
    void shouldRejectRecordLargerThanTheLimit() {
        byte[] json = Json.params().bytes();

        InvalidParamsException e = catchThrowableOfType(InvalidParamsException.class,
                () -> new ParamsCodec(json.length - 1).decode(json));

        assertThat(e.reason()).isEqualTo(InvalidReason.TOO_LARGE);
        assertThat(e.getMessage()).startsWith("record is ");
    }

    @Test
    void shouldRejectDeepNestingWithoutOverflowingTheStack() {
        String nested = "[".repeat(100_000) + "]".repeat(100_000);

        assertThat(refusal(Json.params().with("extra", nested)).reason()).isEqualTo(InvalidReason.TOO_LARGE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"policy", "version", "distribution", "activation", "layers"})
    void shouldRejectMissingRequiredField(String field) {
        InvalidParamsException absent = refusal(Json.params().without(field));
        InvalidParamsException nulled = refusal(Json.params().with(field, "null"));

        assertThat(absent.reason()).isEqualTo(InvalidReason.MISSING_FIELD);
        assertThat(absent.getMessage()).isEqualTo(field + ": required");
        assertThat(nulled.getMessage()).isEqualTo(field + ": required");
    }

    @Test
    void shouldRejectGaussianParameterPolicyWithoutLogStd() {
        InvalidParamsException e = refusal(gaussian().without("logStd"));

        assertThat(e.reason()).isEqualTo(InvalidReason.MISSING_FIELD);
        assertThat(e.getMessage()).isEqualTo("logStd: required for a gaussian policy with std=parameter");
    }

    @Test
    void shouldRejectLayerWithoutBias() {
        InvalidParamsException e = refusal(Json.params().with("layers", "[{\"weights\":[[1,2]]}]"));

        assertThat(e.reason()).isEqualTo(InvalidReason.MISSING_FIELD);
        assertThat(e.getMessage()).isEqualTo("layers[0].bias: required");
    }

    @Test
    void shouldRejectLayerWithoutWeights() {
        InvalidParamsException e = refusal(Json.params().with("value", "[{\"bias\":[1]}]"));

        assertThat(e.reason()).isEqualTo(InvalidReason.MISSING_FIELD);
        assertThat(e.getMessage()).isEqualTo("value[0].weights: required");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "policy       | 3                | policy: must be a string, got 3",
        "version      | 1.5              | version: must be an integer >= 0, got 1.5",
        "distribution | 0                | distribution: must be a string, got 0",
        "activation   | []               | activation: must be a string, got an array",
        "std          | true             | std: must be a string, got true",
        "layers       | {}               | layers: must be an array of layers, got an object",
        "layers       | [[1]]            | layers[0]: must be an object with weights and bias, got an array",
        "layers       | [{\"weights\":[1],\"bias\":[0]}] | layers[0].weights[0]: must be an array of numbers, got 1",
        "layers       | [{\"weights\":{},\"bias\":[0]}]  | layers[0].weights: must be an array of rows, got an object",
        "layers       | [{\"weights\":[[1,\"2\"]],\"bias\":[0]}] | layers[0].weights[0][1]: must be a number, got \"2\"",
        "logStd       | \"x\"            | logStd: must be an array of numbers, got \"x\"",
        "value        | 5                | value: must be an array of layers, got 5",
        "trajectories | \"7\"            | trajectories: must be an integer >= 0, got \"7\"",
        "steps        | 2.0              | steps: must be an integer >= 0, got 2.0",
        "time         | false            | time: must be an integer >= 0, got false",
    })
    void shouldRejectFieldOfWrongType(String field, String value, String message) {
        InvalidParamsException e = refusal(Json.params().with(field, value));

        assertThat(e.reason()).isEqualTo(InvalidReason.WRONG_TYPE);
        assertThat(e.getMessage()).isEqualTo(message);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "[{\"weights\":[[1,NaN]],\"bias\":[0]}]        | layers[0].weights[0][1]: not a finite number",
        "[{\"weights\":[[1,2]],\"bias\":[Infinity]}]   | layers[0].bias[0]: not a finite number",
        "[{\"weights\":[[1,2],[1e400,0]],\"bias\":[0,0]}] | layers[0].weights[1][0]: not a finite number",
    })
    void shouldRejectNonFiniteLayerNumbers(String layers, String message) {
        InvalidParamsException e = refusal(Json.params().with("layers", layers));

        assertThat(e.reason()).isEqualTo(InvalidReason.NON_FINITE);
        assertThat(e.getMessage()).isEqualTo(message);
    }

    @Test
    void shouldRejectNonFiniteLogStd() {
        InvalidParamsException e = refusal(gaussian().with("logStd", "[0,-Infinity]"));

        assertThat(e.reason()).isEqualTo(InvalidReason.NON_FINITE);
        assertThat(e.getMessage()).isEqualTo("logStd[1]: not a finite number");
    }

    @Test
    void shouldRejectNonFiniteValueNetworkNumber() {
        InvalidParamsException e = refusal(Json.params().with("value", "[{\"weights\":[[1,NaN]],\"bias\":[0]}]"));

        assertThat(e.reason()).isEqualTo(InvalidReason.NON_FINITE);
        assertThat(e.getMessage()).isEqualTo("value[0].weights[0][1]: not a finite number");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "distribution | \"beta\"    | distribution: must be \"categorical\" or \"gaussian\", got \"beta\"",
        "activation   | \"sigmoid\" | activation: must be \"tanh\" or \"relu\", got \"sigmoid\"",
        "std          | \"learned\" | std: must be \"parameter\" or \"network\", got \"learned\"",
        "policy       | \"a b\"     | policy: must match [A-Za-z0-9._-]{1,64}, got \"a b\"",
    })
    void shouldRejectUnknownWord(String field, String value, String message) {
        InvalidParamsException e = refusal(Json.params().with(field, value));

        assertThat(e.reason()).isEqualTo(InvalidReason.BAD_FORMAT);
        assertThat(e.getMessage()).isEqualTo(message);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "version      | -1 | version: must be an integer >= 0, got -1",
        "trajectories | -2 | trajectories: must be an integer >= 0, got -2",
        "time         | 9223372036854775808 | time: must be an integer between 0 and 9223372036854775807, got 9223372036854775808",
    })
    void shouldRejectIntegerOutOfRange(String field, String value, String message) {
        InvalidParamsException e = refusal(Json.params().with(field, value));

        assertThat(e.reason()).isEqualTo(InvalidReason.OUT_OF_RANGE);
        assertThat(e.getMessage()).isEqualTo(message);
    }

    @Test
    void shouldRejectLayersThatDoNotChain() {
        String layers = "[" + Json.layer(3, 2) + "," + Json.layer(4, 3) + "," + Json.layer(2, 3) + "]";

        InvalidParamsException e = refusal(Json.params().with("layers", layers));

        assertThat(e.reason()).isEqualTo(InvalidReason.WRONG_DIMENSION);
        assertThat(e.getMessage()).isEqualTo("layers[2].weights: 3 columns, previous layer has 4 outputs");
    }

    @Test
    void shouldRejectRaggedWeightRows() {
        InvalidParamsException e = refusal(Json.params().with("layers",
                "[{\"weights\":[[1,2],[3,4,5]],\"bias\":[0,0]}]"));

        assertThat(e.reason()).isEqualTo(InvalidReason.WRONG_DIMENSION);
        assertThat(e.getMessage()).isEqualTo("layers[0].weights[1]: 3 columns, row 0 has 2");
    }

    @Test
    void shouldRejectBiasOfWrongLength() {
        InvalidParamsException e = refusal(Json.params().with("layers", "[{\"weights\":[[1,2],[3,4]],\"bias\":[0]}]"));

        assertThat(e.reason()).isEqualTo(InvalidReason.WRONG_DIMENSION);
        assertThat(e.getMessage()).isEqualTo("layers[0].bias: 1 entries, weights have 2 rows");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "[]                                 | layers: must not be empty",
        "[{\"weights\":[],\"bias\":[]}]     | layers[0].weights: must not be empty",
        "[{\"weights\":[[]],\"bias\":[0]}]  | layers[0].weights[0]: must not be empty",
    })
    void shouldRejectEmptyLayers(String layers, String message) {
        InvalidParamsException e = refusal(Json.params().with("layers", layers));

        assertThat(e.reason()).isEqualTo(InvalidReason.WRONG_DIMENSION);
        assertThat(e.getMessage()).isEqualTo(message);
    }

    @Test
    void shouldRejectLogStdOfWrongLength() {
        InvalidParamsException e = refusal(gaussian().with("logStd", "[0,0,0]"));

        assertThat(e.reason()).isEqualTo(InvalidReason.WRONG_DIMENSION);
        assertThat(e.getMessage()).isEqualTo("logStd: 3 entries, the last layer has 2 outputs");
    }

    @Test
    void shouldRejectLogStdOnCategoricalPolicy() {
        InvalidParamsException e = refusal(Json.params().with("logStd", "[0,0]"));

        assertThat(e.reason()).isEqualTo(InvalidReason.OUT_OF_RANGE);
        assertThat(e.getMessage()).isEqualTo("logStd: must be null or absent for a categorical policy");
    }

    @Test
    void shouldRejectLogStdWithStdNetwork() {
        InvalidParamsException e = refusal(gaussian().with("std", "\"network\""));

        assertThat(e.reason()).isEqualTo(InvalidReason.OUT_OF_RANGE);
        assertThat(e.getMessage()).isEqualTo("logStd: must be null or absent for std=network");
    }

    @Test
    void shouldRejectStdNetworkOnCategoricalPolicy() {
        InvalidParamsException e = refusal(Json.params().with("std", "\"network\""));

        assertThat(e.reason()).isEqualTo(InvalidReason.OUT_OF_RANGE);
        assertThat(e.getMessage())
                .isEqualTo("std: \"network\" applies to gaussian policies only, this one is categorical");
    }

    @Test
    void shouldRejectStdNetworkWithOddLastLayer() {
        String layers = "[" + Json.layer(3, 2) + "," + Json.layer(3, 3) + "]";

        InvalidParamsException e = refusal(gaussian().without("logStd").with("std", "\"network\"")
                .with("layers", layers));

        assertThat(e.reason()).isEqualTo(InvalidReason.WRONG_DIMENSION);
        assertThat(e.getMessage()).isEqualTo(
                "layers[1].weights: 3 rows, std=network needs an even number (n means, then n log standard deviations)");
    }

    @Test
    void shouldRejectValueNetworkNotStartingAtTheInputSize() {
        InvalidParamsException e = refusal(Json.params().with("value", "[" + Json.layer(1, 3) + "]"));

        assertThat(e.reason()).isEqualTo(InvalidReason.WRONG_DIMENSION);
        assertThat(e.getMessage()).isEqualTo("value[0].weights: 3 columns, the input size is 2");
    }

    @Test
    void shouldRejectValueNetworkNotEndingInOneOutput() {
        InvalidParamsException e = refusal(Json.params().with("value", "[" + Json.layer(4, 2) + "," + Json.layer(2, 4)
                + "]"));

        assertThat(e.reason()).isEqualTo(InvalidReason.WRONG_DIMENSION);
        assertThat(e.getMessage()).isEqualTo("value[1].weights: 2 rows, the value network must end in one output");
    }

    @Test
    void shouldRejectValueLayersThatDoNotChain() {
        InvalidParamsException e = refusal(Json.params().with("value", "[" + Json.layer(4, 2) + "," + Json.layer(1, 3)
                + "]"));

        assertThat(e.reason()).isEqualTo(InvalidReason.WRONG_DIMENSION);
        assertThat(e.getMessage()).isEqualTo("value[1].weights: 3 columns, previous layer has 4 outputs");
    }
}
