#!/usr/bin/env python3
"""Webhook delivery benchmark: a steady rate of connection creates (or company creates: --change companies; open loop,
paced like wrk2) against the server, with a webhook consumer of their created event pointed at a receiver on loopback; measures deliveries/s and the time from each
create's answer to its event's arrival. SQLite, and PostgreSQL when BENCH_POSTGRES (a connection string) is set.
Run through bench/webhooks.sh (publishes the server and the driver, starts PostgreSQL). Standard library only."""
import argparse
import datetime as dt
import json
import os
import shutil
import statistics
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench as b  # noqa: E402

DRIVER_DLL = os.path.join(b.WORK, "webhookload", "WebhookLoad.dll")


class WebhookServer(b.Switchboard):
    settings = {}

    def env(self):
        env = super().env()
        # The receiver is on loopback (Production refuses private addresses otherwise).
        env["Switchboard__Webhooks__AllowPrivateNetworks"] = "true"
        env.update(self.settings)
        return env


def drive(server, args):
    cpu_before = b.proc_cpu_seconds(server.proc.pid)
    out = b.run(["dotnet", DRIVER_DLL, "--url", server.url, "--api-key", b.API_KEY, "--change", args.change, "--rate", str(args.rate),
                 "--warmup", str(args.warmup), "--duration", str(args.duration), "--drain", "30", "--ramp", str(args.ramp)], timeout=args.warmup + args.duration + 120,
                # The driver shares the machine with the server: its idle thread-pool threads sleep instead of spinning.
                env={**os.environ, "DOTNET_ThreadPool_UnfairSemaphoreSpinLimit": "0"})
    line = next(l for l in out.splitlines() if l.startswith("BENCH_RESULT "))
    result = json.loads(line.split(" ", 1)[1])
    result["server_cpu_s"] = round(b.proc_cpu_seconds(server.proc.pid) - cpu_before, 1)
    result["server_peak_rss_mb"] = b.proc_peak_rss_mb(server.proc.pid)
    return result


def main():
    parser = argparse.ArgumentParser(description="Webhook delivery throughput and latency (run through bench/webhooks.sh)")
    parser.add_argument("--change", choices=("connections", "companies"), default="connections",
                        help="what each request creates: a connection (POST /companies/{id}/connections over 100 companies; one connection.created) or a company (POST /companies; one company.created)")
    parser.add_argument("--rate", type=int, default=1000, help="creates per second (each causes one event)")
    parser.add_argument("--warmup", type=int, default=30,
                        help="seconds at the rate before measuring: the server tiers up its hot code (JIT) for about 20-30 s under load")
    parser.add_argument("--duration", type=int, default=20)
    parser.add_argument("--ramp", type=int, default=0,
                        help="seconds over which the warm-up's rate grows from 0 to --rate (a load balancer's slow start for a new node); 0: the full rate from the first second")
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--set", action="append", default=[], metavar="NAME=VALUE",
                        help="a server setting for every run, e.g. Switchboard__Webhooks__BatchSize=128 (repeatable; named in the report)")
    parser.add_argument("--backend", choices=("sqlite", "postgresql"), action="append",
                        help="measure only this backend (repeatable; default: SQLite, and PostgreSQL when it is running)")
    parser.add_argument("--results-dir", default=os.path.join(b.BENCH, "results"))
    args = parser.parse_args()
    WebhookServer.settings = dict(setting.split("=", 1) for setting in args.set)
    started = dt.datetime.now(dt.timezone.utc)
    machine = b.machine_info()
    backends = [("SQLite", None)] + ([("PostgreSQL", os.environ["BENCH_POSTGRES"])] if os.environ.get("BENCH_POSTGRES") else [])
    backends = [(name, postgres) for name, postgres in backends if not args.backend or name.lower() in args.backend]
    results = []
    try:
        for rep in range(args.reps):
            for name, postgres in backends:
                data = os.path.join(b.WORK, "data", f"webhooks-{name.lower()}-{rep}")
                shutil.rmtree(data, ignore_errors=True)
                connection = b.with_database(postgres, f"webhooks_{rep}") if postgres else None
                if postgres:
                    b.pg_exec(postgres, f"DROP DATABASE IF EXISTS webhooks_{rep}")
                    b.pg_exec(postgres, f"CREATE DATABASE webhooks_{rep}")
                server = WebhookServer(f"webhooks-{name.lower()}", data, connection).start()
                try:
                    b.log(f"{name} run {rep + 1}/{args.reps}: {args.rate} creates/s for {args.warmup}+{args.duration} s")
                    result = drive(server, args)
                finally:
                    server.stop()
                result.update({"backend": name, "rep": rep + 1})
                b.log(json.dumps(result))
                results.append(result)
    finally:
        b.stop_all()
    machine["load_after"] = " ".join(open("/proc/loadavg").read().split()[:3])
    write_report(args, started, machine, backends, results)


