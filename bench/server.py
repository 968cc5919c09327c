#!/usr/bin/env python3
"""The server figures of issue 4, as one Markdown section for bench/run-all.sh.

  bench/server.py [--out FILE] [--full] [--no-postgres] [--agents N --minutes M --interval S]

1. Ingest beside raw inserts of the same rows, same run (bench/server_ingest_bench.cpp), on
   SQLite and on a throwaway PostgreSQL (tests/pg/postgres.sh, unix socket only).
2. End-to-end ingest over HTTPS (bench/server_load.py ingest) on both.
3. Simulated agents (bench/server_load.py load). The default is a short run at the full run's
   request rate: 500 agents syncing every 30 s for 2 minutes (~17 requests/s). --full is issue 4's
   figure: 5,000 agents every 5 minutes for 15 minutes (about 20 minutes with enrollment), on
   SQLite and, unless --no-postgres, again on PostgreSQL.
"""

import argparse
import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import benchlib  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BUILD = os.path.join(ROOT, "build/default")
PG_DIR = "/tmp/indblik-pg-server-bench"
PG_PORT = "55434"


def ingest_bench(database, devices, batches, rounds):
    cmd = [os.path.join(BUILD, "bench/indblik_server_ingest_bench"), "--devices", str(devices),
           "--batches", str(batches), "--rounds", str(rounds), "--json"]
    if database:
        cmd += ["--database", database]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def load(mode, database, extra):
    cmd = [sys.executable, os.path.join(ROOT, "bench/server_load.py"), mode, "--json"] + extra
    if database:
        cmd += ["--database", database]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    text = proc.stdout
    start = text.rfind("\n{")
    if start < 0 and not text.startswith("{"):
        raise RuntimeError(f"server_load.py {mode} failed:\n{text}\n{proc.stderr}")
    return json.loads(text[start + 1:] if start >= 0 else text)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", help="append the Markdown section to this file")
    parser.add_argument("--full", action="store_true",
                        help="5,000 agents for 15 minutes (default: a 2-minute run)")
    parser.add_argument("--no-postgres", action="store_true")
    parser.add_argument("--agents", type=int)
    parser.add_argument("--minutes", type=float)
    parser.add_argument("--interval", type=float)
    args = parser.parse_args()
    agents = args.agents or (5000 if args.full else 500)
    minutes = args.minutes or (15 if args.full else 2)
    interval = args.interval or (300 if args.full else 30)

    backends = [("SQLite", None)]
    pg = None
    if not args.no_postgres:
        pg = subprocess.run([os.path.join(ROOT, "tests/pg/postgres.sh"), "start", PG_DIR, PG_PORT],
                            check=True, capture_output=True, text=True).stdout.strip()
        backends.append(("PostgreSQL", pg))
    lines = ["## Server (issue 4)", ""]
    try:
        rows = []
        for name, database in backends:
            print(f"ingest beside raw inserts, {name} ...", flush=True)
            r = ingest_bench(database, 8, 10, 3)
            rows.append([name, f"**{r['ingest']:.0f}/s**", f"{r['raw_prepared']:.0f}/s",
                         f"{r['raw_multirow']:.0f}/s",
                         f"**{r['ratio']:.2f}**" + (" ✓" if r["ratio"] >= 0.5 else " ✗")])
            best = max(r["raw_prepared"], r["raw_multirow"])
            benchlib.headline(4, f"ingest, {name} (entries/s)", f"{r['ingest']:,.0f}/s",
                              f"raw insert of the same rows {best:,.0f}/s "
                              f"(ratio {r['ratio']:.2f})", "≥ 0.5 of raw", r["ratio"] >= 0.5)
        lines += [f"Ingest, `indblik_server_ingest_bench --devices 8 --batches 10 --rounds 3`: "
                  f"{r['rows']:.0f} activity entries ({r['payload_bytes']:.0f}-byte payloads) in "
                  f"batches of {r['batch_size']}, median of {r['rounds']} rounds, each on a fresh "
                  "database; raw = the same rows into an identical table in the same run.", "",
                  benchlib.table(["back end", "ServerStore::ingest", "raw, prepared bulk-bound",
                                  "raw, multi-row", "ingest / best raw (goal ≥ 0.5)"], rows), ""]
        rows = []
        for name, database in backends:
            print(f"end-to-end ingest over HTTPS, {name} ...", flush=True)
            r = load("ingest", database, ["--devices", "4", "--batches", "10"])
            rows.append([name, f"**{r['rate']:.0f}/s**", f"{r['batch_p50_ms']:.0f} ms",
                         str(r["errors"]), f"{r['server_cpu_pct']:.0f} %"])
        lines += ["End to end, `server_load.py ingest --devices 4 --batches 10` (4 devices in "
                  "parallel, 500-entry batches over HTTPS, a new connection each):", "",
                  benchlib.table(["back end", "entries/s", "batch latency p50", "errors",
                                  "server CPU"], rows), ""]
        rows = []
        for name, database in backends:
            print(f"{agents} agents for {minutes} min, {name} ...", flush=True)
            r = load("load", database, ["--agents", str(agents), "--minutes", str(minutes),
                                        "--interval", str(interval)])
            rows.append([name, f"{r['requests']} ({r['rate']:.1f}/s)", f"**{r['errors']}**",
                         f"{r['p50_ms']:.1f} / {r['p95_ms']:.1f}", f"**{r['p99_ms']:.1f}**",
                         f"{r['max_ms']:.0f}", f"{r['server_cpu_pct']:.1f} %",
                         benchlib.mib(r["server_hwm_kib"])])
            benchlib.headline(4, f"{agents:,} simulated agents syncing every {interval:g} s for "
                              f"{minutes:g} min, {name}: p99",
                              f"{r['p99_ms']:.1f} ms, {r['errors']} errors",
                              f"p50 {r['p50_ms']:.1f} ms; server {r['server_cpu_pct']:.1f} % CPU",
                              "no error, p99 ≤ 100 ms", r["errors"] == 0 and r["p99_ms"] <= 100)
        lines += [f"Simulated agents, `server_load.py load --agents {agents} --minutes {minutes} "
                  f"--interval {interval}` (a new TLS connection per sync; goal: no error, p99 ≤ "
                  "100 ms):", "",
                  benchlib.table(["back end", "syncs", "errors", "p50 / p95 ms", "p99 ms",
                                  "max ms", "server CPU", "server VmHWM MiB"], rows), ""]
    finally:
        if pg:
            subprocess.run([os.path.join(ROOT, "tests/pg/postgres.sh"), "stop", PG_DIR])
    benchlib.emit(lines, args.out)


if __name__ == "__main__":
    main()
