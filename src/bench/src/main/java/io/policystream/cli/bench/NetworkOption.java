package io.policystream.cli.bench;

import io.policystream.cli.UserException;
import io.policystream.perf.BenchCase;
import io.policystream.perf.EndToEndBench;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * The value of {@code bench --network}: one network's sizes, input to output ({@code 4-64-64-2}),
 * or {@value #ALL}, the networks with a target ({@link BenchCase#HEADLINE}) one after the other.
 */
final class NetworkOption {
    /** The value that measures every network with a target. */
    static final String ALL = "all";

    private NetworkOption() {
    }

    /**
     * The networks {@code --network value} measures, in order.
     *
     * <p>{@code events} and {@code warmupEvents} are the values of {@code --events} and
     * {@code --warmup-events} when the command line gave them. A network of {@value #ALL} keeps its
     * own figure for each one not given (17-256-256-6 runs 200,000 events after 100,000); a single
     * network takes the bench's defaults, as it always did.
     *
     * @throws UserException for sizes that are not positive numbers joined by '-', or {@code --gaussian}
     *     with {@value #ALL}, whose networks have their distributions
     */
    static List<BenchCase> cases(String value, boolean gaussian, OptionalLong events, OptionalLong warmupEvents) {
        if (value.equals(ALL)) {
            if (gaussian) {
                throw UserException.usage("--gaussian does not go with --network all, whose networks have their "
                        + "own distributions: " + describe(BenchCase.HEADLINE));
            }
            return BenchCase.HEADLINE.stream()
                    .map(c -> c.withEvents(events.orElse(c.events()), warmupEvents.orElse(c.warmupEvents())))
                    .toList();
        }
        return List.of(BenchCase.of(sizes(value), gaussian, events.orElse(EndToEndBench.DEFAULT_EVENTS),
                warmupEvents.orElse(EndToEndBench.DEFAULT_WARMUP_EVENTS)));
    }

    /** The sizes of {@code 4-64-64-2}: at least an input and an output, each at least 1. */
    static List<Integer> sizes(String value) {
        String[] parts = value.split("-", -1);
        if (parts.length < 2) {
            throw UserException.usage("--network must be 'all' or sizes like 4-64-64-2, not '" + value + "'");
        }
        List<Integer> sizes = new ArrayList<>();
        for (String p : parts) {
            try {
                int v = Integer.parseInt(p);
                if (v < 1) {
                    throw new NumberFormatException();
                }
                sizes.add(v);
            } catch (NumberFormatException e) {
                throw UserException.usage("--network must be 'all' or positive sizes joined by '-', like 4-64-64-2, "
                        + "not '" + value + "'");
            }
        }
        return sizes;
    }

    /** {@code 4-64-64-2 categorical and 17-256-256-6 gaussian}. */
    static String describe(List<BenchCase> cases) {
        return String.join(" and ", cases.stream().map(c -> c.network() + " " + c.distribution()).toList());
    }
}
