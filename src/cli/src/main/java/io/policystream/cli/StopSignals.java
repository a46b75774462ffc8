package io.policystream.cli;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * SIGTERM and Ctrl-C (SIGINT) as a request to stop cleanly: a long-running command installs this,
 * waits on it, closes what it runs, prints one line and returns exit code 0. The JVM's own handling
 * would run shutdown hooks and exit 143 (or 130), however cleanly the command stopped. A second
 * signal while the command stops ends the process at once, with 130 or 143.
 *
 * <p>Where the JVM does not offer these signals, a shutdown hook asks for the stop instead and
 * waits, bounded, until {@link #close()} says the command has stopped.
 */
final class StopSignals implements AutoCloseable {
    /** How long a shutdown hook (the fallback) waits for the command to stop. */
    private static final Duration HOOK_WAIT = Duration.ofSeconds(30);

    private final CountDownLatch requested = new CountDownLatch(1);
    private final CountDownLatch closed = new CountDownLatch(1);
    private final List<Signal> signals = new ArrayList<>();
    private final List<SignalHandler> previous = new ArrayList<>();
    private Thread hook;
    private volatile String received;

    private StopSignals() {
    }

    /** Installs the handlers; close the result when the command has stopped. */
    static StopSignals install() {
        StopSignals s = new StopSignals();
        for (String name : List.of("TERM", "INT")) {
            try {
                Signal signal = new Signal(name);
                SignalHandler before = Signal.handle(signal, s::onSignal);
                s.signals.add(signal);
                s.previous.add(before);
            } catch (IllegalArgumentException | UnsupportedOperationException | LinkageError e) {
                // This platform or JVM does not let us handle it: the shutdown hook below covers it.
            }
        }
        if (s.signals.size() < 2) {
            s.hook = new Thread(s::onShutdown, "policystream-stop");
            Runtime.getRuntime().addShutdownHook(s.hook);
        }
        return s;
    }

    private void onSignal(Signal signal) {
        if (requested.getCount() == 0) {
            // Asked twice: the user wants out now.
            Runtime.getRuntime().halt(128 + signal.getNumber());
        }
        received = "SIG" + signal.getName();
        requested.countDown();
    }

    private void onShutdown() {
        received = "shutdown";
        requested.countDown();
        try {
            closed.await(HOOK_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Asks for a stop, as a signal would (tests, and commands that end on their own). */
    void request() {
        requested.countDown();
    }

    /** Whether a stop was asked for. */
    boolean requested() {
        return requested.getCount() == 0;
    }

    /** The signal that asked for the stop ("SIGTERM", "SIGINT"), or null. */
    String signal() {
        return received;
    }

    /** Waits up to {@code timeout} for a stop request; true when one came. */
    boolean await(Duration timeout) throws InterruptedException {
        return requested.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Waits for a stop request. */
    void await() throws InterruptedException {
        requested.await();
    }

    /** Restores the signals' previous handlers; lets a waiting shutdown hook go. */
    @Override
    public void close() {
        for (int i = 0; i < signals.size(); i++) {
            try {
                Signal.handle(signals.get(i), previous.get(i));
            } catch (IllegalArgumentException e) {
                // Nothing to restore.
            }
        }
        closed.countDown();
        if (hook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // The JVM is shutting down and the hook runs: it ends when it sees `closed`.
            }
        }
    }
}
