"""A tiny environment that a policy can learn in a few hundred episodes: a contextual bandit.

Each episode is one decision. The state is one-hot over CONTEXTS situations ([1, 0] or [0, 1]);
in situation i, arm i pays 1 and every other arm pays 0. A uniform policy earns 1/ARMS per episode
on average, a learned one close to 1.
"""
import random
import time

CONTEXTS = 2
ARMS = 2


class ContextualBandit:
    def __init__(self, seed=None):
        self._rng = random.Random(seed)
        self._context = None

    def reset(self):
        """Starts an episode and returns its state."""
        self._context = self._rng.randrange(CONTEXTS)
        return [1.0 if i == self._context else 0.0 for i in range(CONTEXTS)]

    def step(self, action):
        """Takes the action; returns (next state, reward, done, truncated). Every episode ends here."""
        if not isinstance(action, int) or not 0 <= action < ARMS:
            raise ValueError(f"action must be an arm index in [0, {ARMS}), got {action!r}")
        reward = 1.0 if action == self._context else 0.0
        return [0.0] * CONTEXTS, reward, True, False


class Progress:
    """Mean reward over the last `window` episodes, and the versions acted with."""

    def __init__(self, window=100):
        self.window = window
        self.rewards = []
        self.first_version = None
        self.last_version = None
        self.started = time.monotonic()
        self.waited = 0.0

    def add(self, reward, version):
        self.rewards.append(reward)
        if self.first_version is None:
            self.first_version = version
        self.last_version = version

    def mean(self, first=False):
        part = self.rewards[:self.window] if first else self.rewards[-self.window:]
        return sum(part) / len(part) if part else 0.0

    def line(self):
        return (f"episodes {len(self.rewards):6d} | mean reward (last {self.window}) {self.mean():.2f}"
                f" | version {self.last_version}")

    def summary(self):
        return (f"done: episodes={len(self.rewards)} mean_reward_first_{self.window}={self.mean(first=True):.3f}"
                f" mean_reward_last_{self.window}={self.mean():.3f}"
                f" versions={self.first_version}..{self.last_version}"
                f" seconds={time.monotonic() - self.started:.1f} waiting_for_versions={self.waited:.1f}")
