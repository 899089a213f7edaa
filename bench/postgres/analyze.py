#!/usr/bin/env python3
"""PostgreSQL's CPU per POSTed entry, attributed, from sampler.py's output (bench/postgres/attribution.sh runs it).

usage: analyze.py DIR [--window I0 I1] [--ceiling]

The window: without --window, the last stretch of >= 5 s in which journal's POST count rose every second (the bench's
measured POST run; its warm-up rounds end 2 s before it). Prints, per entry of that window: CPU-ms of each group of PostgreSQL
processes (backends by database: each service has its own; background processes by role; exited children), the WAL
written (pg_stat_wal), and with pg_stat_statements the statements per database and per statement (calls, execution +
planning ms, WAL records). Ends with a summary row built from DIR/bench.txt (the bench's own figures) and the table
counters before/after (HOT share of the per-entry upserts).

--ceiling: the same for the bench's JDBC ceiling instead (needs pg_stat_statements): the window is the last stretch of
>= 5 s after the POST run in which the count of `insert into journal_entry` calls rose every second, without its first
and last second, and figures are
per ceiling transaction (one such insert each). Its statements run on the copies in schema bench_ceiling, so they are
listed apart from the service's, and their execution times can be read against the POST window's.
"""
import argparse
import json
import os
import re
from collections import defaultdict

parser = argparse.ArgumentParser()
parser.add_argument("dir")
parser.add_argument("--window", nargs=2, type=int, metavar=("I0", "I1"))
parser.add_argument("--ceiling", action="store_true", help="attribute the JDBC ceiling's window, per transaction")
args = parser.parse_args()
d = args.dir


def pgss(i):
    rows = {}
    for line in open(os.path.join(d, f"pgss.{i}")):
        f = line.rstrip("\n").split("\t")
        if len(f) < 10:
            continue
        rows[(f[0], f[1])] = [float(x) for x in f[2:]]
    return rows


texts, dbs = {}, {}
if os.path.exists(os.path.join(d, "texts.tsv")):
    for line in open(os.path.join(d, "texts.tsv")):
        f = line.rstrip("\n").split("\t", 2)
        if len(f) == 3:
            texts[(f[0], f[1])] = f[2]
if os.path.exists(os.path.join(d, "dbs.tsv")):
    for line in open(os.path.join(d, "dbs.tsv")):
        f = line.rstrip("\n").split("\t")
        if len(f) == 2:
            dbs[f[0]] = f[1]

S = [json.loads(line) for line in open(os.path.join(d, "samples.jsonl"))]
for k in range(1, len(S)):
    if S[k]["posts"] < 0:  # a scrape that timed out: carry the last count
        S[k]["posts"] = S[k - 1]["posts"]
TICK_MS = 1000 / os.sysconf("SC_CLK_TCK")


def stretches(counts, after=-1):
    """(first, last) sample index of each stretch of >= 5 s in which counts rose by more than 3 every second."""
    runs, start = [], None
    for k in range(max(1, after + 1), len(counts)):
        up = counts[k] - counts[k - 1] > 3
        if up and start is None:
            start = k - 1
        if not up and start is not None:
            runs.append((start, k - 1))
            start = None
    if start is not None:
        runs.append((start, len(counts) - 1))
    return [r for r in runs if r[1] - r[0] >= 5]


def entry_inserts(i):
    """Calls so far of `insert into journal_entry` in database journal (the service's and the ceiling's alike)."""
    try:
        rows = pgss(i)
    except OSError:
        return 0.0
    return sum(v[0] for k, v in rows.items() if dbs.get(k[1]) == "journal" and texts.get(k, "").startswith("insert into journal_entry"))


post_runs = stretches([s["posts"] for s in S])
if args.window:
    i0, i1 = args.window
elif not post_runs:
    raise SystemExit("no stretch of >= 5 s with POSTs answered in samples.jsonl: did the bench run against this stack?")
else:
    i0, i1 = post_runs[-1]
if args.ceiling:
    inserts = [entry_inserts(i) for i in range(len(S))]
    if not args.window:
        runs = stretches(inserts, after=post_runs[-1][1] if post_runs else -1)
        if not runs:
            raise SystemExit("no ceiling window found (it needs pg_stat_statements snapshots: see RESULTS.md, how to repeat)")
        # Its first and last second trimmed: before it the copies are being made, after it the connections close (an
        # ended backend's time shows only as the postmaster's reaped children, no longer as a journal backend).
        i0, i1 = runs[-1][0] + 1, runs[-1][1] - 1
    units = inserts[i1] - inserts[i0]
    unit = "tx"
else:
    units = S[i1]["posts"] - S[i0]["posts"]
    unit = "entry"
a, b = S[i0], S[i1]
secs = b["t"] - a["t"]
entries = units
print(f"window samples {i0}..{i1}: {secs:.1f} s, {units:.0f} {'ceiling transactions' if args.ceiling else 'entries'} ({units / secs:.0f}/s)")


def who(title):
    m = re.match(r"postgres: (\S+) (\S+) (\S+) (.*)", title)
    if title.startswith("postgres: ") and m and "(" in m.group(3):
        return "backend " + m.group(2)
    return title.replace("postgres: ", "bg ").split("  ")[0]


groups = defaultdict(float)
sys_groups = defaultdict(float)
for pid, v in b["procs"].items():
    cpu, title = v[0], v[1]
    before = a["procs"].get(pid, [0, title, 0])  # a process started inside the window: all its time is the window's
    groups[who(title)] += (cpu - before[0]) * TICK_MS
    sys_groups[who(title)] += (v[2] - before[2]) * TICK_MS
