#!/usr/bin/env bash
# Rate limiter cost, one command: GET connection with the rate limiter off vs on (BENCH_OLD_SERVER_DLL adds an older build). See bench/README.md.
set -euo pipefail
cd "$(dirname "$0")/.."
WORK=bench/.work
source bench/publish.sh
require_wrk
echo "==> Building (Release)"
publish_server
publish bench/Seeder "$WORK/seeder"
echo "==> Rate limiter off vs on"
python3 bench/ratelimit.py "$@"
