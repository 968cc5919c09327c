#!/usr/bin/env python3
"""Simulated agents against a real indblik-server over HTTPS (issue 4's server figures).

  bench/server_load.py load   [--agents 5000] [--minutes 15] [--interval 300] [options]
  bench/server_load.py ingest [--devices 4] [--batches 20] [--batch-size 500] [options]
  bench/server_load.py me --data-dir D --certs DIR [--path '/api/v1/me?user={user}']
                          [--requests 2000] [--concurrency 4] [--calls-per-visit 2] [--pages 1]

Both start `indblik-server run` on a fresh data directory (SQLite, or --database URL for
PostgreSQL), make one EC P-256 key and certificate request with openssl, and enroll devices the
way an agent does: a token each (made by ServerStore::createEnrollmentToken through
bench/server_fill.cpp's `tokens`, or `indblik-server admin create-enrollment-token` when that is
not built), then `POST /api/v1/enroll` with the request. The server ignores the request's subject and issues
each device its own certificate (CN = device id, random serial), so one key serves every
simulated device; the TLS handshake costs the server the same as with distinct keys.

load: every agent syncs on its own schedule: first at a random moment within the first
interval, then every interval +-10 % (jitter), each time on a new TLS connection with its client
certificate, as the agent does. A sync carries what an agent has gathered in five minutes: the
first sends its discovery (10 observation.added entries), later ones 0-4 activity intervals
(~300 bytes of JSON each), all real hash-chained ledger entries. The server's answer must be 200
with the right ack. Latency is from opening the connection to the last byte of the answer.
Reported: requests, errors, p50/p95/p99/max latency, how late requests started (the generator's
own lag), and the server's CPU (utime+stime over the window) and resident memory (peak VmRSS,
sampled each second, and VmHWM).

ingest: --devices devices each send --batches batches of --batch-size activity entries as fast
as they can (one thread per device, a new connection per batch): events/s end to end through
TLS, JSON parsing, device authentication and ServerStore::ingest.

me: the employee-data call (goal p99 <= 20 ms) on a database indblik_server_fill filled with
--data-dir D --certs DIR: the server runs on D and each visit comes from a random person's
device, with that device's certificate and OS user: a new TLS connection (timed on its own),
then --calls-per-visit calls on it (timed from request to last byte), the later ones asking for
the next page of events as a tray scrolling back does.

Only the Python standard library and the openssl command line are used.
"""

import argparse
import concurrent.futures
import hashlib
import heapq
import http.client
import json
import os
import random
import shutil
import ssl
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import benchlib  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GENESIS = "0" * 64
PRODUCTS = ["osquery", "wazuh-agent", "teramind", "snoopy", "crowdstrike-falcon", "auditd",
            "rsyslog", "zabbix-agent", "anydesk", "chrome-policy"]


def iso(t):
    ms = int((t - int(t)) * 1000)
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(t)) + f".{ms:03d}Z"


def chain_hash(prev, seq, when, kind, payload):
    text = f"{prev}\n{seq}\n{when}\n{kind}\n{payload}"
    return hashlib.sha256(text.encode()).hexdigest()


def compact(obj):
    return json.dumps(obj, separators=(",", ":"), ensure_ascii=False)


def observation_payload(i, product):
    return compact({
        "detector": "process", "product": product, "name": f"{product} monitoring agent",
        "categories": ["activity", "network"],
        "evidence": [f"/proc/{1200 + i}/exe: /usr/bin/{product}"],
        "declared": i % 3 == 0, "policy": f"policy-{product}" if i % 3 == 0 else None})


def activity_payload(rng, product, now):
    return compact({
        "observation": f"product:{product}", "name": f"{product} monitoring agent",
        "product": product, "start": iso(now - 300), "end": iso(now),
        "cpu_seconds": round(rng.uniform(0, 30), 1), "bytes_written": rng.randrange(0, 1 << 20),
        "remote_endpoints": [f"10.20.{rng.randrange(256)}.{rng.randrange(256)}:443"],
        "spool_files": rng.randrange(5), "spool_bytes": rng.randrange(1 << 16),
        "audit_log_bytes": rng.randrange(9000)})


