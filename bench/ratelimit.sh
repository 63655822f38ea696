#!/usr/bin/env bash
# Rate limiter cost, one command: GET connection with the rate limiter off vs on (BENCH_OLD_SERVER_DLL adds an older build). See bench/README.md.


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
echo "==> Rate limiter off vs on"
python3 bench/ratelimit.py "$@"
