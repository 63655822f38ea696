#!/usr/bin/env bash
# The refresher at scale, driven for real: PostgreSQL seeded with 1 M Linked OAuth 2.0 connections of one platform,
# each holding a sealed token set, their scheduled refresh times spread evenly over 30 minutes (≈556 due a second, as
# 30-minute tokens are in a steady state) starting 90 s in the past (≈50 k due at once: a backlog, which shows what one
# node sustains flat out); one Switchboard server (its own TokenRefresher and TokenKeeper, nothing stubbed) refreshing
# them against a real token endpoint on loopback (bench/RefresherLoad: grant_type=refresh_token, Basic client auth,
# rotated refresh tokens). Reports the refresher's looks (each a look-up of what is due, which starts refreshing as many
# as there is room for, up to 200 under way): look-up time, refreshes under way, PostgreSQL's time and the server's CPU;
# and sustained refreshes/s while the backlog lasts and after.
# Usage: [POSTGRES_DURABLE=1] bench/refresher-simulation.sh [connections=1000000] [seconds=150] [platform latency ms=0]
set -euo pipefail
cd "$(dirname "$0")/.."
connections="${1:-1000000}" seconds="${2:-150}" latency="${3:-0}"
work="$(mktemp -d /tmp/refresher-sim.XXXXXX)"
server_pid="" platform_pid=""
source scripts/postgres.sh
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null || true
  [ -n "$platform_pid" ] && kill "$platform_pid" 2>/dev/null || true
  postgres_stop
  rm -rf "$work"
}
trap cleanup EXIT
dotnet build src/Switchboard.Server -c Release --nologo -v quiet >/dev/null
dotnet build bench/RefresherLoad -c Release --nologo -v quiet >/dev/null
postgres_start >/dev/null
bin="$(postgres_bin)"
psql=("$bin/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PG_TEST_PORT" -U postgres -d postgres -Atc)
server_dll=src/Switchboard.Server/bin/Release/net10.0/Switchboard.Server.dll
load_dll=bench/RefresherLoad/bin/Release/net10.0/RefresherLoad.dll
key="$(python3 -c 'import os,base64; print(base64.b64encode(os.urandom(32)).decode())')"
platform_port="$(postgres_free_port)" server_port="$(postgres_free_port)"
export Switchboard__Database__Provider=Postgres ConnectionStrings__Switchboard="$SWITCHBOARD_TEST_POSTGRES" Switchboard__EncryptionKey="$key"
export ASPNETCORE_URLS="http://127.0.0.1:$server_port" ASPNETCORE_ENVIRONMENT=Production

# The schema, as the server migrates it (an admin command migrates first), then the rows.
dotnet "$server_dll" tenants create refresher-simulation >/dev/null
start=$(date +%s)
dotnet "$load_dll" seed --connection "$SWITCHBOARD_TEST_POSTGRES" --rows "$connections" --encryption-key "$key" --platform bnch
echo "==> PostgreSQL $("$bin/postgres" --version | awk '{print $3}') (fsync=$("${psql[@]}" 'SHOW fsync')): $connections connections seeded in $(( $(date +%s) - start )) s"

dotnet "$load_dll" platform --port "$platform_port" --client-id bench --client-secret bench-secret --latency-ms "$latency" --seconds $(( seconds + 60 )) >"$work/platform.log" &
platform_pid=$!
until grep -q listening "$work/platform.log" 2>/dev/null; do sleep 0.2; done

# The platform as an operator configures a custom OAuth 2.0 integration; a rate that does not bind, so the node's own
# ceiling shows; the refresher's per-look line at Debug.
env Switchboard__Integrations__bnch__Name="Refresher Simulation" Switchboard__Integrations__bnch__SourceType=Accounting \
Switchboard__Integrations__bnch__AuthorizationScheme=OAuth2 \
Switchboard__Integrations__bnch__OAuth__AuthorizeUrl="http://127.0.0.1:$platform_port/authorize" \
Switchboard__Integrations__bnch__OAuth__TokenUrl="http://127.0.0.1:$platform_port/token" \
Switchboard__Integrations__bnch__OAuth__ClientId=bench Switchboard__Integrations__bnch__OAuth__ClientSecret=bench-secret \
Switchboard__Integrations__bnch__OAuth__ClientAuthentication=basic Switchboard__Tokens__MaxRefreshesPerSecond=100000 \
Logging__LogLevel__Default=Warning Logging__LogLevel__Switchboard.Server.OAuth.TokenRefresher=Debug \
  dotnet "$server_dll" >"$work/server.log" 2>&1 &
