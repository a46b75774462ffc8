package io.policystream.sim;

import io.policystream.event.Action;
import io.policystream.policy.Distribution;

import java.util.random.RandomGenerator;

/**
 * Gymnasium's Pendulum-v1: swing a frictionless pendulum up and keep it upright with a bounded torque.
 *
 * <p>State (theta, theta_dot) with theta = 0 upright; observation (cos theta, sin theta, theta_dot).
 * The action is one torque, clipped to u in [-2, 2]. One step of dt = 0.05 s, with g = 10, m = 1, l = 1:
 * <pre>
 *   r           = -(norm(theta)^2 + 0.1 theta_dot^2 + 0.001 u^2)       on the state before the step
 *   theta_dot' = clip(theta_dot + (3 g / (2 l) sin theta + 3 / (m l^2) u) dt, -8, 8)
 *   theta'     = theta + theta_dot' dt
 * </pre>
 * where norm(a) = ((a + pi) mod 2 pi) - pi maps an angle to [-pi, pi). The episode never terminates
 * and is truncated after 200 steps. A reset draws theta from U[-pi, pi) and theta_dot from U[-1, 1).
 */
public final class Pendulum implements Environment {
    /** Largest |theta_dot|, rad/s. */
    public static final double MAX_SPEED = 8.0;
    /** Largest |u|, N m. */
    public static final double MAX_TORQUE = 2.0;
    /** Seconds per step. */
    public static final double DT = 0.05;
    /** Acceleration of gravity g. */
    public static final double GRAVITY = 10.0;
    /** Mass m. */
    public static final double MASS = 1.0;
    /** Length l. */
    public static final double LENGTH = 1.0;
    /** Steps after which an episode is truncated. */
    public static final int MAX_STEPS = 200;

    private final EpisodeClock clock = new EpisodeClock(MAX_STEPS);
    private double theta;
    private double thetaDot;

    @Override
    public String name() {
        return "pendulum";
    }

    @Override
    public int observationSize() {
        return 3;
    }

    @Override
    public Distribution actionKind() {
        return Distribution.GAUSSIAN;
    }

    @Override
    public int actionSize() {
        return 1;
    }

    @Override
    public double[] reset(RandomGenerator rng) {
        return resetTo(rng.nextDouble(-Math.PI, Math.PI), rng.nextDouble(-1.0, 1.0));
    }

    /** Starts an episode from a given angle and angular velocity, for tests and replays. */
    public double[] resetTo(double theta, double thetaDot) {
        this.theta = theta;
        this.thetaDot = thetaDot;
        clock.start();
        return observation();
    }

    @Override
    public StepResult step(Action action) {
        clock.requireRunning();
        if (!(action instanceof Action.Continuous c) || c.size() != 1 || !Double.isFinite(c.get(0))) {
            throw new IllegalArgumentException("pendulum takes one finite torque, not " + action);
        }
        double u = clip(c.get(0), -MAX_TORQUE, MAX_TORQUE);
        double normalized = normalizeAngle(theta);
        double cost = normalized * normalized + 0.1 * thetaDot * thetaDot + 0.001 * u * u;

        double newThetaDot = thetaDot
                + (3.0 * GRAVITY / (2.0 * LENGTH) * Math.sin(theta) + 3.0 / (MASS * LENGTH * LENGTH) * u) * DT;
        newThetaDot = clip(newThetaDot, -MAX_SPEED, MAX_SPEED);
        theta = theta + newThetaDot * DT;
        thetaDot = newThetaDot;

        boolean truncated = clock.tick(false);
        return new StepResult(observation(), -cost, false, truncated);
    }

    /** ((a + pi) mod 2 pi) - pi with a floored modulo, as Python's %, so the result is in [-pi, pi). */
    static double normalizeAngle(double a) {
        double twoPi = 2.0 * Math.PI;
        double m = (a + Math.PI) % twoPi;
        if (m < 0) {
            m += twoPi;
        }
        return m - Math.PI;
    }

    private static double clip(double v, double lo, double hi) {
        return Math.max(lo, Math.min(hi, v));
    }

    private double[] observation() {
        return new double[] {Math.cos(theta), Math.sin(theta), thetaDot};
    }
}
