package io.policystream.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.policystream.event.Event;
import io.policystream.event.InvalidEventException;
import io.policystream.event.InvalidReason;
import io.policystream.policy.PolicyParams;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The optional {@code format} field of events and params: absent means 1.0, every 1.x is read
 * (its unknown fields ignored), another major is refused as {@code unsupported-format} whatever
 * else the record holds, and a value that is not a version is refused with the usual reasons.
 */
class FormatVersionTest {
    private final EventCodec events = new EventCodec();
    private final ParamsCodec params = new ParamsCodec();

    private static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    /** The golden record with {@code "format":<raw>} as its first field, or its last when {@code last}. */
    private static byte[] withFormat(String golden, String raw, boolean last) {
        String json = utf8(Golden.bytes(golden));
        String field = "\"format\":" + raw;
        String out = last ? json.substring(0, json.length() - 1) + "," + field + "}" : "{" + field + "," + json.substring(1);
        return out.getBytes(StandardCharsets.UTF_8);
    }

    private InvalidEventException eventRefusal(byte[] json) {
        InvalidEventException e = catchThrowableOfType(InvalidEventException.class, () -> events.decode(json));
        assertThat(e).as("decoding %s", utf8(json)).isNotNull();
        return e;
    }

    private InvalidParamsException paramsRefusal(byte[] json) {
        InvalidParamsException e = catchThrowableOfType(InvalidParamsException.class, () -> params.decode(json));
        assertThat(e).as("decoding %s", utf8(json)).isNotNull();
        return e;
    }

    // absent, 1 and 1.x: the same record as without the field

