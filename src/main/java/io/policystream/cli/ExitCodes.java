package io.policystream.cli;

/** Exit codes of every command. */
public final class ExitCodes {
    /** Success. */
    public static final int OK = 0;
    /** The command ran and found a problem it reports (e.g. 'topics check' found differences). */
    public static final int FAILED = 1;
    /** Bad usage: a bad flag, a bad configuration file, an unreadable input. */
    public static final int USAGE = 2;
    /** A service this command needs (the Kafka cluster) could not be reached in time. */
    public static final int UNAVAILABLE = 3;

    private ExitCodes() {
    }
}
