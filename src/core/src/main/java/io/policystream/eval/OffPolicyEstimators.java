package io.policystream.eval;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The off-policy estimators of J(pi_e) = E_{pi_e}[sum_{t=0..T} gamma^t r_t] over n logged
 * trajectories, each recomputable on a bootstrap resample.
 *
 * <p>Notation, for trajectory i with steps t = 0..T_i: the log-ratio
 * {@code l_{i,t} = log pi_e(u_t|s_t) - log pi_b(u_t|s_t)}, the cumulative log-weight
 * {@code L_{i,t} = sum_{k<=t} l_{i,k}} ({@code L_{i,-1} = 0}), the weight {@code w_{i,t} = exp(L_{i,t})},
 * the return {@code G_i = sum_t gamma^t r_{i,t}}, and, with a value model, {@code V_{i,t} = V(s_t)} and
 * {@code Q_{i,t} = Q(s_t, u_t)}.
 * <ul>
 *   <li>IS: {@code (1/n) sum_i w_{i,T_i} G_i}. Unbiased.</li>
 *   <li>WIS: {@code sum_i w_{i,T_i} G_i / sum_i w_{i,T_i}}. Biased, consistent; bounded by the
 *       observed returns.</li>
 *   <li>PDIS (Precup, Sutton and Singh 2000): {@code (1/n) sum_i sum_t gamma^t w_{i,t} r_{i,t}}: a
 *       reward is weighted only by the ratios of the decisions before it. Unbiased.</li>
 *   <li>PDWIS: {@code sum_t gamma^t sum_i wn_{i,t} r_{i,t}} with the weights normalised at each time,
 *       {@code wn_{i,t} = w_{i,t} / sum_j w_{j,t}} (the weighted per-decision estimator in the form
 *       Thomas (2015) calls CWPDIS). Biased, consistent.</li>
 *   <li>DR (Jiang and Li 2016), unrolled as in Thomas and Brunskill (2016, eq. 8):
 *       {@code (1/n) sum_i sum_t gamma^t [w_{i,t} (r_{i,t} - Q_{i,t}) + w_{i,t-1} V_{i,t}]}. It equals Jiang
 *       and Li's recursion {@code V_DR(t) = V(s_t) + rho_t (r_t + gamma V_DR(t+1) - Q(s_t,u_t))}, averaged
 *       over trajectories. Unbiased whenever the model does not depend on the trajectory it is
 *       applied to and is self-consistent, {@code V(s) = sum_u pi_e(u|s) Q(s,u)} (true in particular for
 *       {@code Q(s,u) = V(s)}, however wrong V is), because
 *       {@code E_b[w_{i,t} Q(s_t,u_t) | s_t, past] = w_{i,t-1} sum_u pi_e(u|s_t) Q(s_t,u)}, which then cancels
 *       the {@code w_{i,t-1} V_{i,t}} term in expectation.</li>
 *   <li>WDR (Thomas and Brunskill 2016): DR with the normalised weights,
 *       {@code sum_i sum_t gamma^t [wn_{i,t} (r_{i,t} - Q_{i,t}) + wn_{i,t-1} V_{i,t}]},
 *       {@code wn_{i,-1} = 1/n}. Biased, consistent.</li>
 * </ul>
 *
 * <p>Trajectories of different lengths: after its last step T_i a trajectory is taken to sit in an
 * absorbing state with reward 0 and ratio 1, so {@code w_{i,t} = w_{i,T_i}} for {@code t > T_i}; it
 * contributes nothing to a numerator but keeps its weight in the per-time denominators.
 *
 * <p>Numerics: every weight is computed as {@code exp(L - M)} (0 when L is minus infinity) for the largest log-weight M of the
 * sum it belongs to (per time step for the normalised forms), and unnormalised means are
 * {@code exp(M + log|S| - log n)} with the sign of S, so nothing overflows before the result itself
 * would.
 *
 * <p>Every estimator is a function of multiplicities c_i (how often trajectory i is in the sample;
 * all 1 for the point estimate, a multinomial draw for a bootstrap resample): sums over i become
 * sums weighted by c_i and n becomes {@code sum_i c_i}.
 */
public final class OffPolicyEstimators {
    private final int n;
    private final int horizon;
    private final int[] lengths;
    private final double[][] cumLog;
    private final double[][] discRewards;
    private final double[][] discValues;
    private final double[][] discActionValues;
    private final double[] returns;
    /** Trajectories whose last index is t, for the running sums of absorbed weights. */
    private final int[][] endingAt;

