#!/usr/bin/env bash
# Telemetry cost, one command: GET connection with OpenTelemetry off vs on (OTLP to a local sink). See bench/README.md.
#   bench/telemetry.sh                       5 runs of each setting (off, on, on with 10 % of traces sampled), 10 s, 100k connections: bench/results/<date>-telemetry.md
#   bench/telemetry.sh --reps 3 --duration 5 --rows 10k
set -euo pipefail
cd "$(dirname "$0")/.."
WORK=bench/.work
source bench/publish.sh
require_wrk
# dotnet-counters reads the allocation rate for the bytes-per-request figure (as bench/profile.sh installs it).
[ -x "$WORK/tools/dotnet-counters" ] || dotnet tool install --tool-path "$WORK/tools" dotnet-counters >/dev/null
echo "==> Building (Release)"
publish_server
publish bench/Seeder "$WORK/seeder"
echo "==> Telemetry off vs on"
python3 bench/telemetry.py "$@"
