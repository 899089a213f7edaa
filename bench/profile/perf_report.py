#!/usr/bin/env python3
"""CPU per POSTed entry (and per ceiling transaction) by process, thread and leaf function, from bench/profile/perf.sh's
recordings. Usage: perf_report.py OUTDIR [--top N]

Every figure is microseconds of CPU per entry (per tx for the ceiling): samples x (1 / 499 Hz) / (rate x 10 s), the rate
being the bench's own for the 15 s run the 10 s recording sits in. Samples in the idle task are shown as "idle".
"""
import collections
import re
import subprocess
import sys

HZ = 499.0
SECONDS = 10.0


def rates(bench_log):
    text = open(bench_log).read()
    post = re.search(r"POST /api/v1/entries\s+(\d+) req/s", text)
    ceiling = re.search(r"JDBC write transaction \(ceiling\)\s+(\d+) tx/s", text)
    if not post or not ceiling:
        sys.exit("perf_report: the bench did not print both measured runs (see bench.log)")
    return float(post.group(1)), float(ceiling.group(1))


def processes(outdir, window):
    """pid -> group name, from the stack's pid files and the ps snapshot taken as the window began."""
    named = {}
    for line in open(f"{outdir}/pids"):
        service, pid = line.split()
        named[pid] = service
    groups = {}
    for line in open(f"{outdir}/ps.{window}"):
        parts = line.split(None, 1)
        if len(parts) < 2 or not parts[0].isdigit():
            continue
        pid, args = parts[0], parts[1]
        m = re.match(r"postgres: openly (\w+) ", args)
        if pid in named:
            groups[pid] = named[pid]
        elif m:
            groups[pid] = f"postgres backends: {m.group(1)}"
        elif args.startswith("postgres"):
            groups[pid] = "postgres: background processes"
        elif "OpenlyLocal bench-journal" in args:
            groups[pid] = "load generator (bench JVM)"
    return groups


def samples(data):
    """(pid, thread name, leaf symbol, leaf dso) per sample."""
    out = subprocess.run(["perf", "script", "-i", data, "-F", "comm,pid,ip,sym,dso"], capture_output=True, text=True).stdout
    current, leaf = None, False
    for line in out.splitlines():
        if not line.strip():
            current = None
            continue
        if not line.startswith("\t"):
            parts = line.split()
            current = (parts[-1], " ".join(parts[:-1]))
            leaf = True
            continue
        if leaf and current:
            body = line.strip().split(None, 1)
            text = body[1] if len(body) > 1 else "?"
            m = re.match(r"(.*) \((.*)\)$", text)
            symbol, dso = (m.group(1), m.group(2)) if m else (text, "?")
            symbol = re.sub(r"\+0x[0-9a-f]+$", "", symbol)
            dso = "JIT" if "/tmp/perf-" in dso else dso.rsplit("/", 1)[-1]
            yield current[0], current[1], symbol, dso
        leaf = False


def thread_group(name):
    for prefix, group in (("executor-thread", "requests (executor threads)"), ("vert.x-", "HTTP event loop"), ("C2 Compiler", "JIT compiler"), ("C1 Compiler", "JIT compiler"),
                          ("VM Thread", "GC and VM"), ("GC", "GC and VM"), ("outbox-relay", "outbox relay"),
                          ("kafka-producer", "outbox relay"), ("smallrye-kafka", "Kafka consumers"),
                          ("entry-events", "event consumers")):
        if name.startswith(prefix):
            return group
    return "other threads"


def main():
    outdir = sys.argv[1]
    top = int(sys.argv[sys.argv.index("--top") + 1]) if "--top" in sys.argv else 25
    post_rate, ceiling_rate = rates(f"{outdir}/bench.log")
    windows = {"post": post_rate, "ceiling": ceiling_rate}
    by_group, journal_threads, journal_symbols, backend_symbols = {}, {}, {}, {}
    for window, rate in windows.items():
        groups = processes(outdir, window)
        scale = 1e6 / HZ / SECONDS / rate
        g, t, js, bs = (collections.Counter() for _ in range(4))
        for pid, thread, symbol, dso in samples(f"{outdir}/{window}.data"):
            group = groups.get(pid) or ("idle" if pid == "0" else
                                        "postgres: started in the window (autovacuum, ...)" if thread == "postgres" else
                                        "other processes (kernel threads, perf, ...)")
            g[group] += scale
            if group == "journal":
                t[thread_group(thread)] += scale
                js[(dso, symbol)] += scale
            if group == "postgres backends: journal":
                bs[(dso, symbol)] += scale
        by_group[window], journal_threads[window], journal_symbols[window], backend_symbols[window] = g, t, js, bs

    print(f"head: {(open(outdir + '/head').read().strip() or '?')[:100]}")
    print(f"rates: POST {post_rate:.0f}/s, ceiling {ceiling_rate:.0f} tx/s, ratio {post_rate / ceiling_rate:.3f}")
    print("\nCPU µs per entry (POST run) and per transaction (ceiling run), perf -a at 499 Hz over 10 s of each:")
    print(f"  {'who':52} {'POST':>8} {'ceiling':>8}")
    names = sorted(set(by_group["post"]) | set(by_group["ceiling"]), key=lambda k: -by_group["post"].get(k, 0))
    for name in names:
        print(f"  {name:52} {by_group['post'].get(name, 0):8.1f} {by_group['ceiling'].get(name, 0):8.1f}")
    busy = {w: sum(v for k, v in by_group[w].items() if k != "idle") for w in windows}
    print(f"  {'all but idle':52} {busy['post']:8.1f} {busy['ceiling']:8.1f}")
    print("\njournal's JVM by thread (POST run):")
    for name, value in journal_threads["post"].most_common():
        print(f"  {name:52} {value:8.1f}")
    print(f"\njournal's JVM, hottest leaf functions (POST run; JIT = compiled Java, named from the perf map):")
    for (dso, symbol), value in journal_symbols["post"].most_common(top):
        print(f"  {value:6.1f}  {dso[:16]:16} {symbol[:110]}")
    post, ceiling = backend_symbols["post"], backend_symbols["ceiling"]
    print(f"\njournal database's backends: {sum(post.values()):.1f} µs per entry in the POST run, "
          f"{sum(ceiling.values()):.1f} per tx in the ceiling's; leaf functions by difference (POST, ceiling, POST - ceiling):")
    keys = sorted(set(post) | set(ceiling), key=lambda k: -(post.get(k, 0) - ceiling.get(k, 0)))
    for key in keys[:top // 2] + keys[-(top // 2):]:
        print(f"  {post.get(key, 0):6.1f} {ceiling.get(key, 0):6.1f} {post.get(key, 0) - ceiling.get(key, 0):+7.1f}  {key[0][:12]:12} {key[1][:90]}")


if __name__ == "__main__":
    main()