    /**
     * @param trajectories at least one
     * @param gamma discount in [0, 1]
     */
    public OffPolicyEstimators(List<LoggedTrajectory> trajectories, double gamma) {
        if (trajectories.isEmpty()) {
            throw new IllegalArgumentException("no trajectories to estimate from");
        }
        if (!(gamma >= 0.0 && gamma <= 1.0)) {
            throw new IllegalArgumentException("gamma must be in [0, 1], not " + gamma);
        }
        n = trajectories.size();
        lengths = new int[n];
        cumLog = new double[n][];
        discRewards = new double[n][];
        returns = new double[n];
        boolean values = trajectories.stream().allMatch(LoggedTrajectory::hasValues);
        discValues = values ? new double[n][] : null;
        discActionValues = values ? new double[n][] : null;
        int h = 0;
        for (int i = 0; i < n; i++) {
            LoggedTrajectory tr = trajectories.get(i);
            int len = tr.length();
            lengths[i] = len;
            h = Math.max(h, len);
            cumLog[i] = new double[len];
            discRewards[i] = new double[len];
            if (values) {
                discValues[i] = new double[len];
                discActionValues[i] = new double[len];
            }
            double l = 0.0;
            double discount = 1.0;
            double g = 0.0;
            for (int t = 0; t < len; t++) {
                l += tr.logRatios[t];
                cumLog[i][t] = l;
                discRewards[i][t] = discount * tr.rewards[t];
                g += discRewards[i][t];
                if (values) {
                    discValues[i][t] = discount * tr.values[t];
                    discActionValues[i][t] = discount * tr.actionValues[t];
                }
                discount *= gamma;
            }
            returns[i] = g;
        }
        horizon = h;
        int[] counts = new int[h];
        for (int len : lengths) {
            counts[len - 1]++;
        }
        endingAt = new int[h][];
        for (int t = 0; t < h; t++) {
            endingAt[t] = new int[counts[t]];
        }
        int[] fill = new int[h];
        for (int i = 0; i < n; i++) {
            endingAt[lengths[i] - 1][fill[lengths[i] - 1]++] = i;
        }
    }

    /** Number of trajectories n. */
    public int size() {
        return n;
    }

    /** Whether every trajectory carries value estimates, so DR and WDR can be computed. */
    public boolean hasValues() {
        return discValues != null;
    }

    /** The behaviour policy's observed average return {@code (1/n) sum_i G_i}. */
    public double behaviourReturn() {
        double s = 0.0;
        for (double g : returns) {
            s += g;
        }
        return s / n;
    }

    /** Every estimator on all trajectories once; DR and WDR are absent without value estimates. */
    public Map<Estimator, Double> pointEstimates() {
        double[] c = new double[n];
        Arrays.fill(c, 1.0);
        double[] all = estimates(c);
        Map<Estimator, Double> out = new EnumMap<>(Estimator.class);
        for (Estimator e : Estimator.values()) {
            if (!Double.isNaN(all[e.ordinal()]) || !e.needsValueModel() || hasValues()) {
                out.put(e, all[e.ordinal()]);
            }
        }
        return out;
    }

    /**
     * Every estimator on the sample with multiplicities {@code c}, indexed by
     * {@link Estimator#ordinal()}; NaN for DR and WDR without value estimates.
     */
    double[] estimates(double[] c) {
        double total = 0.0;
        for (double ci : c) {
            total += ci;
        }
        double[] out = new double[Estimator.values().length];
        trajectoryWise(c, total, out);
        perDecision(c, total, out);
        perDecisionNormalised(c, total, out);
        return out;
    }

