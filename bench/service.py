#!/usr/bin/python3
"""Memory (PSS) and CPU of `indblik-agent run` beside zabbix_agentd and prometheus-node-exporter.

All three run at the same time on the same machine, each in a temporary directory with a minimal
configuration (the agent is not enrolled, so it discovers, records in its ledger and serves its
local socket, but never syncs). Idle `sleep` processes (--processes) keep the process table as
large as in the discovery benchmark.

Memory phase (--memory-seconds): the agent runs with --discovery-interval --work-interval, and
each peer is asked for its metrics (node-exporter: GET /metrics; zabbix_agentd: a set of passive
checks) on the same interval. PSS (from /proc/PID/smaps_rollup, summed over all processes of a
daemon) is sampled every --sample-ms. "Idle" is the median of samples taken while the daemon had
used no CPU for the previous second; "during work" is the largest sample.

CPU phase (--duration, default 600 s): a fresh agent with its default schedule (discovery every
300 s, so the window holds its scheduled discoveries); the peers are scraped every --scrape seconds
(default 60 s, Prometheus' default scrape interval; 0 = never). CPU = utime + stime from
/proc/PID/stat at the start and end of the window, summed over each daemon's processes.
"""

import argparse
import os
import re
import shutil
import socket
import struct
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import benchlib  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE = os.path.dirname(HERE)

ZABBIX_KEYS = ["agent.ping", "system.uptime", "system.cpu.load[all,avg1]",
               "system.cpu.util[,user]", "vm.memory.size[available]", "vfs.fs.size[/,pfree]",
               "net.if.in[lo]", "proc.num[]", "system.users.num", "kernel.maxproc"]


class Daemon:
    def __init__(self, name, command, workdir, ready, work=None):
        self.name, self.command, self.workdir = name, command, workdir
        self.ready, self.work = ready, work
        self.proc = None
        self.log = None

    def start(self, timeout=60):
        self.log = open(os.path.join(self.workdir, self.name + ".log"), "ab")
        self.proc = subprocess.Popen(self.command, stdin=subprocess.DEVNULL, stdout=self.log,
                                     stderr=subprocess.STDOUT, cwd=self.workdir)
        benchlib.wait_for(lambda: self.proc.poll() is not None or self.ready(), timeout,
                          self.name + " to get ready")
        if self.proc.poll() is not None:
            raise RuntimeError(f"{self.name} exited with {self.proc.returncode}; see "
                               f"{self.log.name}")
        return time.monotonic()

    def stop(self):
        benchlib.terminate(self.proc)
        if self.log:
            self.log.close()

    def pids(self):
        return [self.proc.pid] + benchlib.children(self.proc.pid)

    def cpu(self, pids):
        return benchlib.total(benchlib.cpu_seconds(p) for p in pids)

    def pss(self, pids):
        return benchlib.total(benchlib.pss_kib(p) for p in pids)

    def memory(self, pids):
        readings = [benchlib.memory_kib(p) for p in pids]
        return (benchlib.total(r[0] for r in readings), benchlib.total(r[1] for r in readings))

    def rss(self, pids, field="VmRSS"):
        return benchlib.total(benchlib.rss_kib(p, field) for p in pids)


def scrape_http(port):
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=10) as r:
        r.read()


def zabbix_get(port, key):
    data = key.encode()
    with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
        s.sendall(b"ZBXD\x01" + struct.pack("<Q", len(data)) + data)
        while s.recv(65536):
            pass


def scrape_zabbix(port):
    for key in ZABBIX_KEYS:
        zabbix_get(port, key)


def version(command):
    """The first version number the program prints for --version (or -V)."""
    try:
        out = subprocess.run(command, capture_output=True, text=True, timeout=10)
    except OSError:
        return "?"
    found = re.search(r"\d+\.\d+(\.\d+)?", out.stdout + out.stderr)
    return found.group(0) if found else "?"


def make_agent(args, workdir, interval=None):
    state = os.path.join(workdir, "agent-state")
    sock = os.path.join(workdir, "agent.sock")
    if os.path.exists(sock):
        os.unlink(sock)
    command = [args.agent, "run", "--state-dir", state, "--socket", sock,
               "--catalog", args.catalog]
    if interval:
        command += ["--discovery-interval", str(interval)]
    return Daemon("indblik-agent", command, workdir, lambda: os.path.exists(sock))


