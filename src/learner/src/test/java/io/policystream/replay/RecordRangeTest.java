package io.policystream.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RecordRangeTest {

    @Test
    void shouldParseOffsetsTimestampsAndIsoTimes() {
        assertThat(RecordRange.parse("1234")).isEqualTo(new RecordRange.Offset(1234));
        assertThat(RecordRange.parse("@1764000000000")).isEqualTo(new RecordRange.Timestamp(1764000000000L));
        assertThat(RecordRange.parse("2025-11-24T16:00:00Z")).isEqualTo(new RecordRange.Timestamp(1764000000000L));
        assertThat(RecordRange.parse("2025-11-24T17:00:00+01:00")).isEqualTo(new RecordRange.Timestamp(1764000000000L));
        assertThat(RecordRange.parse("2025-11-24")).isEqualTo(new RecordRange.Timestamp(1763942400000L));
    }

    @Test
    void shouldRefuseWhatIsNotAPositionWithTheAcceptedForms() {
        assertThatThrownBy(() -> RecordRange.parse("yesterday")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("an offset (1234)").hasMessageContaining("@1764000000000");
        assertThatThrownBy(() -> RecordRange.parse("-5")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RecordRange.parse("99999999999999999999")).isInstanceOf(IllegalArgumentException.class);
    }
}
