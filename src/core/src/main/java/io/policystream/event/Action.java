package io.policystream.event;

import java.util.Arrays;

/** The action u_t an actor took: an index for a categorical policy, a vector for a gaussian one. */
public sealed interface Action permits Action.Discrete, Action.Continuous {

    /** A categorical action: an index in [0, n_actions). */
    record Discrete(int index) implements Action {
    }

    /** A gaussian action: the sampled vector, before any clipping the environment applies. */
    record Continuous(double[] values) implements Action {
        public Continuous {
            values = values.clone();
        }

        /** A copy of the values. */
        @Override
        public double[] values() {
            return values.clone();
        }

        /** Component j without copying. */
        public double get(int j) {
            return values[j];
        }

        public int size() {
            return values.length;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Continuous c && Arrays.equals(values, c.values);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(values);
        }

        @Override
        public String toString() {
            return Arrays.toString(values);
        }
    }
}
