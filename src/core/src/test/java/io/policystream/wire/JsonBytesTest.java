package io.policystream.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import io.policystream.policy.PolicyParams;
import io.policystream.testkit.Sample;
import io.policystream.testkit.SeededProperty;
import io.policystream.testkit.Seeds;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link JsonBytes}, and the params JSON written with it, are byte for byte what the JSON
 * library's generator writes for the same document: the params JSON kept its bytes when its
 * writer stopped going through the generator (2026-12-03).
 */
class JsonBytesTest {
    private static final JsonFactory FACTORY = WireJson.factory();

    static Stream<Sample<PolicyParams>> params(TestInfo test) {
        return Seeds.samples(test, WireGenerators.edgeParams(), 500, WireGenerators::params);
    }

    /** The library's generator, fed the document token by token, writes the same bytes. */
    @SeededProperty
    @MethodSource("params")
    void shouldWriteTheParamsJsonAsTheLibrarysGeneratorWouldByteForByte(Sample<PolicyParams> sample)
            throws IOException {
        byte[] written = new ParamsCodec().encode(sample.value());

        assertThat(new String(written, StandardCharsets.UTF_8))
                .isEqualTo(new String(rewrittenByTheLibrary(written), StandardCharsets.UTF_8));
    }

    @Test
    void shouldWriteTheGoldenParamsFilesByteForByte() throws InvalidParamsException {
        ParamsCodec codec = new ParamsCodec();
        for (String name : new String[] {Golden.PARAMS_CATEGORICAL, Golden.PARAMS_GAUSSIAN_PARAMETER,
                Golden.PARAMS_GAUSSIAN_NETWORK}) {
            byte[] golden = Golden.bytes(name);
            String trimmed = new String(golden, StandardCharsets.UTF_8).strip();

            assertThat(new String(codec.encode(codec.decode(golden)), StandardCharsets.UTF_8)).as(name)
                    .isEqualTo(trimmed);
        }
    }

    /** Names and strings of any characters: escapes, controls, non-ASCII, astral code points. */
    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1L, 2L, 3L})
    void shouldEscapeStringsAsTheLibraryDoes(long seed) throws IOException {
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < 2_000; i++) {
            String name = WireGenerators.episodeId(random);
            String value = WireGenerators.episodeId(random);
            JsonBytes mine = new JsonBytes(16).startObject().name(name).string(value).endObject();

            ByteArrayBuilder theirs = new ByteArrayBuilder();
            try (JsonGenerator g = FACTORY.createGenerator(theirs, JsonEncoding.UTF8)) {
                g.writeStartObject();
                g.writeStringField(name, value);
                g.writeEndObject();
            }
            assertThat(mine.toByteArray()).as("name %s, value %s", name, value).isEqualTo(theirs.toByteArray());
        }
    }

    @Test
    void shouldSeparateValuesByNesting() {
        JsonBytes json = new JsonBytes(1).startObject()
                .name("a").startArray().number(1).number(-2).startArray().endArray().nullValue().endArray()
                .name("b").startObject().endObject()
                .name("c").numbers(new double[] {9, 0.5, -0.0, 1e-7}, 1, 3)
                .name("d").numbers(new double[0], 0, 0)
                .endObject();

        assertThat(new String(json.toByteArray(), StandardCharsets.US_ASCII))
                .isEqualTo("{\"a\":[1,-2,[],null],\"b\":{},\"c\":[0.5,-0.0,1.0E-7],\"d\":[]}");
    }

    @Test
    void shouldRefuseToCloseWhatIsNotOpen() {
        assertThatThrownBy(() -> new JsonBytes(8).endArray()).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new JsonBytes(8).startObject().name("a").endObject())
                .isInstanceOf(IllegalStateException.class);
    }

    private static byte[] rewrittenByTheLibrary(byte[] json) throws IOException {
        ByteArrayBuilder out = new ByteArrayBuilder();
        try (JsonParser p = FACTORY.createParser(json); JsonGenerator g = FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
            while (p.nextToken() != null) {
                g.copyCurrentEvent(p);
            }
        }
        return out.toByteArray();
    }
}
