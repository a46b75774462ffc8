package io.policystream.testkit;

/**
 * An independent, deliberately plain implementation of the spec's one-hidden-layer tanh policy
 * and its log-prob gradient, written from the formulas with 2-D arrays and no code shared with
 * production. Used to check the production update against numbers computed another way.
 */
public final class ReferencePolicy {
    final double[][] w1;
    final double[] b1;
    final double[][] w2;
    final double[] b2;
    final double[] logStd;

    public ReferencePolicy(double[][] w1, double[] b1, double[][] w2, double[] b2, double[] logStd) {
        this.w1 = w1;
        this.b1 = b1;
        this.w2 = w2;
        this.b2 = b2;
        this.logStd = logStd;
    }

    /** Reads a flat vector in the wire order for an in-hidden-out network (with logStd when gaussian). */
    public static ReferencePolicy fromFlat(int in, int hidden, int out, boolean gaussian, double[] f) {
        int k = 0;
        double[][] w1 = new double[hidden][in];
        for (int j = 0; j < hidden; j++) {
            for (int i = 0; i < in; i++) {
                w1[j][i] = f[k++];
            }
        }
        double[] b1 = new double[hidden];
        for (int j = 0; j < hidden; j++) {
            b1[j] = f[k++];
        }
        double[][] w2 = new double[out][hidden];
        for (int o = 0; o < out; o++) {
            for (int j = 0; j < hidden; j++) {
                w2[o][j] = f[k++];
            }
        }
        double[] b2 = new double[out];
        for (int o = 0; o < out; o++) {
            b2[o] = f[k++];
        }
        double[] ls = null;
        if (gaussian) {
            ls = new double[out];
            for (int o = 0; o < out; o++) {
                ls[o] = f[k++];
            }
        }
        if (k != f.length) {
            throw new IllegalArgumentException("flat vector has " + f.length + " numbers, expected " + k);
        }
        return new ReferencePolicy(w1, b1, w2, b2, ls);
    }

    /** Flat in the wire order: W1 rows, b1, W2 rows, b2, logStd. */
    public double[] flat() {
        int n = 0;
        for (double[] r : w1) {
            n += r.length;
        }
        n += b1.length;
        for (double[] r : w2) {
            n += r.length;
        }
        n += b2.length + (logStd == null ? 0 : logStd.length);
        double[] f = new double[n];
        int k = 0;
        for (double[] r : w1) {
            for (double x : r) {
                f[k++] = x;
            }
        }
        for (double x : b1) {
            f[k++] = x;
        }
        for (double[] r : w2) {
            for (double x : r) {
                f[k++] = x;
            }
        }
        for (double x : b2) {
            f[k++] = x;
        }
        if (logStd != null) {
            for (double x : logStd) {
                f[k++] = x;
            }
        }
        return f;
    }

    private double[] hidden(double[] s) {
        double[] h = new double[b1.length];
        for (int j = 0; j < h.length; j++) {
            double pre = b1[j];
            for (int i = 0; i < s.length; i++) {
                pre += w1[j][i] * s[i];
            }
            h[j] = Math.tanh(pre);
        }
        return h;
    }

    private double[] output(double[] h) {
        double[] z = new double[b2.length];
        for (int o = 0; o < z.length; o++) {
            z[o] = b2[o];
            for (int j = 0; j < h.length; j++) {
                z[o] += w2[o][j] * h[j];
            }
        }
        return z;
    }

    /** grad log pi(a|s) for a categorical policy, flat, by hand-derived backpropagation. */
    public double[] categoricalGradient(double[] s, int a) {
        double[] h = hidden(s);
        double[] z = output(h);
        double max = Double.NEGATIVE_INFINITY;
        for (double v : z) {
            max = Math.max(max, v);
        }
        double sum = 0;
        for (double v : z) {
            sum += Math.exp(v - max);
        }
        double[] dz = new double[z.length];
        for (int k = 0; k < z.length; k++) {
            double p = Math.exp(z[k] - max) / sum;
            dz[k] = (k == a ? 1 : 0) - p;
        }
        return backprop(s, h, dz, null);
    }

    /** grad log N(u; mu(s), exp(logStd)^2) for a gaussian policy with a logStd vector. */
    public double[] gaussianGradient(double[] s, double[] u) {
        double[] h = hidden(s);
        double[] mu = output(h);
        double[] dmu = new double[mu.length];
        double[] dls = new double[mu.length];
        for (int j = 0; j < mu.length; j++) {
            double var = Math.exp(2 * logStd[j]);
            dmu[j] = (u[j] - mu[j]) / var;
            dls[j] = (u[j] - mu[j]) * (u[j] - mu[j]) / var - 1;
        }
        return backprop(s, h, dmu, dls);
    }

    private double[] backprop(double[] s, double[] h, double[] dz, double[] dLogStd) {
        double[][] gw2 = new double[w2.length][h.length];
        double[] gb2 = dz.clone();
        double[] dh = new double[h.length];
        for (int o = 0; o < dz.length; o++) {
            for (int j = 0; j < h.length; j++) {
                gw2[o][j] = dz[o] * h[j];
                dh[j] += w2[o][j] * dz[o];
            }
        }
        double[][] gw1 = new double[w1.length][s.length];
        double[] gb1 = new double[h.length];
        for (int j = 0; j < h.length; j++) {
            double dpre = dh[j] * (1 - h[j] * h[j]);
            gb1[j] = dpre;
            for (int i = 0; i < s.length; i++) {
                gw1[j][i] = dpre * s[i];
            }
        }
        return new ReferencePolicy(gw1, gb1, gw2, gb2, dLogStd).flat();
    }
}
