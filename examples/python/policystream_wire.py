"""PolicyStream's wire format in plain Python (no numpy): the format version check, the forward
pass, log-probabilities and sampling, exactly as docs/wire-format.md specifies them.

The formulas, for a params object p (the params JSON, parsed) and a state s:

    x_0 = s
    x_k = act(W_k x_{k-1} + b_k)      for every layer but the last
    z   = W_L x_{L-1} + b_L            (the last layer has no activation)

    categorical: log pi(a | s) = z_a - logsumexp(z)
    gaussian:    mu = z, log_std = p["logStd"]
                 (with p["std"] == "network": mu = z[:n], log_std = clamp(z[n:], -20, 2))
                 log pi(u | s) = sum_j -(u_j - mu_j)^2 / (2 sigma_j^2) - log_std_j - 0.5 ln(2 pi)
"""
import json
import math
import re
import struct

# The major version of the wire format this module reads; it reads every minor version of it.
READABLE_MAJOR = 1
LOG_STD_MIN, LOG_STD_MAX = -20.0, 2.0
_HALF_LOG_2PI = 0.5 * math.log(2.0 * math.pi)
_VERSION = re.compile(r"(0|[1-9][0-9]{0,8})(?:\.(0|[1-9][0-9]{0,8}))?")


# The first four bytes of a binary params record (docs/wire-format.md, "Binary params").
BINARY_MAGIC = b"\x00PSB"


def params_from_record(value):
    """The params object of a Kafka record's value: params JSON, or binary params (first byte zero)."""
    if value[:1] == b"\x00":
        return params_from_binary(value)
    return json.loads(value)


def params_from_binary(value):
    """Binary params as the same dict the params JSON parses to (layers with weights and bias, logStd)."""
    if len(value) < 8 or value[:4] != BINARY_MAGIC:
        raise ValueError("not binary params: they start with the bytes 00 50 53 42")
    (header_length,) = struct.unpack_from("<I", value, 4)
    if header_length > len(value) - 8:
        raise ValueError(f"binary params: header of {header_length} bytes in a record of {len(value)}")
    params = json.loads(value[8:8 + header_length])
    body = value[8 + header_length:]
    if len(body) % 8:
        raise ValueError(f"binary params: a body of {len(body)} bytes is not a whole number of float64")
    numbers = struct.unpack(f"<{len(body) // 8}d", body)
    position = 0

    def take(n):
        nonlocal position
        if position + n > len(numbers):
            raise ValueError(f"binary params: the shapes call for more than the {len(numbers)} numbers of the body")
        out = list(numbers[position:position + n])
        position += n
        return out

    def layers(shapes):
        out = []
        for rows, cols in shapes:
            weights = [take(cols) for _ in range(rows)]
            out.append({"weights": weights, "bias": take(rows)})
        return out

    params["layers"] = layers(params["layers"])
    action_size = len(params["layers"][-1]["bias"])
    gaussian_parameter = params["distribution"] == "gaussian" and params.get("std", "parameter") == "parameter"
    params["logStd"] = take(action_size) if gaussian_parameter else None
    if params.get("value") is not None:
        params["value"] = layers(params["value"])
    if position != len(numbers):
        raise ValueError(f"binary params: {len(numbers) - position} numbers left over after the shapes")
    if not all(math.isfinite(x) for x in numbers):
        raise ValueError("binary params: not every number is finite")
    return params


def params_to_binary(params):
    """The binary params record of a params dict, as PolicyStream writes it (header padded to 8 bytes)."""
    header = {}
    body = []

    def shapes(layers):
        out = []
        for layer in layers:
            out.append([len(layer["weights"]), len(layer["weights"][0])])
            for row in layer["weights"]:
                body.extend(row)
            body.extend(layer["bias"])
        return out

    for key, value in params.items():
        if key == "layers":
            header[key] = shapes(value)
            if params.get("logStd") is not None:
                body.extend(params["logStd"])
        elif key == "value":
            header[key] = value  # filled in below, after the policy's numbers
        elif key != "logStd":
            header[key] = value
    if params.get("value") is not None:
        header["value"] = shapes(params["value"])
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * (-(8 + len(text)) % 8)
    return BINARY_MAGIC + struct.pack("<I", len(text)) + text + struct.pack(f"<{len(body)}d", *body)


