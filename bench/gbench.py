#!/usr/bin/python3
"""In-process discover() cost with Google Benchmark (bench/discovery_bench.cpp).

Starts --processes idle `sleep` processes, runs the benchmark binary with --repetitions
repetitions and prints median and spread (min–max over the repetitions) of CPU and wall time
per discovery as a Markdown section.
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


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--binary",
                        default=os.path.join(SOURCE, "build/default/bench/indblik_discovery_bench"))
    parser.add_argument("--catalog", default=os.path.join(SOURCE, "policies/catalog"))
    parser.add_argument("--processes", type=int, default=300)
    parser.add_argument("--repetitions", type=int, default=10)
    parser.add_argument("--out", help="append the Markdown section to this file")
    args = parser.parse_args()
    for name in ("agent", "catalog", "binary"):
        if getattr(args, name, None):
            setattr(args, name, os.path.abspath(getattr(args, name)))

    idle = benchlib.spawn_idle(args.processes)
    try:
        time.sleep(0.5)
        processes = benchlib.process_count()
        env = dict(os.environ, INDBLIK_BENCH_CATALOG=args.catalog)
        out = subprocess.run([args.binary, f"--benchmark_repetitions={args.repetitions}",
                              "--benchmark_format=json", "--benchmark_min_time=0.5"],
                             env=env, check=True, capture_output=True, text=True).stdout
    finally:
        benchlib.stop_all(idle)

    runs = {}
    for b in json.loads(out)["benchmarks"]:
        if b.get("run_type") == "iteration":
            runs.setdefault(b["run_name"], []).append(b)
    rows = []
    for name, reps in runs.items():
        scale = {"ms": 1, "us": 1e-3, "ns": 1e-6}[reps[0]["time_unit"]]
        cpu = [r["cpu_time"] * scale for r in reps]
        wall = [r["real_time"] * scale for r in reps]
        cm, clo, chi, _, _ = benchlib.summary(cpu)
        wm, wlo, whi, _, _ = benchlib.summary(wall)
        rows.append([name.replace("BM_", "").replace("/process_time", ""), f"{cm:.1f}", f"{clo:.1f}–{chi:.1f}",
                     f"{wm:.1f}", f"{wlo:.1f}–{whi:.1f}", str(reps[0]["iterations"])])
    text = ["## One discovery in process (Google Benchmark)", "",
            f"`{os.path.relpath(args.binary, SOURCE)}`, {args.repetitions} repetitions, "
            f"{processes} processes on the machine ({args.processes} idle `sleep` processes "
            "started for it). CPU is the whole process' CPU time per discovery.", "",
            benchlib.table(["benchmark", "CPU median (ms)", "CPU min–max", "wall median (ms)",
                            "wall min–max", "iterations per repetition"], rows), ""]
    benchlib.emit(text, args.out)


if __name__ == "__main__":
    main()
