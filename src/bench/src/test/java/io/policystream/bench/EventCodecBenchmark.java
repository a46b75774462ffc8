package io.policystream.bench;

import io.policystream.event.Action;
import io.policystream.event.Event;
import io.policystream.event.InvalidEventException;
import io.policystream.wire.EventCodec;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One event record decoded, as the learner's assembly does for every record it consumes:
 * {@code plain} is an event as actors write it (read by {@code PlainEventReader});
 * {@code pythonSpaced} the same with json.dumps' separators; {@code escaped} the same event with
 * its episode id written with a JSON escape, which leaves it to the JSON library's parser
 * ({@code EventReader}), the path every event took before 2026-12-03. Nanoseconds per record, for
 * the states and actions of the two networks of {@code bench --network all}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class EventCodecBenchmark {

    @Param({"cartpole", "mujoco"})
    public String network;

    private final EventCodec codec = new EventCodec();
    private byte[] plain;
    private byte[] pythonSpaced;
    private byte[] escaped;

    @Setup
    public void setUp() {
        SplittableRandom rng = new SplittableRandom(7);
        boolean cartpole = network.equals("cartpole");
        double[] state = new double[cartpole ? 4 : 17];
        for (int i = 0; i < state.length; i++) {
            state[i] = rng.nextGaussian();
        }
        Action action;
        if (cartpole) {
            action = new Action.Discrete(1);
        } else {
            double[] a = new double[6];
            for (int i = 0; i < a.length; i++) {
                a[i] = rng.nextGaussian();
            }
            action = new Action.Continuous(a);
        }
        Event e = Event.step("bench", "actor-3-000123", 17, state, action, -Math.abs(rng.nextGaussian()), 41,
                1.0, false, false, 1764000000000L);
        plain = codec.encode(e);
        String json = new String(plain, StandardCharsets.UTF_8);
        pythonSpaced = json.replace(",", ", ").replace(":", ": ").getBytes(StandardCharsets.UTF_8);
        escaped = json.replace("\"actor-3-000123\"", "\"actor\\u002d3-000123\"").getBytes(StandardCharsets.UTF_8);
    }

    @Benchmark
    public Event plain() throws InvalidEventException {
        return codec.decode("actor-3-000123", plain);
    }

    @Benchmark
    public Event pythonSpaced() throws InvalidEventException {
        return codec.decode("actor-3-000123", pythonSpaced);
    }

    @Benchmark
    public Event escaped() throws InvalidEventException {
        return codec.decode("actor-3-000123", escaped);
    }
}
