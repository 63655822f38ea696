#!/usr/bin/env bash
# Webhook delivery benchmark, one command: deliveries/s and answer-to-arrival latency at a steady 1,000 changes/s, on
# SQLite and PostgreSQL (BENCH_NO_POSTGRES=1 skips it): bench/results/<date>-webhooks.md. See bench/README.md.
set -euo pipefail
cd "$(dirname "$0")/.."
WORK=bench/.work
echo "==> Building (Release)"
source bench/publish.sh
publish_server
publish bench/WebhookLoad "$WORK/webhookload"
publish bench/Seeder "$WORK/seeder"  # pg_exec creates the PostgreSQL databases through it
if [ "${BENCH_NO_POSTGRES:-0}" != 1 ]; then
  source scripts/postgres.sh
  postgres_start
  trap postgres_stop EXIT
  export BENCH_POSTGRES="$SWITCHBOARD_TEST_POSTGRES"
fi
echo "==> Webhook delivery"
python3 bench/webhooks.py "$@"
