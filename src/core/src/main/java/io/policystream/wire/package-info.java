/**
 * JSON codecs for the wire format, version 1.0: events and params as they travel on Kafka. They
 * read every 1.x and refuse another major version ({@link io.policystream.wire.FormatVersion}).
 *
 * <p>This is the only package that knows JSON; the {@code event} and {@code policy} packages stay
 * free of Jackson. Decoding streams straight into primitive arrays (no tree, no boxing) because
 * it sits on the learner's hot path, and every refusal names the field and carries an
 * {@link io.policystream.event.InvalidReason} so that bad input can go to the dead-letter topic
 * as data. Encoding refuses what decoding would refuse, so whatever the codecs write can be read.
 */
package io.policystream.wire;
