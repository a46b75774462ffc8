package io.policystream.sim;

import java.util.List;

/** The simulated environments of the demo, by name. */
public final class Environments {
    /** Contexts of the demo bandit. */
    public static final int BANDIT_CONTEXTS = 4;
    /** Arms of the demo bandit: as many as contexts, so every context has a different best arm. */
    public static final int BANDIT_ARMS = 4;

    private static final List<String> NAMES = List.of("cartpole", "pendulum", "bandit");

    private Environments() {
    }

    /** The names {@link #create} accepts. */
    public static List<String> names() {
        return NAMES;
    }

    /**
     * A new environment. The seed fixes what is part of the environment itself (the bandit's best arms);
     * the dynamics of cartpole and pendulum are deterministic and take their randomness from
     * {@link Environment#reset}.
     *
     * @throws IllegalArgumentException for an unknown name
     */
    public static Environment create(String name, long seed) {
        return switch (name) {
            case "cartpole" -> new CartPole();
            case "pendulum" -> new Pendulum();
            case "bandit" -> new ContextualBandit(BANDIT_CONTEXTS, BANDIT_ARMS, seed);
            default -> throw new IllegalArgumentException(
                    "unknown environment '" + name + "'; expected one of " + String.join(", ", NAMES));
        };
    }
}
