package io.policystream.config;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigTypeTest {

    @Property
    void shouldReadBackEveryFormattedDouble(@ForAll double d) {
        if (Double.isFinite(d)) {
            assertThat(ConfigType.DOUBLE.parse(ConfigType.DOUBLE.format(d))).isEqualTo(d);
        }
    }

    @Property
    void shouldReadBackEveryFormattedLong(@ForAll long n) {
        assertThat(ConfigType.LONG.parse(ConfigType.LONG.format(n))).isEqualTo(n);
    }

    @Test
    void shouldFormatDoublesTheWayAPersonWritesThem() {
        assertThat(ConfigType.DOUBLE.format(0.0)).isEqualTo("0");
        assertThat(ConfigType.DOUBLE.format(1.0)).isEqualTo("1");
        assertThat(ConfigType.DOUBLE.format(0.99)).isEqualTo("0.99");
        assertThat(ConfigType.DOUBLE.format(1e-8)).isEqualTo("1e-8");
        assertThat(ConfigType.DOUBLE.format(2.5e-7)).isEqualTo("2.5e-7");
    }

    @Test
    void shouldRejectIntegersThatOverflowTheirType() {
        assertThatThrownBy(() -> ConfigType.INT.parse("2147483648")).isInstanceOf(IllegalArgumentException.class);
        assertThat(ConfigType.LONG.parse("2147483648")).isEqualTo(2_147_483_648L);
    }

    @Test
    void shouldParseAListWithSpacesAroundItsItems() {
        assertThat(ConfigType.POSITIVE_INT_LIST.parse(" 64 , 32 ")).isEqualTo(List.of(64, 32));
        assertThat(ConfigType.POSITIVE_INT_LIST.format(List.of(64, 32))).isEqualTo("64,32");
        assertThatThrownBy(() -> ConfigType.POSITIVE_INT_LIST.parse("64,")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldDescribeRangesWithTheirOpenAndClosedEnds() {
        assertThat(Range.closed(0, 1).description()).isEqualTo("in [0, 1]");
        assertThat(Range.closedOpen(0, 1).description()).isEqualTo("in [0, 1)");
        assertThat(Range.atLeast(1).description()).isEqualTo(">= 1");
        assertThat(Range.above(0).description()).isEqualTo("> 0");
        assertThat(Range.closedOpen(0, 1).accepts(1.0)).isFalse();
        assertThat(Range.closed(0, 1).accepts(1.0)).isTrue();
        assertThat(Range.above(0).accepts(0)).isFalse();
    }

    @Test
    void shouldCountEditsBetweenNames() {
        assertThat(ConfigDef.editDistance("gama", "gamma")).isEqualTo(1);
        assertThat(ConfigDef.editDistance("optimiser", "optimizer")).isEqualTo(1);
        assertThat(ConfigDef.editDistance("learningRate", "learning.rate")).isEqualTo(2);
        assertThat(ConfigDef.editDistance("", "abc")).isEqualTo(3);
    }

    @Test
    void shouldRefuseADefinitionWhoseDefaultBreaksItsConstraint() {
        ConfigDef def = new ConfigDef();
        def.define("a", ConfigType.INT, 1, Range.atLeast(1), Scope.POLICY, "A.");

        assertThatThrownBy(() -> def.define("b", ConfigType.INT, 0, Range.atLeast(1), Scope.POLICY, "B."))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> def.define("a", ConfigType.INT, 2, Scope.POLICY, "A again."))
                .isInstanceOf(IllegalStateException.class);
    }
}
