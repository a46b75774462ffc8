package io.policystream.cli;

/** Exit codes of every command. */
public final class ExitCodes {
    /** Success; also a clean stop on SIGTERM or Ctrl-C. */
    public static final int OK = 0;
    /** The command ran and found a problem it reports (e.g. 'topics check' found differences). */
    public static final int FAILED = 1;
    /** Bad usage: a bad flag, a bad configuration file, an unreadable input. */
    public static final int USAGE = 2;
    /** A service this command needs (the Kafka cluster) could not be reached in time. */
    public static final int UNAVAILABLE = 3;
    /** The Kafka cluster refused the client's login (SASL credentials, TLS). */
    public static final int AUTHENTICATION = 4;
    /** The Kafka cluster refused the client an operation it needs (ACLs). */
    public static final int NOT_AUTHORIZED = 5;
    /** Topics the command needs do not exist ('policystream topics create' makes them). */
    public static final int TOPICS_MISSING = 6;

    private ExitCodes() {
    }
}
