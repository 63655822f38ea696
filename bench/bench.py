#!/usr/bin/env python3
"""Switchboard benchmark driver: seeds databases, starts the servers, drives them with wrk, writes the report.

Run it through bench/run.sh, which installs wrk and Prism, publishes the server, the baseline and the seeder,
and starts PostgreSQL. See bench/README.md. Python standard library only.
"""

import argparse
import base64
import datetime as dt
import json
import os
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request

BENCH = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(BENCH)
WORK = os.path.join(BENCH, ".work")
LUA = os.path.join(BENCH, "lua", "switchboard.lua")
# BENCH_SERVER_DLL: measure another build of the server (a branch, a prototype) with the same harness.
SERVER_DLL = os.environ.get("BENCH_SERVER_DLL", os.path.join(WORK, "server", "Switchboard.Server.dll"))
BASELINE_DLL = os.path.join(WORK, "baseline", "Baseline.dll")
SEEDER_DLL = os.path.join(WORK, "seeder", "Seeder.dll")
PRISM = os.path.join(WORK, "prism", "node_modules", ".bin", "prism")
RATE_LIMITS = False  # --rate-limits
OPENAPI = os.environ.get("BENCH_OPENAPI", os.path.join(os.path.dirname(ROOT), "shared", "reference", "codat-platform-openapi.json"))

API_KEY = "bench-" + secrets.token_hex(16)
AUTH_B64 = base64.b64encode(API_KEY.encode()).decode()
ENCRYPTION_KEY = base64.b64encode(secrets.token_bytes(32)).decode()
CORES_NOTE = "2 cores shared by the load generator (wrk) and the server"

CHILDREN = []  # every process this script started, so they can be stopped on any exit


def div(a, b):
    return a / b if b else float("nan")


def log(message):
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def write_report(results_dir, started, name, text):
    """Writes one benchmark's report as results_dir/<date>-<name>.md, prints it and where it went; returns the path."""
    os.makedirs(results_dir, exist_ok=True)
    path = os.path.join(results_dir, f"{started:%Y-%m-%d-%H%M}-{name}.md")
    with open(path, "w") as f:
        f.write(text)
    print(text)
    print(f"Report: {path}")
    return path


# ---------------------------------------------------------------- processes

def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Proc:
    """A child process in its own session, stopped by its pid only."""

    def __init__(self, name, cmd, env=None, log_path=None, cwd=None):
        self.name = name
        self.log_path = log_path or os.path.join(WORK, "logs", name + ".log")
        os.makedirs(os.path.dirname(self.log_path), exist_ok=True)
        self.log_file = open(self.log_path, "ab")
        self.started = time.monotonic()
        self.popen = subprocess.Popen(cmd, env=env, cwd=cwd, stdout=self.log_file, stderr=subprocess.STDOUT,
                                      stdin=subprocess.DEVNULL, start_new_session=True)
        self.pid = self.popen.pid
        CHILDREN.append(self)

    def alive(self):
        return self.popen.poll() is None

    def stop(self, timeout=20):
        if self.alive():
            self.popen.send_signal(signal.SIGTERM)
            try:
                self.popen.wait(timeout)
            except subprocess.TimeoutExpired:
                self.popen.kill()
                self.popen.wait()
        self.log_file.close()
        if self in CHILDREN:
            CHILDREN.remove(self)

    def log_tail(self, lines=30):
        try:
            with open(self.log_path, "rb") as f:
                return b"\n".join(f.read().splitlines()[-lines:]).decode(errors="replace")
        except OSError:
            return ""


def stop_all():
    for child in list(CHILDREN):
        try:
            child.stop(timeout=10)
        except Exception:  # noqa: BLE001 - best effort at exit
            pass


def http_status(url, headers=None, timeout=2.0):
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            response.read()
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except (urllib.error.URLError, OSError):
        return None


def wait_ready(proc, url, headers=None, timeout=90):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not proc.alive():
            raise RuntimeError(f"{proc.name} exited while starting:\n{proc.log_tail()}")
        if http_status(url, headers) == 200:
            return
        time.sleep(0.05)
    raise RuntimeError(f"{proc.name} did not answer 200 on {url} within {timeout}s:\n{proc.log_tail()}")


def run(cmd, **kwargs):
    result = subprocess.run(cmd, capture_output=True, text=True, **kwargs)
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}")
    return result.stdout


# ---------------------------------------------------------------- servers

AUTH_HEADER = {"Authorization": "Basic " + AUTH_B64}

# The seeded ids file each wrk scenario reads (seed() writes them).
IDS_FILES = {"get": "gets.txt", "list": "companies.txt", "filter": "companies.txt", "create": "companies.txt",
             "authorize": "authorize.txt", "unlink": "linked.txt"}


class Switchboard:
    """The published server on loopback, SQLite (a data folder) or PostgreSQL (a connection string)."""

    def __init__(self, name, data_dir, postgres=None):
        self.name = name
        self.data_dir = data_dir
        self.postgres = postgres
        self.proc = None
        self.port = None

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    @property
    def db_file(self):
        return os.path.join(self.data_dir, "switchboard.db")

    dll = SERVER_DLL  # the build to run; a subclass may name another
    cpus = None  # taskset's CPU list for the server (e.g. "1"), or None for every CPU

    def env(self):
        env = {k: v for k, v in os.environ.items() if not k.startswith(("Switchboard__", "ConnectionStrings__", "ASPNETCORE_", "DOTNET_"))}
        env.update({
            "ASPNETCORE_ENVIRONMENT": "Production",
            "Switchboard__DataDirectory": self.data_dir,
            "Switchboard__BootstrapApiKey": API_KEY,
            "Switchboard__EncryptionKey": ENCRYPTION_KEY,
            # The per-key rate limits (100/s by default) would throttle the load generator, so the bench turns them off;
            # --rate-limits keeps the limiter running with buckets the load never empties, to measure what it costs.
            **({"Switchboard__RateLimits__Burst": "1000000000", "Switchboard__RateLimits__PermitsPerSecond": "1000000000"}
               if RATE_LIMITS else {"Switchboard__RateLimits__Enabled": "false"}),
            "Logging__LogLevel__Default": "Warning",
            "DOTNET_CLI_TELEMETRY_OPTOUT": "1",
        })
        if self.postgres:
            env["Switchboard__Database__Provider"] = "Postgres"
            env["ConnectionStrings__Switchboard"] = self.postgres
        return env

    def launch(self):
        """Starts the process and returns it at once (the start-up measurement polls it itself)."""
        os.makedirs(self.data_dir, exist_ok=True)
        self.port = free_port()
        pin = ["taskset", "-c", self.cpus] if self.cpus else []
        self.proc = Proc(self.name, [*pin, "dotnet", self.dll, "--urls", self.url], env=self.env())
        return self.proc

    def start(self):
        self.launch()
        wait_ready(self.proc, self.url + "/companies?page=1&pageSize=1", AUTH_HEADER)
        return self

    def stop(self):
        if self.proc:
            self.proc.stop()
            self.proc = None


