package io.policystream.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.policystream.policy.Activation;
import io.policystream.policy.Architecture;
import io.policystream.policy.Distribution;
import io.policystream.policy.PolicyParams;
import io.policystream.policy.StdMode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What the params codec accepts and infers, what it writes, and that the golden files hold both ways. */
class ParamsCodecTest {
    private final ParamsCodec codec = new ParamsCodec();

    @Test
    void shouldDecodeGoldenCategoricalParams() throws InvalidParamsException {
        assertThat(codec.decode(Golden.bytes(Golden.PARAMS_CATEGORICAL))).isEqualTo(Golden.categoricalParams());
    }

    @Test
    void shouldDecodeGoldenGaussianParameterParams() throws InvalidParamsException {
        assertThat(codec.decode(Golden.bytes(Golden.PARAMS_GAUSSIAN_PARAMETER)))
                .isEqualTo(Golden.gaussianParameterParams());
    }

    @Test
    void shouldDecodeGoldenGaussianNetworkParamsWithValueNetwork() throws InvalidParamsException {
        assertThat(codec.decode(Golden.bytes(Golden.PARAMS_GAUSSIAN_NETWORK)))
                .isEqualTo(Golden.gaussianNetworkParams());
    }

    @Test
    void shouldEncodeCategoricalParamsAsGoldenFile() {
        assertThat(codec.encode(Golden.categoricalParams())).isEqualTo(Golden.bytes(Golden.PARAMS_CATEGORICAL));
    }

    @Test
    void shouldEncodeGaussianParameterParamsAsGoldenFile() {
        assertThat(codec.encode(Golden.gaussianParameterParams()))
                .isEqualTo(Golden.bytes(Golden.PARAMS_GAUSSIAN_PARAMETER));
    }

    @Test
    void shouldEncodeGaussianNetworkParamsAsGoldenFile() {
        assertThat(codec.encode(Golden.gaussianNetworkParams()))
                .isEqualTo(Golden.bytes(Golden.PARAMS_GAUSSIAN_NETWORK));
    }

    @ParameterizedTest
    @ValueSource(strings = {Golden.PARAMS_CATEGORICAL, Golden.PARAMS_GAUSSIAN_PARAMETER,
        Golden.PARAMS_GAUSSIAN_NETWORK})
    void shouldReencodeGoldenFilesByteForByte(String file) throws InvalidParamsException {
        byte[] golden = Golden.bytes(file);
        assertThat(codec.encode(codec.decode(golden))).isEqualTo(golden);
    }

    @Test
    void shouldEncodeToTheSameTextAsToBytes() {
        PolicyParams p = Golden.gaussianNetworkParams();

        assertThat(codec.encodeToString(p)).isEqualTo(new String(codec.encode(p), StandardCharsets.UTF_8));
    }

    @Test
    void shouldDecodeTheSpecExample() throws InvalidParamsException {
        String spec = """
                {"policy":"cartpole","version":18,"distribution":"categorical",
                 "activation":"tanh",
                 "layers":[{"weights":[[0.1,0.2,0.3,0.4],[0.5,0.6,0.7,0.8]],"bias":[0.0,0.0]}],
                 "logStd":null,
                 "trajectories":1234,"steps":56789,"time":1764000000000}
                """;
        PolicyParams expected = new PolicyParams("cartpole", 18,
                Architecture.categorical(4, List.of(), 2, Activation.TANH),
                new double[] {0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.0, 0.0}, null, 1234, 56789, 1764000000000L);

        assertThat(codec.decode(spec.getBytes(StandardCharsets.UTF_8))).isEqualTo(expected);
    }

    @Test
    void shouldInferTheArchitectureFromTheLayerShapes() throws InvalidParamsException {
        Architecture arch = codec.decode(Golden.bytes(Golden.PARAMS_GAUSSIAN_NETWORK)).architecture();

        assertThat(arch.distribution()).isEqualTo(Distribution.GAUSSIAN);
        assertThat(arch.std()).isEqualTo(StdMode.NETWORK);
        assertThat(arch.inputSize()).isEqualTo(2);
        assertThat(arch.hidden()).containsExactly(3);
        assertThat(arch.actionSize()).isEqualTo(1);
        assertThat(arch.valueHidden()).containsExactly(2);
    }

    @Test
    void shouldDefaultCountsAndTimeToZero() throws InvalidParamsException {
        PolicyParams p = codec.decode(Json.params().bytes());

        assertThat(p.trajectories()).isZero();
        assertThat(p.steps()).isZero();
        assertThat(p.time()).isZero();
    }

    @Test
    void shouldDefaultGaussianStdToParameter() throws InvalidParamsException {
        PolicyParams p = codec.decode(Json.params().with("distribution", "\"gaussian\"").with("logStd", "[0,0]")
                .bytes());

        assertThat(p.architecture().std()).isEqualTo(StdMode.PARAMETER);
        assertThat(p.architecture().actionSize()).isEqualTo(2);
    }

    @Test
    void shouldAcceptStdParameterAndNullLogStdOnCategoricalPolicy() throws InvalidParamsException {
        PolicyParams plain = codec.decode(Json.params().bytes());

        assertThat(codec.decode(Json.params().with("std", "\"parameter\"").with("logStd", "null").bytes()))
                .isEqualTo(plain);
    }

    @Test
    void shouldTreatNullValueAsNoValueNetwork() throws InvalidParamsException {
        assertThat(codec.decode(Json.params().with("value", "null").bytes()).hasValue()).isFalse();
    }

    @Test
    void shouldIgnoreUnknownFieldsAtTopLevelAndInLayers() throws InvalidParamsException {
        PolicyParams plain = codec.decode(Json.params().bytes());
        String layers = "[" + Json.layer(3, 2).replace("{", "{\"note\":[1,{}],") + "," + Json.layer(2, 3) + "]";

        assertThat(codec.decode(Json.params().with("config", "{\"gamma\":0.99}").with("layers", layers).bytes()))
                .isEqualTo(plain);
    }

    @Test
    void shouldWriteStdOnlyForGaussianPolicies() {
        assertThat(codec.encodeToString(Golden.categoricalParams())).doesNotContain("\"std\"");
        assertThat(codec.encodeToString(Golden.gaussianParameterParams())).contains("\"std\":\"parameter\"");
    }

    @Test
    void shouldWriteNullLogStdAndNoValueWhenThereAreNone() {
        String json = codec.encodeToString(Golden.categoricalParams());

        assertThat(json).contains("\"logStd\":null").doesNotContain("\"value\"");
    }

    @Test
    void shouldRefuseToEncodeNonFiniteParams() {
        PolicyParams p = Golden.categoricalParams();
        double[] theta = p.copyTheta();
        theta[3] = Double.POSITIVE_INFINITY;
        PolicyParams bad = p.next(19, theta, null, 0, 0, 0);

        assertThatThrownBy(() -> codec.encode(bad)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not every number is finite");
    }

    @Test
    void shouldRefuseToEncodeBadPolicyId() {
        PolicyParams bad = Golden.categoricalParams().relabel("cart pole", 0, 0, 0, 0);

        assertThatThrownBy(() -> codec.encode(bad)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("policy: must match");
    }

    @Test
    void shouldRefuseToEncodeNegativeTime() {
        PolicyParams bad = Golden.categoricalParams().relabel("cartpole", 0, 0, 0, -5);

        assertThatThrownBy(() -> codec.encode(bad)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must be >= 0");
    }
}
