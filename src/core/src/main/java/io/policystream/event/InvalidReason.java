package io.policystream.event;

/**
 * Why an input record was refused. The code is low-cardinality: it names the DLQ header value
 * and the metrics tag; the message of an {@link InvalidEventException} gives the detail.
 */
public enum InvalidReason {
    /** Not JSON, or JSON that is not an object. */
    MALFORMED_JSON("malformed-json"),
    /** The record is larger than the configured limit. */
    TOO_LARGE("too-large"),
    /** A required field is absent or null. */
    MISSING_FIELD("missing-field"),
    /** A field has the wrong JSON type (string for a number, fraction for an integer, ...). */
    WRONG_TYPE("wrong-type"),
    /** A number is NaN, infinite or overflows a double. */
    NON_FINITE("non-finite"),
    /** A value is outside its allowed range (negative step, positive categorical logProb, ...). */
    OUT_OF_RANGE("out-of-range"),
    /** A string has the wrong form (policy id pattern, episode length). */
    BAD_FORMAT("bad-format"),
    /** The record key and the event's episode differ. */
    KEY_MISMATCH("key-mismatch"),
    /**
     * The record declares a wire-format major version this reader does not read (its
     * {@code format} field); it is judged on nothing else, since another major may mean anything.
     */
    UNSUPPORTED_FORMAT("unsupported-format"),
    /** No params exist for the event's policy. */
    UNKNOWN_POLICY("unknown-policy"),
    /** The state or action has a length the policy does not accept. */
    WRONG_DIMENSION("wrong-dimension"),
    /** The action is not of the policy's kind, or a categorical index is out of range. */
    BAD_ACTION("bad-action"),
    /** Another event for the same step and type with different content was seen first. */
    CONFLICTING_DUPLICATE("conflicting-duplicate"),
    /** A step beyond the step that ended the episode, or a second, different end. */
    AFTER_END("after-end"),
    /** The event belongs to an episode already closed (emitted, timed out or dropped). */
    EPISODE_CLOSED("episode-closed"),
    /** The episode would exceed a configured size limit. */
    LIMIT_EXCEEDED("limit-exceeded");

    private final String code;

    InvalidReason(String code) {
        this.code = code;
    }

    /** The reason as written in DLQ headers and metric tags. */
    public String code() {
        return code;
    }
}
