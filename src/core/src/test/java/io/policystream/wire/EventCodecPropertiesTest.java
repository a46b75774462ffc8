package io.policystream.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.policystream.event.Event;
import io.policystream.event.InvalidEventException;
import io.policystream.event.InvalidReason;
import io.policystream.testkit.Gen;
import io.policystream.testkit.Sample;
import io.policystream.testkit.SeededProperty;
import io.policystream.testkit.Seeds;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Exact round trips of random events, and refusals (never crashes) for arbitrary bytes: each
 * property over the generator's edge cases and 1000 seeded events (see {@link Seeds}).
 */
class EventCodecPropertiesTest {
    private static final int TRIES = 1000;
    private static final EventCodec CODEC = new EventCodec();

    static Stream<Sample<Event>> events(TestInfo test) {
        return Seeds.samples(test, WireGenerators.edgeEvents(), TRIES, WireGenerators::event);
    }

    @SeededProperty
    @MethodSource("events")
    void shouldDecodeWhatItEncodesExactly(Sample<Event> sample) throws InvalidEventException {
        Event event = sample.value();

        assertThat(CODEC.decode(event.episode(), CODEC.encode(event))).isEqualTo(event);
    }

    @SeededProperty
    @MethodSource("events")
    void shouldRoundTripEveryStateBitPattern(Sample<Event> sample) throws InvalidEventException {
        Event event = sample.value();

        Event decoded = CODEC.decode(CODEC.encode(event));

        for (int i = 0; i < event.stateSize(); i++) {
            assertThat(Double.doubleToRawLongBits(decoded.state(i))).as("state[%d]", i)
                    .isEqualTo(Double.doubleToRawLongBits(event.state(i)));
        }
        assertThat(Double.doubleToRawLongBits(decoded.reward())).as("reward")
                .isEqualTo(Double.doubleToRawLongBits(event.reward()));
    }

    @SeededProperty
    @MethodSource("events")
    void shouldWriteOneCanonicalForm(Sample<Event> sample) throws InvalidEventException {
        byte[] once = CODEC.encode(sample.value());

        assertThat(CODEC.encode(CODEC.decode(once))).isEqualTo(once);
    }

    /** An event and where to cut its JSON: {@code cut % length} bytes are kept. */
    record Cut(Event event, int cut) {
    }

    /** The edge events cut to nothing, to one byte and to all but the last byte, then random cuts. */
    static Stream<Sample<Cut>> cuts(TestInfo test) {
        List<Sample<Cut>> edges = new ArrayList<>();
        for (Sample<Event> edge : WireGenerators.edgeEvents()) {
            int length = CODEC.encode(edge.value()).length;
            for (int cut : new int[] {0, 1, length - 1}) {
                edges.add(Sample.edge(edge.name().substring("edge: ".length()) + " cut to " + cut,
                        new Cut(edge.value(), cut)));
            }
        }
        return Seeds.samples(test, edges, TRIES,
                rng -> new Cut(WireGenerators.event(rng), Gen.between(rng, 0, 10_000)));
    }

    @SeededProperty
    @MethodSource("cuts")
    void shouldRefuseEveryStrictPrefixAsMalformed(Sample<Cut> sample) {
        byte[] json = CODEC.encode(sample.value().event());
        byte[] prefix = Arrays.copyOf(json, sample.value().cut() % json.length);

        InvalidEventException e = catchThrowableOfType(InvalidEventException.class, () -> CODEC.decode(prefix));

        assertThat(e).as("refusal of the first %d of %d bytes", prefix.length, json.length).isNotNull();
        assertThat(e.reason()).isEqualTo(InvalidReason.MALFORMED_JSON);
    }

    /**
     * Bytes that are no event: empty, single bytes at the ends of the range, JSON that is not an
     * object, an empty object, a lone brace, invalid UTF-8 and a byte-order mark before an object.
     */
    static List<Sample<byte[]>> edgeBytes() {
        List<Sample<byte[]>> edges = new ArrayList<>();
        edges.add(Sample.edge("no bytes", new byte[0]));
        for (int b : new int[] {0, 1, -1, Byte.MIN_VALUE, Byte.MAX_VALUE, '{', '"'}) {
            edges.add(Sample.edge("the byte " + b, new byte[] {(byte) b}));
        }
        for (String json : new String[] {"{}", "[]", "null", "0", "\"step\"", "{\"type\":\"step\"}", "{\"type\":"}) {
            edges.add(Sample.edge(json, json.getBytes(StandardCharsets.UTF_8)));
        }
        edges.add(Sample.edge("invalid UTF-8", new byte[] {'{', '"', (byte) 0xC3, 0x28, '"', ':', '1', '}'}));
        edges.add(Sample.edge("byte-order mark", new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, '{', '}'}));
        return edges;
    }

    /** The edge byte arrays, then uniformly random bytes, 0 to 255 of them. */
    static Stream<Sample<byte[]>> byteArrays(TestInfo test) {
        return Seeds.samples(test, edgeBytes(), TRIES, rng -> Gen.bytes(rng, 0, 255));
    }

    @SeededProperty
    @MethodSource("byteArrays")
    void shouldOnlyEverRefuseArbitraryBytesWithAReason(Sample<byte[]> sample) {
        Throwable t = catchThrowableOfType(Throwable.class, () -> CODEC.decode(sample.value()));

        assertThat(t).isInstanceOf(InvalidEventException.class);
    }
}
