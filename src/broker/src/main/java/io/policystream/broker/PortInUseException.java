package io.policystream.broker;

/**
 * A port the broker needs is taken. Thrown before Kafka starts, because Kafka itself reacts to a
 * port in use by halting the whole JVM.
 */
public final class PortInUseException extends IllegalStateException {
    private final int port;

    public PortInUseException(int port, String what) {
        super(what + " port " + port + " on 127.0.0.1 is already in use");
        this.port = port;
    }

    public int port() {
        return port;
    }
}
