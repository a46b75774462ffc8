#!/usr/bin/env python3
"""An actor in plain Python (standard library only) that acts through `policystream serve`.

It plays a contextual bandit (bandit.py): for every episode it asks the service for an action
(POST /v1/act), plays it, and reports the reward (POST /v1/reward) with done=true. The service
records both as events; the learner learns from them and publishes new versions, which the
service acts with as soon as they arrive, so the mean reward rises from about 0.5 towards 1.

    python3 http_actor.py --service http://localhost:8080 --policy bandit --episodes 1000

Every few episodes (--sync-every) it waits, at most --sync-timeout seconds, for a version newer
than the one it acted with, so that it does not outrun the learner (episodes acted with a version
too old are dropped by the learner as stale). Exit code 0 when every episode was recorded.
"""
import argparse
import json
import sys
import time
import urllib.error
import urllib.request
import uuid

from bandit import ContextualBandit, Progress


class ServiceError(Exception):
    def __init__(self, status, message):
        super().__init__(f"{status}: {message}")
        self.status = status


class Service:
    def __init__(self, base, timeout=10.0):
        self.base = base.rstrip("/")
        self.timeout = timeout

    def _call(self, path, body=None):
        data = None if body is None else json.dumps(body, allow_nan=False).encode("utf-8")
        request = urllib.request.Request(self.base + path, data=data,
                                         headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                return json.load(response)
        except urllib.error.HTTPError as e:
            try:
                error = json.load(e)
                message = f"{error.get('field')}: {error.get('error')}"
            except ValueError:
                message = e.reason
            raise ServiceError(e.code, message) from None

    def post(self, path, body, retries=20):
        """POSTs; a 503 (not now: Kafka busy or away, no params yet) is retried after Retry-After."""
        for attempt in range(retries + 1):
            try:
                return self._call(path, body)
            except ServiceError as e:
                if e.status != 503 or attempt == retries:
                    raise
                time.sleep(1.0)

    def version(self, policy):
        """The version the service acts with now, or None while it has no params for the policy."""
        try:
            health = self._call("/health")
        except ServiceError as e:
            if e.status != 503:
                raise
            return None
        except urllib.error.URLError:
            return None
        return health.get("policies", {}).get(policy)


def wait_for_version(service, policy, newer_than, timeout):
    """Waits until the service acts with a version > newer_than; returns it, or None on timeout."""
    deadline = time.monotonic() + timeout
    while True:
        v = service.version(policy)
        if v is not None and (newer_than is None or v > newer_than):
            return v
        if time.monotonic() >= deadline:
            return None
        time.sleep(0.05)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--service", default="http://localhost:8080", help="the acting service's base URL")
    parser.add_argument("--policy", default="bandit", help="the policy id (initialised with 2 inputs, 2 actions)")
    parser.add_argument("--episodes", type=int, default=1000)
    parser.add_argument("--sync-every", type=int, default=16,
                        help="wait for a newer version after this many episodes (0: never wait)")
    parser.add_argument("--sync-timeout", type=float, default=5.0, help="longest such wait, seconds")
    parser.add_argument("--startup-timeout", type=float, default=60.0,
                        help="how long to wait for the service to serve the policy, seconds")
    parser.add_argument("--report-every", type=int, default=100)
    parser.add_argument("--seed", type=int, default=None, help="seed of the environment")
    args = parser.parse_args(argv)

    service = Service(args.service)
    if wait_for_version(service, args.policy, None, args.startup_timeout) is None:
        sys.exit(f"{args.service} does not serve policy '{args.policy}' after {args.startup_timeout:.0f} s "
                 "(is `policystream serve` running, and the policy initialised with `policystream init`?)")
    env = ContextualBandit(args.seed)
    progress = Progress()
    run = uuid.uuid4().hex[:8]
    version = None
    for i in range(args.episodes):
        episode = f"py-http-{run}-{i}"
        state = env.reset()
        try:
            answer = service.post("/v1/act", {"policy": args.policy, "episode": episode, "state": state})
            _, reward, done, truncated = env.step(answer["action"])
            service.post("/v1/reward", {"episode": episode, "step": answer["step"], "reward": reward,
                                        "done": done, "truncated": truncated})
        except (ServiceError, urllib.error.URLError) as e:
            sys.exit(f"episode {episode}: {e}")
        version = answer["version"]
        progress.add(reward, version)
        if args.report_every > 0 and (i + 1) % args.report_every == 0:
            print(progress.line(), flush=True)
        if args.sync_every > 0 and (i + 1) % args.sync_every == 0 and i + 1 < args.episodes:
            waited = time.monotonic()
            wait_for_version(service, args.policy, version, args.sync_timeout)
            progress.waited += time.monotonic() - waited
    print(progress.summary(), flush=True)


if __name__ == "__main__":
    main()
