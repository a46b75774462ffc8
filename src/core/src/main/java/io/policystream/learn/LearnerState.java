package io.policystream.learn;

import io.policystream.policy.PolicyParams;
import java.util.Arrays;
import java.util.Objects;

/**
 * Everything the update of one policy carries from one version to the next: the current params,
 * the optimiser's state and the running-mean baseline. Immutable: arrays are copied in and out.
 *
 * @param params the current (latest published) params
 * @param step the number of optimiser steps taken so far
 * @param thetaFirst first optimiser vector of theta (SGD velocity, Adam m)
 * @param thetaSecond second optimiser vector of theta (Adam v)
 * @param valueFirst first optimiser vector of the value network (empty without one)
 * @param valueSecond second optimiser vector of the value network
 * @param baselineMean the running mean of returns b, for baseline=mean
 * @param baselineSet whether b has been set by a batch yet (b = 0 before)
 */
public record LearnerState(PolicyParams params, long step, double[] thetaFirst, double[] thetaSecond,
                           double[] valueFirst, double[] valueSecond, double baselineMean, boolean baselineSet) {

    public LearnerState {
        Objects.requireNonNull(params, "params");
        thetaFirst = thetaFirst.clone();
        thetaSecond = thetaSecond.clone();
        valueFirst = valueFirst.clone();
        valueSecond = valueSecond.clone();
        if (thetaFirst.length != params.thetaSize() || thetaSecond.length != params.thetaSize()
                || valueFirst.length != params.architecture().valueParamCount()
                || valueSecond.length != params.architecture().valueParamCount()) {
            throw new IllegalArgumentException("optimiser state does not match the params");
        }
    }

    /** A fresh state at these params: zero moments, no baseline yet. */
    public static LearnerState initial(PolicyParams params) {
        int n = params.thetaSize();
        int nv = params.architecture().valueParamCount();
        return new LearnerState(params, 0L, new double[n], new double[n], new double[nv], new double[nv], 0.0, false);
    }

    /** The same optimiser state at other params of the same architecture (an externally published version). */
    public LearnerState withParams(PolicyParams newParams) {
        if (!newParams.architecture().equals(params.architecture())) {
            return initial(newParams);
        }
        return new LearnerState(newParams, step, thetaFirst, thetaSecond, valueFirst, valueSecond, baselineMean,
                baselineSet);
    }

    @Override
    public double[] thetaFirst() {
        return thetaFirst.clone();
    }

    @Override
    public double[] thetaSecond() {
        return thetaSecond.clone();
    }

    @Override
    public double[] valueFirst() {
        return valueFirst.clone();
    }

    @Override
    public double[] valueSecond() {
        return valueSecond.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LearnerState s && params.equals(s.params) && step == s.step
                && Arrays.equals(thetaFirst, s.thetaFirst) && Arrays.equals(thetaSecond, s.thetaSecond)
                && Arrays.equals(valueFirst, s.valueFirst) && Arrays.equals(valueSecond, s.valueSecond)
                && Double.compare(baselineMean, s.baselineMean) == 0 && baselineSet == s.baselineSet;
    }

    @Override
    public int hashCode() {
        return Objects.hash(params, step, baselineMean, baselineSet);
    }
}
