package io.policystream.wire;

import io.policystream.event.Action;
import io.policystream.event.Event;
import io.policystream.policy.Activation;
import io.policystream.policy.Architecture;
import io.policystream.policy.PolicyParams;
import io.policystream.policy.StdMode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The golden files under {@code src/test/resources/golden/} and the records they hold, written
 * out by hand here so that a change to either side shows up as a failing test.
 */
final class Golden {
    static final String EVENT_CATEGORICAL = "event-categorical.json";
    static final String EVENT_GAUSSIAN = "event-gaussian.json";
    static final String EVENT_REWARD = "event-reward.json";
    static final String PARAMS_CATEGORICAL = "params-categorical.json";
    static final String PARAMS_GAUSSIAN_PARAMETER = "params-gaussian-parameter.json";
    static final String PARAMS_GAUSSIAN_NETWORK = "params-gaussian-network.json";
    /** The same params as binary records, written by examples/python/policystream_wire.py. */
    static final String PARAMS_CATEGORICAL_BINARY = "params-categorical.bin";
    static final String PARAMS_GAUSSIAN_PARAMETER_BINARY = "params-gaussian-parameter.bin";
    static final String PARAMS_GAUSSIAN_NETWORK_BINARY = "params-gaussian-network.bin";

    private Golden() {
    }

    static byte[] bytes(String name) {
        try (InputStream in = Golden.class.getResourceAsStream("/golden/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing golden file " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The example of the wire-format page. */
    static Event categoricalEvent() {
        return Event.step("cartpole", "a7-000123", 0, new double[] {0.01, -0.02, 0.03, 0.04},
                new Action.Discrete(1), -0.6931, 17, 1.0, false, false, 1764000000000L);
    }

    /** A gaussian step without a time, cut by a time limit, with a density above 1 (logProb > 0). */
    static Event gaussianEvent() {
        return Event.step("pendulum", "p-42", 3, new double[] {0.5, -0.25, 1.0E-7},
                new Action.Continuous(new double[] {0.731, -1.5}), 1.2345, 5, -3.25, false, true, -1);
    }

    static Event rewardEvent() {
        return Event.reward("cartpole", "a7-000123", 7, -0.5, true, false, 1764000000500L);
    }

    /** 4 inputs, one tanh hidden layer of 3, 2 actions. */
    static PolicyParams categoricalParams() {
        Architecture arch = Architecture.categorical(4, List.of(3), 2, Activation.TANH);
        double[] theta = {
            0.1, 0.2, 0.3, 0.4,
            -0.5, -0.6, -0.7, -0.8,
            0.9, 1.0, 1.1, 1.2,
            0.01, 0.02, 0.03,
            1.5, -1.5, 0.25,
            -0.125, 0.0625, 0.5,
            0.0, -0.001,
        };
        return new PolicyParams("cartpole", 18, arch, theta, null, 1234, 56789, 1764000000000L);
    }

    /** 3 inputs, no hidden layer, 2 action dimensions, a logStd vector. */
    static PolicyParams gaussianParameterParams() {
        Architecture arch = Architecture.gaussian(3, List.of(), 2, Activation.RELU, StdMode.PARAMETER);
        double[] theta = {
            0.1, -0.2, 0.3,
            0.4, 0.5, -0.6,
            0.05, -0.05,
            -0.5, 0.0,
        };
        return new PolicyParams("pendulum", 0, arch, theta, null, 0, 0, 1764000000000L);
    }

    /** 2 inputs, relu hidden 3, 1 action dimension with its log std from the network, value net 2-2-1. */
    static PolicyParams gaussianNetworkParams() {
        Architecture arch = Architecture.gaussian(2, List.of(3), 1, Activation.RELU, StdMode.NETWORK)
                .withValue(List.of(2));
        double[] theta = {
            0.1, 0.2,
            0.3, 0.4,
            0.5, 0.6,
            0.0, 0.1, -0.1,
            0.7, 0.8, 0.9,
            -1.0, -2.0, -3.0,
            0.0, -1.0,
        };
        double[] value = {
            0.25, -0.25,
            0.125, 0.375,
            0.0, 0.5,
            1.0, -1.0,
            10.5,
        };
        return new PolicyParams("reacher.v2", 42, arch, theta, value, 336, 16800, 1764000123456L);
    }
}
