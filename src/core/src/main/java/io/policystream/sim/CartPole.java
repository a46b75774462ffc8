package io.policystream.sim;

import io.policystream.event.Action;
import io.policystream.policy.Distribution;

import java.util.random.RandomGenerator;

/**
 * Gymnasium's CartPole-v1: a pole hinged on a cart that moves along a frictionless track, with the
 * dynamics of Barto, Sutton and Anderson (1983) as corrected by Florian (2007).
 *
 * <p>State and observation (x, x_dot, theta, theta_dot). Action 1 pushes the cart right with force
 * F = 10, action 0 left with -F. One step of tau = 0.02 s:
 * <pre>
 *   temp      = (F + m_p l theta_dot^2 sin theta) / (m_c + m_p)
 *   theta_acc = (g sin theta - cos theta * temp) / (l (4/3 - m_p cos^2 theta / (m_c + m_p)))
 *   x_acc     = temp - m_p l theta_acc cos theta / (m_c + m_p)
 *   x += tau x_dot;  x_dot += tau x_acc;  theta += tau theta_dot;  theta_dot += tau theta_acc
 * </pre>
 * with g = 9.8, m_c = 1, m_p = 0.1 and l = 0.5 (half the pole's length); positions move with the old
 * velocities (explicit Euler, Gymnasium's default integrator). The episode terminates when the new
 * state has |x| &gt; 2.4 or |theta| &gt; 12 degrees, is truncated after 500 steps, and every step
 * including the terminating one earns reward 1. A reset draws each state entry from U[-0.05, 0.05).
 * Unlike Gymnasium, observations are doubles, not float32.
 */
public final class CartPole implements Environment {
    /** Acceleration of gravity g, m/s^2. */
    public static final double GRAVITY = 9.8;
    /** Mass of the cart m_c, kg. */
    public static final double MASS_CART = 1.0;
    /** Mass of the pole m_p, kg. */
    public static final double MASS_POLE = 0.1;
    /** Half the pole's length l, m. */
    public static final double HALF_LENGTH = 0.5;
    /** Magnitude of the push F, N. */
    public static final double FORCE = 10.0;
    /** Seconds per step. */
    public static final double TAU = 0.02;
    /** |x| beyond this terminates the episode. */
    public static final double X_THRESHOLD = 2.4;
    /** |theta| beyond this terminates the episode: 12 degrees in radians. */
    public static final double THETA_THRESHOLD = 12 * 2 * Math.PI / 360;
    /** Steps after which an episode is truncated. */
    public static final int MAX_STEPS = 500;
    /** Half-width of the uniform reset distribution of every state entry. */
    public static final double RESET_BOUND = 0.05;

    private static final double TOTAL_MASS = MASS_POLE + MASS_CART;
    private static final double POLE_MASS_LENGTH = MASS_POLE * HALF_LENGTH;

    private final EpisodeClock clock = new EpisodeClock(MAX_STEPS);
    private double x;
    private double xDot;
    private double theta;
    private double thetaDot;

    @Override
    public String name() {
        return "cartpole";
    }

    @Override
    public int observationSize() {
        return 4;
    }

    @Override
    public Distribution actionKind() {
        return Distribution.CATEGORICAL;
    }

    @Override
    public int actionSize() {
        return 2;
    }

    @Override
    public double[] reset(RandomGenerator rng) {
        return resetTo(new double[] {
            rng.nextDouble(-RESET_BOUND, RESET_BOUND), rng.nextDouble(-RESET_BOUND, RESET_BOUND),
            rng.nextDouble(-RESET_BOUND, RESET_BOUND), rng.nextDouble(-RESET_BOUND, RESET_BOUND)});
    }

    /**
     * Starts an episode from a given state (x, x_dot, theta, theta_dot), for tests and for replaying
     * a recorded start.
     */
    public double[] resetTo(double[] state) {
        if (state.length != 4) {
            throw new IllegalArgumentException("a cart-pole state has 4 entries, not " + state.length);
        }
        x = state[0];
        xDot = state[1];
        theta = state[2];
        thetaDot = state[3];
        clock.start();
        return observation();
    }

    @Override
    public StepResult step(Action action) {
        clock.requireRunning();
        if (!(action instanceof Action.Discrete d) || d.index() < 0 || d.index() > 1) {
            throw new IllegalArgumentException("cartpole takes action 0 (left) or 1 (right), not " + action);
        }
        double force = d.index() == 1 ? FORCE : -FORCE;
        double cos = Math.cos(theta);
        double sin = Math.sin(theta);
        double temp = (force + POLE_MASS_LENGTH * thetaDot * thetaDot * sin) / TOTAL_MASS;
        double thetaAcc = (GRAVITY * sin - cos * temp)
                / (HALF_LENGTH * (4.0 / 3.0 - MASS_POLE * cos * cos / TOTAL_MASS));
        double xAcc = temp - POLE_MASS_LENGTH * thetaAcc * cos / TOTAL_MASS;

        x = x + TAU * xDot;
        xDot = xDot + TAU * xAcc;
        theta = theta + TAU * thetaDot;
        thetaDot = thetaDot + TAU * thetaAcc;

        boolean terminated = x < -X_THRESHOLD || x > X_THRESHOLD || theta < -THETA_THRESHOLD || theta > THETA_THRESHOLD;
        boolean truncated = clock.tick(terminated);
        return new StepResult(observation(), 1.0, terminated, truncated);
    }

    private double[] observation() {
        return new double[] {x, xDot, theta, thetaDot};
    }
}
