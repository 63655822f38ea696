#!/usr/bin/env bash
# The refresher at scale, simulated on PostgreSQL alone (no platform, no HTTP): 1M Linked OAuth connections whose
# 30-minute access tokens expire evenly (≈556 refreshes/s due in the steady state), then (1) the cost of one cycle's
# look-up of due connections through ix_connections_token_expires, and (2) how many refreshes/s the database sustains
# for the refreshes' own writes (claim the lease, store the new token set), from 8 concurrent refreshers.
# Usage: [POSTGRES_DURABLE=1] bench/refresher-simulation.sh [connections=1000000] [seconds=15]   (durable: see postgres-ceiling.sh)
set -euo pipefail
cd "$(dirname "$0")/.."
connections="${1:-1000000}" seconds="${2:-15}" companies=$(( ${1:-1000000} / 10 ))
source scripts/postgres.sh
postgres_start >/dev/null
trap postgres_stop EXIT
bin="$(postgres_bin)"
psql=("$bin/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PG_TEST_PORT" -U postgres -d postgres)
for script in src/Switchboard.Server/Persistence/Migrations/Postgres/*.sql; do "${psql[@]}" -f "$script"; done
start=$(date +%s)
"${psql[@]}" -v connections="$connections" -v companies="$companies" -f bench/postgres/refresh-seed.sql
echo "==> PostgreSQL $("$bin/postgres" --version | awk '{print $3}') (fsync=$("${psql[@]}" -Atc 'SHOW fsync'), synchronous_commit=$("${psql[@]}" -Atc 'SHOW synchronous_commit')): $connections connections seeded in $(( $(date +%s) - start )) s; due now: $("${psql[@]}" -Atc "SELECT count(*) FROM connections WHERE token_expires <= now() + interval '5 minutes'")"
echo "==> One cycle's look-up of up to 200 due connections (1 client, $seconds s)"
"$bin/pgbench" -h 127.0.0.1 -p "$PG_TEST_PORT" -U postgres -n -M prepared -c 1 -T "$seconds" -f bench/postgres/refresh-due.sql postgres | grep -E "^(latency average|tps)"
echo "==> Refreshes' writes: claim + new token set, 8 refreshers ($seconds s)"
"$bin/pgbench" -h 127.0.0.1 -p "$PG_TEST_PORT" -U postgres -n -M prepared -c 8 -j 2 -T "$seconds" -f bench/postgres/refresh-one.sql postgres | grep -E "^(latency average|tps)"
"${psql[@]}" -Atc "EXPLAIN SELECT tenant_id, company_id, id FROM connections WHERE token_expires IS NOT NULL AND token_expires <= now() + interval '5 minutes' AND (refresh_lease IS NULL OR refresh_lease <= now()) ORDER BY token_expires LIMIT 200" | head -3
