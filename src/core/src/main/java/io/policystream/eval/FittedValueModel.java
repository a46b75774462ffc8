package io.policystream.eval;

import java.util.List;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.commons.math3.linear.RealVector;
import org.apache.commons.math3.linear.SingularMatrixException;

/**
 * A state-value model of the target fitted to the logged data: a linear function
 * {@code V(s) = beta_0 + sum_j beta_j s_j} fitted by ridge least squares to the per-decision
 * importance-sampled returns-to-go
 * {@code Y_{i,t} = sum_{k>=t} gamma^(k-t) (prod_{j=t..k} rho_{i,j}) r_{i,k}},
 * computed backwards as {@code Y_t = rho_t (r_t + gamma Y_{t+1})}. Since
 * {@code E_b[Y_t | s_t] = V^{pi_e}(s_t)}, the fit aims at the target's value, not the behaviour's.
 *
 * <p>The normal equations are {@code (X^T X + lambda D) beta = X^T Y} with {@code D} the identity
 * except 0 for the intercept and {@code lambda = 1e-4 * rows}, so collinear features (e.g. one-hot
 * states with an intercept) still give a unique solution; they are solved by LU decomposition
 * (Commons Math). Samples whose Y is not finite (overflowing weights) are left out of the fit.
 *
 * <p>Cross-fitting: DR is unbiased only when the model does not depend on the trajectory it is
 * applied to, so {@link #crossFit} fits one model on the even-indexed trajectories and one on the
 * odd-indexed ones, and each trajectory is given the model fitted on the other half.
 * Bootstrap resamples reuse these fits rather than refitting, so the intervals leave out the
 * variance of the fit itself.
 */
public final class FittedValueModel implements ValueModel {
    /** Fewer trajectories than this and no model is fitted. */
    public static final int MIN_TRAJECTORIES = 4;

    private final double[] beta;

    private FittedValueModel(double[] beta) {
        this.beta = beta;
    }

    @Override
    public double value(double[] state, int t) {
        double v = beta[0];
        for (int j = 0; j < state.length; j++) {
            v += beta[j + 1] * state[j];
        }
        return v;
    }

    @Override
    public String description() {
        return "linear value model fitted to importance-sampled returns-to-go (cross-fitted on two halves)";
    }

    /** The coefficients beta_0 (intercept), beta_1.. (one per state component). */
    public double[] coefficients() {
        return beta.clone();
    }

    /**
     * Fits a model on the given trajectories.
     *
     * @param states states[i][t] of trajectory i
     * @param logged the same trajectories' log-ratios and rewards
     * @param gamma discount
     * @return the model, or null when the equations are singular
     */
    public static FittedValueModel fit(List<double[][]> states, List<LoggedTrajectory> logged, double gamma) {
        int d = states.get(0)[0].length;
        int p = d + 1;
        double[][] xtx = new double[p][p];
        double[] xty = new double[p];
        double[] x = new double[p];
        long rows = 0;
        for (int i = 0; i < logged.size(); i++) {
            LoggedTrajectory tr = logged.get(i);
            double[][] s = states.get(i);
            double y = 0.0;
            for (int t = tr.length() - 1; t >= 0; t--) {
                y = Math.exp(tr.logRatio(t)) * (tr.reward(t) + gamma * y);
                if (!Double.isFinite(y)) {
                    // An overflowing weight poisons this and every earlier target of the trajectory.
                    break;
                }
                x[0] = 1.0;
                System.arraycopy(s[t], 0, x, 1, d);
                for (int a = 0; a < p; a++) {
                    xty[a] += x[a] * y;
                    for (int b = 0; b < p; b++) {
                        xtx[a][b] += x[a] * x[b];
                    }
                }
                rows++;
            }
        }
        if (rows == 0) {
            return null;
        }
        double lambda = 1e-4 * rows;
        for (int a = 1; a < p; a++) {
            xtx[a][a] += lambda;
        }
        try {
            RealVector solution = new LUDecomposition(new Array2DRowRealMatrix(xtx, false)).getSolver()
                    .solve(new ArrayRealVector(xty, false));
            double[] beta = solution.toArray();
            for (double b : beta) {
                if (!Double.isFinite(b)) {
                    return null;
                }
            }
            return new FittedValueModel(beta);
        } catch (SingularMatrixException e) {
            return null;
        }
    }

    /**
     * Two models, each fitted on one half of the trajectories (even and odd indices).
     *
     * @return {model for the even-indexed trajectories (fitted on the odd ones), model for the odd-indexed},
     *     or null when there are fewer than {@value #MIN_TRAJECTORIES} trajectories or a fit fails
     */
    public static FittedValueModel[] crossFit(List<double[][]> states, List<LoggedTrajectory> logged, double gamma) {
        if (logged.size() < MIN_TRAJECTORIES) {
            return null;
        }
        FittedValueModel onEven = fit(half(states, 0), half(logged, 0), gamma);
        FittedValueModel onOdd = fit(half(states, 1), half(logged, 1), gamma);
        if (onEven == null || onOdd == null) {
            return null;
        }
        return new FittedValueModel[] {onOdd, onEven};
    }

    private static <T> List<T> half(List<T> all, int parity) {
        java.util.ArrayList<T> out = new java.util.ArrayList<>();
        for (int i = parity; i < all.size(); i += 2) {
            out.add(all.get(i));
        }
        return out;
    }
}
