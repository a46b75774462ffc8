package io.policystream.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.policystream.cli.UserException;
import io.policystream.perf.BenchCase;
import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** What {@code bench --network} measures: one network, or every network with a target, each with its own sizes. */
class NetworkOptionTest {
    private static final OptionalLong NOT_GIVEN = OptionalLong.empty();

    @Test
    void shouldRunAllAsTheSmallNetworkWithTheDefaultsThenTheLargeOneWithItsOwnSizes() {
        List<BenchCase> cases = NetworkOption.cases("all", false, NOT_GIVEN, NOT_GIVEN);

        assertThat(cases).containsExactly(
                new BenchCase(List.of(4, 64, 64, 2), false, 1_000_000, 1_000_000, OptionalDouble.of(0.5)),
                new BenchCase(List.of(17, 256, 256, 6), true, 200_000, 100_000, OptionalDouble.of(0.2)));
        assertThat(cases).extracting(BenchCase::network, BenchCase::distribution).containsExactly(
                org.assertj.core.groups.Tuple.tuple("4-64-64-2", "categorical"),
                org.assertj.core.groups.Tuple.tuple("17-256-256-6", "gaussian"));
    }

    @Test
    void shouldApplyEventsOrWarmupEventsGivenOnTheCommandLineToBothNetworksOfAll() {
        List<BenchCase> both = NetworkOption.cases("all", false, OptionalLong.of(20_000), OptionalLong.of(10_000));
        assertThat(both).extracting(BenchCase::events).containsExactly(20_000L, 20_000L);
        assertThat(both).extracting(BenchCase::warmupEvents).containsExactly(10_000L, 10_000L);

        // One given, the other left to each network.
        List<BenchCase> eventsOnly = NetworkOption.cases("all", false, OptionalLong.of(50_000), NOT_GIVEN);
        assertThat(eventsOnly).extracting(BenchCase::events).containsExactly(50_000L, 50_000L);
        assertThat(eventsOnly).extracting(BenchCase::warmupEvents).containsExactly(1_000_000L, 100_000L);
    }

    @Test
    void shouldRunOneNetworkWithTheBenchDefaultsAndTheTargetOfItsHeadlineCaseIfItIsOne() {
        assertThat(NetworkOption.cases("17-256-256-6", true, NOT_GIVEN, NOT_GIVEN)).containsExactly(
                new BenchCase(List.of(17, 256, 256, 6), true, 1_000_000, 1_000_000, OptionalDouble.of(0.2)));
        assertThat(NetworkOption.cases("4-64-64-2", false, OptionalLong.of(300), OptionalLong.of(0))).containsExactly(
                new BenchCase(List.of(4, 64, 64, 2), false, 300, 0, OptionalDouble.of(0.5)));
        // The target belongs to the network and its distribution.
        assertThat(NetworkOption.cases("4-64-64-2", true, NOT_GIVEN, NOT_GIVEN).get(0).target()).isEmpty();
        assertThat(NetworkOption.cases("4-8-2", false, NOT_GIVEN, NOT_GIVEN)).singleElement()
                .satisfies(c -> {
                    assertThat(c.obs()).isEqualTo(4);
                    assertThat(c.hidden()).containsExactly(8);
                    assertThat(c.actions()).isEqualTo(2);
                    assertThat(c.target()).isEmpty();
                });
    }

    @Test
    void shouldRefuseSizesThatAreNotPositiveNumbersJoinedByDashes() {
        for (String bad : List.of("4-x-2", "4-0-2", "4-64-", "-4-2", "4--2")) {
            assertThatThrownBy(() -> NetworkOption.sizes(bad)).as(bad).isInstanceOf(UserException.class)
                    .hasMessage("--network must be 'all' or positive sizes joined by '-', like 4-64-64-2, not '"
                            + bad + "'");
        }
        for (String bad : List.of("4", "ALL", "")) {
            assertThatThrownBy(() -> NetworkOption.sizes(bad)).as(bad).isInstanceOf(UserException.class)
                    .hasMessage("--network must be 'all' or sizes like 4-64-64-2, not '" + bad + "'");
        }
    }

    @Test
    void shouldRefuseGaussianWithAllBecauseItsNetworksHaveTheirDistributions() {
        assertThatThrownBy(() -> NetworkOption.cases("all", true, NOT_GIVEN, NOT_GIVEN))
                .isInstanceOf(UserException.class)
                .hasMessageStartingWith("--gaussian does not go with --network all");
    }
}