def make_peers(args, workdir):
    peers = []
    zabbix = shutil.which("zabbix_agentd") or ("/usr/sbin/zabbix_agentd"
                                               if os.path.exists("/usr/sbin/zabbix_agentd") else None)
    if zabbix:
        port = benchlib.free_port()
        conf = os.path.join(workdir, "zabbix_agentd.conf")
        with open(conf, "w") as f:
            f.write(f"PidFile={workdir}/zabbix_agentd.pid\nLogType=console\n"
                    f"Server=127.0.0.1\nListenIP=127.0.0.1\nListenPort={port}\n"
                    "Hostname=indblik-bench\nAllowRoot=1\n")
        peers.append(Daemon("zabbix_agentd", [zabbix, "-f", "-c", conf], workdir,
                            lambda p=port: benchlib.port_open(p),
                            lambda p=port: scrape_zabbix(p)))
    exporter = shutil.which("prometheus-node-exporter")
    if exporter:
        port = benchlib.free_port(first=29150)
        peers.append(Daemon("prometheus-node-exporter",
                            [exporter, f"--web.listen-address=127.0.0.1:{port}"], workdir,
                            lambda p=port: benchlib.port_open(p),
                            lambda p=port: scrape_http(p)))
    return peers


def memory_phase(args, workdir, peers):
    agent = make_agent(args, workdir, args.work_interval)
    agent.start()
    daemons = [agent] + peers
    pids = {d.name: d.pids() for d in daemons}
    samples = {d.name: [] for d in daemons}  # (time, cpu, pss)
    rss = {}
    step = args.sample_ms / 1000
    next_work = time.monotonic() + args.work_interval
    end = time.monotonic() + args.memory_seconds
    try:
        while time.monotonic() < end:
            now = time.monotonic()
            if now >= next_work:
                for p in peers:
                    p.work()
                next_work = now + args.work_interval
            for d in daemons:
                samples[d.name].append((now, d.cpu(pids[d.name])) + d.memory(pids[d.name]))
            time.sleep(step)
        for d in daemons:
            rss[d.name] = (d.rss(pids[d.name]), d.rss(pids[d.name], "VmHWM"))
    finally:
        agent.stop()

    result = {}
    for d in daemons:
        series = [s for s in samples[d.name] if s[2] is not None]
        idle = []
        for i, (t, cpu, pss, uss) in enumerate(series):
            window = [s[1] for s in series[:i + 1] if t - s[0] <= 1.0]
            if series[0][0] + 1.0 <= t and window[0] == cpu:
                idle.append((pss, uss))
        if not idle:
            idle = [min((s[2], s[3]) for s in series)]
        result[d.name] = {
            "idle": statistics.median(i[0] for i in idle),
            "uss": statistics.median(i[1] for i in idle),
            "uss_peak": max(s[3] for s in series),
            "idle_samples": len(idle),
            "peak": max(s[2] for s in series),
            "rss": rss.get(d.name, (None, None))[0],
            "hwm": rss.get(d.name, (None, None))[1],
            "processes": len(pids[d.name]),
            "samples": len(series),
        }
    return result


