#!/usr/bin/env python3
"""The per-event budget from a JFR recording of `bench`: CPU samples by thread role and stage.

Usage: jfr print --events jdk.ExecutionSample REC.jfr > samples.txt
       python3 jfr_budget.py samples.txt --events N --cpu-us-per-event X [--thread-filter learner]

Each sample is given to a thread role (assembly, writer, broker, ...) by its thread name and to
a stage by the first frame, from the leaf down, that a rule below recognises. With --events and
the bench's measured CPU per event of a phase, shares become microseconds per event
(share x CPU per event); without, it prints shares only.
"""
import argparse
import collections
import re
import sys

ROLES = [
    ("gradient pool", re.compile(r"-gradients-\d+-\d+$")),
    ("writer stream thread", re.compile(r"-writer-.*StreamThread-\d+$")),
    ("assembly stream thread", re.compile(r"learner-.*StreamThread-\d+$")),
    ("pass-through stream thread", re.compile(r"^bench-pass-.*StreamThread-\d+$")),
    ("writer producer", re.compile(r"kafka-producer-network-thread.*-writer-")),
    ("assembly producer", re.compile(r"kafka-producer-network-thread.*learner-")),
    ("producers", re.compile(r"kafka-producer-network-thread")),
    ("broker request handlers", re.compile(r"kafka-request-handler")),
    ("broker network threads", re.compile(r"kafka-network-thread")),
    ("broker other", re.compile(r"^(kafka-|ReplicaFetcher|LogCleaner|group-coordinator|transaction|broker-|ExpirationReaper|quorum|raft)")),
    ("global (params) thread", re.compile(r"GlobalStreamThread")),
    ("bench's own reader and driver", re.compile(r"^main$")),
]

STAGES = [
    ("gradient (forward, backward, sums)", ("io.policystream.learn.TrajectoryGradient", "io.policystream.policy.DenseBlock",
                                            "io.policystream.policy.PolicyNetwork", "io.policystream.policy.Activation")),
    ("update (Adam, advantages)", ("io.policystream.learn.PolicyUpdater", "io.policystream.learn.Adam",
                                   "io.policystream.learn.Sgd", "io.policystream.learn.GradientSums")),
    ("params write (JSON, or binary)", ("io.policystream.wire.ParamsCodec.encode", "io.policystream.wire.ParamsWriter",
                                        "io.policystream.wire.ParamsBinary.encode", "io.policystream.wire.DoubleText",
                                        "io.policystream.wire.JsonBytes")),
    ("params JSON read", ("io.policystream.wire.ParamsCodec.decode", "io.policystream.wire.ParamsReader")),
    ("event decode (JSON)", ("io.policystream.wire.EventReader", "io.policystream.wire.PlainEventReader",
                             "io.policystream.wire.EventCodec",
                             "io.policystream.wire.JsonValues", "io.policystream.wire.EventChecks",
                             "io.policystream.streams.internals.EventDecoder")),
    ("internal records (binary codecs)", ("io.policystream.streams.internals.InternalCodecs",
                                          "io.policystream.streams.internals.Binary")),
    ("episode store (chunks, headers)", ("io.policystream.streams.internals.KafkaEpisodeStore",
                                         "io.policystream.streams.internals.EpisodeChunk",
                                         "io.policystream.streams.internals.WriteBehindTable",
                                         "io.policystream.streams.internals.EpisodeStoreCommit")),
    ("params view (the global store's latest version)", ("io.policystream.streams.internals.ParamsView",)),
    ("assembly logic", ("io.policystream.trajectory.",)),
    ("state stores (cache, RocksDB, changelog)", ("org.apache.kafka.streams.state.", "org.rocksdb.")),
    ("metrics", ("io.micrometer.", "io.policystream.metrics.", "org.apache.kafka.common.metrics.")),
    ("Kafka Streams record handling", ("org.apache.kafka.streams.",)),
    ("producer", ("org.apache.kafka.clients.producer.",)),
    ("consumer (fetch, decompress, records)", ("org.apache.kafka.clients.consumer.", "org.apache.kafka.common.record.")),
    ("network and protocol", ("org.apache.kafka.common.network.", "org.apache.kafka.common.requests.",
                              "org.apache.kafka.common.protocol.", "org.apache.kafka.clients.", "sun.nio.", "java.nio.")),
    ("broker", ("kafka.", "org.apache.kafka.server.", "org.apache.kafka.storage.", "org.apache.kafka.coordinator.",
                "org.apache.kafka.raft.", "org.apache.kafka.metadata.", "org.apache.kafka.image.")),
    ("PolicyStream other", ("io.policystream.",)),
]


