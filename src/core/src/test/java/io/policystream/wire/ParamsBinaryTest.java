package io.policystream.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.policystream.event.InvalidReason;
import io.policystream.policy.PolicyParams;
import io.policystream.testkit.Gen;
import io.policystream.testkit.Sample;
import io.policystream.testkit.SeededProperty;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The binary params record of the wire format: the golden files (written by the Python example
 * from the page) both ways, exact round trips over random architectures, and every refusal.
 */
class ParamsBinaryTest {
    private static final ParamsCodec CODEC = new ParamsCodec();

    /** The seeded params of the JSON codec's properties. */
    private static final String PARAMS = "io.policystream.wire.ParamsCodecPropertiesTest#params";

    @ParameterizedTest
    @CsvSource({
        "params-categorical.json, params-categorical.bin",
        "params-gaussian-parameter.json, params-gaussian-parameter.bin",
        "params-gaussian-network.json, params-gaussian-network.bin",
    })
    void shouldReadAndWriteTheGoldenBinaryFilesAsTheirJson(String json, String binary) throws InvalidParamsException {
        PolicyParams params = CODEC.decode(Golden.bytes(json));

        assertThat(CODEC.decode(Golden.bytes(binary))).isEqualTo(params);
        assertThat(CODEC.encodeBinary(params)).isEqualTo(Golden.bytes(binary));
    }

    @Test
    void shouldStartTheNumbersAtAMultipleOfEightAfterAHeaderOfJsonWithoutNumbers() {
        byte[] record = CODEC.encodeBinary(Golden.gaussianNetworkParams());
        int headerLength = ByteBuffer.wrap(record, 4, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();

        assertThat(Arrays.copyOf(record, 4)).containsExactly(0, 'P', 'S', 'B');
        assertThat((8 + headerLength) % 8).isZero();
        assertThat(new String(record, 8, headerLength, StandardCharsets.UTF_8).strip()).isEqualTo(
                "{\"policy\":\"reacher.v2\",\"version\":42,\"distribution\":\"gaussian\",\"activation\":\"relu\","
                        + "\"std\":\"network\",\"layers\":[[3,2],[2,3]],\"value\":[[2,2],[1,2]],"
                        + "\"trajectories\":336,\"steps\":16800,\"time\":1764000123456}");
        assertThat(record.length - 8 - headerLength).isEqualTo(8 * (17 + 9));
    }

    @SeededProperty
    @MethodSource(PARAMS)
    void shouldDecodeWhatItEncodesExactly(Sample<PolicyParams> sample) throws InvalidParamsException {
        PolicyParams params = sample.value();

        PolicyParams decoded = CODEC.decode(CODEC.encodeBinary(params));

        assertThat(decoded).isEqualTo(params);
        assertThat(decoded.architecture()).isEqualTo(params.architecture());
        assertThat(CODEC.encodeBinary(decoded)).isEqualTo(CODEC.encodeBinary(params));
    }

    @SeededProperty
    @MethodSource(PARAMS)
    void shouldCarryTheSameParamsAsTheJson(Sample<PolicyParams> sample) throws InvalidParamsException {
        PolicyParams params = sample.value();

        assertThat(CODEC.decode(CODEC.encodeBinary(params))).isEqualTo(CODEC.decode(CODEC.encode(params)));
        assertThat(CODEC.encode(CODEC.decode(CODEC.encodeBinary(params)))).isEqualTo(CODEC.encode(params));
    }

    @SeededProperty
    @MethodSource(PARAMS)
    void shouldRefuseEveryStrictPrefix(Sample<PolicyParams> sample) {
        byte[] record = CODEC.encodeBinary(sample.value());
        int cut = Gen.between(new java.util.SplittableRandom(sample.name().hashCode()), 0, record.length - 1);
        byte[] prefix = Arrays.copyOf(record, cut);

        InvalidParamsException e = catchThrowableOfType(InvalidParamsException.class, () -> CODEC.decode(prefix));

        assertThat(e).as("refusal of the first %d of %d bytes", cut, record.length).isNotNull();
        assertThat(e.reason()).isIn(InvalidReason.MALFORMED_JSON, InvalidReason.WRONG_DIMENSION);
    }

    @SeededProperty
    @MethodSource(PARAMS)
    void shouldDecodeOrRefuseEveryCorruptedRecordWithAReasonNeverAnotherException(Sample<PolicyParams> sample) {
        byte[] record = CODEC.encodeBinary(sample.value());
        java.util.SplittableRandom rng = new java.util.SplittableRandom(sample.name().hashCode());
        for (int k = 0; k < 20; k++) {
            byte[] bad = record.clone();
            int flips = Gen.between(rng, 1, 4);
            for (int f = 0; f < flips; f++) {
                // Mostly the magic, the header length and the header, where a flip changes the most.
                int at = rng.nextInt(4) == 0 ? Gen.between(rng, 1, bad.length - 1)
                        : Gen.between(rng, 1, Math.min(bad.length - 1, 64));
                bad[at] = (byte) rng.nextInt(256);
            }

            assertThatCode(() -> {
                try {
                    CODEC.decode(bad);
                } catch (InvalidParamsException expected) {
                    assertThat(expected.reason()).isNotNull();
                    assertThat(expected.getMessage()).isNotBlank();
                }
            }).as("decoding %s corrupted", sample.name()).doesNotThrowAnyException();
        }
    }

    @Test
    void shouldRefuseAZeroByteThatDoesNotStartTheMagic() {
        InvalidParamsException e = refusal(new byte[] {0, 'P', 'S', 'X', 0, 0, 0, 0});

        assertThat(e.reason()).isEqualTo(InvalidReason.MALFORMED_JSON);
        assertThat(e.getMessage()).contains("00 50 53 42");
    }

    @Test
    void shouldRefuseAHeaderLongerThanTheRecord() {
        byte[] record = CODEC.encodeBinary(Golden.categoricalParams());
        ByteBuffer.wrap(record).order(ByteOrder.LITTLE_ENDIAN).putInt(4, -1);

        InvalidParamsException e = refusal(record);

        assertThat(e.reason()).isEqualTo(InvalidReason.WRONG_DIMENSION);
        assertThat(e.getMessage()).contains("header length is 4294967295 bytes");
    }

    @Test
    void shouldRefuseABodyWithOneNumberTooManyOrTooFew() {
        byte[] record = CODEC.encodeBinary(Golden.categoricalParams());

        assertThat(refusal(Arrays.copyOf(record, record.length + 8)).getMessage())
                .contains("numbers: the body holds 192 bytes, the shapes call for 23 numbers");
        assertThat(refusal(Arrays.copyOf(record, record.length - 8)).getMessage())
                .contains("numbers: the body holds 176 bytes, the shapes call for 23 numbers");
    }

    @Test
    void shouldRefuseANonFiniteNumberNamingItsPlace() {
        byte[] record = CODEC.encodeBinary(Golden.categoricalParams());
        ByteBuffer.wrap(record).order(ByteOrder.LITTLE_ENDIAN).putDouble(record.length - 8 * 3, Double.NaN);

        InvalidParamsException e = refusal(record);

        assertThat(e.reason()).isEqualTo(InvalidReason.NON_FINITE);
        assertThat(e.getMessage()).contains("numbers[20]: NaN");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "[[3,4],[2]]                   | WRONG_DIMENSION | layers[1]: must hold exactly two numbers",
        "[[3,4],[2,3,1]]               | WRONG_DIMENSION | layers[1]: must hold exactly two numbers",
        "[[0,4],[2,0]]                 | OUT_OF_RANGE    | layers[0]: rows and columns must be between 1",
        "[]                            | WRONG_DIMENSION | layers: must not be empty",
        "[{\"weights\":[[1.0]],\"bias\":[0.0]}] | WRONG_TYPE | layers[0]: must be a [rows, columns] pair",
        "[[3,4],[2,5]]                 | WRONG_DIMENSION | layers[1].weights: 5 columns, previous layer has 3",
        "[[2147483647,2147483647],[2147483647,2147483647]] | WRONG_DIMENSION | the shapes call for",
    })
    void shouldRefuseShapesThatAreNotPairsOrDoNotChain(String shapes, InvalidReason reason, String message) {
        byte[] record = withHeaderLayers(CODEC.encodeBinary(Golden.categoricalParams()), shapes);

        InvalidParamsException e = refusal(record);

        assertThat(e.reason()).isEqualTo(reason);
        assertThat(e.getMessage()).contains(message);
    }

