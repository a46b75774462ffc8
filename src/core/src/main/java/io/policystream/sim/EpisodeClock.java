package io.policystream.sim;

/** Counts the steps of an episode, enforces reset-before-step, and applies the time limit. */
final class EpisodeClock {
    private final int maxSteps;
    private int steps;
    private boolean running;

    EpisodeClock(int maxSteps) {
        this.maxSteps = maxSteps;
    }

    void start() {
        steps = 0;
        running = true;
    }

    /** Checks that a step may be taken now. */
    void requireRunning() {
        if (!running) {
            throw new IllegalStateException("no episode is running: call reset first");
        }
    }

    /**
     * Records a finished step and returns whether it hit the time limit; the episode ends when the step
     * terminated or was truncated.
     */
    boolean tick(boolean terminated) {
        steps++;
        boolean truncated = steps >= maxSteps;
        running = !(terminated || truncated);
        return truncated;
    }

    int steps() {
        return steps;
    }
}