def cpu_phase(args, workdir, peers):
    agent = make_agent(args, workdir)
    ready = agent.start()
    daemons = [agent] + peers
    try:
        time.sleep(args.settle)
        pids = {d.name: d.pids() for d in daemons}
        start_cpu = {d.name: d.cpu(pids[d.name]) for d in daemons}
        start_pss = {d.name: d.pss(pids[d.name]) for d in daemons}
        pss_series = {d.name: [] for d in daemons}
        t0 = time.monotonic()
        end = t0 + args.duration
        next_scrape = t0 + args.scrape if args.scrape > 0 else float("inf")
        scrapes = 0
        while True:
            now = time.monotonic()
            if now >= end:
                break
            if now >= next_scrape:
                for p in peers:
                    p.work()
                scrapes += 1
                next_scrape += args.scrape
            for d in daemons:
                pss_series[d.name].append(d.pss(pids[d.name]))
            time.sleep(min(1.0, max(0.0, end - time.monotonic())))
        t1 = time.monotonic()
        end_cpu = {d.name: d.cpu(pids[d.name]) for d in daemons}
        end_pss = {d.name: d.pss(pids[d.name]) for d in daemons}
        alive = {d.name: d.proc.poll() is None for d in daemons}
    finally:
        agent.stop()
    elapsed = t1 - t0
    discoveries = sum(1 for k in range(1, 10000)
                      if t0 <= ready + k * 300 <= t1)
    result = {}
    for d in daemons:
        used = end_cpu[d.name] - start_cpu[d.name]
        series = [v for v in pss_series[d.name] if v is not None]
        result[d.name] = {"cpu": used, "percent": 100 * used / elapsed,
                          "pss_start": start_pss[d.name], "pss_end": end_pss[d.name],
                          "pss_median": statistics.median(series) if series else None,
                          "pss_max": max(series) if series else None,
                          "alive": alive[d.name]}
    return result, elapsed, discoveries, scrapes


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--agent", default=os.path.join(SOURCE, "build/default/agent/indblik-agent"))
    parser.add_argument("--catalog", default=os.path.join(SOURCE, "policies/catalog"))
    parser.add_argument("--duration", type=float, default=600,
                        help="seconds of the CPU phase (default 600)")
    parser.add_argument("--scrape", type=float, default=60,
                        help="seconds between peer scrapes in the CPU phase (default 60, 0 = never)")
    parser.add_argument("--memory-seconds", type=float, default=16,
                        help="seconds of the memory phase (default 16)")
    parser.add_argument("--work-interval", type=int, default=5,
                        help="agent discovery / peer scrape interval in the memory phase (default 5)")
    parser.add_argument("--sample-ms", type=float, default=10,
                        help="PSS sampling period in the memory phase (default 10 ms)")
    parser.add_argument("--settle", type=float, default=5,
                        help="seconds after the agent's start-up before the CPU window (default 5)")
    parser.add_argument("--processes", type=int, default=300,
                        help="idle processes to start for the run (default 300)")
    parser.add_argument("--out", help="append the Markdown sections to this file")
    args = parser.parse_args()
    for name in ("agent", "catalog", "binary"):
        if getattr(args, name, None):
            setattr(args, name, os.path.abspath(getattr(args, name)))

    versions = {"indblik-agent": version([args.agent, "--version"])}
    idle_procs = benchlib.spawn_idle(args.processes)
    workdir = tempfile.mkdtemp(prefix="indblik-bench-")
    peers = make_peers(args, workdir)
    for p in peers:
        versions[p.name] = version([p.command[0], "--version"])
    try:
        for p in peers:
            p.start()
        processes = benchlib.process_count()
        load_before = os.getloadavg()
        memory = memory_phase(args, workdir, peers)
        cpu, elapsed, discoveries, scrapes = cpu_phase(args, workdir, peers)
        load_after = os.getloadavg()
    finally:
        for p in peers:
            p.stop()
        benchlib.stop_all(idle_procs)
    shutil.rmtree(workdir, ignore_errors=True)

    names = ["indblik-agent"] + [p.name for p in peers]
    missing = [n for n in ("zabbix_agentd", "prometheus-node-exporter") if n not in names]
    label = {n: f"{n} ({memory[n]['processes']} processes)" if memory[n]["processes"] > 1 else n
             for n in names}
    text = ["## Memory (PSS) in service mode, same run", "",
            f"{processes} processes on the machine; memory phase {args.memory_seconds:g} s, "
            f"agent discovery and peer scrapes every {args.work_interval} s, PSS sampled every "
            f"{args.sample_ms:g} ms and summed over each daemon's processes. Idle = median of "
            "samples after a second without CPU use; during work = largest sample (the agent "
            "during discovery, the peers while answering a scrape); a spike shorter than the "
            "sampling period can be missed, so the resident high-water mark (VmHWM, summed over "
            "processes, shared pages counted in each) is shown too. USS counts only the pages the "
            "daemon alone maps: unlike PSS it does not drop when other processes on the machine "
            "map the same libraries. RSS is read at the end of the phase.", "",
            benchlib.table(["daemon", "version", "PSS idle (MiB)", "PSS during work (MiB)",
                            "USS idle (MiB)", "USS during work (MiB)", "RSS (MiB)", "RSS high-water mark (MiB)"],
                           [[label[n], versions.get(n, "?"), benchlib.mib(memory[n]["idle"]),
                             benchlib.mib(memory[n]["peak"]), benchlib.mib(memory[n]["uss"]),
                             benchlib.mib(memory[n]["uss_peak"]),
                             benchlib.mib(memory[n]["rss"]),
                             benchlib.mib(memory[n]["hwm"])]
                            for n in names]), ""]
    agent = memory["indblik-agent"]

    def goal(text, limit_name, factor=1):
        peer = memory[limit_name]
        parts, ok = [], True
        for key, what in (("idle", "idle"), ("peak", "during work")):
            limit = factor * peer[key]
            ok = ok and agent[key] <= limit
            parts.append(f"{what} {benchlib.mib(agent[key])} vs "
                         f"{'2 × ' if factor == 2 else ''}{benchlib.mib(peer[key])} MiB")
        return f"{text}: {'; '.join(parts)} → {'met' if ok else 'NOT met'}."

    def peers_text(key, scale=benchlib.mib, unit=" MiB"):
        return "; ".join(f"{n} {scale(memory[n][key])}{unit}" for n in names[1:]) or "not installed"

    for key, what in (("idle", "idle"), ("peak", "during work (agent: a discovery; peers: a scrape)")):
        node = memory.get("prometheus-node-exporter")
        benchlib.headline(3, f"agent PSS {what}", f"{benchlib.mib(agent[key])} MiB",
                          peers_text(key), "≤ node-exporter's; stretch ≤ 2 × zabbix_agentd's",
                          None if node is None else agent[key] <= node[key])
    if "prometheus-node-exporter" in memory:
        text.append(goal("Goal, agent PSS ≤ node-exporter's", "prometheus-node-exporter"))
    if "zabbix_agentd" in memory:
        text.append("")
        text.append(goal("Stretch, agent PSS ≤ 2 × zabbix_agentd's total", "zabbix_agentd", 2))
    if missing:
        text.append(f"Not measured (not installed): {', '.join(missing)}.")
    text += ["", f"## CPU over {elapsed:.0f} s of service mode, same run", "",
             f"Agent with its default schedule ({discoveries} scheduled discoveries in the window; "
             f"not enrolled, so no sync); peers scraped {scrapes} times "
             f"(every {args.scrape:g} s). Load average {load_before[0]:.2f} before, "
             f"{load_after[0]:.2f} after (the machine is shared). Goal: ≤ 0.1 % of one core.", "",
             benchlib.table(["daemon", "CPU (s)", "% of one core", "PSS median (MiB)",
                             "PSS max (MiB)", "PSS end (MiB)"],
                            [[label[n], f"{cpu[n]['cpu']:.2f}", f"{cpu[n]['percent']:.3f}",
                              benchlib.mib(cpu[n]["pss_median"]), benchlib.mib(cpu[n]["pss_max"]),
                              benchlib.mib(cpu[n]["pss_end"])] for n in names]), ""]
    ok = cpu["indblik-agent"]["percent"] <= 0.1
    benchlib.headline(3, f"agent CPU averaged over {elapsed:.0f} s of service mode",
                      f"{cpu['indblik-agent']['percent']:.3f} % of a core",
                      "; ".join(f"{n} {cpu[n]['percent']:.3f} %" for n in names[1:])
                      or "not installed", "≤ 0.1 %", ok)
    text.append(f"Agent {cpu['indblik-agent']['percent']:.3f} % of one core: "
                f"{'meets' if ok else 'MISSES'} the 0.1 % goal.")
    for n in names:
        if not cpu[n]["alive"]:
            text.append(f"WARNING: {n} exited during the CPU phase; its figures are incomplete.")
    text.append("")
    benchlib.emit(text, args.out)


if __name__ == "__main__":
    main()
