package io.policystream.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.policystream.event.Event;
import io.policystream.event.InvalidEventException;
import io.policystream.event.InvalidReason;
import java.util.Arrays;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** Exact round trips of random events, and refusals (never crashes) for arbitrary bytes. */
class EventCodecPropertiesTest {
    private final EventCodec codec = new EventCodec();

    @Provide
    Arbitrary<Event> events() {
        return WireArbitraries.events();
    }

    @Property
    void shouldDecodeWhatItEncodesExactly(@ForAll("events") Event event) throws InvalidEventException {
        assertThat(codec.decode(event.episode(), codec.encode(event))).isEqualTo(event);
    }

    @Property
    void shouldRoundTripEveryStateBitPattern(@ForAll("events") Event event) throws InvalidEventException {
        Event decoded = codec.decode(codec.encode(event));
        for (int i = 0; i < event.stateSize(); i++) {
            assertThat(Double.doubleToRawLongBits(decoded.state(i)))
                    .isEqualTo(Double.doubleToRawLongBits(event.state(i)));
        }
        assertThat(Double.doubleToRawLongBits(decoded.reward())).isEqualTo(Double.doubleToRawLongBits(event.reward()));
    }

    @Property
    void shouldWriteOneCanonicalForm(@ForAll("events") Event event) throws InvalidEventException {
        byte[] once = codec.encode(event);

        assertThat(codec.encode(codec.decode(once))).isEqualTo(once);
    }

    @Property
    void shouldRefuseEveryStrictPrefixAsMalformed(@ForAll("events") Event event,
                                                  @ForAll @IntRange(min = 0, max = 10_000) int cut) {
        byte[] json = codec.encode(event);
        byte[] prefix = Arrays.copyOf(json, cut % json.length);

        InvalidEventException e = catchThrowableOfType(InvalidEventException.class, () -> codec.decode(prefix));

        assertThat(e).isNotNull();
        assertThat(e.reason()).isEqualTo(InvalidReason.MALFORMED_JSON);
    }

    @Property
    void shouldOnlyEverRefuseArbitraryBytesWithAReason(@ForAll byte[] bytes) {
        Throwable t = catchThrowableOfType(Throwable.class, () -> codec.decode(bytes));

        assertThat(t).isInstanceOf(InvalidEventException.class);
    }
}
