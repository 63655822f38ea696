#!/usr/bin/env bash
# Telemetry cost, one command: GET connection with OpenTelemetry off vs on (OTLP to a local sink). See bench/README.md.
#   bench/telemetry.sh                       5 runs of each setting (off, on, on with 10 % of traces sampled), 10 s, 100k connections: bench/results/<date>-telemetry.md
#   bench/telemetry.sh --reps 3 --duration 5 --rows 10k
set -euo pipefail
cd "$(dirname "$0")/.."
WORK=bench/.work
command -v wrk >/dev/null || { echo "wrk is missing: run bench/run.sh once (it installs it), or apt-get install wrk" >&2; exit 1; }
echo "==> Building (Release)"
publish() { dotnet publish "$1" -c Release -o "$2" -nologo -v:quiet -clp:ErrorsOnly "${@:3}"; }
case "$(uname -m)" in
  x86_64) rid=linux-x64 ;;
  aarch64|arm64) rid=linux-arm64 ;;
  *) rid="" ;;
esac
rm -rf "$WORK/server"
if [ -n "$rid" ]; then
  publish src/Switchboard.Server "$WORK/server" -r "$rid" --self-contained false
  export BENCH_SERVER_BUILD="Release, -r $rid --self-contained false (ReadyToRun)"
else
  publish src/Switchboard.Server "$WORK/server"
  export BENCH_SERVER_BUILD="Release, portable (no ReadyToRun)"
fi
publish bench/Seeder "$WORK/seeder"
echo "==> Telemetry off vs on"
python3 bench/telemetry.py "$@"
