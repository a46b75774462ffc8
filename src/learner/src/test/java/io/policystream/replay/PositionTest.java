package io.policystream.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The forms of --from and --to. */
class PositionTest {

    @Test
    void shouldReadAPlainIntegerAsAnOffset() {
        assertThat(Position.parse("1200")).isEqualTo(Position.offset(1200));
        assertThat(Position.parse(" 0 ")).isEqualTo(Position.offset(0));
    }

    @Test
    void shouldReadAtMillisAsATimestamp() {
        assertThat(Position.parse("@1764000000000")).isEqualTo(Position.timestamp(1_764_000_000_000L));
    }

    @Test
    void shouldReadAnIsoTimeInUtcAndWithAnOffset() {
        assertThat(Position.parse("2026-11-25T10:00:00Z")).isEqualTo(Position.timestamp(1_795_600_800_000L));
        assertThat(Position.parse("2026-11-25T11:00:00+01:00")).isEqualTo(Position.timestamp(1_795_600_800_000L));
        assertThat(Position.parse("2026-11-25T10:00:00.250Z")).isEqualTo(Position.timestamp(1_795_600_800_250L));
    }

    @Test
    void shouldReadBeginningAndEnd() {
        assertThat(Position.parse("beginning")).isEqualTo(Position.BEGINNING);
        assertThat(Position.parse("END")).isEqualTo(Position.END);
    }

    @Test
    void shouldAskForAZoneWhenATimeHasNone() {
        assertThatThrownBy(() -> Position.parse("2026-11-25T10:00:00"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("a time needs a zone");
    }

    @ParameterizedTest
    @ValueSource(strings = {"-5", "@", "@-3", "@12x", "yesterday", "", "99999999999999999999", "1.5"})
    void shouldRefuseWhatIsNotAPositionNamingTheText(String text) {
        assertThatThrownBy(() -> Position.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("\n");
    }

    @Test
    void shouldShowATimestampWithItsInstant() {
        assertThat(Position.timestamp(0).toString()).isEqualTo("@0 (1970-01-01T00:00:00Z)");
    }
}