class Chain:
    """One device's ledger: appends real hash-chained entries."""

    def __init__(self):
        self.seq = 0
        self.head = GENESIS

    def append(self, kind, payload, when):
        self.seq += 1
        entry = {"seq": self.seq, "time": iso(when), "kind": kind, "payload": payload,
                 "prev_hash": self.head}
        entry["hash"] = chain_hash(self.head, self.seq, entry["time"], kind, payload)
        self.head = entry["hash"]
        return entry


class Server:
    """indblik-server run on a fresh data directory; admin commands against the same storage."""

    def __init__(self, binary, workdir, database=None, extra=()):
        self.binary = binary
        self.extra = list(extra)
        self.data = os.path.join(workdir, "server")
        self.database = database
        self.proc = None
        self.log = open(os.path.join(workdir, "server.log"), "wb")

    def admin(self, *args):
        cmd = [self.binary, "admin", "--data-dir", self.data]
        if self.database:
            cmd += ["--database", self.database]
        out = subprocess.run(cmd + list(args), check=True, capture_output=True, text=True)
        return out.stdout.strip()

    def start(self):
        cmd = [self.binary, "run", "--data-dir", self.data, "--listen", "127.0.0.1",
               "--agent-port", "0", "--enroll-port", "0"] + self.extra
        if self.database:
            cmd += ["--database", self.database]
        self.proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=self.log)
        listening = os.path.join(self.data, "listening.json")
        benchlib.wait_for(lambda: os.path.exists(listening) or self.proc.poll() is not None, 60,
                          "the server to listen")
        if self.proc.poll() is not None:
            raise RuntimeError(f"indblik-server exited with {self.proc.returncode}; see "
                               f"{self.log.name}")
        with open(listening) as f:
            ports = json.load(f)
        self.agent_port = ports["agent_port"]
        self.enroll_port = ports["enroll_port"]
        self.ca = os.path.join(self.data, "ca.crt")

    def stop(self):
        benchlib.terminate(self.proc)
        self.log.close()


def make_key(workdir):
    key = os.path.join(workdir, "agent.key")
    csr = os.path.join(workdir, "agent.csr")
    subprocess.run(["openssl", "ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", key],
                   check=True)
    subprocess.run(["openssl", "req", "-new", "-key", key, "-subj", "/CN=indblik-bench", "-out",
                    csr], check=True)
    with open(csr) as f:
        return key, f.read()


def tls_context(ca, cert=None, key=None):
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    ctx.minimum_version = ssl.TLSVersion.TLSv1_2
    ctx.load_verify_locations(ca)
    if cert:
        ctx.load_cert_chain(cert, key)
    return ctx


def post(port, ctx, path, body, timeout=30, method="POST"):
    """Opens a new connection, sends, returns (status, answer bytes, seconds)."""
    start = time.perf_counter()
    conn = http.client.HTTPSConnection("127.0.0.1", port, context=ctx, timeout=timeout)
    try:
        headers = {"Content-Type": "application/json"} if body is not None else {}
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        answer = response.read()
        return response.status, answer, time.perf_counter() - start
    finally:
        conn.close()


def make_tokens(server, count, tool):
    """count enrollment tokens: with bench/server_fill.cpp's `tokens` (ServerStore's own
    createEnrollmentToken in one process) when built, else one admin command each."""
    if tool and os.path.exists(tool):
        location = server.database or os.path.join(server.data, "server.db")
        out = subprocess.run([tool, "tokens", "--database", location, "--count", str(count)],
                             check=True, capture_output=True, text=True).stdout.split()
    else:
        with concurrent.futures.ThreadPoolExecutor(4) as pool:
            out = list(pool.map(lambda _: server.admin("create-enrollment-token",
                                                       "--ttl-minutes", "600"), range(count)))
    if len(out) != count:
        raise RuntimeError(f"expected {count} tokens, got {len(out)}")
    return out


