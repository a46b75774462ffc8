package io.policystream.broker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Loopback ports: checked and picked before Kafka binds them, since Kafka halts the JVM on a bind failure. */
final class Ports {
    static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    private Ports() {
    }

    /** Whether nothing listens on {@code port} of the loopback address right now. */
    static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(LOOPBACK, port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Two distinct free ports. Both sockets stay open until both are chosen, so the operating
     * system cannot hand out the same port twice.
     */
    static int[] pickTwo() {
        try (ServerSocket a = new ServerSocket(0, 0, LOOPBACK); ServerSocket b = new ServerSocket(0, 0, LOOPBACK)) {
            return new int[] {a.getLocalPort(), b.getLocalPort()};
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free port on the loopback address", e);
        }
    }
}
