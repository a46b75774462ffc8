package io.policystream.policy;

import java.util.List;
import java.util.Objects;

/**
 * What a policy is, apart from its numbers: distribution, activation, layer widths, and whether
 * it carries a learned state-value network.
 *
 * <p>The policy's flat parameter vector theta is its network (see {@link MlpShape}) followed, for
 * a gaussian with {@link StdMode#PARAMETER}, by the {@code logStd} vector. The value network, when
 * present, has its own flat vector with the same layout and one linear output.
 *
 * @param distribution categorical or gaussian
 * @param activation hidden activation, shared by the value network
 * @param std where a gaussian's standard deviation comes from (PARAMETER for categorical)
 * @param inputSize length of a state
 * @param hidden hidden layer widths, input to output, may be empty
 * @param actionSize number of actions (categorical) or action dimensions (gaussian)
 * @param valueHidden hidden widths of the value network, or null when there is none
 */
public record Architecture(Distribution distribution, Activation activation, StdMode std, int inputSize,
                           List<Integer> hidden, int actionSize, List<Integer> valueHidden) {

    public Architecture {
        Objects.requireNonNull(distribution, "distribution");
        Objects.requireNonNull(activation, "activation");
        Objects.requireNonNull(std, "std");
        hidden = List.copyOf(hidden);
        valueHidden = valueHidden == null ? null : List.copyOf(valueHidden);
        if (inputSize <= 0) {
            throw new IllegalArgumentException("input size must be positive, not " + inputSize);
        }
        if (actionSize <= 0) {
            throw new IllegalArgumentException("action size must be positive, not " + actionSize);
        }
        if (distribution == Distribution.CATEGORICAL && std != StdMode.PARAMETER) {
            throw new IllegalArgumentException("std=network applies to gaussian policies only");
        }
        for (int h : hidden) {
            if (h <= 0) {
                throw new IllegalArgumentException("hidden sizes must be positive: " + hidden);
            }
        }
        if (valueHidden != null) {
            for (int h : valueHidden) {
                if (h <= 0) {
                    throw new IllegalArgumentException("value hidden sizes must be positive: " + valueHidden);
                }
            }
        }
    }

    /** A categorical policy without a value network. */
    public static Architecture categorical(int inputSize, List<Integer> hidden, int actions, Activation act) {
        return new Architecture(Distribution.CATEGORICAL, act, StdMode.PARAMETER, inputSize, hidden, actions, null);
    }

    /** A gaussian policy without a value network. */
    public static Architecture gaussian(int inputSize, List<Integer> hidden, int dims, Activation act, StdMode std) {
        return new Architecture(Distribution.GAUSSIAN, act, std, inputSize, hidden, dims, null);
    }

    /** The same policy with a value network of these hidden widths (null removes it). */
    public Architecture withValue(List<Integer> valueHiddenSizes) {
        return new Architecture(distribution, activation, std, inputSize, hidden, actionSize, valueHiddenSizes);
    }

    /** Width of the policy network's last layer: n, or 2n for a gaussian with std=network. */
    public int outputSize() {
        return distribution == Distribution.GAUSSIAN && std == StdMode.NETWORK ? 2 * actionSize : actionSize;
    }

    /** Whether the params carry a separate trainable logStd vector. */
    public boolean hasLogStdVector() {
        return distribution == Distribution.GAUSSIAN && std == StdMode.PARAMETER;
    }

    public boolean hasValue() {
        return valueHidden != null;
    }

    /** The policy network's shape. */
    public MlpShape policyShape() {
        return shape(hidden, outputSize());
    }

    /** The value network's shape, or null. */
    public MlpShape valueShape() {
        return valueHidden == null ? null : shape(valueHidden, 1);
    }

    /** Size of theta: the policy network, then logStd when there is one. */
    public int policyParamCount() {
        return policyShape().paramCount() + (hasLogStdVector() ? actionSize : 0);
    }

    /** Where logStd starts in theta (only meaningful when {@link #hasLogStdVector()}). */
    public int logStdOffset() {
        return policyShape().paramCount();
    }

    /** Size of the value network's vector, 0 without one. */
    public int valueParamCount() {
        return valueHidden == null ? 0 : valueShape().paramCount();
    }

    private MlpShape shape(List<Integer> hiddenSizes, int out) {
        int[] sizes = new int[hiddenSizes.size() + 2];
        sizes[0] = inputSize;
        for (int i = 0; i < hiddenSizes.size(); i++) {
            sizes[i + 1] = hiddenSizes.get(i);
        }
        sizes[sizes.length - 1] = out;
        return new MlpShape(sizes);
    }
}
