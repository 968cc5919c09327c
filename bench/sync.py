#!/usr/bin/python3
"""Sync figures (issue 5): ledger appends beside raw SQLite, a one-day backlog drained after an
outage, and the long agent kill loop.

  bench/sync.py [--out FILE] [--skip-append] [--skip-drain] [--skip-kill]
                [--day-entries N] [--kill-iterations N]

append  build/default/bench/indblik_ledger_append_bench (Google Benchmark): entries/s of
        Ledger::append with N entries a transaction beside a raw SQLite batch insert of the same
        rows, N = 1, 20, 100, 1000.
drain   a real indblik-server, an agent enrolled with `indblik-agent enroll`, its ledger filled
        with a day of entries (--day-entries, default 3,000: docs/local-api.md bounds activity at
        144 rows a day per observation; 20 observations at that bound are 2,880 rows, and
        discovery's own changes are few) while the server was "down"; the time from starting
        `indblik-agent run` until it reports nothing pending (the server acknowledged every
        entry). Also 10 days, to show how it scales.
kill    the fault test's kill loop (tests/faults, AgentKilledHardInALoop...) with
        --kill-iterations (default 1000) iterations: kill -9 of the agent at random moments, and
        every committed entry checked after each kill and on the server at the end.
"""

import argparse
import hashlib
import json
import os
import platform
import re
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import benchlib  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE = os.path.dirname(HERE)
BUILD = os.path.join(SOURCE, "build/default")
AGENT = os.path.join(BUILD, "agent/indblik-agent")
SERVER = os.path.join(BUILD, "server/indblik-server")
GENESIS = "0" * 64


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def append_figures():
    binary = os.path.join(BUILD, "bench/indblik_ledger_append_bench")
    out = subprocess.run([binary, "--benchmark_format=json", "--benchmark_repetitions=3",
                          "--benchmark_report_aggregates_only=true"],
                         check=True, capture_output=True, text=True).stdout
    rates = {}
    for b in json.loads(out)["benchmarks"]:
        if b.get("aggregate_name") != "median":
            continue
        name, n = re.match(r"BM_(\w+)/(\d+)", b["run_name"]).groups()
        rates.setdefault(int(n), {})[name] = b["items_per_second"]
    lines = ["### Ledger appends beside raw SQLite inserts", "",
             "Entries per second (median of 3 repetitions of at least 1 s each; a real file in "
             "/tmp; WAL, synchronous=FULL; hashes computed in both):", "",
             "| N per transaction | Ledger::append | raw SQLite | ledger / raw |",
             "|---:|---:|---:|---:|"]
    for n in sorted(rates):
        ledger, raw = rates[n]["LedgerAppend"], rates[n]["RawSqliteInsert"]
        lines.append(f"| {n} | {ledger:,.0f} | {raw:,.0f} | {ledger / raw:.2f} |")
        if n == 100:
            benchlib.headline(5, "ledger appends, 100 a transaction (entries/s)",
                              f"{ledger:,.0f}/s", f"raw SQLite insert of the same rows "
                              f"{raw:,.0f}/s (ratio {ledger / raw:.2f})", "≥ 0.5 of raw",
                              ledger / raw >= 0.5)
    return lines


def build_ledger(path, count):
    """A ledger file as the agent writes it: the ledger table, its schema version, and `count`
    activity entries chained from the genesis, spread over the last day."""
    db = sqlite3.connect(path)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("CREATE TABLE ledger (seq INTEGER PRIMARY KEY, time TEXT NOT NULL, kind TEXT NOT "
               "NULL, payload TEXT NOT NULL, prev_hash TEXT NOT NULL, hash TEXT NOT NULL)")
    db.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
    db.execute("INSERT INTO meta VALUES ('schema_version', '1')")
    prev = GENESIS
    start = time.time() - 86400
    rows = []
    for seq in range(1, count + 1):
        t = time.strftime("%Y-%m-%dT%H:%M:%S.000Z",
                          time.gmtime(start + 86400 * seq / (count + 1)))
        obs = seq % 20
        payload = json.dumps({"observation": f"product:bench-{obs}", "name": f"bench {obs}",
                              "product": f"bench-{obs}", "start": t, "end": t,
                              "cpu_seconds": 1.5, "bytes_written": 4096,
                              "remote_endpoints": ["10.0.0.5:443"], "spool_files": 0,
                              "spool_bytes": 0, "audit_log_bytes": 0}, separators=(",", ":"))
        h = hashlib.sha256(f"{prev}\n{seq}\n{t}\nactivity\n{payload}".encode()).hexdigest()
        rows.append((seq, t, "activity", payload, prev, h))
        prev = h
    db.executemany("INSERT INTO ledger VALUES (?, ?, ?, ?, ?, ?)", rows)
    db.commit()
    db.close()


