#!/usr/bin/env bash
# Profiles Switchboard under one bench scenario (CPU samples and thread time), e.g.
#   bench/profile.sh get            bench/profile.sh filter --rows 1m            bench/profile.sh unlink
# Needs a previous bench/run.sh (or --quick) for the published server, seeder and wrk. Reports: bench/.work/profiles/.
set -euo pipefail
cd "$(dirname "$0")/.."
TOOLS=bench/.work/tools
for tool in dotnet-trace dotnet-counters; do
  [ -x "$TOOLS/$tool" ] || dotnet tool install --tool-path "$TOOLS" "$tool" >/dev/null
done
[ -f bench/.work/server/Switchboard.Server.dll ] || dotnet publish src/Switchboard.Server -c Release -o bench/.work/server -nologo -v:quiet -clp:ErrorsOnly
python3 bench/profile.py "$@"