    private void trajectoryWise(double[] c, double total, double[] out) {
        double m = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            if (c[i] > 0) {
                m = Math.max(m, cumLog[i][lengths[i] - 1]);
            }
        }
        double sumW = 0.0;
        double sumWG = 0.0;
        for (int i = 0; i < n; i++) {
            if (c[i] > 0) {
                double w = c[i] * weight(cumLog[i][lengths[i] - 1], m);
                sumW += w;
                sumWG += w * returns[i];
            }
        }
        out[Estimator.IS.ordinal()] = scaledMean(sumWG, m, total);
        out[Estimator.WIS.ordinal()] = sumWG / sumW;
    }

    private void perDecision(double[] c, double total, double[] out) {
        // DR's w_{i,-1} = 1 is a log-weight of 0, so the shift is at least 0.
        double m = 0.0;
        for (int i = 0; i < n; i++) {
            if (c[i] > 0) {
                for (double l : cumLog[i]) {
                    m = Math.max(m, l);
                }
            }
        }
        boolean values = hasValues();
        double pd = 0.0;
        double dr = 0.0;
        for (int i = 0; i < n; i++) {
            if (c[i] <= 0) {
                continue;
            }
            double[] l = cumLog[i];
            double prev = weight(0.0, m);
            double sPd = 0.0;
            double sDr = 0.0;
            for (int t = 0; t < lengths[i]; t++) {
                double w = weight(l[t], m);
                sPd += w * discRewards[i][t];
                if (values) {
                    sDr += w * (discRewards[i][t] - discActionValues[i][t]) + prev * discValues[i][t];
                }
                prev = w;
            }
            pd += c[i] * sPd;
            dr += c[i] * sDr;
        }
        out[Estimator.PDIS.ordinal()] = scaledMean(pd, m, total);
        out[Estimator.DR.ordinal()] = values ? scaledMean(dr, m, total) : Double.NaN;
    }

    private void perDecisionNormalised(double[] c, double total, double[] out) {
        int h = horizon;
        double[] shift = new double[h];
        double[] denom = new double[h];
        // Log of the summed weights of the trajectories already absorbed (ended before t).
        double absorbedLse = Double.NEGATIVE_INFINITY;
        double[] presentMax = new double[h];
        Arrays.fill(presentMax, Double.NEGATIVE_INFINITY);
        for (int i = 0; i < n; i++) {
            if (c[i] > 0) {
                for (int t = 0; t < lengths[i]; t++) {
                    presentMax[t] = Math.max(presentMax[t], cumLog[i][t]);
                }
            }
        }
        double[] absorbedAt = new double[h];
        for (int t = 0; t < h; t++) {
            absorbedAt[t] = absorbedLse;
            shift[t] = Math.max(presentMax[t], absorbedLse);
            for (int i : endingAt[t]) {
                if (c[i] > 0) {
                    absorbedLse = logAddExp(absorbedLse, Math.log(c[i]) + cumLog[i][t]);
                }
            }
        }
        for (int t = 0; t < h; t++) {
            denom[t] = weight(absorbedAt[t], shift[t]);
        }
        for (int i = 0; i < n; i++) {
            if (c[i] > 0) {
                for (int t = 0; t < lengths[i]; t++) {
                    denom[t] += c[i] * weight(cumLog[i][t], shift[t]);
                }
            }
        }
        boolean values = hasValues();
        double[] numPd = new double[h];
        double[] numCurrent = new double[h];
        double[] numPrevious = new double[h];
        for (int i = 0; i < n; i++) {
            if (c[i] <= 0) {
                continue;
            }
            double prev = c[i];
            for (int t = 0; t < lengths[i]; t++) {
                double w = c[i] * weight(cumLog[i][t], shift[t]);
                numPd[t] += w * discRewards[i][t];
                if (values) {
                    numCurrent[t] += w * (discRewards[i][t] - discActionValues[i][t]);
                    numPrevious[t] += prev * discValues[i][t];
                }
                prev = w;
            }
        }
        double pdwis = 0.0;
        double wdr = 0.0;
        for (int t = 0; t < h; t++) {
            pdwis += numPd[t] / denom[t];
            if (values) {
                wdr += numCurrent[t] / denom[t] + numPrevious[t] / (t == 0 ? total : denom[t - 1]);
            }
        }
        out[Estimator.PDWIS.ordinal()] = pdwis;
        out[Estimator.WDR.ordinal()] = values ? wdr : Double.NaN;
    }

    /**
     * Weight diagnostics of one estimator on all trajectories, with c_i = 1: Kish's effective sample
     * size {@code (sum_i w_i)^2 / sum_i w_i^2} and the largest weight's share {@code max_i w_i / sum_i w_i}.
     * IS and WIS use the trajectory weights w_{i,T_i}; the per-decision estimators use w_{i,t} at
     * each t (with the absorbing convention) and report the smallest ESS and the largest share over t.
     *
     * @return {ess, maxShare}
     */
    public double[] weightDiagnostics(Estimator e) {
        if (e == Estimator.IS || e == Estimator.WIS) {
            double[] logs = new double[n];
            for (int i = 0; i < n; i++) {
                logs[i] = cumLog[i][lengths[i] - 1];
            }
            return diagnostics(logs);
        }
        double minEss = Double.POSITIVE_INFINITY;
        double maxShare = 0.0;
        double[] logs = new double[n];
        for (int t = 0; t < horizon; t++) {
            for (int i = 0; i < n; i++) {
                logs[i] = cumLog[i][Math.min(t, lengths[i] - 1)];
            }
            double[] d = diagnostics(logs);
            minEss = Math.min(minEss, d[0]);
            maxShare = Math.max(maxShare, d[1]);
        }
        return new double[] {minEss, maxShare};
    }

    private static double[] diagnostics(double[] logs) {
        double m = Double.NEGATIVE_INFINITY;
        for (double l : logs) {
            m = Math.max(m, l);
        }
        double s1 = 0.0;
        double s2 = 0.0;
        for (double l : logs) {
            double w = weight(l, m);
            s1 += w;
            s2 += w * w;
        }
        // The largest weight is exp(m - m) = 1 after the shift.
        return new double[] {s1 * s1 / s2, 1.0 / s1};
    }

    /** {@code exp(l - shift)}, and 0 for a zero weight (l minus infinity) whatever the shift. */
    private static double weight(double l, double shift) {
        return l == Double.NEGATIVE_INFINITY ? 0.0 : Math.exp(l - shift);
    }

    /** {@code exp(m) * s / total}, computed as {@code sign(s) exp(m + log|s| - log total)}. */
    private static double scaledMean(double s, double m, double total) {
        if (s == 0.0) {
            return 0.0;
        }
        return Math.signum(s) * Math.exp(m + Math.log(Math.abs(s)) - Math.log(total));
    }

    /** {@code log(exp(a) + exp(b))} without overflow. */
    private static double logAddExp(double a, double b) {
        if (a == Double.NEGATIVE_INFINITY) {
            return b;
        }
        if (b == Double.NEGATIVE_INFINITY) {
            return a;
        }
        double hi = Math.max(a, b);
        return hi + Math.log1p(Math.exp(Math.min(a, b) - hi));
    }
}
