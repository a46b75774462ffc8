package io.policystream.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.policystream.event.InvalidReason;
import io.policystream.policy.PolicyParams;
import io.policystream.policy.Provenance;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The optional provenance fields of params: written only when set, read back equal, checked on input. */
class ParamsProvenanceTest {
    private final ParamsCodec codec = new ParamsCodec();

    private static String withoutClosingBrace(PolicyParams p) {
        String json = new ParamsCodec().encodeToString(p);
        return json.substring(0, json.length() - 1);
    }

    @Test
    void shouldWritePromotedFromAfterTimeAndReadItBack() throws InvalidParamsException {
        PolicyParams p = Golden.categoricalParams().withProvenance(Provenance.promotedFrom("shadow.params", 7));

        String json = codec.encodeToString(p);

        assertThat(json).endsWith(",\"promotedFrom\":{\"topic\":\"shadow.params\",\"version\":7}}");
        assertThat(codec.decode(json.getBytes(StandardCharsets.UTF_8))).isEqualTo(p);
    }

    @Test
    void shouldWriteRolledBackToAndReadItBack() throws InvalidParamsException {
        PolicyParams p = Golden.gaussianNetworkParams().withProvenance(Provenance.rolledBackTo(3));

        String json = codec.encodeToString(p);

        assertThat(json).endsWith(",\"rolledBackTo\":3}");
        assertThat(codec.decode(json.getBytes(StandardCharsets.UTF_8))).isEqualTo(p);
    }

    @Test
    void shouldWriteNoProvenanceFieldForLearnedVersions() {
        String json = codec.encodeToString(Golden.categoricalParams());

        assertThat(json).doesNotContain("promotedFrom").doesNotContain("rolledBackTo");
    }

    @Test
    void shouldTellParamsWithDifferentProvenanceApart() {
        PolicyParams p = Golden.categoricalParams();

        assertThat(p.withProvenance(Provenance.rolledBackTo(1))).isNotEqualTo(p);
        assertThat(p.withProvenance(Provenance.rolledBackTo(1))).isEqualTo(p.withProvenance(Provenance.rolledBackTo(1)));
        assertThat(p.withProvenance(Provenance.rolledBackTo(1)).hashCode())
                .isEqualTo(p.withProvenance(Provenance.rolledBackTo(1)).hashCode());
    }

    @Test
    void shouldTreatNullProvenanceFieldsAsAbsent() throws InvalidParamsException {
        String json = withoutClosingBrace(Golden.categoricalParams()) + ",\"promotedFrom\":null,\"rolledBackTo\":null}";

        assertThat(codec.decode(json.getBytes(StandardCharsets.UTF_8)).provenance()).isEqualTo(Provenance.NONE);
    }

    @Test
    void shouldIgnoreUnknownFieldsInsidePromotedFrom() throws InvalidParamsException {
        String json = withoutClosingBrace(Golden.categoricalParams())
                + ",\"promotedFrom\":{\"by\":{\"who\":[1]},\"topic\":\"t\",\"version\":0}}";

        assertThat(codec.decode(json.getBytes(StandardCharsets.UTF_8)).provenance())
                .isEqualTo(Provenance.promotedFrom("t", 0));
    }

    @Test
    void shouldRefusePromotedFromWithoutVersion() {
        String json = withoutClosingBrace(Golden.categoricalParams()) + ",\"promotedFrom\":{\"topic\":\"t\"}}";

        assertThatThrownBy(() -> codec.decode(json.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(InvalidParamsException.class)
                .hasMessageContaining("promotedFrom.version")
                .extracting(e -> ((InvalidParamsException) e).reason()).isEqualTo(InvalidReason.MISSING_FIELD);
    }

    @Test
    void shouldRefuseANegativeRolledBackTo() {
        String json = withoutClosingBrace(Golden.categoricalParams()) + ",\"rolledBackTo\":-2}";

        assertThatThrownBy(() -> codec.decode(json.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(InvalidParamsException.class)
                .hasMessageContaining("rolledBackTo");
    }

    @Test
    void shouldRefuseAPromotedFromThatIsNotAnObject() {
        String json = withoutClosingBrace(Golden.categoricalParams()) + ",\"promotedFrom\":\"t\"}";

        assertThatThrownBy(() -> codec.decode(json.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(InvalidParamsException.class)
                .hasMessageContaining("promotedFrom");
    }
}
