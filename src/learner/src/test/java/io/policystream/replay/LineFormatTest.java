package io.policystream.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Lines of an export file: what they hold, what reads back, what is refused. */
class LineFormatTest {
    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void shouldWriteKeyTabValueThatTrainReads() {
        assertThat(LineFormat.KV.format(3, 99, b("ép-1"), b("{\"a\":\"ü\"}"))).isEqualTo("ép-1\t{\"a\":\"ü\"}");
    }

    @Test
    void shouldWriteNullKeyAndNullValueEmptyAndReadThemBackAsNull() {
        String line = LineFormat.EXACT.format(2, 17, null, null);

        FileRecord r = LineFormat.EXACT.parse(line, 1);

        assertThat(line).isEqualTo("2\t17\t\t");
        assertThat(r).extracting(FileRecord::partition, FileRecord::timestamp, FileRecord::key, FileRecord::value)
                .containsExactly(2, 17L, null, null);
    }

    @Test
    void shouldKeepTabsInsideAValue() {
        String line = LineFormat.KV.format(0, 0, b("k"), b("{\"a\":\t1}"));

        assertThat(LineFormat.KV.parse(line, 1).value()).isEqualTo(b("{\"a\":\t1}"));
    }

    @Test
    void shouldReadALineWithoutTabAsAValueWithANullKey() {
        FileRecord r = LineFormat.KV.parse("{\"x\":1}", 1);

        assertThat(r.key()).isNull();
        assertThat(r.value()).isEqualTo(b("{\"x\":1}"));
    }

    @Test
    void shouldRefuseALineBreakAValueThatIsNotUtf8AndATabInTheKey() {
        assertThatThrownBy(() -> LineFormat.KV.format(0, 0, b("k"), b("a\nb")))
                .isInstanceOf(UnwritableRecordException.class).hasMessageContaining("line break");
        assertThatThrownBy(() -> LineFormat.KV.format(0, 0, b("k"), new byte[] {(byte) 0xC3, (byte) 0x28}))
                .isInstanceOf(UnwritableRecordException.class).hasMessageContaining("not UTF-8");
        assertThatThrownBy(() -> LineFormat.KV.format(0, 0, b("k\t1"), b("v")))
                .isInstanceOf(UnwritableRecordException.class).hasMessageContaining("tab");
    }

    @Test
    void shouldRefuseAnExactLineWithTooFewFieldsNamingTheLine() {
        assertThatThrownBy(() -> LineFormat.EXACT.parse("0\tkey\tvalue", 7))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("line 7:");
    }
}