def drain(entries):
    """Seconds from starting the agent until it reports every entry acknowledged."""
    work = tempfile.mkdtemp(prefix="indblik-drain-")
    procs = []
    try:
        agent_port, enroll_port = free_port(), free_port()
        data = os.path.join(work, "server")
        server_log = open(os.path.join(work, "server.log"), "w")
        procs.append(subprocess.Popen([SERVER, "run", "--data-dir", data, "--listen", "127.0.0.1",
                                       "--agent-port", str(agent_port), "--enroll-port",
                                       str(enroll_port)], stdout=server_log, stderr=server_log))
        for _ in range(300):
            if os.path.exists(os.path.join(data, "listening.json")):
                break
            time.sleep(0.1)

        def admin(*args):
            return subprocess.run([SERVER, "admin", "--data-dir", data, *args], check=True,
                                  capture_output=True, text=True).stdout.strip()

        person = admin("add-person", "--name", "Anna", "--username", "anna")
        token = admin("create-enrollment-token", "--person", person)
        fingerprint = admin("ca-fingerprint")
        state = os.path.join(work, "agent")
        subprocess.run([AGENT, "enroll", "--server", f"https://127.0.0.1:{enroll_port}",
                        "--token", token, "--ca-fingerprint", fingerprint, "--state-dir", state],
                       check=True, capture_output=True)
        build_ledger(os.path.join(state, "ledger.db"), entries)
        root = os.path.join(work, "root")
        os.makedirs(root)
        sock = os.path.join(work, "agent.sock")
        agent_log = open(os.path.join(work, "agent.log"), "w")
        started = time.monotonic()
        procs.append(subprocess.Popen([AGENT, "run", "--state-dir", state, "--socket", sock,
                                       "--root", root, "--catalog",
                                       os.path.join(SOURCE, "policies/catalog"),
                                       "--sync-interval", "60", "--discovery-interval", "3600"],
                                      stdout=agent_log, stderr=agent_log))
        while True:
            shown = subprocess.run([AGENT, "show", "--json", "--socket", sock],
                                   capture_output=True, text=True)
            if shown.returncode == 0:
                sync = json.loads(shown.stdout)["sync"]
                if sync["last_success"] and sync["pending"] == 0:
                    break
            if time.monotonic() - started > 600:
                raise RuntimeError("the agent did not drain its backlog in 10 minutes")
            time.sleep(0.05)
        elapsed = time.monotonic() - started
        stored = sqlite3.connect(f"file:{data}/server.db?mode=ro", uri=True).execute(
            "SELECT COUNT(*) FROM ledger_entries").fetchone()[0]
        if stored < entries:
            raise RuntimeError(f"the server holds {stored} of {entries} entries")
        return elapsed
    finally:
        for p in reversed(procs):
            p.terminate()
            p.wait(timeout=20)
        shutil.rmtree(work, ignore_errors=True)


def drain_figures(day):
    lines = ["### A one-day backlog drained after an outage", "",
             "A real server and agent on this machine; the agent's ledger holds the entries the "
             "server has not acknowledged; time from starting `indblik-agent run` until "
             "`indblik-agent show --json` reports nothing pending (includes the agent's start "
             "and the polling, 50 ms):", "",
             "| Backlog | Entries | Drain time | Entries/s |", "|---|---:|---:|---:|"]
    floors = sorted(drain(0) for _ in range(3))
    lines.append(f"| floor: an empty ledger (agent start and first sync) | 0 | {floors[1]:.2f} s "
                 f"(of {floors[0]:.2f}–{floors[2]:.2f}) | – |")
    for label, count in (("one day (bound)", day), ("ten days", day * 10)):
        times = sorted(drain(count) for _ in range(3))
        median = times[1]
        lines.append(f"| {label} | {count:,} | {median:.2f} s (of {times[0]:.2f}–{times[2]:.2f}) "
                     f"| {count / median:,.0f} |")
        if count == day:
            benchlib.headline(5, f"drain a one-day backlog ({count:,} entries) after an outage",
                              f"{median:.2f} s", f"{floors[1]:.2f} s: an empty ledger (the "
                              "agent's start and first sync)", "(none set)", None)
    return lines


def kill_figures(iterations):
    binary = os.path.join(BUILD, "tests/faults/indblik_faults_test")
    env = dict(os.environ, INDBLIK_FAULTS_KILL_ITERATIONS=str(iterations))
    started = time.monotonic()
    run = subprocess.run([binary, "--gtest_filter=*AgentKilledHardInALoop*"], env=env,
                         capture_output=True, text=True)
    elapsed = time.monotonic() - started
    summary = [l for l in run.stdout.splitlines() if l.startswith("kill loop:")]
    verdict = "passed" if run.returncode == 0 else "FAILED"
    lines = ["### Agent kill loop", "",
             f"`INDBLIK_FAULTS_KILL_ITERATIONS={iterations} "
             f"build/default/tests/faults/indblik_faults_test "
             f"--gtest_filter='*AgentKilledHardInALoop*'`: {verdict} in {elapsed:.0f} s.", ""]
    lines += [f"    {l}" for l in summary]
    if run.returncode != 0:
        lines += ["", "```", run.stdout[-3000:], "```"]
    return lines


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", help="append the Markdown section to this file")
    parser.add_argument("--skip-append", action="store_true")
    parser.add_argument("--skip-drain", action="store_true")
    parser.add_argument("--skip-kill", action="store_true")
    parser.add_argument("--day-entries", type=int, default=3000)
    parser.add_argument("--kill-iterations", type=int, default=1000)
    args = parser.parse_args()
    text = ["## Sync (issue 5)", "",
            f"{platform.node()}: {os.cpu_count()} cores, Linux {platform.release()}; "
            f"load average at start {os.getloadavg()[0]:.2f}.", ""]
    if not args.skip_append:
        text += append_figures() + [""]
    if not args.skip_drain:
        text += drain_figures(args.day_entries) + [""]
    if not args.skip_kill:
        text += kill_figures(args.kill_iterations) + [""]
    benchlib.emit(text, args.out)


if __name__ == "__main__":
    sys.exit(main())
