#!/usr/bin/env python3
"""CPU of every thread of a process, Java or not, by thread name, sampled from /proc.

bench prints each Java thread's CPU from the JVM's thread clocks; threads that are not Java
threads (RocksDB's background flushes and compactions, G1's workers, the JIT compilers) show only
in the process's total. This script reads /proc/<pid>/task/*/stat every --interval seconds and
prints, for each interval, the CPU seconds of each thread name (digits folded: "GC Thread#0" and
"GC Thread#1" are "GC Thread#N"), busiest first, so the learner's phase of a bench run can be
split by what runs natively too.

    java -jar target/policystream-bench.jar bench & python3 src/bench/scripts/thread_cpu.py $! --interval 5
"""
import argparse
import os
import re
import sys
import time

TICKS = os.sysconf("SC_CLK_TCK")


def snapshot(pid):
    out = {}
    for tid in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{tid}/stat") as f:
                stat = f.read()
        except OSError:
            continue
        name = stat[stat.index("(") + 1:stat.rindex(")")]
        fields = stat[stat.rindex(")") + 2:].split()
        out[tid] = (name, (int(fields[11]) + int(fields[12])) / TICKS)
    return out


def fold(name):
    return re.sub(r"\d+", "N", name)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("pid", type=int)
    ap.add_argument("--interval", type=float, default=5.0)
    ap.add_argument("--top", type=int, default=12)
    args = ap.parse_args()
    before = snapshot(args.pid)
    start = time.time()
    while os.path.exists(f"/proc/{args.pid}"):
        time.sleep(args.interval)
        try:
            now = snapshot(args.pid)
        except FileNotFoundError:
            break
        by_name = {}
        for tid, (name, cpu) in now.items():
            delta = cpu - before.get(tid, (name, 0.0))[1]
            if delta > 0:
                by_name[fold(name)] = by_name.get(fold(name), 0.0) + delta
        total = sum(by_name.values())
        top = sorted(by_name.items(), key=lambda kv: -kv[1])[:args.top]
        print(f"t={time.time() - start:6.1f}s cpu={total / args.interval:4.2f} cores | "
              + "; ".join(f"{n} {c:.2f}" for n, c in top), flush=True)
        before = now
    return 0


if __name__ == "__main__":
    sys.exit(main())
