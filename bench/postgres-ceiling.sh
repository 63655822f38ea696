#!/usr/bin/env bash
# PostgreSQL's own ceiling for Switchboard's write mix, with no Switchboard in the way: pgbench runs the statements the
# server runs for create, authorize and unlink (each with its webhook event and delivery, one consumer wanting every
# event) and the delivery worker's claim-and-complete (up to 10 per transaction), in equal shares, against the
# migrated schema. docs/scaling.md uses the figures.
# Usage: [POSTGRES_DURABLE=1] bench/postgres-ceiling.sh [clients=16] [seconds=20] [companies=10000]
# POSTGRES_DURABLE=1: PostgreSQL's defaults (fsync, synchronous_commit, full_page_writes on), as a production server runs.
set -euo pipefail
cd "$(dirname "$0")/.."
clients="${1:-16}" seconds="${2:-20}" companies="${3:-10000}"
source scripts/postgres.sh
postgres_start >/dev/null
trap postgres_stop EXIT
bin="$(postgres_bin)"
psql=("$bin/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PG_TEST_PORT" -U postgres -d postgres)
for script in src/Switchboard.Server/Persistence/Migrations/Postgres/*.sql; do "${psql[@]}" -f "$script"; done
"${psql[@]}" -v companies="$companies" -f bench/postgres/seed.sql
# Without POSTGRES_DURABLE=1 the test cluster runs with fsync and synchronous_commit off: the ceiling of the CPU work and
# locking alone; with it, every commit waits for its WAL flush, as on a production server.
echo "==> PostgreSQL $("$bin/postgres" --version | awk '{print $3}'), fsync=$("${psql[@]}" -Atc 'SHOW fsync'), synchronous_commit=$("${psql[@]}" -Atc 'SHOW synchronous_commit'); $clients clients, $seconds s, $companies companies, $((companies * 10)) connections"
"$bin/pgbench" -h 127.0.0.1 -p "$PG_TEST_PORT" -U postgres -n -M prepared -c "$clients" -j 2 -T "$seconds" \
  -D companies="$companies" -D connections="$((companies * 10))" \
  -f bench/postgres/create.sql@1 -f bench/postgres/authorize.sql@1 -f bench/postgres/unlink.sql@1 -f bench/postgres/deliver.sql@1 postgres \
  | grep -E "^(tps|SQL script|latency average|number of transactions actually)| - (tps|latency)"
echo "deliveries completed: $("${psql[@]}" -Atc "SELECT count(*) FROM webhook_deliveries WHERE status = 'Succeeded'"), pending: $("${psql[@]}" -Atc "SELECT count(*) FROM webhook_deliveries WHERE status = 'Pending'")"
