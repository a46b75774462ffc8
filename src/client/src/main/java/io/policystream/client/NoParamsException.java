package io.policystream.client;

/** A policy has no params yet: nothing was published for it (run {@code policystream init}). */
public final class NoParamsException extends RuntimeException {
    public NoParamsException(String message) {
        super(message);
    }
}
