package io.policystream.serve;

import java.util.Objects;

/**
 * Where and how the HTTP server listens.
 *
 * @param host the address to bind, e.g. {@code 0.0.0.0} (every interface) or {@code 127.0.0.1}
 * @param port the port; 0 picks a free one ({@link ActingHttpServer#port()} tells which)
 * @param threads the requests handled at once
 * @param maxRequestBytes the largest request body accepted; a larger one is answered 413
 */
public record HttpSettings(String host, int port, int threads, int maxRequestBytes) {
    /** Default largest request body: 1 MiB. */
    public static final int DEFAULT_MAX_REQUEST_BYTES = 1 << 20;

    public HttpSettings {
        Objects.requireNonNull(host, "host");
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be 0 to 65535, not " + port);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, not " + threads);
        }
        if (maxRequestBytes < 1) {
            throw new IllegalArgumentException("maxRequestBytes must be >= 1, not " + maxRequestBytes);
        }
    }
}
