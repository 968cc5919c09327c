"""Helpers shared by the Indblik benchmark scripts: idle processes, /proc readings, Markdown.

Only the Python standard library; every reading comes from /proc, so no perf or root-only tool is
needed (reading another user's smaps_rollup does need root or the same user).
"""

import json
import os
import signal
import socket
import statistics
import subprocess
import time

CLK_TCK = os.sysconf("SC_CLK_TCK")


def spawn_idle(count):
    """Starts `count` idle `sleep` processes; returns their Popen objects."""
    procs = []
    for _ in range(count):
        procs.append(subprocess.Popen(["sleep", "100000"], stdin=subprocess.DEVNULL,
                                      stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
    return procs


def stop_all(procs):
    for p in procs:
        if p.poll() is None:
            p.terminate()
    for p in procs:
        try:
            p.wait(timeout=10)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()


def process_count():
    return sum(1 for d in os.listdir("/proc") if d.isdigit())


def children(pid):
    """Direct and indirect children of pid (by ppid in /proc/*/stat)."""
    parent_of = {}
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            with open(f"/proc/{d}/stat", "rb") as f:
                stat = f.read()
        except OSError:
            continue
        fields = stat[stat.rfind(b")") + 2:].split()
        parent_of[int(d)] = int(fields[1])
    found, frontier = [], [pid]
    while frontier:
        p = frontier.pop()
        for child, parent in parent_of.items():
            if parent == p:
                found.append(child)
                frontier.append(child)
    return found


def cpu_seconds(pid):
    """utime + stime of one process (all its threads), in seconds; None once it is gone."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            stat = f.read()
    except OSError:
        return None
    fields = stat[stat.rfind(b")") + 2:].split()
    # fields[0] is field 3 (state); utime and stime are fields 14 and 15.
    return (int(fields[11]) + int(fields[12])) / CLK_TCK


def memory_kib(pid):
    """(PSS, USS) of one process in KiB from /proc/PID/smaps_rollup; (None, None) once it is gone.

    PSS divides each shared page among the processes that map it; USS counts only the pages this
    process alone maps (Private_Clean + Private_Dirty), so other processes that map the same
    libraries lower PSS but not USS."""
    pss, uss = None, 0
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith("Pss:"):
                    pss = int(line.split()[1])
                elif line.startswith(("Private_Clean:", "Private_Dirty:")):
                    uss += int(line.split()[1])
    except OSError:
        return None, None
    return pss, uss


def pss_kib(pid):
    return memory_kib(pid)[0]


def rss_kib(pid, field="VmRSS"):
    """VmRSS (or another Vm* field such as VmHWM, the resident high-water mark) in KiB."""
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        return None
    return None


def total(readings):
    values = [v for v in readings if v is not None]
    return sum(values) if values else None


def wait_for(predicate, timeout, what):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.02)
    raise RuntimeError(f"timed out after {timeout} s waiting for {what}")


def port_open(port, host="127.0.0.1"):
    try:
        with socket.create_connection((host, port), timeout=0.2):
            return True
    except OSError:
        return False


def free_port(first=20150, last=32767):
    """A TCP port on 127.0.0.1 that nobody listens on (zabbix_agentd accepts 1024-32767 only)."""
    for port in range(first, last + 1):
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError("no free port")


def terminate(proc, timeout=15):
    if proc is None or proc.poll() is not None:
        return
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def summary(values):
    """(median, min, max, q1, q3) of a list of numbers."""
    values = sorted(values)
    if len(values) >= 4:
        q1, _, q3 = statistics.quantiles(values, n=4, method="inclusive")
    else:
        q1, q3 = values[0], values[-1]
    return statistics.median(values), values[0], values[-1], q1, q3


def table(header, rows):
    lines = ["| " + " | ".join(header) + " |",
             "|" + "|".join("---" if i == 0 else "---:" for i in range(len(header))) + "|"]
    for row in rows:
        lines.append("| " + " | ".join(str(c) for c in row) + " |")
    return "\n".join(lines)


def mib(kib):
    return "–" if kib is None else f"{kib / 1024:.1f}"


def headline(issue, figure, ours, reference, goal, met):
    """One line of docs/BENCHMARKS.md's summary: a figure an issue names, beside its peer or its
    limit measured in the same run. bench/run-all.sh sets INDBLIK_BENCH_SUMMARY to the file that
    collects them (JSON lines); a script run on its own just prints its section."""
    path = os.environ.get("INDBLIK_BENCH_SUMMARY")
    if not path:
        return
    with open(path, "a") as f:
        f.write(json.dumps({"issue": issue, "figure": figure, "ours": ours,
                            "reference": reference, "goal": goal, "met": met}) + "\n")


def emit(lines, out=None):
    """Prints a Markdown section and, when out is a path, appends it there (bench/run-all.sh
    collects the sections into docs/BENCHMARKS.md)."""
    text = "\n".join(lines).rstrip("\n") + "\n"
    print(text)
    if out:
        with open(out, "a") as f:
            f.write(text + "\n")
