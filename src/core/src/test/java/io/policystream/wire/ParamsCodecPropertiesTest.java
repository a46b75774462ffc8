package io.policystream.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.policystream.event.InvalidReason;
import io.policystream.policy.PolicyParams;
import io.policystream.testkit.Gen;
import io.policystream.testkit.Sample;
import io.policystream.testkit.SeededProperty;
import io.policystream.testkit.Seeds;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Exact round trips of random params over random architectures: each property over the
 * generator's edge cases and 500 (prefixes: 300) seeded params (see {@link Seeds}).
 */
class ParamsCodecPropertiesTest {
    private static final ParamsCodec CODEC = new ParamsCodec();

    static Stream<Sample<PolicyParams>> params(TestInfo test) {
        return Seeds.samples(test, WireGenerators.edgeParams(), 500, WireGenerators::params);
    }

    @SeededProperty
    @MethodSource("params")
    void shouldDecodeWhatItEncodesExactly(Sample<PolicyParams> sample) throws InvalidParamsException {
        PolicyParams params = sample.value();

        PolicyParams decoded = CODEC.decode(CODEC.encode(params));

        assertThat(decoded).isEqualTo(params);
        assertThat(decoded.architecture()).isEqualTo(params.architecture());
    }

    @SeededProperty
    @MethodSource("params")
    void shouldWriteOneCanonicalForm(Sample<PolicyParams> sample) throws InvalidParamsException {
        byte[] once = CODEC.encode(sample.value());

        assertThat(CODEC.encode(CODEC.decode(once))).isEqualTo(once);
    }

    /** Params and where to cut their JSON: {@code cut % length} bytes are kept. */
    record Cut(PolicyParams params, int cut) {
    }

    /** The edge params cut to nothing, to one byte and to all but the last byte, then random cuts. */
    static Stream<Sample<Cut>> cuts(TestInfo test) {
        List<Sample<Cut>> edges = new ArrayList<>();
        for (Sample<PolicyParams> edge : WireGenerators.edgeParams()) {
            int length = CODEC.encode(edge.value()).length;
            for (int cut : new int[] {0, 1, length - 1}) {
                edges.add(Sample.edge(edge.name().substring("edge: ".length()) + " cut to " + cut,
                        new Cut(edge.value(), cut)));
            }
        }
        return Seeds.samples(test, edges, 300,
                rng -> new Cut(WireGenerators.params(rng), Gen.between(rng, 0, 100_000)));
    }

    @SeededProperty
    @MethodSource("cuts")
    void shouldRefuseEveryStrictPrefixAsMalformed(Sample<Cut> sample) {
        byte[] json = CODEC.encode(sample.value().params());
        byte[] prefix = Arrays.copyOf(json, sample.value().cut() % json.length);

        InvalidParamsException e = catchThrowableOfType(InvalidParamsException.class, () -> CODEC.decode(prefix));

        assertThat(e).as("refusal of the first %d of %d bytes", prefix.length, json.length).isNotNull();
        assertThat(e.reason()).isEqualTo(InvalidReason.MALFORMED_JSON);
    }
}
