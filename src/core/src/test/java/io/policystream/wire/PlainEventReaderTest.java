package io.policystream.wire;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import io.policystream.event.Event;
import io.policystream.testkit.Sample;
import io.policystream.testkit.SeededProperty;
import io.policystream.testkit.Seeds;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link PlainEventReader} reads what it reads exactly as {@link EventReader} does, never accepts
 * what {@link EventReader} refuses, and does read the events actors write (compact, as the Java
 * client writes them, and with the spaces of Python's {@code json.dumps}). Each property runs
 * over the event generator's edge cases and 1000 seeded events (see {@link Seeds}).
 */
class PlainEventReaderTest {
    private static final JsonFactory FACTORY = WireJson.factory();
    private static final EventCodec CODEC = new EventCodec();
    /** The bytes a corruption puts in: JSON's own, digits, letters of its words, a high byte. */
    private static final byte[] CORRUPTIONS = "\"{}[],:.-+eE0123456789 \\tfnulrsa\u0001".getBytes(StandardCharsets.ISO_8859_1);

    static Stream<Sample<Event>> events(TestInfo test) {
        return Seeds.samples(test, WireGenerators.edgeEvents(), 1000, WireGenerators::event);
    }

    @SeededProperty
    @MethodSource("events")
    void shouldReadCompactEventsAsTheLibraryReadsThem(Sample<Event> sample) throws Exception {
        byte[] json = CODEC.encode(sample.value());

        checkAgreement(sample.value().episode(), json);
        if (plainAscii(sample.value())) {
            assertThat(PlainEventReader.read(sample.value().episode(), json)).isEqualTo(sample.value());
        }
    }

    /** Python's json.dumps writes ", " and ": "; others indent with newlines and tabs. */
    @SeededProperty
    @MethodSource("events")
    void shouldReadEventsWithWhitespaceAsTheLibraryReadsThem(Sample<Event> sample) throws Exception {
        String compact = new String(CODEC.encode(sample.value()), StandardCharsets.UTF_8);
        for (String spaced : new String[] {pythonStyle(compact), " \n\t{\r\n" + compact.substring(1) + "\n "}) {
            byte[] json = spaced.getBytes(StandardCharsets.UTF_8);

            checkAgreement(null, json);
            if (plainAscii(sample.value())) {
                assertThat(PlainEventReader.read(null, json)).as(spaced).isEqualTo(sample.value());
            }
        }
    }

    /** Whatever a corruption does, the plain reader agrees with the library or leaves the record to it. */
    @SeededProperty
    @MethodSource("events")
    void shouldNeverReadACorruptedRecordOtherwiseThanTheLibrary(Sample<Event> sample) throws Exception {
        byte[] json = CODEC.encode(sample.value());
        SplittableRandom random = new SplittableRandom(sample.seed());
        for (int i = 0; i < 40; i++) {
            byte[] corrupted = corrupt(json, random);
            checkAgreement(random.nextBoolean() ? null : sample.value().episode(), corrupted);
        }
    }

    /** Forms the library reads to a value of its own: the plain reader must leave them to it. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "{\"policy\":\"p\",\"episode\":\"e\",\"step\":1,\"state\":[-0],\"action\":0,\"logProb\":-1,\"policyVersion\":0}",
        "{\"policy\":\"p\",\"episode\":\"e\",\"step\":1,\"state\":[12345678901234567],\"action\":0,\"logProb\":-1,\"policyVersion\":0}",
        "{\"policy\":\"p\",\"episode\":\"e\",\"step\":1,\"state\":[1e400],\"action\":0,\"logProb\":-1,\"policyVersion\":0}",
        "{\"policy\":\"p\",\"episode\":\"e\",\"step\":01,\"state\":[1],\"action\":0,\"logProb\":-1,\"policyVersion\":0}",
        "{\"policy\":\"p\",\"episode\":\"e\",\"step\":1,\"state\":[1],\"action\":0,\"logProb\":0.5,\"policyVersion\":0}",
        "{\"policy\":\"p\",\"episode\":\"e\",\"step\":1,\"state\":[],\"action\":0,\"logProb\":-1,\"policyVersion\":0}",
        "{\"policy\":\"p\",\"episode\":\"e\\u0041\",\"step\":1,\"state\":[1],\"action\":0,\"logProb\":-1,\"policyVersion\":0}",
        "{\"policy\":\"p\",\"episode\":\"e\",\"step\":1,\"step\":2,\"state\":[1],\"action\":0,\"logProb\":-1,\"policyVersion\":0}",
        "{\"format\":\"1.0\",\"policy\":\"p\",\"episode\":\"e\",\"step\":1,\"state\":[1],\"action\":0,\"logProb\":-1,\"policyVersion\":0}",
        "{\"policy\":\"p\",\"episode\":\"e\",\"step\":1,\"state\":[1],\"action\":0,\"logProb\":-1,\"policyVersion\":0,\"x\":1}",
        "{\"policy\":\"p\",\"episode\":\"e\",\"step\":1,\"state\":[1],\"action\":0,\"logProb\":-1,\"policyVersion\":0,\"time\":null}",
        "{\"policy\":\"p\",\"episode\":\"e\",\"step\":1,\"state\":[1],\"action\":0,\"logProb\":-1,\"policyVersion\":0} x",
        "{\"type\":\"reward\",\"policy\":\"p\",\"episode\":\"e\",\"step\":1}",
        "{\"policy\":\"p q\",\"episode\":\"e\",\"step\":1,\"state\":[1],\"action\":0,\"logProb\":-1,\"policyVersion\":0}",
    })
    void shouldLeaveToTheLibraryWhatItReadsItsOwnWay(String record) throws Exception {
        byte[] json = record.getBytes(StandardCharsets.UTF_8);

        assertThat(PlainEventReader.read(null, json)).isNull();
        checkAgreement(null, json);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "{\"type\":\"reward\",\"policy\":\"p\",\"episode\":\"e\",\"step\":3,\"reward\":-0.5,\"done\":true,\"time\":5}",
        "{\"policy\":\"p\",\"episode\":\"e\",\"step\":0,\"state\":[0.5,-1E-7,3,0],\"action\":1,\"logProb\":-0.25,\"policyVersion\":17,\"reward\":1.0,\"done\":false,\"truncated\":true}",
        "{\"type\":\"step\",\"policy\":\"p\",\"episode\":\"e\",\"step\":0,\"state\":[1.5e3],\"action\":[0.5,-2],\"logProb\":1.25,\"policyVersion\":0}",
    })
    void shouldReadPlainEventsOfEveryKind(String record) throws Exception {
        byte[] json = record.getBytes(StandardCharsets.UTF_8);

        assertThat(PlainEventReader.read("e", json)).isNotNull().isEqualTo(library("e", json));
    }

    /** The plain reader's event equals the library's whenever it gives one; the library must accept it too. */
    private static void checkAgreement(String key, byte[] json) throws Exception {
        Event plain = PlainEventReader.read(key, json);
        if (plain == null) {
            return;
        }
        Event library;
        try {
            library = library(key, json);
        } catch (WireException | java.io.IOException e) {
            throw new AssertionError("the plain reader accepted what the library refuses ("
                    + e.getMessage() + "): " + new String(json, StandardCharsets.UTF_8), e);
        }
        assertThat(plain).as(new String(json, StandardCharsets.UTF_8)).isEqualTo(library);
        assertThat(CODEC.encode(plain)).isEqualTo(CODEC.encode(library));
    }

    private static Event library(String key, byte[] json) throws java.io.IOException {
        try (JsonParser p = FACTORY.createParser(json)) {
            return new EventReader(p).read(key);
        }
    }

    private static boolean plainAscii(Event e) {
        return isPlain(e.policy()) && isPlain(e.episode());
    }

    private static boolean isPlain(String s) {
        return s.chars().allMatch(c -> c >= 0x20 && c < 0x7f && c != '"' && c != '\\');
    }

    /** Spaces after the separators outside strings, as json.dumps writes them. */
    private static String pythonStyle(String compact) {
        StringBuilder out = new StringBuilder();
        boolean inString = false;
        for (int i = 0; i < compact.length(); i++) {
            char c = compact.charAt(i);
            out.append(c);
            if (inString && c == '\\') {
                out.append(compact.charAt(++i));
            } else if (c == '"') {
                inString = !inString;
            } else if (!inString && (c == ',' || c == ':')) {
                out.append(' ');
            }
        }
        return out.toString();
    }

    private static byte[] corrupt(byte[] json, SplittableRandom random) {
        int at = random.nextInt(json.length);
        byte c = CORRUPTIONS[random.nextInt(CORRUPTIONS.length)];
        return switch (random.nextInt(3)) {
            case 0 -> {
                byte[] out = json.clone();
                out[at] = c;
                yield out;
            }
            case 1 -> {
                byte[] out = new byte[json.length - 1];
                System.arraycopy(json, 0, out, 0, at);
                System.arraycopy(json, at + 1, out, at, json.length - at - 1);
                yield out;
            }
            default -> {
                byte[] out = new byte[json.length + 1];
                System.arraycopy(json, 0, out, 0, at);
                out[at] = c;
                System.arraycopy(json, at, out, at + 1, json.length - at);
                yield out;
            }
        };
    }
}
