#!/usr/bin/env python3
"""Rate limiter cost: GET connection with the rate limiter off vs on (buckets the load never empties), for this build
(ASP.NET Core's partitioned limiter) and, when BENCH_OLD_SERVER_DLL names one, an older build (the hand-written
limiter of 54f252d), runs alternated. The figure that decides (issue 15): how much the limiter adds to GET's server
CPU per request, against the 5 % the issue allows. Run through bench/ratelimit.sh."""
import argparse
import datetime as dt
import os
import shutil
import statistics
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench as b  # noqa: E402

OLD_DLL = os.environ.get("BENCH_OLD_SERVER_DLL")


class LimitedServer(b.Switchboard):
    def __init__(self, name, data_dir, limited, dll):
        super().__init__(name, data_dir)
        self.limited = limited
        self.dll = dll

    def env(self):
        env = {k: v for k, v in super().env().items() if not k.startswith("Switchboard__RateLimits__")}
        env.update({"Switchboard__RateLimits__Burst": "1000000000", "Switchboard__RateLimits__PermitsPerSecond": "1000000000"}
                   if self.limited else {"Switchboard__RateLimits__Enabled": "false"})
        return env


def main():
    parser = argparse.ArgumentParser(description="Rate limiter on vs off, GET connection (run through bench/ratelimit.sh)")
    parser.add_argument("--duration", type=int, default=5)
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--rows", default="10k")
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--results-dir", default=os.path.join(b.BENCH, "results"))
    args = parser.parse_args()
    rows = b.parse_rows(args.rows)
    started = dt.datetime.now(dt.timezone.utc)
    machine = b.machine_info()
    harness = b.Bench(args)
    data = os.path.join(b.WORK, "data", "ratelimit")
    shutil.rmtree(data, ignore_errors=True)
    ids = os.path.join(data, "ids")
    db = os.path.join(data, "db")
    settings = [("framework-off", LimitedServer("framework-off", db, False, b.SERVER_DLL)),
                ("framework-on", LimitedServer("framework-on", db, True, b.SERVER_DLL))]
    b.seed(settings[0][1], rows, ids)
    gets = {db: os.path.join(ids, "gets.txt")}
    if OLD_DLL:
        # The older build refuses this build's newer schema: it gets a database of its own, seeded alike.
        old_db, old_ids = os.path.join(data, "db-old"), os.path.join(data, "ids-old")
        settings += [("handwritten-off", LimitedServer("handwritten-off", old_db, False, OLD_DLL)),
                     ("handwritten-on", LimitedServer("handwritten-on", old_db, True, OLD_DLL))]
        b.seed(settings[2][1], rows, old_ids)
        gets[old_db] = os.path.join(old_ids, "gets.txt")
    try:
        for _ in range(args.reps):
            for target, server in settings:
                # One server at a time: each start pays its own warm-up, none idles beside another's load.
                server.start()
                harness.settle(server, gets[server.data_dir])
                harness.measure("ratelimit", "get", target, server.url, "get", gets[server.data_dir], server.proc.pid, rows, server=server)
                server.stop()
    finally:
        b.stop_all()
    machine["load_after"] = " ".join(open("/proc/loadavg").read().split()[:3])

    def stats(target, key):
        values = [r[key] for r in harness.results if r["target"] == target and r["valid"]]
        return (statistics.median(values), min(values), max(values), len(values)) if values else (float("nan"),) * 3 + (0,)

    lines = [f"# Rate limiter cost: GET connection, limiter off vs on ({started:%Y-%m-%d %H:%M} UTC)", "",
             f"Command: `bench/ratelimit.sh --reps {args.reps} --duration {args.duration} --rows {args.rows}`"
             + (f" with `BENCH_OLD_SERVER_DLL={OLD_DLL}`" if OLD_DLL else "") + f"; SQLite, {rows:,} connections; wrk -t{args.threads} -c{args.connections}; "
             f"settings in turn, each a fresh process after a {args.warmup} s warm-up. **on** = `Switchboard__RateLimits__Burst` and `__PermitsPerSecond` "
             "at 1,000,000,000 (every request takes a token and gets its headers; none is refused); **off** = `__Enabled=false`.", "",
             f"Machine: {b.CORES_NOTE}; load average {machine['load_before']} before, {machine['load_after']} after. CPU µs per request is the steadier figure.", "",
             "| setting | req/s median (min–max) | server CPU µs/request median (min–max) | valid runs |", "| --- | --- | --- | --- |"]
    for target, _ in settings:
        rps, cpu = stats(target, "rps"), stats(target, "cpu_us_per_request")
        lines.append(f"| {target} | {rps[0]:,.0f} ({rps[1]:,.0f}–{rps[2]:,.0f}) | {cpu[0]:.0f} ({cpu[1]:.0f}–{cpu[2]:.0f}) | {rps[3]} |")
    lines.append("")
    for build in ("framework", "handwritten"):
        off, on = stats(f"{build}-off", "cpu_us_per_request")[0], stats(f"{build}-on", "cpu_us_per_request")[0]
        if on == on and off == off:
            lines.append(f"**{build}** limiter: {100 * (b.div(on, off) - 1):+.1f} % server CPU per GET with the limiter on.")
    if OLD_DLL:
        fw, hw = stats("framework-on", "cpu_us_per_request")[0], stats("handwritten-on", "cpu_us_per_request")[0]
        lines.append(f"Framework limiter on vs hand-written on: {100 * (b.div(fw, hw) - 1):+.1f} % server CPU per GET (the builds also differ in everything else since 54f252d).")
    lines += [f"- note: {n}" for n in harness.notes]
    b.write_report(args.results_dir, started, "ratelimit", "\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
