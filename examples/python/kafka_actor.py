#!/usr/bin/env python3
"""An actor in Python that talks to Kafka directly, with confluent-kafka and no numpy.

It follows the params topic (every version the learner publishes), computes the policy's forward
pass itself from the params JSON (policystream_wire.py, exactly as docs/wire-format.md says),
plays a contextual bandit (bandit.py), and records one step event per episode on the events topic,
keyed by the episode id, where the learner learns from it.

    python3 kafka_actor.py --bootstrap-servers localhost:9092 --policy bandit --episodes 1000

Params whose "format" names another major version of the wire format are ignored (the actor keeps
acting with the last version it can read), as docs/wire-format.md asks of every reader. Every few
episodes (--sync-every) it waits, at most --sync-timeout seconds, for a newer version, so that it
does not outrun the learner. Exit code 0 when Kafka acknowledged every event.

Needs confluent-kafka: `apt-get install python3-confluent-kafka` (Debian, Ubuntu) or
`pip install confluent-kafka`.
"""
import argparse
import json
import random
import sys
import time
import uuid

from confluent_kafka import OFFSET_BEGINNING, Consumer, KafkaException, Producer, TopicPartition

import policystream_wire as wire
from bandit import ContextualBandit, Progress


def client_config(bootstrap, extra):
    config = {"bootstrap.servers": bootstrap}
    for item in extra:
        key, sep, value = item.partition("=")
        if not sep:
            sys.exit(f"-X {item}: expected KEY=VALUE (any librdkafka property)")
        config[key] = value
    return config


class ParamsFollower:
    """Reads the params topic from the beginning and keeps the newest readable version of one policy."""

    def __init__(self, config, topic, policy):
        self.policy = policy.encode("utf-8")
        self.params = None
        self.refused = 0
        self._consumer = Consumer(dict(config, **{
            "group.id": f"py-params-{uuid.uuid4()}", "enable.auto.commit": False,
            "auto.offset.reset": "earliest"}))
        metadata = self._consumer.list_topics(topic, timeout=30)
        partitions = metadata.topics[topic].partitions if topic in metadata.topics else {}
        if metadata.topics.get(topic) is None or metadata.topics[topic].error is not None or not partitions:
            raise SystemExit(f"params topic '{topic}' not found (run `policystream topics create`)")
        # assign, not subscribe: every partition, from the start, with no group to join or commit.
        self._consumer.assign([TopicPartition(topic, p, OFFSET_BEGINNING) for p in partitions])

    @property
    def version(self):
        return None if self.params is None else self.params["version"]

    def poll(self, timeout):
        """Reads what has arrived within `timeout` seconds; returns the version in use."""
        deadline = time.monotonic() + timeout
        while True:
            msg = self._consumer.poll(max(0.0, deadline - time.monotonic()))
            if msg is None:
                return self.version
            if msg.error():
                raise KafkaException(msg.error())
            if msg.key() != self.policy or msg.value() is None:
                continue
            try:
                params = wire.params_from_record(msg.value())  # params JSON, or binary params
                if not wire.readable(params):
                    self.refused += 1
                    print(f"ignoring params version {params.get('version')}: format {params.get('format')!r} "
                          f"is not {wire.READABLE_MAJOR}.x", file=sys.stderr)
                    continue
            except ValueError as e:
                self.refused += 1
                print(f"ignoring unreadable params: {e}", file=sys.stderr)
                continue
            if self.version is None or params["version"] > self.version:
                self.params = params

    def wait_for(self, newer_than, timeout):
        """Reads until a version > newer_than (any version when None) is in use, or `timeout` passes."""
        deadline = time.monotonic() + timeout
        while True:
            v = self.poll(min(0.1, max(0.0, deadline - time.monotonic())))
            if v is not None and (newer_than is None or v > newer_than):
                return v
            if time.monotonic() >= deadline:
                return v

    def close(self):
        self._consumer.close()


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bootstrap-servers", default="localhost:9092")
    parser.add_argument("--params-topic", default="policystream.params")
    parser.add_argument("--events-topic", default="policystream.events")
    parser.add_argument("--policy", default="bandit", help="the policy id (initialised with 2 inputs, 2 actions)")
    parser.add_argument("--episodes", type=int, default=1000)
    parser.add_argument("--sync-every", type=int, default=16,
                        help="wait for a newer version after this many episodes (0: never wait)")
    parser.add_argument("--sync-timeout", type=float, default=5.0, help="longest such wait, seconds")
    parser.add_argument("--startup-timeout", type=float, default=60.0,
                        help="how long to wait for the policy's params, seconds")
    parser.add_argument("--report-every", type=int, default=100)
    parser.add_argument("--seed", type=int, default=None, help="seed of the environment and of the sampling")
    parser.add_argument("-X", dest="extra", action="append", default=[], metavar="KEY=VALUE",
                        help="a librdkafka property for both clients (security.protocol, sasl.*, ...)")
    args = parser.parse_args(argv)

    config = client_config(args.bootstrap_servers, args.extra)
    follower = ParamsFollower(config, args.params_topic, args.policy)
    if follower.wait_for(None, args.startup_timeout) is None:
        sys.exit(f"no params for policy '{args.policy}' on {args.params_topic} after {args.startup_timeout:.0f} s "
                 "(run `policystream init` first)")
    failures = []

    def delivered(err, msg):
        if err is not None:
            failures.append(err)

    producer = Producer(dict(config, **{"acks": "all", "enable.idempotence": True, "linger.ms": 5}))
    env = ContextualBandit(args.seed)
    rng = random.Random(args.seed)
    progress = Progress()
    run = uuid.uuid4().hex[:8]
    for i in range(args.episodes):
        params = follower.params
        episode = f"py-kafka-{run}-{i}"
        state = env.reset()
        action, log_prob = wire.sample(params, state, rng)
        _, reward, done, truncated = env.step(action)
        event = {"type": "step", "policy": args.policy, "episode": episode, "step": 0, "state": state,
                 "action": action, "logProb": log_prob, "policyVersion": params["version"], "reward": reward,
                 "done": done, "truncated": truncated, "time": int(time.time() * 1000)}
        value = json.dumps(event, allow_nan=False)  # fail here, not in the dead-letter topic
        while True:
            try:
                producer.produce(args.events_topic, key=episode, value=value, on_delivery=delivered)
                break
            except BufferError:
                producer.poll(0.5)  # the local queue is full: let deliveries drain it
        producer.poll(0)
        progress.add(reward, params["version"])
        if args.report_every > 0 and (i + 1) % args.report_every == 0:
            print(progress.line(), flush=True)
        if args.sync_every > 0 and (i + 1) % args.sync_every == 0 and i + 1 < args.episodes:
            waited = time.monotonic()
            producer.flush(30)
            follower.wait_for(params["version"], args.sync_timeout)
            progress.waited += time.monotonic() - waited
        else:
            follower.poll(0)
    remaining = producer.flush(30)
    follower.close()
    print(progress.summary(), flush=True)
    if failures or remaining:
        sys.exit(f"{len(failures)} events failed, {remaining} not delivered: {failures[:3]}")


if __name__ == "__main__":
    main()
