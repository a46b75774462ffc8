package io.policystream.serve;

import io.policystream.event.Event;

/**
 * Where the acting service records events: {@code recorder::send} of an
 * {@link io.policystream.client.EpisodeRecorder} in production, a list in tests.
 */
@FunctionalInterface
public interface EventSink {
    /**
     * Records one event. Returns once the event is handed over (not necessarily written); throws
     * when it cannot be, and the service then answers 503 without counting the step.
     */
    void send(Event event);
}
