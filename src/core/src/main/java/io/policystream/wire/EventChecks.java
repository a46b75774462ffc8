package io.policystream.wire;

import io.policystream.event.Action;
import io.policystream.event.Event;
import io.policystream.event.InvalidReason;

/**
 * The wire-format rules applied to an {@link Event} record before it is written, so that the
 * encoder never produces a record the decoder would refuse (the same rules, the same messages).
 */
final class EventChecks {
    private EventChecks() {
    }

    static void check(Event e) {
        Identifiers.checkPolicy("policy", e.policy());
        Identifiers.checkEpisode(e.episode());
        nonNegative("step", e.step());
        finite("reward", e.reward());
        if (e.time() < -1) {
            throw new WireException(InvalidReason.OUT_OF_RANGE,
                    "time: must be an integer >= 0 (or -1 for none), got " + e.time());
        }
        if (e.isStep()) {
            checkStep(e);
        }
    }

    private static void checkStep(Event e) {
        if (e.state() == null) {
            throw new WireException(InvalidReason.MISSING_FIELD, "state: required for a step event");
        }
        finiteVector("state", e.state());
        nonNegative("policyVersion", e.policyVersion());
        finite("logProb", e.logProb());
        Action a = e.action();
        if (a == null) {
            throw new WireException(InvalidReason.MISSING_FIELD, "action: required for a step event");
        }
        if (a instanceof Action.Discrete d) {
            if (d.index() < 0) {
                throw new WireException(InvalidReason.OUT_OF_RANGE,
                        "action: must be an integer >= 0, got " + d.index());
            }
            checkCategoricalLogProb(e.logProb());
        } else {
            finiteVector("action", ((Action.Continuous) a).values());
        }
    }

    /** A probability is at most 1, so a categorical log-probability is at most 0. */
    static void checkCategoricalLogProb(double logProb) {
        if (logProb > 0) {
            throw new WireException(InvalidReason.OUT_OF_RANGE,
                    "logProb: must be <= 0 for a categorical action, got " + logProb);
        }
    }

    private static void finiteVector(String field, double[] v) {
        if (v.length == 0) {
            throw new WireException(InvalidReason.WRONG_DIMENSION, field + ": must not be empty");
        }
        for (int i = 0; i < v.length; i++) {
            if (!Double.isFinite(v[i])) {
                throw new WireException(InvalidReason.NON_FINITE, field + "[" + i + "]: not a finite number");
            }
        }
    }

    private static void finite(String field, double v) {
        if (!Double.isFinite(v)) {
            throw new WireException(InvalidReason.NON_FINITE, field + ": not a finite number");
        }
    }

    private static void nonNegative(String field, long v) {
        if (v < 0) {
            throw new WireException(InvalidReason.OUT_OF_RANGE, field + ": must be an integer >= 0, got " + v);
        }
    }
}
