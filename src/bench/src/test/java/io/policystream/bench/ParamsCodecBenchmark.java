package io.policystream.bench;

import io.policystream.policy.Activation;
import io.policystream.policy.Architecture;
import io.policystream.policy.Initializer;
import io.policystream.policy.PolicyParams;
import io.policystream.policy.StdMode;
import io.policystream.wire.InvalidParamsException;
import io.policystream.wire.ParamsCodec;
import java.util.List;
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
 * One version's params record, as the writer encodes it once per version and every reader
 * (the learner's global store, serve, the client library) decodes it: the params JSON of the
 * contract and the binary option, for the two networks of {@code bench --network all}
 * (4-64-64-2 categorical, 4,610 numbers; 17-256-256-6 gaussian, 71,948). Microseconds per record.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ParamsCodecBenchmark {

    @Param({"cartpole", "mujoco"})
    public String network;

    private final ParamsCodec codec = new ParamsCodec();
    private PolicyParams params;
    private byte[] json;
    private byte[] binary;

    @Setup
    public void setUp() {
        Architecture arch = network.equals("cartpole")
                ? Architecture.categorical(4, List.of(64, 64), 2, Activation.TANH)
                : Architecture.gaussian(17, List.of(256, 256), 6, Activation.TANH, StdMode.PARAMETER);
        params = Initializer.initialize("bench", arch, 42, 0);
        json = codec.encode(params);
        binary = codec.encodeBinary(params);
    }

    @Benchmark
    public byte[] encodeJson() {
        return codec.encode(params);
    }

    @Benchmark
    public byte[] encodeBinary() {
        return codec.encodeBinary(params);
    }

    @Benchmark
    public PolicyParams decodeJson() throws InvalidParamsException {
        return codec.decode(json);
    }

    @Benchmark
    public PolicyParams decodeBinary() throws InvalidParamsException {
        return codec.decode(binary);
    }
}
