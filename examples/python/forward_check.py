"""Prints what policystream_wire computes for a params file, to compare with PolicyStream's own
forward pass (PythonForwardPassTest does, on the golden params files).

    python3 forward_check.py PARAMS.json < cases.jsonl    (or a binary params file)

Each input line is {"state": [...], "action": a}; each output line is, for a categorical policy,
{"logProbs": [...], "logProb": log pi(a|s)}, and for a gaussian one
{"mean": [...], "logStd": [...], "logProb": log pi(a|s)}.
"""
import json
import sys

import policystream_wire as wire


def main():
    with open(sys.argv[1], "rb") as f:
        params = wire.params_from_record(f.read())  # params JSON, or binary params
    if not wire.readable(params):
        sys.exit(f"format {wire.format_version(params)} is not readable here: this reads {wire.READABLE_MAJOR}.x")
    for line in sys.stdin:
        if not line.strip():
            continue
        case = json.loads(line)
        state, action = case["state"], case["action"]
        if params["distribution"] == "categorical":
            out = {"logProbs": wire.categorical_log_probs(params, state)}
        else:
            mean, log_std = wire.gaussian(params, state)
            out = {"mean": mean, "logStd": log_std}
        out["logProb"] = wire.log_prob(params, state, action)
        print(json.dumps(out, allow_nan=False))


if __name__ == "__main__":
    main()
