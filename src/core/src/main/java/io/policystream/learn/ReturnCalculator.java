package io.policystream.learn;

/** The return G_t credited to each step of a trajectory. */
public final class ReturnCalculator {
    private ReturnCalculator() {
    }

    /**
     * Returns of rewards r_0..r_T, into {@code out}.
     * <ul>
     *   <li>total: {@code G_t = sum_{k=0..T} gamma^k r_k}, the same for every t (the design's R(tau));</li>
     *   <li>reward-to-go: {@code G_t = sum_{k=t..T} gamma^(k-t) r_k}, computed backwards as
     *       {@code G_t = r_t + gamma G_{t+1}}.</li>
     * </ul>
     */
    public static void returnsInto(double[] rewards, Returns kind, double gamma, double[] out) {
        returnsInto(rewards, rewards.length, kind, gamma, out);
    }

    /** {@link #returnsInto(double[], Returns, double, double[])} over the first {@code n} rewards. */
    public static void returnsInto(double[] rewards, int n, Returns kind, double gamma, double[] out) {
        if (kind == Returns.TOTAL) {
            double total = 0.0;
            double discount = 1.0;
            for (int k = 0; k < n; k++) {
                total += discount * rewards[k];
                discount *= gamma;
            }
            for (int t = 0; t < n; t++) {
                out[t] = total;
            }
        } else {
            double g = 0.0;
            for (int t = n - 1; t >= 0; t--) {
                g = rewards[t] + gamma * g;
                out[t] = g;
            }
        }
    }

    /** Returns as a new array; see {@link #returnsInto}. */
    public static double[] returns(double[] rewards, Returns kind, double gamma) {
        double[] out = new double[rewards.length];
        returnsInto(rewards, kind, gamma, out);
        return out;
    }
}
