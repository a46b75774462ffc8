package io.policystream.perf;

import java.util.List;
import java.util.OptionalDouble;
import java.util.stream.Collectors;

/**
 * One network the throughput bench measures: its layer sizes, input to output, its distribution,
 * the events of the measured round and of the unmeasured warm-up round, and the ratio learner /
 * pass-through it is held to, where issue 17 sets one.
 *
 * @param sizes layer sizes, the state length first and the actions (or dimensions) last
 * @param gaussian a gaussian policy instead of a categorical one
 * @param events events of the measured round
 * @param warmupEvents events of the warm-up round, 0 for none
 * @param target the ratio learner / pass-through this network must reach, when it has a target
 */
public record BenchCase(List<Integer> sizes, boolean gaussian, long events, long warmupEvents,
                        OptionalDouble target) {

    /**
     * The networks with a target, as {@code bench --network all} runs them: 4-64-64-2 categorical
     * with the bench's defaults, and 17-256-256-6 gaussian with fewer events of its own, those of
     * issue 17's measurement: its learner makes 2,500-7,000 events/s, so the default million would
     * keep it busy for minutes.
     */
    public static final List<BenchCase> HEADLINE = List.of(
            new BenchCase(List.of(4, 64, 64, 2), false, EndToEndBench.DEFAULT_EVENTS,
                    EndToEndBench.DEFAULT_WARMUP_EVENTS, OptionalDouble.of(0.5)),
            new BenchCase(List.of(17, 256, 256, 6), true, 200_000, 100_000, OptionalDouble.of(0.2)));

    public BenchCase {
        sizes = List.copyOf(sizes);
        if (sizes.size() < 2) {
            throw new IllegalArgumentException("a network has an input and an output size, not " + sizes);
        }
    }

    /** A network with the target of its headline case if it is one (same sizes and distribution), else none. */
    public static BenchCase of(List<Integer> sizes, boolean gaussian, long events, long warmupEvents) {
        OptionalDouble target = HEADLINE.stream()
                .filter(h -> h.sizes().equals(sizes) && h.gaussian() == gaussian)
                .map(BenchCase::target)
                .findFirst()
                .orElse(OptionalDouble.empty());
        return new BenchCase(sizes, gaussian, events, warmupEvents, target);
    }

    /** This network with other round sizes. */
    public BenchCase withEvents(long events, long warmupEvents) {
        return new BenchCase(sizes, gaussian, events, warmupEvents, target);
    }

    /** The sizes joined by '-', as {@code --network} takes them: {@code 4-64-64-2}. */
    public String network() {
        return sizes.stream().map(String::valueOf).collect(Collectors.joining("-"));
    }

    /** {@code gaussian} or {@code categorical}. */
    public String distribution() {
        return gaussian ? "gaussian" : "categorical";
    }

    /** The state length. */
    public int obs() {
        return sizes.get(0);
    }

    /** The hidden layers' widths. */
    public List<Integer> hidden() {
        return sizes.subList(1, sizes.size() - 1);
    }

    /** The number of actions (categorical) or dimensions (gaussian). */
    public int actions() {
        return sizes.get(sizes.size() - 1);
    }
}
