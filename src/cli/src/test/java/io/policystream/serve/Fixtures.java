package io.policystream.serve;

import io.policystream.event.Event;
import io.policystream.policy.Activation;
import io.policystream.policy.Architecture;
import io.policystream.policy.Initializer;
import io.policystream.policy.PolicyParams;
import io.policystream.policy.StdMode;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** Params, a recording sink and a clock for the acting-service tests. */
final class Fixtures {
    static final String CARTPOLE = "cartpole";
    static final String ARM = "arm";

    private Fixtures() {
    }

    /** A categorical policy: 4 inputs, one hidden layer of 8, 2 actions. */
    static PolicyParams cartpole(long version) {
        PolicyParams v0 = Initializer.initialize(CARTPOLE,
                Architecture.categorical(4, List.of(8), 2, Activation.TANH), 7L, 1_000L);
        return version == 0 ? v0 : withVersion(v0, version);
    }

    /** A gaussian policy: 3 inputs, no hidden layer, 2 action dimensions. */
    static PolicyParams arm() {
        return Initializer.initialize(ARM, Architecture.gaussian(3, List.of(), 2, Activation.TANH,
                StdMode.PARAMETER), 11L, 1_000L);
    }

    static PolicyParams withVersion(PolicyParams p, long version) {
        return new PolicyParams(p.policy(), version, p.architecture(), p.copyTheta(), null, 0, 0, p.time());
    }

    /** An {@link EventSink} that keeps every event, in order; thread-safe. */
    static final class RecordingSink implements EventSink {
        private final List<Event> events = new ArrayList<>();

        @Override
        public synchronized void send(Event event) {
            events.add(event);
        }

        synchronized List<Event> events() {
            return List.copyOf(events);
        }
    }

    /** A clock the test moves by hand. */
    static final class ManualClock implements InstantSource {
        private final AtomicLong millis = new AtomicLong(1_764_000_000_000L);

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis.get());
        }

        @Override
        public long millis() {
            return millis.get();
        }

        void advance(long ms) {
            millis.addAndGet(ms);
        }
    }
}
