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

/** The params store recognises this process's own recent versions byte for byte, and only those. */
class DecodedParamsTest {
    private static final Architecture ARCH = Architecture.categorical(2, List.of(3), 2, Activation.TANH);
    private final ParamsCodec codec = new ParamsCodec();

    @Test
    void recognisesEachOfTheLatestPublishedVersionsAndNothingElse() {
        String policy = "decoded-params-test-" + System.nanoTime();
        List<byte[]> json = new ArrayList<>();
        List<PolicyParams> params = new ArrayList<>();
        for (int v = 0; v < DecodedParams.PUBLISHED_WINDOW + 5; v++) {
            PolicyParams p = Initializer.initialize(policy, ARCH, v, v);
            byte[] bytes = codec.encode(p);
            DecodedParams.published(policy, bytes, p);
            json.add(bytes);
            params.add(p);
        }
        for (int v = 5; v < json.size(); v++) {
            // A copy: what the params topic hands back is another array with the same bytes.
            assertThat(DecodedParams.publishedAs(policy, json.get(v).clone())).isSameAs(params.get(v));
        }
        for (int v = 0; v < 5; v++) {
            assertThat(DecodedParams.publishedAs(policy, json.get(v).clone())).isNull();
        }
        byte[] altered = json.get(json.size() - 1).clone();
        altered[altered.length - 3] ^= 1;
        assertThat(DecodedParams.publishedAs(policy, altered)).isNull();
        assertThat(DecodedParams.publishedAs(policy + "-other", json.get(json.size() - 1))).isNull();
    }
}
