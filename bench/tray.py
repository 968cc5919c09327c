#!/usr/bin/python3
"""Tray figures (issue 6): time from launching indblik-tray to its first window, and its memory
after opening every view, beside the floor a Qt 6 Widgets window of the same kind costs.

  bench/tray.py [--runs N] [--settle S] [--out FILE] [--no-install]

Everything is real: an X server (Xvfb), a real indblik-server on SQLite, a real indblik-agent
enrolled to it for this OS user (a person on the server) discovering the sample computer
(tests/fixtures/sample-root) and synced, and indblik-tray talking to that agent.

launch  from starting the process until a window of its pid is mapped and visible on the X
        server (polled with `xdotool search --onlyvisible --pid`), --runs times (default 10),
        median, min and max. The floor is build/default/bench/indblik_qt_floor_window: a main
        window with seven tabs of a table and a text view, nothing else.
memory  VmRSS when the window appeared, after --settle seconds (default 2; the overview has
        arrived), and after pressing Ctrl+1 ... Ctrl+9 with --settle seconds each (every view
        opened; the server views have asked the server through the agent), and the peak
        (VmHWM); the same keys are pressed in the floor window.
"""

import argparse
import getpass
import json
import os
import platform
import shutil
import socket
import statistics
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
TRAY = os.path.join(BUILD, "tray/indblik-tray")
FLOOR = os.path.join(BUILD, "bench/indblik_qt_floor_window")


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def status_kib(pid, field):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    raise RuntimeError(f"no {field} for pid {pid}")


def install_xdotool():
    if shutil.which("xdotool"):
        return
    sudo = [] if os.geteuid() == 0 else ["sudo"]
    subprocess.run(sudo + ["apt-get", "install", "-y", "--no-install-recommends", "xdotool"],
                   check=True, env=dict(os.environ, DEBIAN_FRONTEND="noninteractive"))


class Xvfb:
    def __init__(self):
        for n in range(90, 140):
            if not os.path.exists(f"/tmp/.X11-unix/X{n}") and not os.path.exists(f"/tmp/.X{n}-lock"):
                self.display = f":{n}"
                break
        else:
            raise RuntimeError("no free X display number")
        self.proc = subprocess.Popen(["Xvfb", self.display, "-screen", "0", "1280x1024x24",
                                      "-nolisten", "tcp", "-noreset"], stdout=subprocess.DEVNULL,
                                     stderr=subprocess.DEVNULL)
        socket_path = f"/tmp/.X11-unix/X{self.display[1:]}"
        for _ in range(200):
            if os.path.exists(socket_path):
                return
            time.sleep(0.05)
        raise RuntimeError("Xvfb did not start")

    def stop(self):
        self.proc.terminate()
        self.proc.wait(timeout=10)


class Stack:
    """A server, a person for this OS user, and an agent enrolled for them, discovering the
    sample computer and synced."""

    def __init__(self, work):
        self.work = work
        self.procs = []
        agent_port, enroll_port = free_port(), free_port()
        self.data = os.path.join(work, "server")
        log = open(os.path.join(work, "server.log"), "w")
        self.procs.append(subprocess.Popen(
            [SERVER, "run", "--data-dir", self.data, "--listen", "127.0.0.1", "--agent-port",
             str(agent_port), "--enroll-port", str(enroll_port)], stdout=log, stderr=log))
        for _ in range(300):
            if os.path.exists(os.path.join(self.data, "listening.json")):
                break
            time.sleep(0.1)
        else:
            raise RuntimeError("the server did not start (see server.log)")
        person = self.admin("add-person", "--name", "Anna Hansen", "--username", getpass.getuser())
        token = self.admin("create-enrollment-token", "--person", person)
        fingerprint = self.admin("ca-fingerprint")
        state = os.path.join(work, "agent")
        subprocess.run([AGENT, "enroll", "--server", f"https://127.0.0.1:{enroll_port}",
                        "--token", token, "--ca-fingerprint", fingerprint, "--state-dir", state],
                       check=True, capture_output=True)
        self.socket = os.path.join(work, "agent.sock")
        log = open(os.path.join(work, "agent.log"), "w")
        self.procs.append(subprocess.Popen(
            [AGENT, "run", "--state-dir", state, "--socket", self.socket, "--root",
             os.path.join(SOURCE, "tests/fixtures/sample-root"), "--catalog",
             os.path.join(SOURCE, "policies/catalog"), "--sync-interval", "60"],
            stdout=log, stderr=log))
        started = time.monotonic()
        while True:
            shown = subprocess.run([AGENT, "show", "--json", "--socket", self.socket],
                                   capture_output=True, text=True)
            if shown.returncode == 0:
                overview = json.loads(shown.stdout)
                if overview["sync"]["last_success"] and overview["sync"]["pending"] == 0:
                    self.observations = len(overview["observations"])
                    break
            if time.monotonic() - started > 120:
                raise RuntimeError("the agent did not sync within 2 minutes (see agent.log)")
            time.sleep(0.2)

    def admin(self, *args):
        return subprocess.run([SERVER, "admin", "--data-dir", self.data, *args], check=True,
                              capture_output=True, text=True).stdout.strip()

    def stop(self):
        for p in reversed(self.procs):
            p.terminate()
            p.wait(timeout=20)