def format_version(record):
    """The (major, minor) a record declares in its "format" field; absent or null is (1, 0).

    Raises ValueError for a value that is not a version (a fraction such as 1.1, a malformed string).
    """
    v = record.get("format")
    if v is None:
        return (1, 0)
    if isinstance(v, int) and not isinstance(v, bool):
        if not 1 <= v <= 2**31 - 1:
            raise ValueError(f"format: the major version must be between 1 and {2**31 - 1}, got {v!r}")
        return (v, 0)
    if isinstance(v, str):
        m = _VERSION.fullmatch(v)
        if m and int(m.group(1)) >= 1:
            return (int(m.group(1)), int(m.group(2) or 0))
    raise ValueError(f'format: must be an integer or a string "MAJOR.MINOR" such as "1.0", got {v!r}')


def readable(record):
    """Whether this module can read the record: its format's major version is ours (any minor)."""
    return format_version(record)[0] == READABLE_MAJOR


def _activate(x, activation):
    if activation == "tanh":
        return [math.tanh(v) for v in x]
    if activation == "relu":
        return [v if v > 0.0 else 0.0 for v in x]
    raise ValueError(f"activation: must be tanh or relu, got {activation!r}")


def forward(params, state):
    """The last layer's outputs z for a state (a list of numbers)."""
    x = [float(v) for v in state]
    layers = params["layers"]
    if len(x) != len(layers[0]["weights"][0]):
        raise ValueError(f"state: has {len(x)} numbers, the policy expects {len(layers[0]['weights'][0])}")
    for k, layer in enumerate(layers):
        z = [b + math.fsum(w * v for w, v in zip(row, x)) for row, b in zip(layer["weights"], layer["bias"])]
        x = z if k == len(layers) - 1 else _activate(z, params["activation"])
    return x


def log_softmax(z):
    """z - logsumexp(z), with the maximum subtracted first so that nothing overflows."""
    top = max(z)
    lse = top + math.log(math.fsum(math.exp(v - top) for v in z))
    return [v - lse for v in z]


def categorical_log_probs(params, state):
    """log pi(a | s) of every action a of a categorical policy."""
    return log_softmax(forward(params, state))


def gaussian(params, state):
    """(mean, log standard deviation) of a gaussian policy's action at a state."""
    z = forward(params, state)
    if params.get("std") == "network":
        n = len(z) // 2
        return z[:n], [min(max(v, LOG_STD_MIN), LOG_STD_MAX) for v in z[n:]]
    return z, [float(v) for v in params["logStd"]]


def log_prob(params, state, action):
    """log pi(action | state): action is an index (categorical) or a list of numbers (gaussian)."""
    if params["distribution"] == "categorical":
        return categorical_log_probs(params, state)[action]
    mu, log_std = gaussian(params, state)
    return math.fsum(-(u - m) ** 2 / (2.0 * math.exp(2.0 * ls)) - ls - _HALF_LOG_2PI
                     for u, m, ls in zip(action, mu, log_std))


def sample(params, state, rng):
    """An action drawn from pi(. | state) with its log-probability; rng is a random.Random."""
    if params["distribution"] == "categorical":
        logp = categorical_log_probs(params, state)
        u, cumulative = rng.random(), 0.0
        for a, lp in enumerate(logp):
            cumulative += math.exp(lp)
            if u < cumulative:
                return a, lp
        return len(logp) - 1, logp[-1]
    mu, log_std = gaussian(params, state)
    action = [m + math.exp(ls) * rng.gauss(0.0, 1.0) for m, ls in zip(mu, log_std)]
    return action, log_prob(params, state, action)
