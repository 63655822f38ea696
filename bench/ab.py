#!/usr/bin/env python3
"""A/B of server builds and environment settings, runs alternated on one seeded SQLite file: GET connection against
each other and the baseline's raw SQLite read, or (--scenario create|authorize) a write path against each other; with
bench.py's harness (warm-up, settling, idle wait, CPU µs per request).

    python3 bench/ab.py before=/path/a/Switchboard.Server.dll after=bench/.work/server/Switchboard.Server.dll \\
        [--env after:DOTNET_X=1] [--reps 5 --duration 5 --rows 10k] [--no-baseline]

Each NAME=DLL is one setting; --env NAME:VAR=VALUE adds an environment variable to one setting (repeatable; the value
`sink` is the URL of telemetry.py's local OTLP sink, started for the run, e.g. --env on:OTEL_EXPORTER_OTLP_ENDPOINT=sink
with --env on:OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf). Needs the
seeder and (unless --no-baseline) the baseline published into bench/.work, as bench/run.sh does. Prints the table and
writes nothing to bench/results: use it to decide, then let run.sh or telemetry.sh make the report.
"""

import argparse
import os
import shutil
import statistics
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench as b  # noqa: E402 - the shared harness, beside this file


class Build(b.Switchboard):
    def __init__(self, name, data_dir, dll, extra):
        super().__init__(name, data_dir)
        self.dll = dll
        self.extra = extra

    def env(self):
        return {**super().env(), **self.extra}


def main():
    parser = argparse.ArgumentParser(description="GET connection A/B of server builds against the baseline")
    parser.add_argument("builds", nargs="+", help="NAME=path/to/Switchboard.Server.dll")
    parser.add_argument("--env", action="append", default=[], help="NAME:VAR=VALUE, an environment variable for one setting")
    parser.add_argument("--duration", type=int, default=5)
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--reps", type=int, default=5)
    parser.add_argument("--rows", default="10k")
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--no-baseline", action="store_true")
    parser.add_argument("--scenario", choices=("get", "create", "authorize"), default="get",
                        help="what is measured (the raw-read baseline answers GET only: other scenarios imply --no-baseline)")
    args = parser.parse_args()
    args.no_baseline = args.no_baseline or args.scenario != "get"
    rows = b.parse_rows(args.rows)
    extra = {}
    for item in args.env:
        name, assignment = item.split(":", 1)
        var, value = assignment.split("=", 1)
        extra.setdefault(name, {})[var] = value
    if any(value == "sink" for variables in extra.values() for value in variables.values()):
        import telemetry  # noqa: E402 - beside this file
        sink = telemetry.Sink()
        extra = {name: {var: sink.url if value == "sink" else value for var, value in variables.items()} for name, variables in extra.items()}
    harness = b.Bench(args)
    data = os.path.join(b.WORK, "data", "ab")
    shutil.rmtree(data, ignore_errors=True)
    ids = os.path.join(data, "ids")
    db = os.path.join(data, "db")
    settings = []
    for spec in args.builds:
        name, dll = spec.split("=", 1)
        settings.append((name, Build(name, db, os.path.abspath(dll), extra.get(name, {}))))
    b.seed(settings[0][1], rows, ids)
    gets = os.path.join(ids, "gets.txt")
    load = os.path.join(ids, b.IDS_FILES[args.scenario])
    load_before = " ".join(open("/proc/loadavg").read().split()[:3])
    try:
        for _, server in settings:
            server.start()
            harness.settle(server, gets)
        targets = [(name, server.url, server.proc.pid, server) for name, server in settings]
        if not args.no_baseline:
            baseline = b.Baseline(sqlite_file=settings[0][1].db_file)
            harness.settle(baseline, gets)
            targets.append(("baseline-sqlite", baseline.url, baseline.proc.pid, None))
        for _ in range(args.reps):
            for name, url, pid, server in targets:
                harness.measure("ab", args.scenario, name, url, args.scenario, load, pid, rows, server=server)
    finally:
        b.stop_all()
    load_after = " ".join(open("/proc/loadavg").read().split()[:3])

    def median(target, key):
        values = [r[key] for r in harness.results if r["target"] == target and r["valid"]]
        return (statistics.median(values), min(values), max(values), len(values)) if values else (float("nan"),) * 3 + (0,)

    print(f"\n{args.scenario}, {rows:,} rows, {args.reps} alternated runs of {args.duration} s; load average {load_before} before, {load_after} after\n")
    print("| setting | req/s median (min–max) | server CPU µs/request median (min–max) | valid runs |")
    print("| --- | --- | --- | --- |")
    for name, *_ in targets:
        rps, cpu = median(name, "rps"), median(name, "cpu_us_per_request")
        print(f"| {name} | {rps[0]:,.0f} ({rps[1]:,.0f}–{rps[2]:,.0f}) | {cpu[0]:.1f} ({cpu[1]:.1f}–{cpu[2]:.1f}) | {rps[3]} |")
    if not args.no_baseline:
        base = median("baseline-sqlite", "rps")[0]
        print()
        for name, *_ in targets[:-1]:
            print(f"{name} ÷ baseline-sqlite: {b.div(median(name, 'rps')[0], base):.2f}× req/s")
    for note in harness.notes:
        print(f"- note: {note}")


if __name__ == "__main__":
    main()
