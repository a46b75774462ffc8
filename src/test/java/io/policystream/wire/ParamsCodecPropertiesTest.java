package io.policystream.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.policystream.event.InvalidReason;
import io.policystream.policy.PolicyParams;
import java.util.Arrays;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** Exact round trips of random params over random architectures. */
class ParamsCodecPropertiesTest {
    private final ParamsCodec codec = new ParamsCodec();

    @Provide
    Arbitrary<PolicyParams> params() {
        return WireArbitraries.params();
    }

    @Property(tries = 500)
    void shouldDecodeWhatItEncodesExactly(@ForAll("params") PolicyParams params) throws InvalidParamsException {
        PolicyParams decoded = codec.decode(codec.encode(params));

        assertThat(decoded).isEqualTo(params);
        assertThat(decoded.architecture()).isEqualTo(params.architecture());
    }

    @Property(tries = 500)
    void shouldWriteOneCanonicalForm(@ForAll("params") PolicyParams params) throws InvalidParamsException {
        byte[] once = codec.encode(params);

        assertThat(codec.encode(codec.decode(once))).isEqualTo(once);
    }

    @Property(tries = 300)
    void shouldRefuseEveryStrictPrefixAsMalformed(@ForAll("params") PolicyParams params,
                                                  @ForAll @IntRange(min = 0, max = 100_000) int cut) {
        byte[] json = codec.encode(params);
        byte[] prefix = Arrays.copyOf(json, cut % json.length);

        InvalidParamsException e = catchThrowableOfType(InvalidParamsException.class, () -> codec.decode(prefix));

        assertThat(e).isNotNull();
        assertThat(e.reason()).isEqualTo(InvalidReason.MALFORMED_JSON);
    }
}
