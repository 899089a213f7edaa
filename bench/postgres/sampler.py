#!/usr/bin/env python3
"""1 Hz sampler for attributing PostgreSQL's CPU during a bench (bench/postgres/attribution.sh starts and stops it).

Every second it records, into OUT/samples.jsonl: utime+stime (and system time alone) of every child of the postmaster
with its process title (backends say `postgres: <user> <database> <client> <state>`, background processes their role),
the postmaster's own time and its reaped children's (cutime+cstime: autovacuum workers and connections that ended),
and journal's count of answered POST /api/v1/entries (its management interface's /q/metrics). With pg_stat_statements
installed it also writes a snapshot of it (OUT/pgss.<i>) and of pg_stat_wal (OUT/pgss.<i>.wal) through ONE persistent
psql connection to database `postgres`, so the sampler's own backend is one identifiable process, never reaped.

usage: sampler.py --home DIR --pg-port N --management-port N --out DIR [--statements]
"""
import argparse
import json
import os
import signal
import subprocess
import sys
import time
import urllib.request

parser = argparse.ArgumentParser()
parser.add_argument("--home", required=True, help="the stack's home (.openly): pg/postmaster.pid is read from it")
parser.add_argument("--pg-port", required=True)
parser.add_argument("--management-port", required=True, help="journal's management port (metrics)")
parser.add_argument("--out", required=True)
parser.add_argument("--statements", action="store_true", help="snapshot pg_stat_statements and pg_stat_wal too")
args = parser.parse_args()

os.makedirs(args.out, exist_ok=True)
with open(os.path.join(args.home, "pg", "postmaster.pid")) as f:
    postmaster = int(f.readline())
env = dict(os.environ, PGPASSWORD=os.environ.get("OPENLY_PG_PASSWORD", "openly"))
psql = subprocess.Popen(["psql", "-h", "localhost", "-p", str(args.pg_port), "-U", os.environ.get("OPENLY_PG_USER", "openly"),
                         "-d", "postgres", "-At", "-q", "-F", "\t"],
                        stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, env=env, text=True)
psql.stdin.write("set application_name = 'pg-attribution-sampler';\n")
psql.stdin.flush()

stopping = False


def stop(*_):
    global stopping
    stopping = True


signal.signal(signal.SIGTERM, stop)
signal.signal(signal.SIGINT, stop)


def stat(pid):
    """(ppid, utime+stime, cutime+cstime, stime) in clock ticks."""
    with open(f"/proc/{pid}/stat") as f:
        s = f.read()
    rest = s[s.rindex(")") + 2:].split()  # the command name may hold spaces: count fields after its last ')'
    # fields after the name: state(0) ppid(1) ... utime(11) stime(12) cutime(13) cstime(14)
    return int(rest[1]), int(rest[11]) + int(rest[12]), int(rest[13]) + int(rest[14]), int(rest[12])


def posts():
    """Answered POST /api/v1/entries (status 201) so far, or -1 when the scrape failed."""
    try:
        body = urllib.request.urlopen(f"http://localhost:{args.management_port}/q/metrics", timeout=2).read().decode()
    except Exception:
        return -1
    n = 0.0
    for line in body.splitlines():
        if line.startswith("http_server_requests_seconds_count") and 'method="POST"' in line \
                and 'uri="/api/v1/entries"' in line and 'status="201"' in line:
            n += float(line.rsplit(" ", 1)[1])
    return n


i = 0
with open(os.path.join(args.out, "samples.jsonl"), "a") as log:
    while not stopping:
        t = time.time()
        procs = {}
        for d in os.listdir("/proc"):
            if not d.isdigit():
                continue
            try:
                ppid, cpu, _, sys_ = stat(d)
                if ppid != postmaster:
                    continue
                with open(f"/proc/{d}/cmdline") as f:
                    title = f.read().replace("\0", " ").strip()
                procs[d] = [cpu, title, sys_]
            except Exception:
                pass  # the process ended while listed
        try:
            _, pm_cpu, reaped, _ = stat(postmaster)
        except Exception:
            print("the postmaster is gone: stopping", file=sys.stderr)
            break
        if args.statements:
            snap = os.path.join(args.out, f"pgss.{i}")
            psql.stdin.write(f"\\o {snap}\nselect queryid, dbid, calls, total_exec_time, total_plan_time, rows, wal_records, wal_bytes, "
                             f"shared_blks_hit, shared_blks_dirtied, plans from pg_stat_statements;\n"
                             f"\\o {snap}.wal\nselect wal_records, wal_fpi, wal_bytes, wal_buffers_full, wal_write, wal_sync from pg_stat_wal;\n\\o\n")
            psql.stdin.flush()
        log.write(json.dumps({"i": i, "t": t, "posts": posts(), "pm": pm_cpu, "reaped": reaped, "procs": procs}) + "\n")
        log.flush()
        i += 1
        time.sleep(max(0.0, 1 - (time.time() - t)))

psql.stdin.close()
psql.wait(timeout=10)
