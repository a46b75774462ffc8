package io.policystream.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.policystream.testkit.Gen;
import io.policystream.testkit.Sample;
import io.policystream.testkit.SeededProperty;
import io.policystream.testkit.Seeds;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.params.provider.MethodSource;

class ConfigTypeTest {
    private static final int TRIES = 1000;

    /**
     * The delicate doubles and their neighbours one ulp away, the integers a double holds exactly
     * at its ends, then 1000 seeded finite doubles over all bit patterns.
     */
    static Stream<Sample<Double>> doubles(TestInfo test) {
        List<Sample<Double>> edges = new ArrayList<>();
        List<Double> values = new ArrayList<>(Gen.DELICATE_DOUBLES);
        values.addAll(List.of(1.0, -1.0, 0.99, 1e-8, 2.5e-7, 9007199254740992.0, -9007199254740992.0, 1e21,
                1e-3));
        for (double d : values) {
            edges.add(Sample.edge(Double.toString(d), d));
            double up = Math.nextUp(d);
            if (Double.isFinite(up)) {
                edges.add(Sample.edge("next up from " + d, up));
            }
        }
        return Seeds.samples(test, edges, TRIES, Gen::finiteDouble);
    }

    @SeededProperty
    @MethodSource("doubles")
    void shouldReadBackEveryFormattedDouble(Sample<Double> sample) {
        double d = sample.value();

        assertThat(ConfigType.DOUBLE.parse(ConfigType.DOUBLE.format(d))).isEqualTo(d);
    }

    /** Zero, one, the ends of int and long and their neighbours, then 1000 seeded longs, small and any. */
    static Stream<Sample<Long>> longs(TestInfo test) {
        List<Sample<Long>> edges = new ArrayList<>();
        for (long n : new long[] {0, 1, -1, 9, 10, -10, Integer.MAX_VALUE, Integer.MAX_VALUE + 1L, Integer.MIN_VALUE,
                Integer.MIN_VALUE - 1L, Long.MAX_VALUE, Long.MAX_VALUE - 1, Long.MIN_VALUE, Long.MIN_VALUE + 1}) {
            edges.add(Sample.edge(Long.toString(n), n));
        }
        return Seeds.samples(test, edges, TRIES,
                rng -> rng.nextBoolean() ? rng.nextLong() : Gen.between(rng, -1000L, 1000L));
    }

    @SeededProperty
    @MethodSource("longs")
    void shouldReadBackEveryFormattedLong(Sample<Long> sample) {
        long n = sample.value();

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
