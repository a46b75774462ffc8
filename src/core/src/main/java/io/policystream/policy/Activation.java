package io.policystream.policy;

/** Hidden-layer activation. The last layer of every network is linear. */
public enum Activation {
    /**
     * tanh(x); derivative 1 - tanh(x)^2. Computed without native calls: {@code Math.tanh} and
     * {@code Math.expm1} are both native on JDK 17 (about 10 to 14 ns each, most of a small
     * network's forward pass), while the JIT compiles {@code exp} to an instruction sequence. For
     * |x| &lt; 0.55, where {@code 1 - 2 / (exp(2|x|) + 1)} would lose digits, the rational
     * approximation of Cephes' {@code tanh} ({@code x + x z P(z) / Q(z)}, z = x^2, relative error
     * 2.5e-16 on |x| &lt; 0.625); else {@code sign(x) (1 - 2 / (exp(2|x|) + 1))}; and
     * {@code sign(x)} beyond |x| = 20. Within 3 ulp of {@code Math.tanh} (tested).
     */
    TANH("tanh") {
        @Override
        public double apply(double x) {
            double ax = Math.abs(x);
            if (ax < 0.55) {
                if (x == 0.0) {
                    return x; // keeps the sign of -0.0
                }
                double z = x * x;
                double p = (-9.64399179425052238628E-1 * z - 9.92877231001918586564E1) * z
                        - 1.61468768441708447952E3;
                double q = ((z + 1.12811678491632931402E2) * z + 2.23548839060100448583E3) * z
                        + 4.84406305325125486048E3;
                return x + x * z * (p / q);
            }
            if (ax > 20.0) {
                return Math.copySign(1.0, x);
            }
            double e = Math.exp(2.0 * ax);
            return Math.copySign(1.0 - 2.0 / (e + 1.0), x);
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
