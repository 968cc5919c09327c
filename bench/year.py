#!/usr/bin/python3
"""The figures at 10,000 employees × one year (issues 4 and 7), each beside the raw SQLite read
of the same rows in the same run.

  bench/year.py [--data-dir DIR] [--fill] [--queries N] [--runs N] [--out FILE]

DIR/server.db is a database `indblik_server_fill people` filled (10,000 people in 100 org units,
about 12,000 computers and 25 M ledger entries over the year before the fill's day; about 19 GiB
and 25–40 minutes to fill). Without it, --fill makes one (refused when the disk has less than
22 GiB free); otherwise the script says how.

employee data  `indblik_server_fill query`: what GET /api/v1/me does for --queries random people,
               in process (PersonalData::read, access check, JSON). Beside it, the raw read of
               the rows that answer holds for as many random people with Python's sqlite3 (the
               same libsqlite3): the person, their computers, each computer's observation
               entries and newest 100 entries: no checks, no folding, no JSON.
council report `indblik_council_report_bench --runs N`: the whole workplace's report over the
               year (and the largest unit's). Beside it, the raw read of the rows the report
               folds: every observation entry (the covering index), the people, their computers,
               one newest-entry lookup per computer, the requests and the access log.
"""

import argparse
import os
import random
import re
import shutil
import sqlite3
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import benchlib  # noqa: E402

SOURCE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BUILD = os.path.join(SOURCE, "build/default")
FILL = os.path.join(BUILD, "bench/indblik_server_fill")
COUNCIL = os.path.join(BUILD, "bench/indblik_council_report_bench")
OBSERVATION_KINDS = "('observation.added', 'observation.changed', 'observation.removed')"


def percentile(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(p / 100 * len(values)))]


def fill(database):
    free = shutil.disk_usage(os.path.dirname(database)).free
    if free < 22 * 2**30:
        sys.exit(f"year.py: {os.path.dirname(database)} has {free / 2**30:.1f} GiB free; the "
                 "fill needs about 22 GiB")
    print(f"filling {database} (10,000 people × a year; 25–40 minutes) ...", flush=True)
    started = time.monotonic()
    subprocess.run([FILL, "people", "--database", database], check=True)
    return time.monotonic() - started


def raw_person_reads(database, count, seed):
    db = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    people = [r[0] for r in db.execute("SELECT person_id FROM people")]
    rng = random.Random(seed)
    times = []
    for _ in range(count):
        person = people[rng.randrange(len(people))]
        started = time.perf_counter()
        db.execute("SELECT * FROM people WHERE person_id = ?", (person,)).fetchall()
        devices = [r[0] for r in db.execute(
            "SELECT device_id FROM person_devices WHERE person_id = ?", (person,))]
        for device in devices:
            db.execute("SELECT * FROM devices WHERE device_id = ?", (device,)).fetchall()
            db.execute("SELECT seq, time, kind, payload FROM ledger_entries WHERE device_id = ? "
                       f"AND kind IN {OBSERVATION_KINDS} ORDER BY seq", (device,)).fetchall()
            db.execute("SELECT seq, time, kind, payload FROM ledger_entries WHERE device_id = ? "
                       "ORDER BY time DESC LIMIT 100", (device,)).fetchall()
        times.append((time.perf_counter() - started) * 1000)
    db.close()
    return times


