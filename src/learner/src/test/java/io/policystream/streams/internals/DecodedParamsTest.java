package io.policystream.streams.internals;

import static org.assertj.core.api.Assertions.assertThat;

import io.policystream.policy.Activation;
import io.policystream.policy.Architecture;
import io.policystream.policy.Initializer;
import io.policystream.policy.PolicyParams;
import io.policystream.wire.ParamsCodec;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A learner's params store recognises the learner's own recent versions byte for byte, and only
 * those; and its processors find what the store decoded by the array's identity.
 */
class DecodedParamsTest {
    private static final Architecture ARCH = Architecture.categorical(2, List.of(3), 2, Activation.TANH);
    private static final String POLICY = "decoded-params-test";
    private final ParamsCodec codec = new ParamsCodec();

    @Test
    void shouldRecogniseEachOfTheLatestPublishedVersionsAndNothingElse() {
        DecodedParams decoded = new DecodedParams();
        List<byte[]> json = new ArrayList<>();
        List<PolicyParams> params = new ArrayList<>();
        for (int v = 0; v < DecodedParams.PUBLISHED_WINDOW + 5; v++) {
            PolicyParams p = Initializer.initialize(POLICY, ARCH, v, v);
            byte[] bytes = codec.encode(p);
            decoded.published(POLICY, bytes, p);
            json.add(bytes);
            params.add(p);
        }
        for (int v = 5; v < json.size(); v++) {
            // A copy: what the params topic hands back is another array with the same bytes.
            assertThat(decoded.publishedAs(POLICY, json.get(v).clone())).isSameAs(params.get(v));
        }
        for (int v = 0; v < 5; v++) {
            assertThat(decoded.publishedAs(POLICY, json.get(v).clone())).isNull();
        }
        byte[] altered = json.get(json.size() - 1).clone();
        altered[altered.length - 3] ^= 1;
        assertThat(decoded.publishedAs(POLICY, altered)).isNull();
        assertThat(decoded.publishedAs(POLICY + "-other", json.get(json.size() - 1))).isNull();
    }

    @Test
    void shouldFindDecodedParamsByTheIdentityOfTheirBytesOnly() {
        DecodedParams decoded = new DecodedParams();
        PolicyParams p = Initializer.initialize(POLICY, ARCH, 1, 3);
        byte[] bytes = codec.encode(p);
        decoded.remember(bytes, p);

        assertThat(decoded.lookup(bytes)).isSameAs(p);
        assertThat(decoded.lookup(bytes.clone())).isNull();
    }

    @Test
    void shouldKeepWhatOneLearnerPublishedAndDecodedFromAnotherInTheSameJvm() {
        DecodedParams one = new DecodedParams();
        DecodedParams other = new DecodedParams();
        PolicyParams p = Initializer.initialize(POLICY, ARCH, 2, 7);
        byte[] bytes = codec.encode(p);
        one.published(POLICY, bytes, p);
        one.remember(bytes, p);

        assertThat(one.publishedAs(POLICY, bytes.clone())).isSameAs(p);
        assertThat(other.publishedAs(POLICY, bytes.clone())).isNull();
        assertThat(other.lookup(bytes)).isNull();
    }
}
