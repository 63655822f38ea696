#!/usr/bin/env bash
# Webhook delivery benchmark, one command: deliveries/s and answer-to-arrival latency at a steady 1,000 changes/s, on
# SQLite and PostgreSQL (BENCH_NO_POSTGRES=1 skips it): bench/results/<date>-webhooks.md. See bench/README.md.
set -euo pipefail
cd "$(dirname "$0")/.."
WORK=bench/.work
echo "==> Building (Release)"
source bench/publish.sh
publish_server
# The driver shares the 2 cores with the server: ReadyToRun too, so its own start-up (its receiver's Kestrel, its client)
# does not take the JIT's CPU from the server's cold start, which is what the first seconds measure.
publish bench/WebhookLoad "$WORK/webhookload" $(bench_rid_args)
publish bench/Seeder "$WORK/seeder"  # pg_exec creates the PostgreSQL databases through it
if [ "${BENCH_NO_POSTGRES:-0}" != 1 ]; then
  source scripts/postgres.sh
  postgres_start
  trap postgres_stop EXIT
  export BENCH_POSTGRES="$SWITCHBOARD_TEST_POSTGRES"
fi
echo "==> Webhook delivery"
python3 bench/webhooks.py "$@"
