package io.policystream.config;

/**
 * An interval of numbers, each end open, closed or absent.
 *
 * <p>Values are compared as doubles, which is exact for every bound this project declares.
 *
 * @param min lower bound, or negative infinity for none
 * @param minInclusive whether {@code min} itself is allowed
 * @param max upper bound, or positive infinity for none
 * @param maxInclusive whether {@code max} itself is allowed
 */
public record Range(double min, boolean minInclusive, double max, boolean maxInclusive) implements Validator<Number> {

    /** [min, +infinity). */
    public static Range atLeast(double min) {
        return new Range(min, true, Double.POSITIVE_INFINITY, false);
    }

    /** (min, +infinity). */
    public static Range above(double min) {
        return new Range(min, false, Double.POSITIVE_INFINITY, false);
    }

    /** [min, max]. */
    public static Range closed(double min, double max) {
        return new Range(min, true, max, true);
    }

    /** [min, max). */
    public static Range closedOpen(double min, double max) {
        return new Range(min, true, max, false);
    }

    @Override
    public boolean accepts(Number value) {
        double v = value.doubleValue();
        boolean aboveMin = minInclusive ? v >= min : v > min;
        boolean belowMax = maxInclusive ? v <= max : v < max;
        return aboveMin && belowMax;
    }

    @Override
    public String description() {
        boolean bounded = Double.isFinite(max);
        if (!bounded) {
            return (minInclusive ? ">= " : "> ") + ConfigType.formatDouble(min);
        }
        return "in " + (minInclusive ? "[" : "(") + ConfigType.formatDouble(min) + ", "
                + ConfigType.formatDouble(max) + (maxInclusive ? "]" : ")");
    }
}
