#!/usr/bin/python3
"""CPU and wall time of one full discovery through the CLI (`indblik-agent discover --json`).

Starts --processes idle `sleep` processes first, so discovery walks a process table at least that
large, then runs the CLI --runs times (after one warm-up run) and reads each run's CPU time
(user + system) from wait4()'s rusage. Prints a Markdown section and, with --out, appends it to
that file. The CLI run includes process start-up, loading the catalog and printing JSON, so it is
an upper bound for one discovery inside the running service.
"""

import argparse
import json
import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import benchlib  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE = os.path.dirname(HERE)


def run_once(command):
    start = time.perf_counter()
    with open(os.devnull, "wb") as null, subprocess.Popen(command, stdout=subprocess.PIPE,
                                                          stderr=null) as proc:
        output = proc.stdout.read()
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - start
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} exited with {proc.returncode}")
    return usage.ru_utime, usage.ru_stime, wall, usage.ru_maxrss, output


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--agent", default=os.path.join(SOURCE, "build/default/agent/indblik-agent"))
    parser.add_argument("--catalog", default=os.path.join(SOURCE, "policies/catalog"))
    parser.add_argument("--processes", type=int, default=300,
                        help="idle processes to start for the run (default 300)")
    parser.add_argument("--runs", type=int, default=20, help="measured runs (default 20)")
    parser.add_argument("--out", help="append the Markdown section to this file")
    args = parser.parse_args()
    for name in ("agent", "catalog", "binary"):
        if getattr(args, name, None):
            setattr(args, name, os.path.abspath(getattr(args, name)))

    command = [args.agent, "discover", "--json", "--catalog", args.catalog]
    idle = benchlib.spawn_idle(args.processes)
    try:
        time.sleep(0.5)
        processes = benchlib.process_count()
        _, _, _, _, output = run_once(command)  # warm-up: page cache, catalog files
        found = json.loads(output)
        runs = [run_once(command) for _ in range(args.runs)]
        # The floor of any CLI run: starting the same binary, loading its libraries, exiting.
        floor = [run_once([args.agent, "--version"]) for _ in range(args.runs)]
    finally:
        benchlib.stop_all(idle)

    cpu_ms = [(u + s) * 1000 for u, s, _, _, _ in runs]
    user_ms = [u * 1000 for u, _, _, _, _ in runs]
    sys_ms = [s * 1000 for _, s, _, _, _ in runs]
    wall_ms = [w * 1000 for _, _, w, _, _ in runs]
    maxrss = [r for _, _, _, r, _ in runs]
    floor_ms = [(u + s) * 1000 for u, s, _, _, _ in floor]

    def row(name, values, unit="ms"):
        med, lo, hi, q1, q3 = benchlib.summary(values)
        return [name, f"{med:.1f} {unit}", f"{q1:.1f}–{q3:.1f}", f"{lo:.1f}–{hi:.1f}"]

    text = [f"## One full discovery, CLI (`indblik-agent discover --json`)", "",
            f"{args.runs} runs after one warm-up; {processes} processes on the machine during the "
            f"run ({args.processes} idle `sleep` processes started for it); "
            f"{len(found.get('observations', []))} observations, "
            f"{len(found.get('could_not_read', []))} could-not-read entries. "
            "CPU = user + system time of the process (wait4 rusage), including start-up, "
            "catalog load and JSON output. Goal: ≤ 100 ms CPU.", "",
            benchlib.table(["", "median", "interquartile", "min–max"], [
                row("CPU (user + system)", cpu_ms),
                row("  user", user_ms),
                row("  system", sys_ms),
                row("wall", wall_ms),
                row("max RSS", [m / 1024 for m in maxrss], "MiB"),
                row("floor: `indblik-agent --version`, CPU", floor_ms),
            ]), ""]
    median_cpu = benchlib.summary(cpu_ms)[0]
    verdict = "meets" if median_cpu <= 100 else "MISSES"
    benchlib.headline(3, f"CPU of one full discovery, CLI, {processes} processes (median of "
                      f"{args.runs})", f"{median_cpu:.0f} ms (wall "
                      f"{benchlib.summary(wall_ms)[0]:.0f} ms)",
                      f"{benchlib.summary(floor_ms)[0]:.0f} ms: starting the same binary "
                      "(`--version`), the floor of any CLI run", "≤ 100 ms", median_cpu <= 100)
    text.append(f"Median CPU {benchlib.summary(cpu_ms)[0]:.1f} ms: {verdict} the 100 ms goal.")
    text.append("")
    benchlib.emit(text, args.out)


if __name__ == "__main__":
    main()
