package io.policystream.config;

/** Where a configuration key may be set. */
public enum Scope {
    /** A default for every policy, overridable for one policy as {@code policy.<id>.<key>}. */
    POLICY,
    /** One value for the whole learner process; a {@code policy.<id>.} override is an error. */
    LEARNER
}