def write_report(args, started, machine, backends, results):
    def median(backend, key):
        values = [r[key] for r in results if r["backend"] == backend and r.get(key) is not None]
        return (statistics.median(values), min(values), max(values)) if values else (float("nan"),) * 3

    def show(backend, key, fmt="{:,.0f}"):
        m, lo, hi = median(backend, key)
        return f"{fmt.format(m)} ({fmt.format(lo)}–{fmt.format(hi)})"

    lines = [f"# Webhook delivery at a steady {args.rate:,} changes/s ({started:%Y-%m-%d %H:%M} UTC)", "",
             f"Command: `bench/webhooks.sh --change {args.change} --rate {args.rate} --warmup {args.warmup}{f' --ramp {args.ramp}' if args.ramp else ''} --duration {args.duration} --reps {args.reps}"
             f"{''.join(' --set ' + setting for setting in args.set)}`. "
             f"Server: {os.environ.get('BENCH_SERVER_BUILD', 'Release')}, Production, rate limits off, default webhook settings "
             "(64 deliveries in flight per node, 1-s poll, a commit wakes the worker). Driver (`bench/WebhookLoad`): "
             + ("`POST /companies/{id}/connections` spread over 100 companies made first" if args.change == "connections" else "`POST /companies`") + " "
             f"at {args.rate}/s open loop (each request due at start + i/rate, sent whatever earlier ones are doing; API latency counted from "
             f"when it was due), one consumer of `{'connection' if args.change == 'connections' else 'company'}.created` pointed at a Kestrel receiver in the driver process; delivery latency = "
             "arrival of a created resource's event at the receiver − the moment its create's answer was read (one monotonic clock; an event that "
             f"arrives before the answer is read counts 0). Warm-up {args.warmup} s at the same rate"
             f"{f' (its first {args.ramp} s rising from 0 to it)' if args.ramp else ''}, then {args.duration} s measured; a fresh "
             "server and an empty database per run; medians of the runs (min–max).", "",
             f"Machine: {machine['nproc']} cores ({machine['cpu']}) shared by the driver (load and receiver) and the server, and by any other work at the time: "
             f"load average {machine['load_before']} before, {machine['load_after']} after. Commit {machine['commit']}"
             f"{' (dirty)' if machine['dirty'] else ''}, .NET {machine['dotnet']}.", "",
             "| backend | creates/s sent | API p50 / p99 ms | deliveries/s (in window) | deliveries/s (to last) | delivery p50 / p90 / p99 ms | max ms | missing | errors | server CPU s | server peak RSS MB |",
             "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"]
    for backend, _ in backends:
        lines.append(
            f"| {backend} | {show(backend, 'send_rate')} | {show(backend, 'api_p50_ms', '{:,.1f}')} / {show(backend, 'api_p99_ms', '{:,.1f}')} | "
            f"{show(backend, 'deliveries_per_s_in_window')} | {show(backend, 'deliveries_per_s_to_last')} | "
            f"{show(backend, 'delivery_p50_ms', '{:,.1f}')} / {show(backend, 'delivery_p90_ms', '{:,.1f}')} / {show(backend, 'delivery_p99_ms', '{:,.1f}')} | "
            f"{show(backend, 'delivery_max_ms', '{:,.0f}')} | {show(backend, 'missing')} | {show(backend, 'errors')} | {show(backend, 'server_cpu_s', '{:,.1f}')} | "
            f"{show(backend, 'server_peak_rss_mb')} |")
    lines += ["", "Targets (issue 14): ≥ 1,000 deliveries/s and p99 < 1 s at 1,000 changes/s.", "", "## Every run", "", "```"]
    lines += [json.dumps(r) for r in results] + ["```", ""]
    b.write_report(args.results_dir, started, "webhooks", "\n".join(lines))


if __name__ == "__main__":
    main()
