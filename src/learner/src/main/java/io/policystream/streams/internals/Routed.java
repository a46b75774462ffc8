package io.policystream.streams.internals;

import io.policystream.event.Event;
import io.policystream.trajectory.Closure;

/** What flows between the learner's processors inside one sub-topology (never serialised). */
public sealed interface Routed permits Routed.Decoded, Routed.Closed, Routed.Rejected {

    /** A valid event with the bytes it came from. */
    record Decoded(Event event, byte[] rawKey, byte[] rawValue) implements Routed {
    }

    /** An episode the assembler closed (with or without a trajectory to learn from). */
    record Closed(Closure closure) implements Routed {
    }

    /** A record for the dead-letter topic: the original bytes; the reason is in the record's headers. */
    record Rejected(byte[] rawKey, byte[] rawValue) implements Routed {
    }
}
