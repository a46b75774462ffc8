package io.policystream.wire;

import java.util.Arrays;

/** A growable list of primitive doubles, so arrays are read without boxing or knowing their length. */
final class DoubleList {
    private double[] values;
    private int size;

    DoubleList(int capacity) {
        values = new double[Math.max(1, capacity)];
    }

    void add(double v) {
        if (size == values.length) {
            values = Arrays.copyOf(values, values.length * 2);
        }
        values[size++] = v;
    }

    int size() {
        return size;
    }

    void clear() {
        size = 0;
    }

    /** The values added since the last {@link #clear()}, as an array of exactly that length. */
    double[] toArray() {
        return Arrays.copyOf(values, size);
    }
}