server_pid=$!
ticks() { awk '{print $14 + $15}' "/proc/$server_pid/stat"; }
db_ms() { "${psql[@]}" "SELECT active_time FROM pg_stat_database WHERE datname = 'postgres'"; }
echo "==> One server refreshing for $seconds s (platform latency $latency ms); the first 20 s are left out (start, JIT)"
sleep 20
kill -0 "$server_pid" 2>/dev/null || { echo "The server stopped:" >&2; tail -30 "$work/server.log" >&2; exit 1; }
cpu0=$(ticks) db0=$(db_ms) line0=$(wc -l <"$work/server.log") t0=$(date +%s.%N)
sleep $(( seconds - 20 ))
cpu1=$(ticks) db1=$(db_ms) line1=$(wc -l <"$work/server.log") t1=$(date +%s.%N)
due_left=$("${psql[@]}" "SELECT count(*) FROM connections WHERE refresh_at <= now()")
kill "$server_pid"; wait "$server_pid" 2>/dev/null || true; server_pid=""
plan=$("${psql[@]}" "EXPLAIN ANALYZE SELECT tenant_id, company_id, id, integration_key FROM connections WHERE refresh_at IS NOT NULL AND refresh_at <= now() AND (refresh_lease IS NULL OR refresh_lease <= now()) ORDER BY refresh_at LIMIT 200" | grep -E "Index Scan|Execution Time" | tr -s ' ' | paste -sd ';')
sed -n "$((line0 + 1)),${line1}p" "$work/server.log" >"$work/window.log"
echo "==> Warnings and errors the server logged in the window: $(grep -cE "^(warn|fail|crit)" "$work/window.log" || true)"
grep -E "^(warn|fail|crit)" -A1 "$work/window.log" | head -6 || true
python3 - "$work/window.log" "$cpu0" "$cpu1" "$db0" "$db1" "$t0" "$t1" "$due_left" "$(getconf CLK_TCK)" "$plan" <<'PY'
import re, statistics, sys
log, cpu0, cpu1, db0, db1, t0, t1, due_left, hz, plan = sys.argv[1:]
looks = [tuple(float(x) for x in m.groups()) for m in re.finditer(
    r"Refresh look: (\d+) due, (\d+) started, (\d+) put off, (\d+) under way; (\d+) refreshed since the last look; look-up ([\d.]+) ms",
    open(log).read())]
if not looks:
    sys.exit("no refresher look was logged")
seconds = float(t1) - float(t0)
refreshed = sum(l[4] for l in looks)
claims = sum(l[1] for l in looks)
cpu_ms = (float(cpu1) - float(cpu0)) * 1000 / float(hz)
db_ms = float(db1) - float(db0)
lookups = sorted(l[5] for l in looks)
under_way = sorted(l[3] for l in looks)
q = lambda xs, p: xs[min(len(xs) - 1, int(p * len(xs)))]
print(f"measured window           {seconds:.0f} s, {len(looks)} looks ({len(looks) / seconds:.1f} a second)")
print(f"sustained                 {refreshed / seconds:.0f} refreshes/s ({refreshed:.0f} refreshed, {claims:.0f} started); still due at the end: {due_left}")
print(f"look-up of due (per look) p50 {q(lookups, .5):.2f} ms, p95 {q(lookups, .95):.2f} ms, max {lookups[-1]:.2f} ms")
print(f"under way after a look    p50 {q(under_way, .5):.0f}, p95 {q(under_way, .95):.0f} (of 200; 48 sending at once, 32 of one platform)")
print(f"per 200 refreshes         PostgreSQL active {db_ms / max(refreshed, 1) * 200:.0f} ms, server CPU {cpu_ms / max(refreshed, 1) * 200:.0f} ms")
print(f"per refresh               server CPU {cpu_ms / max(refreshed, 1) * 1000:.0f} µs, PostgreSQL {db_ms / max(refreshed, 1) * 1000:.0f} µs")
print(f"server CPU                {cpu_ms / seconds / 10:.0f} % of one core")
print(f"look-up plan at the end   {plan}")
PY