def role(thread):
    for name, pattern in ROLES:
        if pattern.search(thread):
            return name
    return "other: " + re.sub(r"\d+", "N", thread)


def stage(frames):
    for f in frames:
        for name, prefixes in STAGES:
            if f.startswith(prefixes):
                return name
    return "JDK and other"


def samples(lines):
    thread, frames, in_stack, when = None, [], False, ""
    for line in lines:
        s = line.strip()
        if s.startswith("jdk.ExecutionSample"):
            thread, frames, in_stack, when = None, [], False, ""
        elif s.startswith("startTime ="):
            m = re.search(r"(\d\d:\d\d:\d\d)", s)
            when = m.group(1) if m else ""
        elif s.startswith("sampledThread ="):
            m = re.search(r'"(.*)"', s)
            thread = m.group(1) if m else "?"
        elif s.startswith("stackTrace = ["):
            in_stack = True
        elif in_stack and s.startswith("]"):
            in_stack = False
        elif in_stack and s and not s.startswith("..."):
            frames.append(s)
        elif s == "}" and thread is not None:
            yield thread, frames, when
            thread = None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("file")
    ap.add_argument("--cpu-us-per-event", type=float, default=None,
                    help="the phase's CPU per event: shares of all samples become us per event")
    ap.add_argument("--role-us", action="append", default=[],
                    help="ROLE=US: a thread role's own CPU per event as the bench measured it (from /proc); "
                         "its stages are then its share of that figure")
    ap.add_argument("--thread-filter", default=None, help="only threads whose role contains this")
    ap.add_argument("--top", type=int, default=12)
    ap.add_argument("--from", dest="start", default="00:00:00", help="first sample time HH:MM:SS (the phase's start)")
    ap.add_argument("--to", dest="end", default="99:99:99", help="last sample time HH:MM:SS")
    ap.add_argument("--skip-threads", default="warmup|bench-pass",
                    help="a regular expression of thread names to leave out (other phases' threads)")
    a = ap.parse_args()
    by_role = collections.Counter()
    by_role_stage = collections.defaultdict(collections.Counter)
    with open(a.file, encoding="utf-8", errors="replace") as f:
        skip = re.compile(a.skip_threads) if a.skip_threads else None
        for thread, frames, when in samples(f):
            if not (a.start <= when <= a.end) or (skip and skip.search(thread)):
                continue
            r = role(thread)
            if a.thread_filter and a.thread_filter not in r:
                continue
            by_role[r] += 1
            by_role_stage[r][stage(frames)] += 1
    total = sum(by_role.values())
    if total == 0:
        print("no samples")
        return 1
    scale = a.cpu_us_per_event / total if a.cpu_us_per_event else None
    role_us = dict(x.split("=", 1) for x in a.role_us)
    print("| thread role / stage | samples | share of the role | us per event |")
    print("| --- | ---: | ---: | ---: |")
    for r, n in by_role.most_common(a.top):
        own = float(role_us[r]) if r in role_us else (n * scale if scale else None)
        us = f"{own:.2f}" if own is not None else "-"
        print(f"| **{r}** | {n} | {100.0 * n / total:.1f}% of all | {us} |")
        for st, m in by_role_stage[r].most_common(7):
            us = f"{own * m / n:.2f}" if own is not None else "-"
            print(f"| &nbsp;&nbsp;{st} | {m} | {100.0 * m / n:.0f}% | {us} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