    @ParameterizedTest
    @ValueSource(strings = {"1", "\"1\"", "\"1.0\"", "\"1.1\"", "\"1.10\"", "\"1.999999999\"", "null"})
    void shouldReadEveryGoldenEventOfMajorOneAsTheSameEvent(String raw) throws Exception {
        for (String golden : List.of(Golden.EVENT_CATEGORICAL, Golden.EVENT_GAUSSIAN, Golden.EVENT_REWARD)) {
            for (boolean last : new boolean[] {false, true}) {
                Event e = events.decode(withFormat(golden, raw, last));
                // Our writers write 1.0 and omit the field, so what they write is the golden file byte for byte.
                assertThat(utf8(events.encode(e))).as("%s with format %s", golden, raw)
                        .isEqualTo(utf8(Golden.bytes(golden)));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "\"1.0\"", "\"1.7\"", "null"})
    void shouldReadEveryGoldenParamsOfMajorOneAsTheSameParams(String raw) throws Exception {
        for (String golden : List.of(Golden.PARAMS_CATEGORICAL, Golden.PARAMS_GAUSSIAN_PARAMETER,
                Golden.PARAMS_GAUSSIAN_NETWORK)) {
            for (boolean last : new boolean[] {false, true}) {
                PolicyParams p = params.decode(withFormat(golden, raw, last));
                assertThat(params.encodeToString(p)).as("%s with format %s", golden, raw)
                        .isEqualTo(utf8(Golden.bytes(golden)));
            }
        }
    }

    @Test
    void shouldIgnoreTheUnknownFieldsOfAHigherMinorVersion() throws Exception {
        byte[] json = Json.step().with("format", "\"1.3\"").with("context", "{\"region\":\"eu\",\"tags\":[1,2]}")
                .with("weight", "0.5").bytes();
        Event expected = events.decode(Json.step().bytes());

        assertThat(events.decode("ep-1", json)).isEqualTo(expected);
        PolicyParams p = params.decode(Json.params().with("format", "\"1.2\"").with("entropy", "{\"mean\":0.3}")
                .bytes());
        assertThat(params.encodeToString(p)).isEqualTo(params.encodeToString(params.decode(Json.params().bytes())));
    }

    @Test
    void shouldNeverWriteTheField() throws Exception {
        assertThat(utf8(events.encode(Golden.categoricalEvent()))).doesNotContain("format");
        assertThat(params.encodeToString(Golden.gaussianNetworkParams())).doesNotContain("format");
    }

    // another major: refused as unsupported-format, before anything else is judged

    @ParameterizedTest
    @ValueSource(strings = {"2", "\"2\"", "\"2.0\"", "\"3.1\"", "2147483647", "\"999999999.0\""})
    void shouldRefuseAHigherMajorVersionAsUnsupportedFormat(String raw) {
        for (String golden : List.of(Golden.EVENT_CATEGORICAL, Golden.EVENT_REWARD)) {
            for (boolean last : new boolean[] {false, true}) {
                InvalidEventException e = eventRefusal(withFormat(golden, raw, last));
                assertThat(e.reason()).isEqualTo(InvalidReason.UNSUPPORTED_FORMAT);
                assertThat(e.getMessage()).startsWith("format: version ").contains("this reader reads 1.x");
            }
        }
        InvalidParamsException p = paramsRefusal(withFormat(Golden.PARAMS_CATEGORICAL, raw, true));
        assertThat(p.reason()).isEqualTo(InvalidReason.UNSUPPORTED_FORMAT);
        assertThat(p.getMessage()).startsWith("format: version ");
    }

    @Test
    void shouldJudgeAHigherMajorOnItsVersionAloneWhereverTheFieldComes() {
        // What 1.x would refuse (a missing policy, a string step, a bad action, a nested unknown
        // shape) may be valid in 2.0: the reason must be the version, not the field.
        byte[] first = "{\"format\":2,\"pol\":\"cartpole\",\"step\":\"four\",\"state\":{\"x\":[1,2]},\"action\":-1}"
                .getBytes(StandardCharsets.UTF_8);
        byte[] last = "{\"step\":\"four\",\"state\":{\"x\":[1,2]},\"action\":[],\"policy\":\"a b\",\"format\":\"2.0\"}"
                .getBytes(StandardCharsets.UTF_8);
        assertThat(eventRefusal(first).reason()).isEqualTo(InvalidReason.UNSUPPORTED_FORMAT);
        assertThat(eventRefusal(last).reason()).isEqualTo(InvalidReason.UNSUPPORTED_FORMAT);
        assertThat(catchThrowableOfType(InvalidEventException.class,
                () -> events.decode("another-key", Json.step().with("format", "2").bytes())).reason())
                .isEqualTo(InvalidReason.UNSUPPORTED_FORMAT);

        byte[] params2 = ("{\"layers\":[{\"w\":[[1]]}],\"version\":-1,\"policy\":\"cartpole\",\"distribution\":\"beta\","
                + "\"format\":\"2.1\"}").getBytes(StandardCharsets.UTF_8);
        assertThat(paramsRefusal(params2).reason()).isEqualTo(InvalidReason.UNSUPPORTED_FORMAT);
    }

    @Test
    void shouldStillRefuseWhatNoVersionCanReadBeforeTheVersion() {
        assertThat(eventRefusal("{\"format\":2,\"step\":1".getBytes(StandardCharsets.UTF_8)).reason())
                .isEqualTo(InvalidReason.MALFORMED_JSON);
        assertThat(eventRefusal("{\"format\":2,\"format\":2}".getBytes(StandardCharsets.UTF_8)).reason())
                .isEqualTo(InvalidReason.MALFORMED_JSON);
        assertThat(eventRefusal("{\"format\":2,\"a\":[[[[[[".getBytes(StandardCharsets.UTF_8)).reason())
                .isEqualTo(InvalidReason.MALFORMED_JSON);
    }

    @Test
    void shouldKeepTheFirstFieldRefusalOfAReadableRecord() {
        // A refusal is now kept until the object ends: the first one is still the one reported
        // (Json keeps the fields' order: policy comes before step).
        byte[] twoErrors = Json.step().with("step", "-3").with("policy", "\"a b\"").with("format", "1").bytes();
        InvalidEventException e = eventRefusal(twoErrors);
        assertThat(e.reason()).isEqualTo(InvalidReason.BAD_FORMAT);
        assertThat(e.getMessage()).startsWith("policy:");
        InvalidParamsException p = paramsRefusal(Json.params().with("version", "1.5").with("activation", "\"sigmoid\"")
                .with("format", "\"1.4\"").bytes());
        assertThat(p.reason()).isEqualTo(InvalidReason.WRONG_TYPE);
        assertThat(p.getMessage()).startsWith("version:");
    }

    // values that are not a version

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "1.0            | wrong-type",
        "1.5            | wrong-type",
        "2e0            | wrong-type",
        "true           | wrong-type",
        "[1,0]          | wrong-type",
        "{\"major\":1}  | wrong-type",
        "0              | out-of-range",
        "-1             | out-of-range",
        "2147483648     | out-of-range",
        "99999999999999999999999 | out-of-range",
        "\"\"           | bad-format",
        "\"v1\"         | bad-format",
        "\"1.\"         | bad-format",
        "\".1\"         | bad-format",
        "\"1.0.0\"      | bad-format",
        "\"01.0\"       | bad-format",
        "\"1.01\"       | bad-format",
        "\"+1.0\"       | bad-format",
        "\"-1.0\"       | bad-format",
        "\"0.9\"        | bad-format",
        "\"1.0 \"       | bad-format",
        "\"1234567890.0\" | bad-format",
        "\"１.0\"        | bad-format",
    })
    void shouldRefuseAValueThatIsNotAVersion(String raw, String reason) {
        for (boolean last : new boolean[] {false, true}) {
            InvalidEventException e = eventRefusal(withFormat(Golden.EVENT_CATEGORICAL, raw, last));
            assertThat(e.reason().code()).as(raw).isEqualTo(reason);
            assertThat(e.getMessage()).as(raw).startsWith("format: ");
            // A bad version wins over any other refusal: without a version nothing else can be judged.
            InvalidEventException both = eventRefusal(Json.step().with("step", "-1").with("format", raw).bytes());
            assertThat(both.reason().code()).as(raw).isEqualTo(reason);

            InvalidParamsException p = paramsRefusal(withFormat(Golden.PARAMS_GAUSSIAN_NETWORK, raw, last));
            assertThat(p.reason().code()).as(raw).isEqualTo(reason);
            assertThat(p.getMessage()).as(raw).startsWith("format: ");
        }
    }

    @Test
    void shouldRefuseAFieldGivenTwice() {
        InvalidEventException e = eventRefusal("{\"format\":1,\"policy\":\"p\",\"format\":1}"
                .getBytes(StandardCharsets.UTF_8));
        assertThat(e.reason()).isEqualTo(InvalidReason.MALFORMED_JSON);
        assertThat(e.getMessage()).contains("duplicate field \"format\"");
    }

    // the value type

    @Test
    void shouldCompareMajorFirstThenMinorAsIntegers() {
        assertThat(FormatVersion.parse("1.10")).isGreaterThan(FormatVersion.parse("1.9"));
        assertThat(FormatVersion.parse("2.0")).isGreaterThan(FormatVersion.parse("1.999"));
        assertThat(FormatVersion.parse("1")).isEqualTo(FormatVersion.V1_0).hasToString("1.0");
        assertThat(FormatVersion.parse("1.9").readable()).isTrue();
        assertThat(FormatVersion.parse("2.0").readable()).isFalse();
        assertThatThrownBy(() -> new FormatVersion(0, 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
