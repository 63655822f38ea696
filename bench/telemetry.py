#!/usr/bin/env python3
"""Telemetry cost: GET connection with OpenTelemetry off vs on (OTLP exporter configured to a local sink).

Run it through bench/telemetry.sh (which publishes the server and the seeder). Both servers run on one seeded SQLite
file at once and are measured alternately, off on off on ..., with bench.py's harness (warm-up, settle, idle wait,
CPU time per request). "On" is the production setting: OTEL_EXPORTER_OTLP_ENDPOINT set and nothing else, so traces
(ASP.NET Core, HttpClient, EF Core, Npgsql; the server's default sampler, up to 100 new traces a second) and metrics
(ASP.NET Core, HttpClient, Npgsql, Switchboard) are collected and exported
over OTLP/HTTP (protobuf) to a sink on loopback that reads each export fully and answers 200 with an empty message,
as a collector would, so export failures and retries do not distort the figure. Two more settings choose a standard sampler:
every new trace recorded (OTEL_TRACES_SAMPLER=parentbased_always_on, OpenTelemetry's own default) and one new trace in ten
(parentbased_traceidratio, _ARG=0.1), for what each choice costs. Python standard library only.
"""

import argparse
import csv
import datetime as dt
import http.server
import math
import os
import shutil
import statistics
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench as b  # noqa: E402 - the shared harness, beside this file


class Sink(http.server.ThreadingHTTPServer):
    """An OTLP/HTTP receiver that accepts and discards: counts exports and bytes per signal."""

    daemon_threads = True

    def __init__(self):
        self.counts = {}
        self.lock = threading.Lock()
        super().__init__(("127.0.0.1", 0), SinkHandler)
        threading.Thread(target=self.serve_forever, daemon=True).start()

    @property
    def url(self):
        return f"http://127.0.0.1:{self.server_address[1]}"


class SinkHandler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_POST(self):  # noqa: N802 - http.server's name
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length)
        with self.server.lock:
            exports, size = self.server.counts.get(self.path, (0, 0))
            self.server.counts[self.path] = (exports + 1, size + len(body))
        self.send_response(200)
        self.send_header("Content-Type", "application/x-protobuf")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


class TelemetryServer(b.Switchboard):
    def __init__(self, name, data_dir, otlp=None, sampler=None, sampler_arg="0.1", extra=None):
        super().__init__(name, data_dir)
        self.otlp = otlp
        self.sampler = sampler
        self.sampler_arg = sampler_arg
        self.extra = extra or {}

    def env(self):
        env = {k: v for k, v in super().env().items() if not k.startswith("OTEL_")}
        if self.otlp:
            env.update({"OTEL_EXPORTER_OTLP_ENDPOINT": self.otlp, "OTEL_EXPORTER_OTLP_PROTOCOL": "http/protobuf"})
        if self.sampler:
            # The SDK's standard variables, read by the SDK itself.
            env["OTEL_TRACES_SAMPLER"] = self.sampler
            if self.sampler_arg is not None:
                env["OTEL_TRACES_SAMPLER_ARG"] = self.sampler_arg
        env.update(self.extra)
        return env


COUNTERS = os.path.join(b.WORK, "tools", "dotnet-counters")