def enroll_all(server, count, workdir, parallel, tool=None):
    """Returns a list of certificate files, one per enrolled device, and the seconds it took."""
    key, csr = make_key(workdir)
    certs = os.path.join(workdir, "certs")
    os.makedirs(certs, exist_ok=True)
    ctx = tls_context(server.ca)
    started = time.monotonic()
    tokens = make_tokens(server, count, tool)
    print(f"  {count} tokens in {time.monotonic() - started:.0f} s", flush=True)

    def one(i):
        token = tokens[i]
        body = json.dumps({"token": token, "csr": csr, "hostname": f"bench-{i:05d}"})
        status, answer, _ = post(server.enroll_port, ctx, "/api/v1/enroll", body)
        if status != 200:
            raise RuntimeError(f"enrollment {i}: HTTP {status}: {answer[:200]!r}")
        path = os.path.join(certs, f"{i}.pem")
        with open(path, "w") as f:
            f.write(json.loads(answer)["certificate"])
        return path

    with concurrent.futures.ThreadPoolExecutor(parallel) as pool:
        paths = []
        for n, path in enumerate(pool.map(one, range(count)), 1):
            paths.append(path)
            if n % 500 == 0:
                print(f"  enrolled {n}/{count} ({time.monotonic() - started:.0f} s)", flush=True)
    return key, paths, time.monotonic() - started


class Monitor(threading.Thread):
    """Samples the server's CPU time and VmRSS once a second."""

    def __init__(self, pid):
        super().__init__(daemon=True)
        self.pid = pid
        self.stop_event = threading.Event()
        self.rss = []

    def run(self):
        while not self.stop_event.wait(1.0):
            self.rss.append(benchlib.rss_kib(self.pid))

    def begin(self):
        self.cpu0 = benchlib.cpu_seconds(self.pid)
        self.t0 = time.monotonic()
        self.start()

    def end(self):
        self.stop_event.set()
        self.join()
        self.cpu = benchlib.cpu_seconds(self.pid) - self.cpu0
        self.seconds = time.monotonic() - self.t0
        self.hwm = benchlib.rss_kib(self.pid, "VmHWM")


def percentile(sorted_values, p):
    if not sorted_values:
        return float("nan")
    k = (len(sorted_values) - 1) * p / 100
    lo = int(k)
    hi = min(lo + 1, len(sorted_values) - 1)
    return sorted_values[lo] + (sorted_values[hi] - sorted_values[lo]) * (k - lo)


