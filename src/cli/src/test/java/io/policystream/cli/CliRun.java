package io.policystream.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** Runs a command through picocli with the project's error handling, capturing out and err. */
final class CliRun {
    private final CommandLine commandLine;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private volatile int exitCode = -1;

    CliRun(Object command) {
        commandLine = new CommandLine(command);
        commandLine.setExecutionExceptionHandler(new ErrorHandler());
        commandLine.setParameterExceptionHandler(new ErrorHandler());
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
    }

    /** Runs the command with {@code args} and returns its exit code. */
    int execute(String... args) {
        exitCode = commandLine.execute(args);
        return exitCode;
    }

    /** The exit code of the last run, -1 before it ends. */
    int exitCode() {
        return exitCode;
    }

    /** What the command printed on out so far; safe to call while it runs in another thread. */
    String out() {
        return out.toString();
    }

    String err() {
        return err.toString();
    }
}