class Baseline:
    """The bench/Baseline app on the SQLite file (its GET route) or on the PostgreSQL database (/postgres/…): given the
    connection string Switchboard gets, it builds its one Npgsql data source with the server's pool settings."""

    def __init__(self, sqlite_file=None, postgres=None):
        self.port = free_port()
        env = {k: v for k, v in os.environ.items() if not k.startswith(("ASPNETCORE_", "DOTNET_", "BASELINE_"))}
        env.update({"ASPNETCORE_ENVIRONMENT": "Production", "Logging__LogLevel__Default": "Warning", "BASELINE_PUBLIC_BASE_URL": self.url})
        if sqlite_file:
            env["BASELINE_SQLITE"] = sqlite_file
        if postgres:
            env["BASELINE_POSTGRES"] = postgres
        self.proc = Proc("baseline", ["dotnet", BASELINE_DLL, "--urls", self.url], env=env)
        wait_ready(self.proc, self.url + "/health")

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    def stop(self):
        self.proc.stop()


class Prism:
    def __init__(self, probe_path):
        self.port = free_port()
        self.proc = Proc("prism", [PRISM, "mock", "-h", "127.0.0.1", "-p", str(self.port), "-v", "warn", OPENAPI])
        wait_ready(self.proc, self.url + probe_path, AUTH_HEADER, timeout=120)

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    def stop(self):
        self.proc.stop()


# ---------------------------------------------------------------- data

def with_database(connection_string, name):
    parts = [p for p in connection_string.split(";") if p and not p.lower().startswith("database=")]
    return ";".join(parts + [f"Database={name}"])


def seeder(*args):
    return run(["dotnet", SEEDER_DLL, *args])


def seed(server, rows, ids_dir):
    """Start once (migrates, creates the tenant from the bootstrap key), stop, bulk-insert, return the seeder's summary."""
    server.start()
    server.stop()
    if server.postgres:
        out = seeder("seed", "--provider", "postgres", "--connection", server.postgres, "--rows", str(rows),
                     "--out", ids_dir, "--encryption-key", ENCRYPTION_KEY)
    else:
        out = seeder("seed", "--provider", "sqlite", "--connection", f"Data Source={server.db_file}", "--rows", str(rows),
                     "--out", ids_dir, "--encryption-key", ENCRYPTION_KEY)
    meta = json.loads(out.strip().splitlines()[-1])
    if not server.postgres:
        meta["dbMegabytes"] = round(os.path.getsize(server.db_file) / 1e6, 1)
    log(f"seeded {meta['connections']:,} connections in {meta['companies']:,} companies ({meta['provider']}) in {meta['seedSeconds']} s")
    return meta


def pg_exec(admin, sql):
    seeder("exec", "--connection", admin, "--sql", sql)


# ---------------------------------------------------------------- measuring

def proc_status(pid):
    values = {}
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                key, _, rest = line.partition(":")
                if key in ("VmRSS", "VmHWM"):
                    values[key] = int(rest.split()[0]) / 1024.0  # kB -> MiB
    except OSError:
        pass
    return values


def proc_peak_rss_mb(pid):
    """The process's peak resident memory (VmHWM), in MB; None when it cannot be read."""
    try:
        with open(f"/proc/{pid}/status") as f:
            return next(round(int(line.split()[1]) / 1024) for line in f if line.startswith("VmHWM:"))
    except (OSError, StopIteration):
        return None


def proc_cpu_seconds(pid):
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except OSError:
        return 0.0


def probe(url, paths, limit_seconds=10.0, count=20):
    """One request at a time (no load): latency in ms of up to `count` requests or `limit_seconds`, and the statuses."""
    times, statuses = [], set()
    started = time.monotonic()
    for path in paths[:count]:
        t0 = time.monotonic()
        statuses.add(http_status(url + path, AUTH_HEADER, timeout=60))
        times.append((time.monotonic() - t0) * 1000)
        if time.monotonic() - started > limit_seconds:
            break
    return {"ms": times, "statuses": sorted(str(x) for x in statuses)}


def wait_idle(pid, limit=15.0):
    """Waits until the process uses under 5% of a core over 250 ms; False if it is still busy after the limit."""
    deadline = time.monotonic() + limit
    last = proc_cpu_seconds(pid)
    while time.monotonic() < deadline:
        time.sleep(0.25)
        now = proc_cpu_seconds(pid)
        if now - last < 0.0125:
            return True
        last = now
    return False


class MemorySampler(threading.Thread):
    """Samples the server's resident set (VmRSS) every 50 ms during a run; VmHWM is the process's own peak."""

    def __init__(self, pid):
        super().__init__(daemon=True)
        self.pid = pid
        self.peak = 0.0
        self.halt = threading.Event()

    def run(self):
        while not self.halt.is_set():
            self.peak = max(self.peak, proc_status(self.pid).get("VmRSS", 0.0))
            self.halt.wait(0.05)

    def finish(self):
        self.halt.set()
        self.join()
        return self.peak