def run_load(args, server, workdir):
    key, certs, enroll_seconds = enroll_all(server, args.agents, workdir, args.enroll_parallel,
                                            args.fill)
    print(f"enrolled {len(certs)} devices in {enroll_seconds:.0f} s", flush=True)
    rng = random.Random(args.seed)
    chains = [Chain() for _ in certs]
    products = [rng.sample(PRODUCTS, 3) for _ in certs]
    duration = args.minutes * 60
    latencies, errors, lags = [], [], []
    lock = threading.Lock()

    def sync(i, scheduled):
        lag = time.monotonic() - scheduled
        agent_rng = random.Random(hash((args.seed, i, chains[i].seq)))
        now = time.time()
        entries = []
        if chains[i].seq == 0:
            for k in range(10):
                entries.append(chains[i].append("observation.added",
                                                observation_payload(k, PRODUCTS[(i + k) % 10]),
                                                now))
        else:
            for _ in range(agent_rng.randrange(5)):
                product = agent_rng.choice(products[i])
                entries.append(chains[i].append("activity",
                                                activity_payload(agent_rng, product, now), now))
        body = json.dumps({"entries": entries})
        try:
            ctx = tls_context(server.ca, certs[i], key)
            status, answer, seconds = post(server.agent_port, ctx, "/api/v1/sync", body)
            problem = None
            if status != 200:
                problem = f"HTTP {status}: {answer[:160]!r}"
            elif json.loads(answer).get("acked") != chains[i].seq:
                problem = f"acked {json.loads(answer).get('acked')}, expected {chains[i].seq}"
        except Exception as e:  # noqa: BLE001 - every failure is a counted error
            problem, seconds = f"{type(e).__name__}: {e}", None
        with lock:
            lags.append(lag)
            if seconds is not None:
                latencies.append(seconds)
            if problem:
                errors.append(problem)

    monitor = Monitor(server.proc.pid)
    queue = [(rng.uniform(0, args.interval), i) for i in range(len(certs))]
    heapq.heapify(queue)
    client0 = os.times()
    start = time.monotonic()
    monitor.begin()
    submitted = 0
    with concurrent.futures.ThreadPoolExecutor(args.workers) as pool:
        while queue:
            offset, i = heapq.heappop(queue)
            if offset >= duration:
                continue
            delay = start + offset - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            pool.submit(sync, i, start + offset)
            submitted += 1
            if submitted % 1000 == 0:
                with lock:
                    done, failed = len(latencies), len(errors)
                print(f"  {time.monotonic() - start:5.0f} s: {submitted} sent, {done} answered, "
                      f"{failed} errors", flush=True)
            heapq.heappush(queue, (offset + args.interval * rng.uniform(0.9, 1.1), i))
    window = time.monotonic() - start
    monitor.end()
    client1 = os.times()
    lat = sorted(latencies)
    result = {
        "backend": "postgresql" if args.database else "sqlite",
        "agents": len(certs), "minutes": args.minutes, "interval": args.interval,
        "requests": len(lags), "answered": len(latencies), "errors": len(errors),
        "error_examples": sorted(set(errors))[:5],
        "rate": len(lags) / window, "window_s": window,
        "p50_ms": percentile(lat, 50) * 1000, "p95_ms": percentile(lat, 95) * 1000,
        "p99_ms": percentile(lat, 99) * 1000, "max_ms": (lat[-1] * 1000) if lat else None,
        "mean_ms": statistics.fmean(lat) * 1000 if lat else None,
        "lag_p99_ms": percentile(sorted(lags), 99) * 1000,
        "lag_max_ms": max(lags) * 1000 if lags else None,
        "enroll_s": enroll_seconds,
        "server_cpu_s": monitor.cpu, "server_cpu_pct": 100 * monitor.cpu / monitor.seconds,
        "server_rss_max_kib": max((r for r in monitor.rss if r), default=None),
        "server_rss_end_kib": next((r for r in reversed(monitor.rss) if r), None),
        "server_hwm_kib": monitor.hwm,
        "client_cpu_s": (client1.user + client1.system) - (client0.user + client0.system),
        "entries": sum(c.seq for c in chains),
    }
    return result


def run_ingest(args, server, workdir):
    key, certs, _ = enroll_all(server, args.devices, workdir, 4, args.fill)
    rng = random.Random(args.seed)
    now = time.time()
    bodies = []
    for i in range(len(certs)):
        chain = Chain()
        mine = []
        for _ in range(args.batches):
            entries = [chain.append("activity", activity_payload(rng, rng.choice(PRODUCTS), now),
                                    now) for _ in range(args.batch_size)]
            mine.append((json.dumps({"entries": entries}), chain.seq))
        bodies.append(mine)
    payload = statistics.fmean(len(e["payload"]) for e in json.loads(bodies[0][0][0])["entries"])
    latencies, errors = [], []
    lock = threading.Lock()

    def device(i):
        ctx = tls_context(server.ca, certs[i], key)
        for body, last in bodies[i]:
            status, answer, seconds = post(server.agent_port, ctx, "/api/v1/sync", body, 120)
            with lock:
                latencies.append(seconds)
                if status != 200 or json.loads(answer).get("acked") != last:
                    errors.append(f"HTTP {status}: {answer[:160]!r}")

    monitor = Monitor(server.proc.pid)
    monitor.begin()
    start = time.monotonic()
    with concurrent.futures.ThreadPoolExecutor(len(certs)) as pool:
        list(pool.map(device, range(len(certs))))
    seconds = time.monotonic() - start
    monitor.end()
    rows = len(certs) * args.batches * args.batch_size
    lat = sorted(latencies)
    return {"backend": "postgresql" if args.database else "sqlite", "devices": len(certs),
            "batches": args.batches, "batch_size": args.batch_size, "rows": rows,
            "payload_bytes": payload, "seconds": seconds, "rate": rows / seconds,
            "errors": len(errors), "error_examples": errors[:3],
            "batch_p50_ms": percentile(lat, 50) * 1000, "batch_max_ms": lat[-1] * 1000,
            "server_cpu_pct": 100 * monitor.cpu / monitor.seconds,
            "server_hwm_kib": monitor.hwm}


