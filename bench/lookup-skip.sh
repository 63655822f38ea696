#!/usr/bin/env bash
# What leaving a paused platform out of the refresher's look-up costs: PostgreSQL seeded as bench/refresher-simulation.sh
# does (1 M Linked OAuth 2.0 connections, refresh times spread over 30 minutes from 90 s in the past: ≈50 k due), then
# the soonest-due N rows moved to a platform "down" (a platform in an outage or a Retry-After pause, whose due rows stay
# at the head of the refresh-time index). For each N, the look-up the refresher runs each look (200 rows, the room),
# with "down" left out as it is then, timed by PostgreSQL (EXPLAIN ANALYZE, 30 runs after 5 warm-up runs): p50 and p95
# execution time, and the rows it read past.
# Usage: bench/lookup-skip.sh [connections=1000000]
set -euo pipefail
cd "$(dirname "$0")/.."
connections="${1:-1000000}"
source scripts/postgres.sh
trap postgres_stop EXIT
dotnet build src/Switchboard.Server -c Release --nologo -v quiet >/dev/null
dotnet build bench/RefresherLoad -c Release --nologo -v quiet >/dev/null
postgres_start >/dev/null
bin="$(postgres_bin)"
psql=("$bin/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PG_TEST_PORT" -U postgres -d postgres -Atc)
key="$(python3 -c 'import os,base64; print(base64.b64encode(os.urandom(32)).decode())')"
export Switchboard__Database__Provider=Postgres ConnectionStrings__Switchboard="$SWITCHBOARD_TEST_POSTGRES" Switchboard__EncryptionKey="$key"
dotnet src/Switchboard.Server/bin/Release/net10.0/Switchboard.Server.dll tenants create lookup-skip >/dev/null
dotnet bench/RefresherLoad/bin/Release/net10.0/RefresherLoad.dll seed --connection "$SWITCHBOARD_TEST_POSTGRES" --rows "$connections" --encryption-key "$key" --platform bnch
echo "==> PostgreSQL $("$bin/postgres" --version | awk '{print $3}'): $connections connections, $("${psql[@]}" "SELECT count(*) FROM connections WHERE refresh_at <= now()") due"
# The statement as ConnectionStore.SelectDueStatement(1) writes it, with the parameters inlined.
lookup="SELECT tenant_id, company_id, id, integration_key FROM connections WHERE refresh_at IS NOT NULL AND refresh_at <= now() AND (refresh_lease IS NULL OR refresh_lease <= now()) AND integration_key NOT IN ('down') ORDER BY refresh_at LIMIT 200"
moved=0
for n in 0 20000 100000; do
  "${psql[@]}" "UPDATE connections SET integration_key = 'down' WHERE id IN (SELECT id FROM connections WHERE integration_key = 'bnch' ORDER BY refresh_at LIMIT $(( n - moved )))" >/dev/null
  moved=$n
  "${psql[@]}" "VACUUM ANALYZE connections" >/dev/null
  for _ in 1 2 3 4 5; do "${psql[@]}" "$lookup" >/dev/null; done
  for _ in $(seq 30); do "${psql[@]}" "EXPLAIN (ANALYZE, BUFFERS) $lookup"; echo "--"; done >"/tmp/lookup-skip-$n.txt"
  python3 - "$n" "/tmp/lookup-skip-$n.txt" <<'PY'
import re, statistics, sys
n, path = sys.argv[1], sys.argv[2]
text = open(path).read()
times = sorted(float(t) for t in re.findall(r"Execution Time: ([\d.]+) ms", text))
removed = re.findall(r"Rows Removed by Filter: (\d+)", text)
buffers = re.findall(r"Buffers: shared hit=(\d+)", text)
q = lambda p: times[min(len(times) - 1, int(p * len(times)))]
print(f"{int(n):>7,} rows of the left-out platform at the head: look-up p50 {q(.5):.2f} ms, p95 {q(.95):.2f} ms; "
      f"rows read past {removed[0] if removed else 0}; shared buffers hit {buffers[0] if buffers else '?'}")
PY
  rm -f "/tmp/lookup-skip-$n.txt"
done
