#!/usr/bin/env python3
"""Profiles Switchboard under one bench scenario: run through bench/profile.sh (see bench/README.md).

Seeds (or reuses) a SQLite database, starts the published server, drives it with the bench's wrk script and, during
the run, takes a CPU-sampling trace (dotnet-trace collect-linux, perf events) and a thread-time trace (where threads
wait: sleeps, locks). Writes the .nettrace files and their top-N reports to bench/.work/profiles/.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench  # noqa: E402

TOOLS = os.path.join(bench.WORK, "tools")
OUT = os.path.join(bench.WORK, "profiles")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("scenario", choices=sorted(bench.IDS_FILES))
    parser.add_argument("--rows", default="100k")
    parser.add_argument("--seconds", type=int, default=8)
    parser.add_argument("--telemetry", action="store_true",
                        help="with OTEL_EXPORTER_OTLP_ENDPOINT set to telemetry.py's local sink (what bench/telemetry.sh measures as on)")
    parser.add_argument("--set", action="append", default=[], metavar="NAME=VALUE",
                        help="an environment variable for the server, e.g. DOTNET_ReadyToRun=0 (every method JIT-compiled, so each has a name in the report)")
    args = parser.parse_args()
    rows = bench.parse_rows(args.rows)
    data = os.path.join(bench.WORK, "data", f"profile-{rows}")
    ids = os.path.join(data, "ids")
    server = bench.Switchboard("profile", os.path.join(data, "main"))
    if args.telemetry:
        import telemetry  # noqa: E402 - beside this file
        sink = telemetry.Sink()
        server = telemetry.TelemetryServer("profile", os.path.join(data, "main"), otlp=sink.url)
    settings = dict(setting.split("=", 1) for setting in args.set)
    base_env = server.env
    server.env = lambda: {**base_env(), **settings}
    key_file = os.path.join(data, "keys.json")
    if os.path.exists(key_file) and os.path.exists(os.path.join(ids, "meta.json")):
        keys = json.load(open(key_file))  # the seeded credentials are bound to this database's keys
        bench.API_KEY, bench.ENCRYPTION_KEY = keys["api"], keys["encryption"]
        bench.AUTH_B64 = bench.base64.b64encode(bench.API_KEY.encode()).decode()
        bench.AUTH_HEADER["Authorization"] = "Basic " + bench.AUTH_B64
    else:
        shutil.rmtree(data, ignore_errors=True)
        bench.seed(server, rows, ids)
        json.dump({"api": bench.API_KEY, "encryption": bench.ENCRYPTION_KEY}, open(key_file, "w"))
    os.makedirs(OUT, exist_ok=True)
    b = bench.Bench(argparse.Namespace(threads=1, connections=64, warmup=3, duration=args.seconds))
    server.start()
    try:
        ids_file = os.path.join(ids, bench.IDS_FILES[args.scenario])
        b.wrk(server.url, args.scenario, ids_file, 3)  # warm-up
        for kind, command in (("cpu", ["collect-linux", "--profile", "cpu-sampling"]),
                              ("threads", ["collect", "--profile", "dotnet-sampled-thread-time"])):
            trace = os.path.join(OUT, f"{args.scenario}-{rows}{'-telemetry' if args.telemetry else ''}-{kind}.nettrace")
            result = {}
            load = threading.Thread(target=lambda: result.update(b.wrk(server.url, args.scenario, ids_file, args.seconds + 4)))
            load.start()
            time.sleep(2)
            seconds = args.seconds
            subprocess.run([os.path.join(TOOLS, "dotnet-trace"), *command, "-p", str(server.proc.pid),
                            "--duration", f"00:00:00:{seconds:02d}", "-o", trace], check=True, capture_output=True)
            load.join()
            bench.wait_idle(server.proc.pid)
            report = subprocess.run([os.path.join(TOOLS, "dotnet-trace"), "report", trace, "topN", "-n", "60", "--inclusive"],
                                    capture_output=True, text=True).stdout
            with open(trace + ".txt", "w") as f:
                f.write(report)
            print(f"== {args.scenario} ({rows:,} rows) {kind}: {result.get('rps', 0):.0f} req/s, p50 {result.get('p50', 0)/1000:.1f} ms "
                  f"during the trace; report {trace}.txt")
            print("\n".join(report.splitlines()[:45]))
    finally:
        server.stop()


if __name__ == "__main__":
    main()
