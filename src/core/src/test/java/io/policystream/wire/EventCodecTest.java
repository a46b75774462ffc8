package io.policystream.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.policystream.event.Action;
import io.policystream.event.Event;
import io.policystream.event.EventType;
import io.policystream.event.InvalidEventException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What the event codec accepts, what it writes, and that the golden files hold both ways. */
class EventCodecTest {
    private final EventCodec codec = new EventCodec();

    @Test
    void shouldDecodeGoldenCategoricalEvent() throws InvalidEventException {
        assertThat(codec.decode("a7-000123", Golden.bytes(Golden.EVENT_CATEGORICAL)))
                .isEqualTo(Golden.categoricalEvent());
    }

    @Test
    void shouldDecodeGoldenGaussianEvent() throws InvalidEventException {
        assertThat(codec.decode("p-42", Golden.bytes(Golden.EVENT_GAUSSIAN))).isEqualTo(Golden.gaussianEvent());
    }

    @Test
    void shouldDecodeGoldenRewardEvent() throws InvalidEventException {
        assertThat(codec.decode("a7-000123", Golden.bytes(Golden.EVENT_REWARD))).isEqualTo(Golden.rewardEvent());
    }

    @Test
    void shouldEncodeCategoricalEventAsGoldenFile() {
        assertThat(codec.encode(Golden.categoricalEvent())).isEqualTo(Golden.bytes(Golden.EVENT_CATEGORICAL));
    }

    @Test
    void shouldEncodeGaussianEventAsGoldenFile() {
        assertThat(codec.encode(Golden.gaussianEvent())).isEqualTo(Golden.bytes(Golden.EVENT_GAUSSIAN));
    }

    @Test
    void shouldEncodeRewardEventAsGoldenFile() {
        assertThat(codec.encode(Golden.rewardEvent())).isEqualTo(Golden.bytes(Golden.EVENT_REWARD));
    }

    @ParameterizedTest
    @ValueSource(strings = {Golden.EVENT_CATEGORICAL, Golden.EVENT_GAUSSIAN, Golden.EVENT_REWARD})
    void shouldReencodeGoldenFilesByteForByte(String file) throws InvalidEventException {
        byte[] golden = Golden.bytes(file);
        assertThat(codec.encode(codec.decode(golden))).isEqualTo(golden);
    }

