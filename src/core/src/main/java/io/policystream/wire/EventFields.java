package io.policystream.wire;

/**
 * The known fields of the event object, one bit each, as both event readers ({@link EventReader}
 * and {@link PlainEventReader}) count which they have seen.
 */
final class EventFields {
    static final int TYPE = 1;
    static final int POLICY = 1 << 1;
    static final int EPISODE = 1 << 2;
    static final int STEP = 1 << 3;
    static final int STATE = 1 << 4;
    static final int ACTION = 1 << 5;
    static final int LOG_PROB = 1 << 6;
    static final int POLICY_VERSION = 1 << 7;
    static final int REWARD = 1 << 8;
    static final int DONE = 1 << 9;
    static final int TRUNCATED = 1 << 10;
    static final int TIME = 1 << 11;
    static final int FORMAT = 1 << 12;

    private EventFields() {
    }
}
