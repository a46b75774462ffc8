package io.policystream.eval;

import io.policystream.policy.PolicyParams;
import io.policystream.trajectory.Trajectory;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Evaluates a target policy, given by params, on assembled trajectories of a behaviour policy:
 * checks each trajectory against the target (skipping with a reason), computes log-ratios with the
 * production policy network, attaches a value model's estimates, and runs {@link OffPolicyEvaluator}.
 */
public final class PolicyEvaluation {
    private PolicyEvaluation() {
    }

    /** Evaluates with the value model {@code settings.valueModel()} chooses. */
    public static TargetEvaluation evaluate(PolicyParams target, List<Trajectory> trajectories,
                                            EvaluationSettings settings) {
        return evaluate(target, trajectories, settings, null);
    }

    /**
     * Evaluates with a given value model (for instance a known exact one), or, when {@code model}
     * is null, the one {@code settings.valueModel()} chooses.
     */
    public static TargetEvaluation evaluate(PolicyParams target, List<Trajectory> trajectories,
                                            EvaluationSettings settings, ValueModel model) {
        TargetPolicy policy = new TargetPolicy(target);
        Map<SkipReason, Long> skipped = new EnumMap<>(SkipReason.class);
        List<Trajectory> kept = new ArrayList<>();
        List<LoggedTrajectory> logged = new ArrayList<>();
        for (Trajectory tr : trajectories) {
            SkipReason reason = policy.check(tr);
            double[] ratios = reason == null ? policy.logRatios(tr) : null;
            if (reason == null && ratios == null) {
                reason = SkipReason.TARGET_LOG_PROB;
            }
            if (reason != null) {
                skipped.merge(reason, 1L, Long::sum);
                continue;
            }
            kept.add(tr);
            logged.add(new LoggedTrajectory(ratios, tr.rewards()));
        }
        if (logged.isEmpty()) {
            return new TargetEvaluation(target.policy(), target.version(), null, skipped, "no trajectories");
        }
        String valueModel;
        List<LoggedTrajectory> withValues = null;
        if (model != null) {
            withValues = attach(kept, logged, i -> model);
            valueModel = withValues == null ? "the value model gave a non-finite value" : model.description();
        } else {
            ValueModelChoice choice = settings.valueModel();
            boolean learned = target.hasValue() && (choice == ValueModelChoice.AUTO || choice == ValueModelChoice.LEARNED);
            boolean fitted = choice == ValueModelChoice.FITTED || (choice == ValueModelChoice.AUTO && !target.hasValue());
            if (learned) {
                ValueModel m = ValueModel.learned(target);
                withValues = attach(kept, logged, i -> m);
                valueModel = withValues == null ? "the learned value network gave a non-finite value"
                        : m.description();
            } else if (fitted) {
                List<double[][]> states = kept.stream().map(PolicyEvaluation::states).toList();
                FittedValueModel[] fits = FittedValueModel.crossFit(states, logged, settings.gamma());
                if (fits == null) {
                    valueModel = "no value model: fewer than " + FittedValueModel.MIN_TRAJECTORIES
                            + " trajectories or a singular fit";
                } else {
                    withValues = attach(kept, logged, i -> fits[i % 2]);
                    valueModel = withValues == null ? "the fitted value model gave a non-finite value"
                            : fits[0].description();
                }
            } else if (choice == ValueModelChoice.LEARNED) {
                valueModel = "no value model: the target has no value network (learn with baseline=value)";
            } else {
                valueModel = "no value model (none requested)";
            }
        }
        EvaluationReport report = OffPolicyEvaluator.evaluate(withValues != null ? withValues : logged,
                settings.gamma(), settings.bootstrap(), valueModel);
        return new TargetEvaluation(target.policy(), target.version(), report, skipped, valueModel);
    }

    private static List<LoggedTrajectory> attach(List<Trajectory> kept, List<LoggedTrajectory> logged,
                                                 java.util.function.IntFunction<ValueModel> modelFor) {
        List<LoggedTrajectory> out = new ArrayList<>(logged.size());
        for (int i = 0; i < kept.size(); i++) {
            Trajectory tr = kept.get(i);
            ValueModel m = modelFor.apply(i);
            int len = tr.length();
            double[] v = new double[len];
            double[] q = new double[len];
            for (int t = 0; t < len; t++) {
                double[] s = tr.state(t);
                v[t] = m.value(s, t);
                q[t] = m.actionValue(s, tr.action(t), t);
                if (!Double.isFinite(v[t]) || !Double.isFinite(q[t])) {
                    return null;
                }
            }
            out.add(logged.get(i).withValues(v, q));
        }
        return out;
    }

    private static double[][] states(Trajectory tr) {
        double[][] s = new double[tr.length()][];
        for (int t = 0; t < tr.length(); t++) {
            s[t] = tr.state(t);
        }
        return s;
    }
}