class Bench:
    def __init__(self, args):
        self.args = args
        self.results = []
        self.notes = []
        self.meta = {}

    def wrk(self, url, mode, ids, seconds, prefix="-", direction="forward"):
        out_path = os.path.join(WORK, "logs", "wrk.out")
        cmd = ["wrk", f"-t{self.args.threads}", f"-c{self.args.connections}", f"-d{seconds}s", "--latency", "--timeout", "5s",
               "-s", LUA, url, "--", mode, ids, AUTH_B64, prefix, direction]
        with open(out_path, "w") as out:
            proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
            _, status, usage = os.wait4(proc.pid, 0)
            proc.returncode = os.waitstatus_to_exitcode(status)
        with open(out_path) as f:
            text = f.read()
        match = re.search(r"^BENCH_RESULT (\{.*\})$", text, re.M)
        if proc.returncode != 0 or not match:
            raise RuntimeError(f"wrk failed ({proc.returncode}): {' '.join(cmd)}\n{text}")
        result = json.loads(match.group(1))
        socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)
        result["socket_errors"] = sum(int(g) for g in socket_errors.groups()) if socket_errors else \
            result["connect"] + result["read"] + result["write"] + result["timeout"]
        non2xx_text = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
        result["non2xx"] = max(result["non2xx"], int(non2xx_text.group(1)) if non2xx_text else 0)
        result["rps"] = result["requests"] / (result["duration_us"] / 1e6)
        if result["requests"] == 0:
            result["failures"] = "no request completed within the run " + result["failures"]
        result["wrk_cpu_pct"] = 100.0 * (usage.ru_utime + usage.ru_stime) / (result["duration_us"] / 1e6)
        return result

    def measure(self, section, scenario, target, url, mode, ids, pid, rows, prefix="-", pool=None, server=None):
        direction = "reverse" if mode == "unlink" else "forward"
        warm = self.wrk(url, mode, ids, self.args.warmup, prefix, direction)
        sampler = MemorySampler(pid)
        cpu0 = proc_cpu_seconds(pid)
        sampler.start()
        r = self.wrk(url, mode, ids, self.args.duration, prefix)
        peak = sampler.finish()
        cpu1 = proc_cpu_seconds(pid)
        status = proc_status(pid)
        r.update({
            "section": section, "scenario": scenario, "target": target, "rows": rows,
            "peak_rss_mb": peak, "hwm_mb": status.get("VmHWM", 0.0),
            "server_cpu_pct": 100.0 * (cpu1 - cpu0) / (r["duration_us"] / 1e6),
            # CPU time per answered request: much less sensitive than req/s to other work on the machine.
            "cpu_us_per_request": 1e6 * (cpu1 - cpu0) / r["requests"] if r["requests"] else 0.0,
            "valid": r["non2xx"] == 0 and r["socket_errors"] == 0 and r["requests"] > 0,
        })
        if mode == "unlink" and pool:
            # Warm-up walks the Linked pool from its end, the run from its start: past the pool, unlinks are 200 no-ops.
            r["noop_unlinks"] = max(0, warm["requests"] + r["requests"] - pool)
        self.results.append(r)
        # Requests still queued in the server when wrk stopped must not spill into the next run: wait for them,
        # or restart a server that is still busy after 15 s (a saturated one can hold minutes of queued work).
        if not wait_idle(pid) and server is not None:
            self.notes.append(f"{section} {scenario} rows={rows:,}: the server was still busy 15 s after the run (queued requests); restarted it")
            log("server still busy 15 s after the run: restarting it")
            server.stop()
            server.start()
            self.settle(server, ids)
        flag = "" if r["valid"] else f"  INVALID: {r['non2xx']} non-2xx, {r['socket_errors']} socket errors {r['failures'][:200]}"
        log(f"{section:8} {scenario:10} {target:18} rows={rows:>9,} {r['rps']:9.0f} req/s  p50 {r['p50']/1000:7.2f} ms  "
            f"p99 {r['p99']/1000:7.2f} ms  rss {peak:6.1f} MB  cpu srv {r['server_cpu_pct']:3.0f}% ({r['cpu_us_per_request']:6.0f} µs/req) wrk {r['wrk_cpu_pct']:3.0f}%{flag}")
        return r

    def settle(self, server, ids, write=None, prefix="-", seconds=None):
        """A freshly started server needs more than the per-run warm-up (tiered JIT, GC heaps, SQLite connection pool):
        10 s of GET traffic first (4 s of GET and 4 s of the write scenario before a write run; unlink settles with
        update authorization, its sibling, so as not to use up the Linked pool), so a new process is measured like a
        long-running one. The PostgreSQL baseline gets the same GET traffic (prefix /postgres), so its Npgsql pool is
        filled and its statement prepared as Switchboard's are. seconds: how long instead (the telemetry bench's --settle)."""
        folder = os.path.dirname(ids)
        seconds = seconds or max(self.args.warmup, min(10, self.args.duration))
        if write is None:
            self.wrk(server.url, "get", os.path.join(folder, "gets.txt"), seconds, prefix)
        else:
            half = max(1, min(4, seconds // 2))
            self.wrk(server.url, "get", os.path.join(folder, "gets.txt"), half)
            mode, file = ("authorize", "authorize.txt") if write == "unlink" else (write, "companies.txt" if write == "create" else "authorize.txt")
            self.wrk(server.url, mode, os.path.join(folder, file), half)
        wait_idle(server.proc.pid)

    # ------------------------------------------------------------ phases

    def phase_main(self, section, postgres_admin=None):
        """GET (against the baselines and the peer), lists and writes on one database of main-rows connections.
        SQLite: Switchboard, the baseline's raw SQLite read and fixed JSON, and Prism; PostgreSQL: Switchboard and the
        baseline's raw PostgreSQL read of the same database (same connection string, same pool settings)."""
        a = self.args
        rows = a.main_rows
        data = os.path.join(WORK, "data", section)
        shutil.rmtree(data, ignore_errors=True)
        ids = os.path.join(data, "ids")
        if postgres_admin:
            main_db = with_database(postgres_admin, "sbbench_main")
            for name in ("sbbench_main", "sbbench_pristine", "sbbench_writes"):
                pg_exec(postgres_admin, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
            pg_exec(postgres_admin, "CREATE DATABASE sbbench_main")
            server = Switchboard(f"{section}-main", os.path.join(data, "main"), postgres=main_db)
            meta = seed(server, rows, ids)
            pg_exec(postgres_admin, "CREATE DATABASE sbbench_pristine TEMPLATE sbbench_main")
        else:
            server = Switchboard(f"{section}-main", os.path.join(data, "main"))
            meta = seed(server, rows, ids)
            os.makedirs(os.path.join(data, "pristine"))
            shutil.copy2(server.db_file, os.path.join(data, "pristine", "switchboard.db"))
        self.meta[f"{section}_seed"] = meta
        gets, companies = os.path.join(ids, "gets.txt"), os.path.join(ids, "companies.txt")
        server.start()
        self.settle(server, gets)
        targets = [("switchboard", server.url, "-", server.proc.pid)]
        baseline = prism = None
        if postgres_admin:
            baseline = Baseline(postgres=main_db)
            self.settle(baseline, gets, prefix="/postgres")
            targets.append(("baseline-postgres", baseline.url, "/postgres", baseline.proc.pid))
        else:
            baseline = Baseline(server.db_file)
            targets += [("baseline-sqlite", baseline.url, "-", baseline.proc.pid), ("baseline-fixed", baseline.url, "/fixed", baseline.proc.pid)]
            if a.prism:
                with open(gets) as f:
                    probe = f.readline().strip()
                prism = Prism(probe)
                targets.append(("prism", prism.url, "-", prism.proc.pid))
        try:
            for rep in range(a.reps):  # alternate target and references: A B C D A B C D ...
                for target, url, prefix, pid in targets:
                    self.measure(section, "get", target, url, "get", gets, pid, rows, prefix)
            for rep in range(a.reps):
                self.measure(section, "list", "switchboard", server.url, "list", companies, server.proc.pid, rows, server=server)
                self.measure(section, "filter", "switchboard", server.url, "filter", companies, server.proc.pid, rows, server=server)
        finally:
            for ref in (baseline, prism):
                if ref:
                    ref.stop()
        if section == "sqlite" and rows in a.scales:
            self.scale_servers = {rows: (server, ids)}  # reused by the scale phase
        else:
            server.stop()

        # Writes: each run on a fresh copy of the seeded database, in a fresh process (so its peak memory is its own).
        pool = sum(1 for _ in open(os.path.join(ids, "linked.txt")))
        writes = [("create", companies), ("authorize", os.path.join(ids, "authorize.txt")), ("unlink", os.path.join(ids, "linked.txt"))]
        for rep in range(a.reps):
            for mode, file in writes:
                if postgres_admin:
                    pg_exec(postgres_admin, "DROP DATABASE IF EXISTS sbbench_writes WITH (FORCE)")
                    pg_exec(postgres_admin, "CREATE DATABASE sbbench_writes TEMPLATE sbbench_pristine")
                    writer = Switchboard(f"{section}-writes", os.path.join(data, "writes"), postgres=with_database(postgres_admin, "sbbench_writes"))
                else:
                    writes_dir = os.path.join(data, "writes")
                    shutil.rmtree(writes_dir, ignore_errors=True)
                    os.makedirs(writes_dir)
                    shutil.copy2(os.path.join(data, "pristine", "switchboard.db"), os.path.join(writes_dir, "switchboard.db"))
                    writer = Switchboard(f"{section}-writes", writes_dir)
                writer.start()
                self.settle(writer, gets, write=mode)
                try:
                    self.measure(section, mode, "switchboard", writer.url, mode, file, writer.proc.pid, rows, pool=pool)
                finally:
                    writer.stop()

    def scale_databases(self, sizes):
        """Seeds a database of each size (the main SQLite one is reused when it has a size asked for)."""
        servers = getattr(self, "scale_servers", {})
        for rows in sizes:
            if rows in servers:
                continue
            data = os.path.join(WORK, "data", f"scale-{rows}")
            shutil.rmtree(data, ignore_errors=True)
            server = Switchboard(f"scale-{rows}", os.path.join(data, "main"))
            ids = os.path.join(data, "ids")
            self.meta[f"scale_{rows}_seed"] = seed(server, rows, ids)
            servers[rows] = (server, ids)
        self.scale_servers = servers
        return servers

    def phase_scale(self):
        a = self.args
        servers = self.scale_databases(a.scales)
        for rows in a.scales:
            if not servers[rows][0].proc:
                servers[rows][0].start()
            self.settle(servers[rows][0], os.path.join(servers[rows][1], "gets.txt"))
        filter_query = "?page=1&pageSize=100&query=status%3DLinked%26%26sourceType%3DAccounting"
        for rows in a.scales:  # unloaded latency first: a figure even where the loaded run cannot finish a request
            server, ids = servers[rows]
            with open(os.path.join(ids, "gets.txt")) as f:
                gets = [line.strip() for line in f][:20]
            with open(os.path.join(ids, "companies.txt")) as f:
                lists = [f"/companies/{line.strip()}/connections{filter_query}" for line in f][:20]
            get_probe, filter_probe = probe(server.url, gets), probe(server.url, lists)
            self.meta[f"probe_{rows}"] = {"get": get_probe, "filter": filter_probe}
            log(f"unloaded latency at {rows:,} rows: GET median {statistics.median(get_probe['ms']):.2f} ms, "
                f"filtered list median {statistics.median(filter_probe['ms']):.2f} ms ({len(filter_probe['ms'])} requests)")
            wait_idle(server.proc.pid)
        try:
            for rep in range(a.reps):  # interleave the sizes, so drift on the machine hits them alike
                for rows in a.scales:
                    server, ids = servers[rows]
                    self.measure("scale", "get", "switchboard", server.url, "get", os.path.join(ids, "gets.txt"), server.proc.pid, rows, server=server)
                    self.measure("scale", "filter", "switchboard", server.url, "filter", os.path.join(ids, "companies.txt"), server.proc.pid, rows, server=server)
        finally:
            for server, _ in servers.values():
                server.stop()

    def phase_startup(self):
        """Process start to the first 200 from GET connection on the largest database, curl polling in a tight loop.
        The baseline app starting on the same file is the reference: what the framework and runtime alone take here."""
        rows = max(self.args.scales)
        server, ids = self.scale_databases([rows])[rows]
        server.stop()
        with open(os.path.join(ids, "gets.txt")) as f:
            path = f.readline().strip()
        results = {"rows": rows, "seconds": [], "baseline_seconds": []}
        for _ in range(self.args.startup_reps):
            for kind in ("switchboard", "baseline"):
                if kind == "switchboard":
                    t0 = time.monotonic()
                    proc = server.launch()
                    url = server.url + path
                else:
                    port = free_port()
                    env = {k: v for k, v in os.environ.items() if not k.startswith(("ASPNETCORE_", "DOTNET_"))}
                    env.update({"ASPNETCORE_ENVIRONMENT": "Production", "Logging__LogLevel__Default": "Warning", "BASELINE_SQLITE": server.db_file})
                    t0 = time.monotonic()
                    proc = Proc("baseline-startup", ["dotnet", BASELINE_DLL, "--urls", f"http://127.0.0.1:{port}"], env=env)
                    url = f"http://127.0.0.1:{port}" + path
                while True:
                    answer = subprocess.run(["curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "-H", f"Authorization: Basic {AUTH_B64}", url],
                                            capture_output=True, text=True)
                    if answer.stdout == "200":
                        break
                    if not proc.alive() or time.monotonic() - t0 > 120:
                        raise RuntimeError(f"start-up: no 200 from {url}:\n{proc.log_tail()}")
                elapsed = time.monotonic() - t0
                rss = proc_status(proc.pid).get("VmRSS", 0.0)
                results["seconds" if kind == "switchboard" else "baseline_seconds"].append(elapsed)
                log(f"start-up {kind:11} on {rows:,} rows: {elapsed*1000:.0f} ms to the first 200 (RSS then {rss:.0f} MB)")
                if kind == "switchboard":
                    server.stop()
                else:
                    proc.stop()
        self.meta["startup"] = results

    # ------------------------------------------------------------ report

    def runs(self, section, scenario, target, rows=None):
        return [r for r in self.results if r["section"] == section and r["scenario"] == scenario and r["target"] == target
                and (rows is None or r["rows"] == rows)]

    @staticmethod
    def summary(runs):
        valid = [r for r in runs if r["valid"]]
        use = valid or runs
        if not use:
            return None
        return {
            "n": len(runs), "valid": len(valid),
            "rps": statistics.median(r["rps"] for r in use), "rps_min": min(r["rps"] for r in use), "rps_max": max(r["rps"] for r in use),
            "p50": statistics.median(r["p50"] for r in use) / 1000, "p99": statistics.median(r["p99"] for r in use) / 1000,
            "p99_min": min(r["p99"] for r in use) / 1000, "p99_max": max(r["p99"] for r in use) / 1000,
            "non2xx": sum(r["non2xx"] for r in runs), "socket": sum(r["socket_errors"] for r in runs),
            "rss": max(r["peak_rss_mb"] for r in runs), "hwm": max(r["hwm_mb"] for r in runs),
            "cpu": statistics.median(r["server_cpu_pct"] for r in use), "wrk_cpu": statistics.median(r["wrk_cpu_pct"] for r in use),
            "cpu_us": statistics.median(r.get("cpu_us_per_request", 0.0) for r in use),
            "noop": sum(r.get("noop_unlinks", 0) for r in runs),
        }

    def table(self, section, rows, entries):
        out = ["| scenario | server | req/s median (min–max) | p50 ms | p99 ms median (min–max) | non-2xx / socket errors | valid runs | peak RSS MB | CPU % server / wrk | server CPU µs per request |",
               "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"]
        for scenario, target, label in entries:
            s = self.summary(self.runs(section, scenario, target, rows))
            if not s:
                continue
            extra = f" ({s['noop']:,} no-op)" if s["noop"] else ""
            out.append(f"| {label}{extra} | {target} | {s['rps']:,.0f} ({s['rps_min']:,.0f}–{s['rps_max']:,.0f}) | {s['p50']:.2f} | "
                       f"{s['p99']:.2f} ({s['p99_min']:.2f}–{s['p99_max']:.2f}) | {s['non2xx']} / {s['socket']} | {s['valid']}/{s['n']} | "
                       f"{s['rss']:.0f} | {s['cpu']:.0f} / {s['wrk_cpu']:.0f} | {s['cpu_us']:,.0f} |")
        return out

    def targets(self):
        rows = []
        main = self.args.main_rows
        sb = self.summary(self.runs("sqlite", "get", "switchboard", main))
        base = self.summary(self.runs("sqlite", "get", "baseline-sqlite", main))
        prism = self.summary(self.runs("sqlite", "get", "prism", main))

        def status(ok, *summaries):
            if any(x["valid"] == 0 for x in summaries):
                return "**missed** (no valid run)"
            return "met" if ok else "**missed**"

        if sb and base:
            ratio = div(sb["rps"], base["rps"])
            rows.append(("GET connection (SQLite) ≥ 75% of the baseline's raw SQLite read", f"{ratio:.0%} ({sb['rps']:,.0f} vs {base['rps']:,.0f} req/s)", status(ratio >= 0.75, sb, base)))
        if sb and prism:
            ratio = div(sb["rps"], prism["rps"])
            rows.append(("GET connection (SQLite) ≥ 20× the peer (Prism)", f"{ratio:.1f}× ({sb['rps']:,.0f} vs {prism['rps']:,.0f} req/s)", status(ratio >= 20, sb, prism)))
        pg_sb = self.summary(self.runs("postgres", "get", "switchboard", main))
        pg_base = self.summary(self.runs("postgres", "get", "baseline-postgres", main))
        if pg_sb and pg_base:
            ratio = div(pg_sb["rps"], pg_base["rps"])
            rows.append(("GET connection (PostgreSQL) ≥ 75% of the baseline's raw PostgreSQL read", f"{ratio:.0%} ({pg_sb['rps']:,.0f} vs {pg_base['rps']:,.0f} req/s)",
                         status(ratio >= 0.75, pg_sb, pg_base)))
        scales = sorted(self.args.scales)
        if len(scales) >= 2:
            small, big = scales[0], scales[-1]
            f_small = self.summary(self.runs("scale", "filter", "switchboard", small))
            f_big = self.summary(self.runs("scale", "filter", "switchboard", big))
            if f_small and f_big:
                big_runs = self.runs("scale", "filter", "switchboard", big)
                answered = sum(r["requests"] for r in big_runs)
                unloaded = self.meta.get(f"probe_{big}", {}).get("filter", {}).get("ms")
                detail = f"p99 {f_big['p99']:.2f} ms" if f_big["valid"] else \
                    f"no valid run: {answered} requests answered in {len(big_runs)} runs of {self.args.duration} s"
                if unloaded:
                    detail += f"; unloaded, one at a time: median {statistics.median(unloaded):.1f} ms"
                rows.append((f"filtered list at {big:,} rows: p99 < 25 ms", detail, status(f_big["p99"] < 25, f_big)))
                g50, g99 = div(f_big["p50"], f_small["p50"]), div(f_big["p99"], f_small["p99"])
                pb, ps = self.meta.get(f"probe_{big}", {}).get("filter"), self.meta.get(f"probe_{small}", {}).get("filter")
                unloaded = f"unloaded median ×{div(statistics.median(pb['ms']), statistics.median(ps['ms'])):.1f}" if pb and ps else ""
                loaded = f"p50 ×{g50:.2f}, p99 ×{g99:.2f}" if f_small["valid"] and f_big["valid"] else "loaded: no valid run"
                rows.append((f"filtered list latency at {big:,} ≤ 1.3× at {small:,}", "; ".join(x for x in (loaded, unloaded) if x),
                             status(g50 <= 1.3 and g99 <= 1.3, f_small, f_big)))
        for mode in ("create", "authorize", "unlink"):
            s = self.summary(self.runs("sqlite", mode, "switchboard", main))
            if s:
                ok = s["rps"] >= 3000 and s["non2xx"] == 0 and s["socket"] == 0
                rows.append((f"{mode} (SQLite) ≥ 3,000/s with no errors", f"{s['rps']:,.0f}/s, {s['non2xx']} non-2xx, {s['socket']} socket errors", status(ok, s)))
        peaks = [r["peak_rss_mb"] for r in self.results if r["target"] == "switchboard" and r["section"] in ("sqlite", "scale")]
        if peaks:
            rows.append(("peak working set under load < 250 MB (Switchboard, SQLite)", f"{max(peaks):.0f} MB (max VmRSS sampled every 50 ms)", status(max(peaks) < 250)))
        if "startup" in self.meta:
            st = self.meta["startup"]
            med = statistics.median(st["seconds"])
            rows.append((f"start-up on {st['rows']:,} rows < 1.5 s", f"{med*1000:.0f} ms median ({', '.join(f'{t*1000:.0f}' for t in st['seconds'])} ms)", status(med < 1.5)))
        return rows

    def report(self, started, machine):
        a = self.args
        lines = [f"# Switchboard benchmarks — {started:%Y-%m-%d %H:%M} UTC{' (QUICK validation run: not for publication)' if a.quick else ''}", ""]
        lines += [f"- Machine: {machine['nproc']} cores ({machine['cpu']}), {machine['mem_gib']:.1f} GiB memory, Linux {machine['kernel']}; "
                  f".NET {machine['dotnet']}; wrk {machine['wrk']}; Node {machine['node']}; PostgreSQL {machine.get('postgres', 'not run')}",
                  f"- Load average before / after the run: {machine['load_before']} / {machine['load_after']} (other work on the machine skews every figure alike)",
                  f"- Commit: `{machine['commit']}`{' with uncommitted changes' if machine['dirty'] else ''}"
                  + (f"; server build measured: `{SERVER_DLL}`" if "BENCH_SERVER_DLL" in os.environ else ""),
                  f"- Settings: `wrk -t{a.threads} -c{a.connections} -d{a.duration}s --latency` after a {a.warmup} s warm-up before every run; "
                  f"{a.reps} runs per figure, servers alternated (A B A B …); medians with min–max; a run with any non-2xx answer or socket error is invalid "
                  f"and left out of the medians. Switchboard: {os.environ.get('BENCH_SERVER_BUILD', 'Release build')}, `ASPNETCORE_ENVIRONMENT=Production`, logging at Warning, "
                  + ("**rate limits on** with buckets the load never empties (`--rate-limits`)." if RATE_LIMITS else
                   "**rate limits disabled** (`Switchboard__RateLimits__Enabled=false`: the per-key limits would throttle the load generator)."),
                  f"- **Every figure: {CORES_NOTE}.** Databases in the OS page cache; SQLite `synchronous=NORMAL` (the default) with WAL.",
                  f"- Data: ~10 connections per company (5–15), 9 platforms (60% Accounting, Banking, Commerce), statuses 45% Linked / 25% PendingAuth / "
                  f"20% Unlinked / 10% Deauthorized, credentials encrypted as the server does; requests pick random existing ids (a 100k sample).",
                  f"- Total time: {machine['elapsed_min']:.1f} min.", ""]
        lines += ["## Targets", "", "| target | result | status |", "| --- | --- | --- |"]
        lines += [f"| {t} | {r} | {s} |" for t, r, s in self.targets()]
        lines += [""]
        seed_meta = self.meta.get("sqlite_seed")
        if seed_meta:
            lines += [f"## SQLite — {a.main_rows:,} connections in {seed_meta['companies']:,} companies",
                      f"_{CORES_NOTE}. Seeded in {seed_meta['seedSeconds']} s ({seed_meta.get('dbMegabytes', '?')} MB file)._", ""]
            lines += self.table("sqlite", a.main_rows, [
                ("get", "switchboard", "GET connection"), ("get", "baseline-sqlite", "GET connection"), ("get", "baseline-fixed", "GET connection"),
                ("get", "prism", "GET connection"), ("list", "switchboard", "list (pageSize 100)"), ("filter", "switchboard", "list, status=Linked&&sourceType=Accounting"),
                ("create", "switchboard", "create (POST mqjo)"), ("authorize", "switchboard", "update authorization"), ("unlink", "switchboard", "unlink (PATCH Unlinked)")])
            lines += ["", "Ratios (median req/s): " + "; ".join(self.ratios("sqlite", a.main_rows)), ""]
        if any(r["section"] == "scale" for r in self.results):
            lines += self.scale_section()
        if "startup" in self.meta:
            st = self.meta["startup"]
            lines += ["## Start-up", "", f"_{CORES_NOTE}._ Process start (`dotnet Switchboard.Server.dll`) to the first 200 from GET connection, polled with curl "
                      f"in a tight loop, on an existing {st['rows']:,}-connection SQLite database: median **{statistics.median(st['seconds'])*1000:.0f} ms** "
                      f"(runs: {', '.join(f'{t*1000:.0f}' for t in st['seconds'])} ms)."]
            if st.get("baseline_seconds"):
                lines += [f"Reference, the baseline app (same framework, no EF Core, no migrations) on the same file: median "
                          f"{statistics.median(st['baseline_seconds'])*1000:.0f} ms (runs: {', '.join(f'{t*1000:.0f}' for t in st['baseline_seconds'])} ms)."]
            lines += [""]
        pg = self.meta.get("postgres_seed")
        if pg:
            lines += [f"## PostgreSQL — {a.main_rows:,} connections", f"_{CORES_NOTE}, and PostgreSQL on the same 2 cores (test cluster: fsync off). "
                      f"Seeded by binary COPY in {pg['seedSeconds']} s. Peak RSS is the measured process's own (Switchboard or the baseline), not PostgreSQL's._", ""]
            lines += self.table("postgres", a.main_rows, [
                ("get", "switchboard", "GET connection"), ("get", "baseline-postgres", "GET connection"), ("list", "switchboard", "list (pageSize 100)"), ("filter", "switchboard", "list, status=Linked&&sourceType=Accounting"),
                ("create", "switchboard", "create (POST mqjo)"), ("authorize", "switchboard", "update authorization"), ("unlink", "switchboard", "unlink (PATCH Unlinked)")])
            lines += ["", "Ratios (median req/s): " + "; ".join(self.ratios("postgres", a.main_rows)), ""]
        invalid = [r for r in self.results if not r["valid"]]
        if invalid or self.notes:
            lines += ["## Notes", ""]
            lines += [f"- {n}" for n in self.notes]
            lines += [f"- INVALID run: {r['section']} {r['scenario']} {r['target']} rows={r['rows']:,}: {r['non2xx']} non-2xx, {r['socket_errors']} socket errors; "
                      f"first failures: `{r['failures'][:300]}`" for r in invalid]
            lines += [""]
        return "\n".join(lines) + "\n"

    def ratios(self, section, rows):
        sb = self.summary(self.runs(section, "get", "switchboard", rows))
        out = []
        for target in ("baseline-sqlite", "baseline-postgres", "baseline-fixed", "prism"):
            ref = self.summary(self.runs(section, "get", target, rows))
            if sb and ref:
                paired = [div(x["rps"], y["rps"]) for x, y in zip(self.runs(section, "get", "switchboard", rows), self.runs(section, "get", target, rows))]
                out.append(f"Switchboard GET ÷ {target} = **{div(sb['rps'], ref['rps']):.2f}×** (per round {min(paired):.2f}–{max(paired):.2f}; "
                           f"server CPU per request {sb['cpu_us']:,.0f} vs {ref['cpu_us']:,.0f} µs)")
        return out or ["(no reference runs)"]

    def scale_section(self):
        scales = sorted(self.args.scales)
        lines = ["## Scale — the same requests with more connections stored (SQLite)", "", f"_{CORES_NOTE}._", "",
                 "| connections | GET req/s | GET p50 ms | GET p99 ms | GET CPU µs/req | filtered list req/s | filtered p50 ms | filtered p99 ms | filtered CPU µs/req | valid runs | peak RSS MB |",
                 "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"]
        for rows in scales:
            g = self.summary(self.runs("scale", "get", "switchboard", rows))
            f = self.summary(self.runs("scale", "filter", "switchboard", rows))
            if g and f:
                lines.append(f"| {rows:,} | {g['rps']:,.0f} | {g['p50']:.2f} | {g['p99']:.2f} ({g['p99_min']:.2f}–{g['p99_max']:.2f}) | {g['cpu_us']:,.0f} | {f['rps']:,.0f} | "
                             f"{f['p50']:.2f} | {f['p99']:.2f} ({f['p99_min']:.2f}–{f['p99_max']:.2f}) | {f['cpu_us']:,.0f} | {g['valid']}/{g['n']}, {f['valid']}/{f['n']} | "
                             f"{max(g['rss'], f['rss']):.0f} |")
        probes = [(rows, self.meta.get(f"probe_{rows}")) for rows in scales if self.meta.get(f"probe_{rows}")]
        if probes:
            lines += ["", "Unloaded latency (one request at a time from Python, no other load from the bench; up to 20 requests or 10 s):", "",
                      "| connections | GET median ms (max) | filtered list median ms (max) | requests | statuses |", "| --- | --- | --- | --- | --- |"]
            for rows, pr in probes:
                g, f = pr["get"], pr["filter"]
                lines.append(f"| {rows:,} | {statistics.median(g['ms']):.2f} ({max(g['ms']):.2f}) | {statistics.median(f['ms']):.2f} ({max(f['ms']):.2f}) | "
                             f"{len(g['ms'])} / {len(f['ms'])} | {', '.join(g['statuses'])} / {', '.join(f['statuses'])} |")
        if len(scales) >= 2:
            small, big = scales[0], scales[-1]
            parts = []
            for scenario, label in (("get", "GET"), ("filter", "filtered list")):
                s, b = self.summary(self.runs("scale", scenario, "switchboard", small)), self.summary(self.runs("scale", scenario, "switchboard", big))
                pb, ps = self.meta.get(f"probe_{big}", {}).get(scenario), self.meta.get(f"probe_{small}", {}).get(scenario)
                unloaded = f", unloaded median ×{div(statistics.median(pb['ms']), statistics.median(ps['ms'])):.2f}" if pb and ps else ""
                if s and b and s["valid"] and b["valid"]:
                    parts.append(f"{label}: p50 ×{div(b['p50'], s['p50']):.2f}, p99 ×{div(b['p99'], s['p99']):.2f}, req/s ×{div(b['rps'], s['rps']):.2f}, "
                                 f"CPU per request ×{div(b['cpu_us'], s['cpu_us']):.2f}{unloaded}")
                elif s and b:
                    parts.append(f"{label}: no valid loaded run at {big if not b['valid'] else small:,}{unloaded}")
            lines += ["", f"Growth factor ({big:,} ÷ {small:,}): " + "; ".join(parts) + " (1.00 = flat)."]
        seeds = [f"{rows:,}: {self.meta[f'scale_{rows}_seed']['seedSeconds']} s, {self.meta[f'scale_{rows}_seed'].get('dbMegabytes', '?')} MB"
                 for rows in scales if f"scale_{rows}_seed" in self.meta]
        if seeds:
            lines += ["", "Seeding time and file size: " + "; ".join(seeds) + "."]
        return lines + [""]


def machine_info():
    def first(cmd):
        try:
            return subprocess.run(cmd, capture_output=True, text=True, timeout=20).stdout.strip().splitlines()[0]
        except Exception:  # noqa: BLE001
            return "?"

    cpu = "?"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    with open("/proc/meminfo") as f:
        mem_kib = int(f.readline().split()[1])
    info = {
        "nproc": os.cpu_count(), "cpu": cpu, "mem_gib": mem_kib / 1024 / 1024, "kernel": os.uname().release,
        "dotnet": first(["dotnet", "--version"]), "wrk": (first(["wrk", "--version"]) + " ?").split(" ")[1],
        "node": first(["node", "--version"]), "commit": first(["git", "-C", ROOT, "rev-parse", "--short=12", "HEAD"]),
        "dirty": bool(subprocess.run(["git", "-C", ROOT, "status", "--porcelain", "--untracked-files=no"], capture_output=True, text=True).stdout.strip()),
        "load_before": " ".join(open("/proc/loadavg").read().split()[:3]),
    }
    return info


def parse_rows(text):
    text = text.strip().lower()
    factor = 1
    if text.endswith("k"):
        factor, text = 1000, text[:-1]
    elif text.endswith("m"):
        factor, text = 1_000_000, text[:-1]
    return int(float(text) * factor)


def main():
    parser = argparse.ArgumentParser(description="Switchboard benchmarks (run through bench/run.sh)")
    parser.add_argument("--quick", action="store_true", help="short validation run: -d2s, 1 s warm-up, 1 run each, 10k/20k rows")
    parser.add_argument("--duration", type=int, help="seconds per measured run (default 10)")
    parser.add_argument("--warmup", type=int, help="seconds of warm-up before every run (default 3)")
    parser.add_argument("--reps", type=int, help="runs per figure (default 3)")
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--main-rows", help="connections in the main database (default 100k)")
    parser.add_argument("--scales", help="comma-separated sizes for the scale test (default 10k,100k,1m)")
    parser.add_argument("--phases", default="sqlite,scale,startup,postgres", help="which of sqlite,scale,startup,postgres to run")
    parser.add_argument("--no-prism", dest="prism", action="store_false")
    parser.add_argument("--rate-limits", action="store_true", help="keep the rate limiter on, with buckets the load never empties (what the limiter costs)")
    parser.add_argument("--results-dir", help="default bench/results (quick runs: bench/.work/results)")
    args = parser.parse_args()
    global RATE_LIMITS
    RATE_LIMITS = args.rate_limits
    args.duration = args.duration or (2 if args.quick else 10)
    args.warmup = args.warmup or (1 if args.quick else 3)
    args.reps = args.reps or (1 if args.quick else 3)
    args.startup_reps = 3
    args.main_rows = parse_rows(args.main_rows or ("10k" if args.quick else "100k"))
    args.scales = sorted(parse_rows(s) for s in (args.scales or ("10k,20k" if args.quick else "10k,100k,1m")).split(","))
    if not args.results_dir:
        args.results_dir = os.path.join(BENCH, ".work", "results") if args.quick else os.path.join(BENCH, "results")
    phases = set(args.phases.split(","))
    postgres_admin = os.environ.get("SWITCHBOARD_TEST_POSTGRES")
    if "postgres" in phases and not postgres_admin:
        log("PostgreSQL phase skipped: SWITCHBOARD_TEST_POSTGRES is not set")
        phases.discard("postgres")
    for path in (SERVER_DLL, BASELINE_DLL, SEEDER_DLL, LUA) + ((PRISM, OPENAPI) if args.prism else ()):
        if not os.path.exists(path):
            sys.exit(f"missing {path}: run bench/run.sh, which builds and installs everything first")

    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    started = dt.datetime.now(dt.timezone.utc)
    clock = time.monotonic()
    machine = machine_info()
    if postgres_admin and "postgres" in phases:
        version = re.search(r"\d+\.\d+", first_line(["psql", "--version"])) if shutil.which("psql") else None
        machine["postgres"] = version.group(0) if version else "?"
    bench = Bench(args)
    log(f"bench: {sorted(phases)}; main {args.main_rows:,} rows; scales {args.scales}; -d{args.duration}s, warm-up {args.warmup}s, {args.reps} runs; "
        f"load average {machine['load_before']}")
    try:
        if "sqlite" in phases:
            bench.phase_main("sqlite")
        if "scale" in phases:
            bench.phase_scale()
        if "startup" in phases:
            bench.phase_startup()
        if "postgres" in phases:
            bench.phase_main("postgres", postgres_admin)
            for name in ("sbbench_main", "sbbench_pristine", "sbbench_writes"):
                pg_exec(postgres_admin, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    finally:
        stop_all()
    machine["load_after"] = " ".join(open("/proc/loadavg").read().split()[:3])
    machine["elapsed_min"] = (time.monotonic() - clock) / 60
    text = bench.report(started, machine)
    os.makedirs(args.results_dir, exist_ok=True)
    stamp = started.strftime("%Y-%m-%d-%H%M")
    path = os.path.join(args.results_dir, f"{stamp}{'-quick' if args.quick else ''}.md")
    with open(path, "w") as f:
        f.write(text)
    with open(os.path.join(args.results_dir, f"{stamp}{'-quick' if args.quick else ''}.json"), "w") as f:
        json.dump({"machine": machine, "args": {k: v for k, v in vars(args).items()}, "meta": bench.meta, "runs": bench.results}, f, indent=1, default=str)
    with open(os.path.join(args.results_dir, "latest.md"), "w") as f:
        f.write(text.replace("\n", f"\n_Run file: {os.path.basename(path)}._\n", 1))
    print()
    print(text)
    log(f"report: {path} (and latest.md beside it)")


def first_line(cmd):
    try:
        return subprocess.run(cmd, capture_output=True, text=True, timeout=20).stdout.strip().splitlines()[0]
    except Exception:  # noqa: BLE001
        return "?"


if __name__ == "__main__":
    main()