def visible_window(pid, env):
    found = subprocess.run(["xdotool", "search", "--onlyvisible", "--pid", str(pid)],
                           capture_output=True, text=True, env=env)
    ids = found.stdout.split()
    return ids[0] if ids else None


def measure(command, env, settle, work):
    """One launch: seconds to the first visible window, and the memory readings."""
    runtime = tempfile.mkdtemp(prefix="xdg-", dir=work)
    os.chmod(runtime, 0o700)
    env = dict(env, XDG_RUNTIME_DIR=runtime)
    started = time.monotonic()
    log_path = os.path.join(runtime, "output.log")
    log = open(log_path, "w")
    proc = subprocess.Popen(command, env=env, stdout=log, stderr=log)
    try:
        window = None
        while window is None:
            if proc.poll() is not None:
                with open(log_path) as f:
                    output = f.read()[-2000:]
                raise RuntimeError(f"{command[0]} exited with {proc.returncode} before a window:\n"
                                   f"{output}")
            if time.monotonic() - started > 60:
                raise RuntimeError(f"{command[0]} showed no window within 60 s")
            window = visible_window(proc.pid, env)
            if window is None:
                time.sleep(0.005)
        launch = time.monotonic() - started
        first = status_kib(proc.pid, "VmRSS")
        time.sleep(settle)
        settled = status_kib(proc.pid, "VmRSS")
        subprocess.run(["xdotool", "windowfocus", "--sync", window], env=env, check=False,
                       capture_output=True)
        focus = subprocess.run(["xdotool", "getwindowfocus"], env=env, capture_output=True,
                               text=True).stdout.strip()
        if focus != window:
            raise RuntimeError(f"the keys would not reach {command[0]}: window {focus} has the "
                               f"focus, not {window}")
        for n in range(1, 10):
            subprocess.run(["xdotool", "key", f"ctrl+{n}"], env=env, check=True,
                           capture_output=True)
            time.sleep(settle)
        every = status_kib(proc.pid, "VmRSS")
        peak = status_kib(proc.pid, "VmHWM")
        return {"launch": launch, "first": first, "settled": settled, "every": every,
                "peak": peak}
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def summarize(readings, key, scale=1.0, digits=0):
    values = [r[key] * scale for r in readings]
    fmt = f"{{:.{digits}f}}"
    return (f"{fmt.format(statistics.median(values))} "
            f"({fmt.format(min(values))}–{fmt.format(max(values))})")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--settle", type=float, default=2.0)
    parser.add_argument("--out")
    parser.add_argument("--no-install", action="store_true")
    args = parser.parse_args()
    for binary in (AGENT, SERVER, TRAY, FLOOR):
        if not os.access(binary, os.X_OK):
            sys.exit(f"tray.py: {binary} is missing; build with "
                     "`cmake build/default -DINDBLIK_BUILD_BENCH=ON && cmake --build build/default`")
    if not args.no_install:
        install_xdotool()
    if not shutil.which("xdotool"):
        sys.exit("tray.py: xdotool is missing (apt-get install xdotool)")

    work = tempfile.mkdtemp(prefix="indblik-tray-bench-")
    xvfb = Xvfb()
    stack = None
    try:
        stack = Stack(work)
        env = dict(os.environ, DISPLAY=xvfb.display, QT_QPA_PLATFORM="xcb")
        env.pop("WAYLAND_DISPLAY", None)
        programs = [
            ("indblik-tray", [TRAY, "--windowed", "--socket", stack.socket, "--language", "en"]),
            ("Qt floor window", [FLOOR]),
        ]
        results = {}
        for name, command in programs:
            measure(command, env, 0.5, work)  # warm the page cache; not counted
            results[name] = [measure(command, env, args.settle, work) for _ in range(args.runs)]
    finally:
        if stack:
            stack.stop()
        xvfb.stop()
        shutil.rmtree(work, ignore_errors=True)

    lines = [
        f"Tray figures, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, "
        f"{platform.node()}, {os.cpu_count()} CPUs, Linux {platform.release()}; "
        f"Xvfb, {args.runs} runs each, median (min–max); the agent discovered the sample computer "
        f"({stack.observations} observations) and synced to a real server.",
        "",
        "| program | launch to first window (ms) | RSS at the window (MiB) | after the overview "
        "arrived (MiB) | after opening every view (MiB) | peak RSS (MiB) |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for name, readings in results.items():
        lines.append(
            f"| {name} | {summarize(readings, 'launch', 1000)} | "
            f"{summarize(readings, 'first', 1 / 1024, 1)} | "
            f"{summarize(readings, 'settled', 1 / 1024, 1)} | "
            f"{summarize(readings, 'every', 1 / 1024, 1)} | "
            f"{summarize(readings, 'peak', 1 / 1024, 1)} |")
    tray, floor = results["indblik-tray"], results["Qt floor window"]
    benchlib.headline(6, "tray: launch to the first window", f"{summarize(tray, 'launch', 1000)} ms",
                      f"{summarize(floor, 'launch', 1000)} ms: a minimal Qt window of the same "
                      "shape", "(none set)", None)
    benchlib.headline(6, "tray: RSS after opening every view",
                      f"{summarize(tray, 'every', 1 / 1024, 1)} MiB",
                      f"{summarize(floor, 'every', 1 / 1024, 1)} MiB: the minimal Qt window",
                      "(none set)", None)
    benchlib.emit(["## Tray (issue 6)", ""] + lines, args.out)


if __name__ == "__main__":
    main()