    @Test
    void shouldRefuseToWriteParamsThatAreNotFinite() {
        PolicyParams p = Golden.categoricalParams();
        double[] theta = p.copyTheta();
        theta[3] = Double.POSITIVE_INFINITY;
        PolicyParams bad = new PolicyParams(p.policy(), p.version(), p.architecture(), theta, null, 0, 0, 0);

        assertThatThrownBy(() -> CODEC.encodeBinary(bad)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not every number is finite");
    }

    /** The record with its header's layers replaced by {@code shapes}; the body is kept as it was. */
    private static byte[] withHeaderLayers(byte[] record, String shapes) {
        ByteBuffer in = ByteBuffer.wrap(record).order(ByteOrder.LITTLE_ENDIAN);
        int headerLength = in.getInt(4);
        String header = new String(record, 8, headerLength, StandardCharsets.UTF_8)
                .replace("[[3,4],[2,3]]", shapes);
        byte[] json = header.getBytes(StandardCharsets.UTF_8);
        int body = record.length - 8 - headerLength;
        ByteBuffer out = ByteBuffer.allocate(8 + json.length + body).order(ByteOrder.LITTLE_ENDIAN);
        out.put(ParamsBinary.MAGIC).putInt(json.length).put(json).put(record, 8 + headerLength, body);
        return out.array();
    }

    private static InvalidParamsException refusal(byte[] record) {
        InvalidParamsException e = catchThrowableOfType(InvalidParamsException.class, () -> CODEC.decode(record));
        assertThat(e).isNotNull();
        return e;
    }
}