def run_me(args, server):
    """GETs the employee-data route as random people's agents (certificates made by
    `indblik_server_fill people --data-dir D --certs DIR`). Each visit is one person's agent:
    it opens a TLS connection with that device's certificate (timed apart: `connect`) and makes
    --calls-per-visit calls on it, as the agent does for a tray that opens its window (its data,
    then the next page); each call is timed from sending the request to the answer's last
    byte. So the figures separate the route from the TLS handshake. --pages N follows the
    answer's events.next for the later calls of a visit."""
    with open(os.path.join(args.certs, "manifest.tsv")) as f:
        agents = [line.rstrip("\n").split("\t") for line in f if line.strip()]
    key = os.path.join(args.certs, "agent.key")
    rng = random.Random(args.seed)
    calls, connects, firsts, errors, statuses, sizes, serverside = [], [], [], [], {}, [], []
    lock = threading.Lock()
    visits = max(1, args.requests // args.calls_per_visit)

    def visit(_):
        with lock:
            device, user, person, cert = rng.choice(agents)
        ctx = tls_context(server.ca, cert, key)  # loading files is the client's cost, not timed
        path = args.path.replace("{user}", user).replace("{person}", person)
        started = time.perf_counter()
        conn = http.client.HTTPSConnection("127.0.0.1", server.agent_port, context=ctx, timeout=30)
        try:
            conn.connect()
            connected = time.perf_counter()
            nxt = None
            for i in range(args.calls_per_visit):
                call_path = path + ("&before=" + urllib.parse.quote(nxt, safe="")
                                    if nxt and args.pages else "")
                t = time.perf_counter()
                conn.request("GET", call_path)
                response = conn.getresponse()
                answer = response.read()
                seconds = time.perf_counter() - t
                timing = response.getheader("Server-Timing", "")
                with lock:
                    calls.append(seconds)
                    if timing.startswith("app;dur="):
                        serverside.append(float(timing[len("app;dur="):]) / 1000)
                    sizes.append(len(answer))
                    if i == 0:
                        connects.append(connected - started)
                        firsts.append(time.perf_counter() - started)
                    statuses[response.status] = statuses.get(response.status, 0) + 1
                    if response.status != 200:
                        errors.append(f"{call_path}: HTTP {response.status}: {answer[:160]!r}")
                if response.status == 200 and args.pages:
                    try:
                        nxt = json.loads(answer)["events"].get("next")
                    except (ValueError, KeyError, TypeError):
                        nxt = None
                if response.getheader("Connection", "").lower() == "close":
                    break
        except (OSError, http.client.HTTPException) as e:
            with lock:
                errors.append(f"{path}: {e!r}")
        finally:
            conn.close()

    monitor = Monitor(server.proc.pid)
    monitor.begin()
    start = time.monotonic()
    with concurrent.futures.ThreadPoolExecutor(args.concurrency) as pool:
        list(pool.map(visit, range(visits)))
    seconds = time.monotonic() - start
    monitor.end()
    lat, con, first, own = sorted(calls), sorted(connects), sorted(firsts), sorted(serverside)
    ms = lambda v, p: percentile(v, p) * 1000 if v else float("nan")  # noqa: E731
    return {"backend": "postgresql" if args.database else "sqlite", "requests": len(lat),
            "visits": visits, "calls_per_visit": args.calls_per_visit, "pages": bool(args.pages),
            "people": len({a[2] for a in agents}), "path": args.path, "seconds": seconds,
            "concurrency": args.concurrency, "statuses": statuses, "errors": len(errors),
            "error_examples": errors[:3], "p50_ms": ms(lat, 50), "p95_ms": ms(lat, 95),
            "p99_ms": ms(lat, 99), "max_ms": ms(lat, 100),
            "connect_p50_ms": ms(con, 50), "connect_p99_ms": ms(con, 99),
            "first_p50_ms": ms(first, 50), "first_p99_ms": ms(first, 99),
            "server_p50_ms": ms(own, 50), "server_p99_ms": ms(own, 99), "server_max_ms": ms(own, 100),
            "answer_kib": statistics.mean(sizes) / 1024 if sizes else 0,
            "server_cpu_pct": 100 * monitor.cpu / monitor.seconds,
            "server_hwm_kib": monitor.hwm}


def markdown_me(r, command):
    return "\n".join([
        f"### Employee-data call, {r['backend']}", "", f"Command: `{command}`", "",
        f"{r['visits']} visits by random people's agents ({r['people']} people, "
        f"{r['concurrency']} at a time), each a new TLS connection and {r['calls_per_visit']} "
        f"calls of `{r['path']}`{' following events.next' if r['pages'] else ''} on it "
        f"({r['requests']} calls, {r['answer_kib']:.0f} KiB an answer on average): the call p50 "
        f"{r['p50_ms']:.1f} ms, p95 {r['p95_ms']:.1f} ms, **p99 {r['p99_ms']:.1f} ms** (goal ≤ 20 "
        f"ms), max {r['max_ms']:.1f} ms; of that the server's own time (Server-Timing) p50 "
        f"{r['server_p50_ms']:.1f} ms, p99 {r['server_p99_ms']:.1f} ms, max "
        f"{r['server_max_ms']:.1f} ms; the TLS connection with its handshake p50 "
        f"{r['connect_p50_ms']:.1f} ms, p99 {r['connect_p99_ms']:.1f} ms; connection and first "
        f"answer together p50 {r['first_p50_ms']:.1f} ms, p99 {r['first_p99_ms']:.1f} ms; "
        f"statuses {r['statuses']}; server CPU {r['server_cpu_pct']:.0f} % of a core, VmHWM "
        f"{benchlib.mib(r['server_hwm_kib'])} MiB.",
        ""])


def markdown_load(r, command):
    lines = [f"### {r['agents']} simulated agents, {r['minutes']} min, {r['backend']}", "",
             f"Command: `{command}`", "",
             benchlib.table(
                 ["figure", "goal", "measured"],
                 [["requests (syncs), rate", "–", f"{r['requests']}, {r['rate']:.1f}/s"],
                  ["errors", "0", f"**{r['errors']}**"],
                  ["latency p50 / p95", "–", f"{r['p50_ms']:.1f} / {r['p95_ms']:.1f} ms"],
                  ["latency p99", "≤ 100 ms", f"**{r['p99_ms']:.1f} ms**"],
                  ["latency max", "–", f"{r['max_ms']:.1f} ms"],
                  ["generator lag p99 / max (late starts)", "–",
                   f"{r['lag_p99_ms']:.1f} / {r['lag_max_ms']:.1f} ms"],
                  ["server CPU over the window", "–",
                   f"{r['server_cpu_pct']:.1f} % of a core ({r['server_cpu_s']:.0f} s)"],
                  ["server RSS peak (sampled) / VmHWM", "–",
                   f"{benchlib.mib(r['server_rss_max_kib'])} / "
                   f"{benchlib.mib(r['server_hwm_kib'])} MiB"],
                  ["enrollment of all agents", "–", f"{r['enroll_s']:.0f} s"],
                  ["ledger entries stored", "–", str(r["entries"])]]), ""]
    if r["error_examples"]:
        lines += ["Errors: " + "; ".join(r["error_examples"]), ""]
    return "\n".join(lines)


def markdown_ingest(r, command):
    return "\n".join([
        f"### End-to-end ingest over HTTPS, {r['backend']}", "", f"Command: `{command}`", "",
        f"{r['devices']} devices in parallel × {r['batches']} batches of {r['batch_size']} "
        f"activity entries (payload {r['payload_bytes']:.0f} bytes): **{r['rate']:.0f} "
        f"entries/s** ({r['rows']} in {r['seconds']:.1f} s), batch latency median "
        f"{r['batch_p50_ms']:.0f} ms, max {r['batch_max_ms']:.0f} ms, {r['errors']} errors; "
        f"server CPU {r['server_cpu_pct']:.0f} % of a core, VmHWM "
        f"{benchlib.mib(r['server_hwm_kib'])} MiB.", ""])


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="mode", required=True)
    for name in ("load", "ingest", "me"):
        p = sub.add_parser(name)
        p.add_argument("--server", default=os.path.join(ROOT, "build/default/server/indblik-server"))
        p.add_argument("--database", help="postgresql:// URI (default: SQLite in the data dir)")
        p.add_argument("--fill", default=os.path.join(ROOT, "build/default/bench/indblik_server_fill"),
                       help="the token maker (falls back to admin create-enrollment-token)")
        p.add_argument("--seed", type=int, default=4)
        p.add_argument("--out", help="append the Markdown section to this file")
        p.add_argument("--json", action="store_true", help="print the result as JSON")
        p.add_argument("--keep", action="store_true", help="keep the temporary directory")
        p.add_argument("--server-arg", action="append",
                       help="an argument for `indblik-server run` (repeat for more); default "
                            "--burst 100000: all simulated agents enroll from 127.0.0.1, one "
                            "client to the per-address rate limit, where real agents come from "
                            "their own addresses; the default rate (10/s per client) stays")
        if name == "load":
            p.add_argument("--agents", type=int, default=5000)
            p.add_argument("--minutes", type=float, default=15)
            p.add_argument("--interval", type=float, default=300, help="seconds between syncs")
            p.add_argument("--workers", type=int, default=64, help="concurrent requests at most")
            p.add_argument("--enroll-parallel", type=int, default=6)
        elif name == "me":
            p.add_argument("--data-dir", required=True,
                           help="the server data directory indblik_server_fill filled")
            p.add_argument("--certs", required=True, help="its --certs directory")
            p.add_argument("--path", default="/api/v1/me?user={user}",
                           help="{user} and {person} are replaced")
            p.add_argument("--requests", type=int, default=2000, help="calls in all")
            p.add_argument("--concurrency", type=int, default=4)
            p.add_argument("--calls-per-visit", type=int, default=2,
                           help="calls on each agent's connection")
            p.add_argument("--pages", type=int, default=1,
                           help="1: later calls of a visit ask for the next page (events.next)")
        else:
            p.add_argument("--devices", type=int, default=4)
            p.add_argument("--batches", type=int, default=20)
            p.add_argument("--batch-size", type=int, default=500)
    args = parser.parse_args()
    workdir = tempfile.mkdtemp(prefix="indblik-load-")
    server = Server(args.server, workdir, args.database,
                    args.server_arg if args.server_arg is not None else ["--burst", "100000"])
    if args.mode == "me":
        server.data = os.path.abspath(args.data_dir)
    command = "bench/server_load.py " + " ".join(
        a if not a.startswith("postgresql://") else "postgresql://…" for a in sys.argv[1:])
    try:
        server.admin("ca-fingerprint")  # makes the data directory, keys and schema
        server.start()
        if args.mode == "load":
            result = run_load(args, server, workdir)
        elif args.mode == "ingest":
            result = run_ingest(args, server, workdir)
        else:
            result = run_me(args, server)
    finally:
        server.stop()
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)
        else:
            print(f"kept {workdir}")
    text = {"load": markdown_load, "ingest": markdown_ingest, "me": markdown_me}[args.mode](
        result, command)
    print(json.dumps(result, indent=1) if args.json else text)
    if args.out:
        with open(args.out, "a") as f:
            f.write(text + "\n")
    failed = result["errors"] > 0 or (args.mode == "load" and result["p99_ms"] > 100) or \
        (args.mode == "me" and result["p99_ms"] > 20)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
