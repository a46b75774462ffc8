package io.policystream.event;

/**
 * What a policy accepts, as far as events are concerned: the state length and the kind and size
 * of its actions.
 *
 * @param stateSize length of a state
 * @param discrete whether actions are indices (categorical) rather than vectors (gaussian)
 * @param actionSize number of actions, or action dimensions
 */
public record PolicyShape(int stateSize, boolean discrete, int actionSize) {

    /**
     * Checks a decoded event against this shape.
     *
     * @throws InvalidEventException naming the field when the state or action does not fit
     */
    public void check(Event e) throws InvalidEventException {
        if (!e.isStep()) {
            return;
        }
        if (e.stateSize() != stateSize) {
            throw new InvalidEventException(InvalidReason.WRONG_DIMENSION, "state: length " + e.stateSize()
                    + ", policy " + e.policy() + " expects " + stateSize);
        }
        Action a = e.action();
        if (discrete) {
            if (!(a instanceof Action.Discrete d)) {
                throw new InvalidEventException(InvalidReason.BAD_ACTION, "action: policy " + e.policy()
                        + " is categorical and expects an integer index, got a vector");
            }
            if (d.index() >= actionSize) {
                throw new InvalidEventException(InvalidReason.BAD_ACTION, "action: " + d.index()
                        + " is outside [0, " + actionSize + ") of policy " + e.policy());
            }
        } else {
            if (!(a instanceof Action.Continuous c)) {
                throw new InvalidEventException(InvalidReason.BAD_ACTION, "action: policy " + e.policy()
                        + " is gaussian and expects a vector of " + actionSize + " numbers, got an integer");
            }
            if (c.size() != actionSize) {
                throw new InvalidEventException(InvalidReason.WRONG_DIMENSION, "action: length " + c.size()
                        + ", policy " + e.policy() + " expects " + actionSize);
            }
        }
    }
}