    @Test
    void shouldDecodeTheSpecExampleWithWhitespaceAndLineBreaks() throws InvalidEventException {
        String spec = """
                {"type":"step","policy":"cartpole","episode":"a7-000123","step":0,
                 "state":[0.01,-0.02,0.03,0.04],"action":1,"logProb":-0.6931,
                 "policyVersion":17,"reward":1.0,"done":false,"truncated":false,
                 "time":1764000000000}
                """;
        assertThat(codec.decode("a7-000123", spec.getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(Golden.categoricalEvent());
    }

    @Test
    void shouldDefaultTypeRewardFlagsAndTime() throws InvalidEventException {
        Event e = codec.decode(Json.step().without("type").bytes());

        assertThat(e.type()).isEqualTo(EventType.STEP);
        assertThat(e.reward()).isEqualTo(0.0);
        assertThat(e.done()).isFalse();
        assertThat(e.truncated()).isFalse();
        assertThat(e.time()).isEqualTo(-1L);
    }

    @Test
    void shouldTreatNullOptionalFieldsAsAbsent() throws InvalidEventException {
        Event e = codec.decode(Json.step().with("type", "null").with("reward", "null").with("done", "null")
                .with("time", "null").bytes());

        assertThat(e).isEqualTo(codec.decode(Json.step().bytes()));
    }

    @Test
    void shouldIgnoreUnknownFieldsOfAnyShape() throws InvalidEventException {
        Event e = codec.decode(Json.step().with("extra", "{\"a\":[1,{\"b\":null}],\"c\":NaN}")
                .with("version2", "\"x\"").bytes());

        assertThat(e).isEqualTo(codec.decode(Json.step().bytes()));
    }

    @Test
    void shouldReadFieldsInAnyOrder() throws InvalidEventException {
        byte[] reversed = ("{\"policyVersion\":3,\"logProb\":-0.7,\"action\":1,\"state\":[0.5,-0.5],"
                + "\"step\":4,\"episode\":\"ep-1\",\"policy\":\"cartpole\",\"type\":\"step\"}")
                .getBytes(StandardCharsets.UTF_8);

        assertThat(codec.decode(reversed)).isEqualTo(codec.decode(Json.step().bytes()));
    }

    @Test
    void shouldDecodeIntegerArrayAsGaussianAction() throws InvalidEventException {
        Event e = codec.decode(Json.step().with("action", "[1,-2]").with("logProb", "3.5").bytes());

        assertThat(e.action()).isEqualTo(new Action.Continuous(new double[] {1.0, -2.0}));
        assertThat(e.logProb()).isEqualTo(3.5);
    }

    @Test
    void shouldAcceptZeroLogProbForCategoricalAction() throws InvalidEventException {
        assertThat(codec.decode(Json.step().with("logProb", "0").bytes()).logProb()).isZero();
    }

    @Test
    void shouldIgnoreStepFieldsOfRewardEventEvenWhenInvalid() throws InvalidEventException {
        Event e = codec.decode("ep-1", Json.reward().with("state", "[NaN,\"x\",[[1]]]").with("action", "-1")
                .with("logProb", "5").with("policyVersion", "1.5").bytes());

        assertThat(e).isEqualTo(Event.reward("cartpole", "ep-1", 4, 2.5, false, false, -1));
    }

    @Test
    void shouldAcceptMatchingKeyAndSkipTheCheckWithoutKey() throws InvalidEventException {
        byte[] json = Json.step().bytes();

        assertThat(codec.decode("ep-1", json)).isEqualTo(codec.decode(json));
        assertThat(codec.decode(json).episode()).isEqualTo("ep-1");
    }

    @Test
    void shouldCountEpisodeLengthInCodePoints() throws InvalidEventException {
        String emoji = "\uD83D\uDE00".repeat(256);

        Event e = codec.decode(Json.step().with("episode", "\"" + emoji + "\"").bytes());

        assertThat(e.episode()).isEqualTo(emoji);
        assertThat(codec.decode(emoji, codec.encode(e))).isEqualTo(e);
    }

    @Test
    void shouldAcceptPolicyIdOfSixtyFourAllowedCharacters() throws InvalidEventException {
        String id = ("Az09._-" + "x".repeat(57));

        assertThat(codec.decode(Json.step().with("policy", "\"" + id + "\"").bytes()).policy()).isEqualTo(id);
    }

    @Test
    void shouldAcceptRecordExactlyAtTheSizeLimit() throws InvalidEventException {
        byte[] json = Json.step().bytes();

        assertThat(new EventCodec(json.length).decode(json).step()).isEqualTo(4L);
    }

    @Test
    void shouldKeepLargestStepAndTime() throws InvalidEventException {
        Event e = codec.decode(Json.step().with("step", Long.toString(Long.MAX_VALUE))
                .with("time", Long.toString(Long.MAX_VALUE)).bytes());

        assertThat(e.step()).isEqualTo(Long.MAX_VALUE);
        assertThat(e.time()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void shouldOmitTimeWhenAbsent() {
        String json = new String(codec.encode(Golden.gaussianEvent()), StandardCharsets.UTF_8);

        assertThat(json).doesNotContain("\"time\"");
    }

    @Test
    void shouldRefuseToEncodeNonFiniteState() {
        Event e = Event.step("cartpole", "ep", 0, new double[] {Double.NaN}, new Action.Discrete(0), -1, 0, 0,
                false, false, -1);

        assertThatThrownBy(() -> codec.encode(e)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("state[0]: not a finite number");
    }

    @Test
    void shouldRefuseToEncodeBadPolicyId() {
        Event e = Event.reward("cart pole", "ep", 0, 1, false, false, -1);

        assertThatThrownBy(() -> codec.encode(e)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("policy: must match");
    }

    @Test
    void shouldRefuseToEncodePositiveCategoricalLogProb() {
        Event e = Event.step("cartpole", "ep", 0, new double[] {1}, new Action.Discrete(0), 0.5, 0, 0,
                false, false, -1);

        assertThatThrownBy(() -> codec.encode(e)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("logProb: must be <= 0 for a categorical action, got 0.5");
    }

    @Test
    void shouldRefuseToEncodeStepWithoutAction() {
        Event e = Event.step("cartpole", "ep", 0, new double[] {1}, null, -1, 0, 0, false, false, -1);

        assertThatThrownBy(() -> codec.encode(e)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("action: required");
    }

    @Test
    void shouldRefuseNonPositiveSizeLimit() {
        assertThatThrownBy(() -> new EventCodec(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