def raw_council_read(database):
    db = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    started = time.perf_counter()
    rows = 0
    for sql in ("SELECT person_id, org_unit, left_at FROM people",
                "SELECT device_id, person_id FROM person_devices",
                "SELECT device_id, revoked_at FROM devices",
                "SELECT device_id, seq, time, kind, payload FROM ledger_entries WHERE kind IN "
                f"{OBSERVATION_KINDS} ORDER BY device_id, seq",
                "SELECT d.device_id, (SELECT MAX(time) FROM ledger_entries e WHERE e.device_id = "
                "d.device_id) FROM devices d",
                "SELECT * FROM requests",
                "SELECT * FROM access_events"):
        for _ in db.execute(sql):
            rows += 1
    elapsed = time.perf_counter() - started
    db.close()
    return elapsed, rows


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data-dir", default="/var/tmp/indblik-bench-year")
    parser.add_argument("--fill", action="store_true", help="fill DIR/server.db when missing")
    parser.add_argument("--queries", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--out", help="append the Markdown section to this file")
    args = parser.parse_args()
    for binary in (FILL, COUNCIL):
        if not os.access(binary, os.X_OK):
            sys.exit(f"year.py: {binary} is missing; build with "
                     "`cmake build/default -DINDBLIK_BUILD_BENCH=ON && cmake --build build/default`")
    database = os.path.join(args.data_dir, "server.db")
    filled = None
    if not os.path.exists(database):
        if not args.fill:
            sys.exit(f"year.py: {database} does not exist; pass --fill to make it (about 19 GiB "
                     "and 25–40 minutes), or --data-dir to point at one")
        os.makedirs(args.data_dir, mode=0o700, exist_ok=True)
        filled = fill(database)
    size = os.path.getsize(database)

    # A pass over other random people first (not counted), so neither side below pays alone for
    # bringing the indexes' inner pages into the page cache; each then reads people of its own.
    print("warming the page cache ...", flush=True)
    raw_person_reads(database, args.queries, 7)
    print("employee data, in process ...", flush=True)
    out = subprocess.run([FILL, "query", "--database", database, "--query", str(args.queries),
                          "--seed", "41"], check=True, capture_output=True, text=True).stdout
    together = re.search(r"together: p50 ([\d.]+) ms, p99 ([\d.]+) ms, max ([\d.]+) ms", out)
    read = re.search(r"read: p50 ([\d.]+) ms, p99 ([\d.]+) ms", out)
    if not together or not read:
        sys.exit(f"year.py: unexpected output from indblik_server_fill query:\n{out}")
    me50, me99, memax = (float(x) for x in together.groups())
    print("employee data, raw reads ...", flush=True)
    raw = raw_person_reads(database, args.queries, 41)
    raw50, raw99 = percentile(raw, 50), percentile(raw, 99)

    print("council report ...", flush=True)
    out = subprocess.run([COUNCIL, "--database", database, "--runs", str(args.runs)], check=True,
                         capture_output=True, text=True).stdout
    header = re.search(r"database .*: (\d+) people, (\d+) devices, about (\d+) ledger entries",
                       out)
    whole = re.search(r"whole workplace: median ([\d.]+) s", out)
    unit = re.search(r"unit (\S+): median ([\d.]+) s", out)
    figures = re.search(r"whole workplace .* run 1: [\d.]+ s \((\d+) tables, (\d+) figures\)", out)
    shifted = re.search(r"whole workplace \S+ \(overlapping the year\): ([\d.]+) s, (.*)", out)
    if not header or not whole or not unit:
        sys.exit(f"year.py: unexpected output from indblik_council_report_bench:\n{out}")
    people, devices, entries = (int(x) for x in header.groups())
    print("council report, raw read ...", flush=True)
    raw_council = sorted(raw_council_read(database) for _ in range(args.runs))
    raw_seconds, raw_rows = raw_council[len(raw_council) // 2]

    benchlib.headline(4, f"employee-data call at {people:,} people × a year, in process: p99",
                      f"{me99:.1f} ms (p50 {me50:.1f})",
                      f"{raw99:.1f} ms (p50 {raw50:.1f}): the raw SQLite reads of the same rows",
                      "≤ 20 ms", me99 <= 20)
    benchlib.headline(7, f"works-council report, whole workplace, {people:,} people × a year",
                      f"{float(whole.group(1)):.2f} s",
                      f"{raw_seconds:.2f} s: the raw SQLite read of the rows it folds",
                      "(none set)", None)

    lines = ["## 10,000 employees × one year (issues 4 and 7)", "",
             f"`{os.path.relpath(database)}`" if database.startswith(SOURCE) else f"`{database}`",
             f"({size / 2**30:.1f} GiB; {people:,} people, {devices:,} computers, about "
             f"{entries:,} ledger entries)"
             + (f", filled in this run in {filled / 60:.0f} min." if filled else
                ", filled earlier by `indblik_server_fill people`."), "",
             f"Employee data (`GET /api/v1/me`'s own work in process, {args.queries} random "
             "people; `indblik_server_fill query --seed 41`) beside the raw SQLite reads of the "
             "rows the answer holds (the person, their computers, each computer's observation "
             "entries and newest 100 entries), for as many random people:", "",
             benchlib.table(["", "p50", "p99", "max"], [
                 ["the route's own work (read, access check, JSON)", f"{me50:.1f} ms",
                  f"**{me99:.1f} ms**", f"{memax:.1f} ms"],
                 ["  of that the read", f"{float(read.group(1)):.1f} ms",
                  f"{float(read.group(2)):.1f} ms", "–"],
                 ["raw SQLite reads of the same rows (Python sqlite3)", f"{raw50:.1f} ms",
                  f"{raw99:.1f} ms", f"{max(raw):.1f} ms"],
             ]), "",
             f"Goal p99 ≤ 20 ms: {'met' if me99 <= 20 else 'NOT met'}. The whole call over "
             "HTTPS with a fresh TLS connection is measured by `bench/server_load.py me` "
             "(docs/benchmark-notes.md, \"Employee-data call\"); it needs the fill's device "
             "certificates (`--data-dir --certs`).", "",
             f"Works-council report over the year (`indblik_council_report_bench --runs "
             f"{args.runs}`, median" + (f"; {figures.group(1)} tables, {figures.group(2)} "
                                        "figures" if figures else "") + "):", "",
             benchlib.table(["", "time"], [
                 ["the whole workplace's report (`CouncilReports::generate`)",
                  f"**{float(whole.group(1)):.2f} s**"],
                 [f"one unit's report ({unit.group(1)})", f"{float(unit.group(2)):.2f} s"],
                 *([[f"the whole workplace a day later, checked against the year by the guard "
                     f"over time ({shifted.group(2)})", f"{float(shifted.group(1)):.2f} s"]]
                   if shifted else []),
                 [f"raw SQLite read of the rows the report folds ({raw_rows:,} rows)",
                  f"{raw_seconds:.2f} s"],
             ]), ""]
    benchlib.emit(lines, args.out)


if __name__ == "__main__":
    main()
