/**
 * JSON codecs for the wire format, version 1.0: events and params as they travel on Kafka. They
 * read every 1.x and refuse another major version ({@link io.policystream.wire.FormatVersion}).
 *
 * <p>This is the only package of the core that knows JSON (an ArchUnit rule holds it): the
 * {@code event}, {@code policy} and {@code learn} packages stay free of Jackson. Outside the core,
 * the HTTP answers of {@code serve} and {@code metrics} and a few CLI outputs write their own small
 * JSON documents; the wire format's events and params go through these codecs everywhere. Decoding streams straight into primitive arrays (no tree, no boxing) because
 * it sits on the learner's hot path, and every refusal names the field and carries an
 * {@link io.policystream.event.InvalidReason} so that bad input can go to the dead-letter topic
 * as data. Encoding refuses what decoding would refuse, so whatever the codecs write can be read.
 */
package io.policystream.wire;
