package io.policystream.policy;

/** Hidden-layer activation. The last layer of every network is linear. */
public enum Activation {
    /** tanh(x); derivative 1 - tanh(x)^2. */
    TANH("tanh") {
        @Override
        public double apply(double x) {
            return Math.tanh(x);
        }

        @Override
        public double derivativeFromOutput(double y) {
            return 1.0 - y * y;
        }
    },
    /** max(0, x); derivative 1 where x > 0, else 0. */
    RELU("relu") {
        @Override
        public double apply(double x) {
            return x > 0.0 ? x : 0.0;
        }

        @Override
        public double derivativeFromOutput(double y) {
            return y > 0.0 ? 1.0 : 0.0;
        }
    };

    private final String wireName;

    Activation(String wireName) {
        this.wireName = wireName;
    }

    /** act(x). */
    public abstract double apply(double x);

    /** act'(x) expressed through y = act(x), which is what the forward pass keeps. */
    public abstract double derivativeFromOutput(double y);

    public String wireName() {
        return wireName;
    }

    /** The activation with this wire name, or null when there is none. */
    public static Activation fromWire(String name) {
        for (Activation a : values()) {
            if (a.wireName.equals(name)) {
                return a;
            }
        }
        return null;
    }
}
