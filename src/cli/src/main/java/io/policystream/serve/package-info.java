/**
 * The HTTP acting service: act with the latest params and record steps and rewards with plain JSON
 * requests, for environments in any language.
 *
 * <p>{@link io.policystream.serve.ActingService} holds the logic and is tested without HTTP;
 * {@link io.policystream.serve.ActingHttpServer} puts it on the JDK's HTTP server;
 * {@link io.policystream.serve.ServeApp} wires both to Kafka for {@code policystream serve}. The
 * endpoints, errors and limits are documented in {@code docs/acting-service.md}.
 */
package io.policystream.serve;