groups["postmaster itself"] += (b["pm"] - a["pm"]) * TICK_MS
groups["exited children (reaped: autovacuum workers, short connections)"] += (b["reaped"] - a["reaped"]) * TICK_MS
# "backend postgres" is the sampler's own connection (database postgres): shown, not counted.
total = sum(v for k, v in groups.items() if k != "backend postgres")
print(f"{'who':<66} {'CPU-ms/' + unit:>12} {'share':>6}")
for k, v in sorted(groups.items(), key=lambda kv: -kv[1]):
    note = "  (the sampler itself, excluded)" if k == "backend postgres" else ""
    print(f"{k:<66} {v / entries:12.3f} {100 * v / total:5.1f}%  sys {sys_groups.get(k, 0) / entries:.3f}{note}")
print(f"{'PostgreSQL total (without the sampler)':<66} {total / entries:12.3f}")


wal_per_entry = {}
try:
    wa = [float(x) for x in open(os.path.join(d, f"pgss.{i0}.wal")).read().split("\t")]
    wb = [float(x) for x in open(os.path.join(d, f"pgss.{i1}.wal")).read().split("\t")]
    names = ["wal_records", "wal_fpi", "wal_bytes", "wal_buffers_full", "wal_write", "wal_sync"]
    wal_per_entry = {n: (y - x) / entries for n, x, y in zip(names, wa, wb)}
    print(f"WAL per {unit}: " + ", ".join(f"{n} {v:.2f}" for n, v in wal_per_entry.items()))
except (OSError, ValueError):
    print(f"WAL per {unit}: not sampled (pg_stat_statements not installed: see bench/postgres/RESULTS.md, how to repeat)")

try:
    A, B = pgss(i0), pgss(i1)
except OSError:
    A, B = None, None
if B:
    per_db = defaultdict(lambda: [0.0, 0.0])
    lines = []
    for k, v in B.items():
        u = A.get(k, [0.0] * len(v))
        calls, ex, pl = v[0] - u[0], v[1] - u[1], v[2] - u[2]
        if calls <= 0:
            continue
        db = dbs.get(k[1], k[1])
        per_db[db][0] += calls
        per_db[db][1] += ex + pl
        lines.append((db, calls / entries, (ex + pl) / entries, 1000 * (ex + pl) / calls, v[4] - u[4], texts.get(k, "?")[:150]))
    print(f"\nstatements per {unit} by database (pg_stat_statements: calls, execution + planning ms):")
    for db, (c, t) in sorted(per_db.items()):
        print(f"  {db:<10} {c / entries:7.2f} statements/{unit}  {t / entries:7.3f} exec-ms/{unit}")
    print(f"\nper statement (calls/{unit}, exec+plan ms/{unit}, µs per call, WAL records in the window, text):")
    for db, c, t, us, wal, q in sorted(lines, key=lambda x: (x[0], -x[1])):
        # Frequent statements, and rare ones that cost (a batch consumer's once-per-batch read can outweigh them all).
        if c >= 0.005 or t >= 0.005:
            print(f"  {db:<9} {c:6.3f} {t:7.4f} {us:7.1f} {wal:8.0f}  {q}")


def grab(pattern, text):
    m = re.search(pattern, text, re.M)
    return m.group(1) if m else "?"


# Summary row: the bench's own figures for the same run, next to the attribution's.
bench_file = os.path.join(d, "bench.txt")
if os.path.exists(bench_file) and not args.ceiling:
    bench = open(bench_file).read()
    postgres_rows = re.findall(r"^\s+postgres\s+\d+\s+([\d.]+)", bench, re.M)  # POST run first, then the ceiling
    hot = "?"
    try:
        def counters(name):
            rows = {}
            for line in open(os.path.join(d, name)):
                f = line.rstrip("\n").split("\t")
                rows[(f[0], f[1])] = [int(x) for x in f[2:]]
            return rows
        before, after = counters("tables.before"), counters("tables.after")
        upserted = ("write_allowance", "practice_activity", "daily_practice", "weekly_practice", "weekly_theme", "streak_state", "insights_person")
        updates = sum(after[k][1] - before.get(k, after[k])[1] for k in after if k[1] in upserted)
        hot_updates = sum(after[k][2] - before.get(k, after[k])[2] for k in after if k[1] in upserted)
        hot = f"{100 * hot_updates / max(1, updates):.0f} %"
    except (OSError, IndexError, KeyError, ValueError):
        pass
    backends = {g: groups.get("backend " + g, 0) / entries for g in ("journal", "reminder", "insights")}
    print("\nsummary (POST/s | ceiling tx/s | PostgreSQL CPU-ms/entry (bench) | ceiling PostgreSQL CPU-ms/tx (bench) | "
          "attributed total | journal / reminder / insights backends | WAL records/entry | HOT share of the upserts | load at start/end):")
    print("| " + " | ".join([
        grab(r"POST /api/v1/entries\s+(\d+) req/s", bench),
        grab(r"ceiling\)\s+(\d+) tx/s", bench),
        postgres_rows[0] if postgres_rows else "?",
        postgres_rows[1] if len(postgres_rows) > 1 else "?",
        f"{total / entries:.3f}",
        " / ".join(f"{backends[g]:.3f}" for g in ("journal", "reminder", "insights")),
        f"{wal_per_entry['wal_records']:.1f}" if wal_per_entry else "?",
        hot,
        grab(r"load average at start: ([\d.]+)", bench) + "/" + grab(r"load average at end: ([\d.]+)", bench),
    ]) + " |")
    print("durable commits: " + grab(r"PostgreSQL: (fsync=\S+ synchronous_commit=\S+)", bench)
          + "; ceiling's tables: " + grab(r"JDBC ceiling's tables: (copies with the service's [\d,]+ entries)", bench))
