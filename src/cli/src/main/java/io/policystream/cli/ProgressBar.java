package io.policystream.cli;

import io.policystream.replay.Progress;
import java.io.PrintWriter;

/**
 * A one-line progress bar on stderr, redrawn at most five times a second, shown only when the
 * process has a terminal: in a pipe or a log it would be noise.
 */
final class ProgressBar implements Progress {
    private static final int WIDTH = 30;
    private static final long REDRAW_NANOS = 200_000_000L;

    private final PrintWriter err;
    private final String label;
    private final boolean shown;
    private long lastDraw = Long.MIN_VALUE;
    private boolean drawn;

    private ProgressBar(PrintWriter err, String label, boolean shown) {
        this.err = err;
        this.label = label;
        this.shown = shown;
    }

    /** A bar that draws only when {@code System.console()} is there. */
    static ProgressBar onTerminal(PrintWriter err, String label) {
        return new ProgressBar(err, label, System.console() != null);
    }

    @Override
    public void update(long done, long total) {
        if (!shown) {
            return;
        }
        long now = System.nanoTime();
        if (drawn && now - lastDraw < REDRAW_NANOS && done < total) {
            return;
        }
        lastDraw = now;
        drawn = true;
        double fraction = total <= 0 ? 1.0 : Math.min(1.0, (double) done / total);
        int filled = (int) Math.round(fraction * WIDTH);
        err.print("\r" + label + " [" + "#".repeat(filled) + " ".repeat(WIDTH - filled) + "] "
                + String.format("%3d%% %,d/%,d", Math.round(fraction * 100), done, total));
        err.flush();
    }

    /** Ends the bar's line, so the next message starts on its own. */
    void finish() {
        if (drawn) {
            err.println();
            err.flush();
        }
    }
}