def gc_per_request(harness, server, ids, seconds=6):
    """What the server's garbage collector did per GET: bytes allocated, collections by generation and pause time, all
    while dotnet-counters watched (a run of wrk, with idle seconds either side, so the whole run is inside the window),
    over the requests wrk completed."""
    out = os.path.join(b.WORK, "logs", f"counters-{server.name}.csv")
    if os.path.exists(out):
        os.remove(out)
    counters = subprocess.Popen([COUNTERS, "collect", "-p", str(server.proc.pid), "--format", "csv", "-o", out, "--refresh-interval", "1",
                                 "--counters", "System.Runtime[dotnet.gc.heap.total_allocated,dotnet.gc.collections,dotnet.gc.pause.time]",
                                 "--duration", f"00:00:{seconds + 5:02d}"],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(2)
    result = harness.wrk(server.url, "get", ids, seconds)
    counters.wait()
    # Each row is what happened in that second: their sum is the window's total.
    totals = {}
    for row in list(csv.reader(open(out)))[1:]:
        name = row[2]
        if name.startswith("dotnet.gc.heap.total_allocated"):
            key = "allocated"
        elif name.startswith("dotnet.gc.pause.time"):
            key = "pause"
        elif "gc.heap.generation=" in name:
            key = name.split("gc.heap.generation=")[1].rstrip("]")  # gen0, gen1, gen2
        else:
            continue
        totals[key] = totals.get(key, 0.0) + float(row[-1])
    requests = result["requests"]
    return {
        "bytes": totals.get("allocated", 0) / requests if requests else float("nan"),
        "pause_us": 1e6 * totals.get("pause", 0) / requests if requests else float("nan"),
        "collections": {k: v for k, v in sorted(totals.items()) if k.startswith("gen")},
        "requests": requests,
    }


def paired(results, target, key):
    """Each valid run of target over the mean of the valid off runs next to it in the alternation (before and after)."""
    runs = [r for r in results if r["section"] == "telemetry"]
    ratios = []
    for i, run in enumerate(runs):
        if run["target"] != target or not run["valid"]:
            continue
        before = next((r for r in reversed(runs[:i]) if r["target"] == "off"), None)
        after = next((r for r in runs[i + 1:] if r["target"] == "off"), None)
        offs = [r[key] for r in (before, after) if r is not None and r["valid"]]
        if offs:
            ratios.append(run[key] / statistics.mean(offs))
    return ratios


def median_interval(values, confidence=0.95):
    """A distribution-free interval for the median: the order statistics x(k) and x(n+1-k), with k the largest rank whose
    two-sided binomial tail stays within 1 - confidence (the whole range when there are too few values for that)."""
    xs, n = sorted(values), len(values)
    if n == 0:
        return float("nan"), float("nan")
    tail = lambda j: sum(math.comb(n, i) for i in range(j)) / 2 ** n  # P(X < j), X ~ Binomial(n, 1/2)
    k = max([j for j in range(1, n // 2 + 1) if 2 * tail(j) <= 1 - confidence], default=1)
    return xs[k - 1], xs[n - k]


def main():
    parser = argparse.ArgumentParser(description="Telemetry on vs off, GET connection (run through bench/telemetry.sh)")
    parser.add_argument("--duration", type=int, default=5, help="seconds per measured run")
    parser.add_argument("--warmup", type=int, default=3, help="seconds of warm-up before every run")
    parser.add_argument("--settle", type=int, default=20,
                        help="seconds of GET traffic each server gets once started, before its first run: tiered compilation "
                             "(and the more code telemetry brings) takes about 20 s of traffic to settle")
    parser.add_argument("--pin", action="store_true",
                        help="servers on the last CPU, the load generator and the sink on the others (less noise on a small machine)")
    parser.add_argument("--reps", type=int, default=12, help="runs per setting (alternated); the cost is the median of the paired ratios")
    parser.add_argument("--rows", default="100k", help="connections in the database")
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--results-dir", default=os.path.join(b.BENCH, "results"))
    parser.add_argument("--setting", nargs="+", action="append", default=[], metavar=("NAME", "VAR=VALUE"),
                        help="one more setting to measure, for an experiment: a name and the server's environment, e.g. "
                             "--setting collect-only Switchboard__Telemetry__Enabled=true; OTEL_EXPORTER_OTLP_ENDPOINT=sink means the local sink, "
                             "SERVER_DLL=path another build of the server")
    args = parser.parse_args()
    rows = b.parse_rows(args.rows)
    for path in (b.SERVER_DLL, b.SEEDER_DLL, b.LUA):
        if not os.path.exists(path):
            sys.exit(f"missing {path}: run bench/telemetry.sh, which builds it first")

    started = dt.datetime.now(dt.timezone.utc)
    machine = b.machine_info()
    server_cpus = None
    if args.pin:
        cpus = sorted(os.sched_getaffinity(0))
        if len(cpus) < 2:
            sys.exit("--pin needs two CPUs or more")
        server_cpus = str(cpus[-1])
        os.sched_setaffinity(0, cpus[:-1])  # this process (the sink's threads) and what it starts (wrk, dotnet-counters)
    harness = b.Bench(args)
    sink = Sink()
    data = os.path.join(b.WORK, "data", "telemetry")
    shutil.rmtree(data, ignore_errors=True)
    ids = os.path.join(data, "ids")
    off = TelemetryServer("telemetry-off", os.path.join(data, "db"))
    seed = b.seed(off, rows, ids)
    on = TelemetryServer("telemetry-on", os.path.join(data, "db"), otlp=sink.url)
    every = TelemetryServer("telemetry-every", os.path.join(data, "db"), otlp=sink.url, sampler="parentbased_always_on", sampler_arg=None)
    tenth = TelemetryServer("telemetry-10pct", os.path.join(data, "db"), otlp=sink.url, sampler="parentbased_traceidratio")
    settings = [("off", off), ("on", on), ("on-every-trace", every), ("on-10pct-sampled", tenth)]
    for name, *variables in args.setting:
        extra = dict(v.split("=", 1) for v in variables)
        otlp = sink.url if extra.pop("OTEL_EXPORTER_OTLP_ENDPOINT", None) == "sink" else None
        if otlp:
            extra["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf"
        dll = extra.pop("SERVER_DLL", None)
        server = TelemetryServer(f"telemetry-{name}", os.path.join(data, "db"), otlp=otlp, extra=extra)
        if dll:
            server.dll = os.path.abspath(dll)
        settings.append((name, server))
    for _, server in settings:
        server.cpus = server_cpus
    gets = os.path.join(ids, "gets.txt")
    b.log(f"telemetry: {rows:,} rows, -d{args.duration}s, warm-up {args.warmup}s, {args.reps} runs each; sink {sink.url}; load {machine['load_before']}")
    allocated = {}
    try:
        for _, server in settings:
            server.start()
            harness.settle(server, gets, seconds=args.settle)
        for _ in range(args.reps):
            for target, server in settings:
                harness.measure("telemetry", "get", target, server.url, "get", gets, server.proc.pid, rows, server=server)
        if os.path.exists(COUNTERS):
            for target, server in settings:
                allocated[target] = gc_per_request(harness, server, gets)
    finally:
        b.stop_all()
        sink.shutdown()
    machine["load_after"] = " ".join(open("/proc/loadavg").read().split()[:3])

    def stats(target, key):
        values = [r[key] for r in harness.results if r["target"] == target and r["valid"]]
        return (statistics.median(values), min(values), max(values), len(values)) if values else (float("nan"),) * 3 + (0,)

    lines = [
        f"# Telemetry cost: GET connection, OpenTelemetry off vs on ({started:%Y-%m-%d %H:%M} UTC)",
        "",
        f"Command: `bench/telemetry.sh --reps {args.reps} --duration {args.duration} --rows {args.rows} --settle {args.settle}"
        f"{' --pin' if args.pin else ''}"
        f"{''.join(' --setting ' + ' '.join(setting) for setting in args.setting)}`. "
        f"Server build: {os.environ.get('BENCH_SERVER_BUILD', 'Release')}; SQLite, {rows:,} connections ({seed.get('dbMegabytes', '?')} MB); "
        f"wrk -t{args.threads} -c{args.connections}; each server given {args.settle} s of GETs once started, then runs alternated off, on, "
        f"on-every-trace, on-10pct-sampled, off, …, each after a {args.warmup} s warm-up"
        + (f"; servers pinned to CPU {server_cpus}, wrk and the sink to the others." if args.pin else "."),
        "",
        "- **off**: no `OTEL_EXPORTER_OTLP_ENDPOINT` (nothing collected; the Switchboard meter's instruments exist but nobody listens).",
        "- **on** (what a user gets by setting the endpoint): `OTEL_EXPORTER_OTLP_ENDPOINT` set to a local OTLP/HTTP sink "
        "(`OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf`), which reads and discards every export and answers 200: traces and metrics collected "
        "and exported with the server's defaults (its sampler: parent-based, up to 100 new traces a second and every request that answers "
        "an error; every request in the metrics; batch span exporter).",
        "- **on-every-trace**: the same, with `OTEL_TRACES_SAMPLER=parentbased_always_on` (OpenTelemetry's own default: every new trace recorded).",
        "- **on-10pct-sampled**: the same, with `OTEL_TRACES_SAMPLER=parentbased_traceidratio`, `OTEL_TRACES_SAMPLER_ARG=0.1` (one new trace in ten).",
        *[f"- **{name}** (experiment): " + ", ".join(f"`{v}`" for v in variables) for name, *variables in args.setting],
        "",
        f"**Machine: {b.CORES_NOTE}, and shared with other work while this ran** (load average {machine['load_before']} before, "
        f"{machine['load_after']} after): req/s are noisy; CPU µs per request is the steadier figure. Re-run on a quiet machine.",
        "",
        "| setting | req/s median (min–max) | server CPU µs/request median (min–max) | p99 ms median | valid runs |",
        "| --- | --- | --- | --- | --- |",
    ]
    for target, _ in settings:
        rps, cpu, p99 = stats(target, "rps"), stats(target, "cpu_us_per_request"), stats(target, "p99")
        lines.append(f"| {target} | {rps[0]:,.0f} ({rps[1]:,.0f}–{rps[2]:,.0f}) | {cpu[0]:.0f} ({cpu[1]:.0f}–{cpu[2]:.0f}) | {p99[0] / 1000:.2f} | {rps[3]} |")
    rps_off, cpu_off = stats("off", "rps")[0], stats("off", "cpu_us_per_request")[0]
    lines += [
        "",
        "Cost, paired: each run of a setting against the mean of the **off** runs just before and after it (what the machine was doing "
        "then weighs on both), the median of those ratios with a distribution-free 95 % interval for that median (order statistics); "
        "the unpaired medians of the table, for comparison.",
        "",
        "| setting | more server CPU per request: paired median (95 % interval), pairs | fewer req/s: paired median | unpaired: CPU, req/s |",
        "| --- | --- | --- | --- |",
    ]
    for target, _ in settings[1:]:
        cpu_pairs, rps_pairs = paired(harness.results, target, "cpu_us_per_request"), paired(harness.results, target, "rps")
        low, high = median_interval(cpu_pairs)
        rps, cpu = stats(target, "rps")[0], stats(target, "cpu_us_per_request")[0]
        lines.append(f"| {target} | **{100 * (statistics.median(cpu_pairs) - 1):+.1f} %** ({100 * (low - 1):+.1f} to {100 * (high - 1):+.1f} %), {len(cpu_pairs)} "
                     f"| {100 * (1 - statistics.median(rps_pairs)):.1f} % | {100 * (b.div(cpu, cpu_off) - 1):+.1f} %, {100 * (1 - b.div(rps, rps_off)):.1f} % |"
                     if cpu_pairs else f"| {target} | no valid pairs | | |")
    lines += ["", "Target (issue 16): ≤ 10 % more server CPU per request with telemetry **on**."]
    if allocated:
        lines += [
            "",
            "The garbage collector, per request (one more run of each setting after the timed ones, `dotnet-counters` reading the "
            "runtime's allocation, collection and pause counters; unlike CPU time, the bytes do not depend on what else the machine runs):",
            "",
            "| setting | bytes allocated / request | GC pause µs / request | collections (gen0, gen1, gen2) per 10,000 requests |",
            "| --- | --- | --- | --- |",
        ]
        for target, gc in allocated.items():
            per = 10_000 / gc["requests"] if gc["requests"] else float("nan")
            counts = ", ".join(f"{gc['collections'].get(g, 0) * per:.1f}" for g in ("gen0", "gen1", "gen2"))
            lines.append(f"| {target} | {gc['bytes']:,.0f} | {gc['pause_us']:.2f} | {counts} |")
    lines += [
        "",
        "Exports the sink received (path: exports, bytes): " + ", ".join(f"`{p}`: {n:,}, {s:,}" for p, (n, s) in sorted(sink.counts.items())) + ".",
    ]
    lines += [f"- note: {n}" for n in harness.notes]
    b.write_report(args.results_dir, started, "telemetry", "\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
