package io.policystream.cli;

/**
 * A failure whose message is complete for the user: it is printed as is, on one line per problem,
 * and the command exits with {@link #exitCode()}. Anything else is a bug and prints a stack trace.
 */
public class UserException extends RuntimeException {
    private final int exitCode;

    public UserException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public UserException(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    /** A bad flag, file or configuration: exit code {@link ExitCodes#USAGE}. */
    public static UserException usage(String message) {
        return new UserException(ExitCodes.USAGE, message);
    }

    public int exitCode() {
        return exitCode;
    }
}
