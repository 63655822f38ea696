#!/usr/bin/env bash
# Switchboard benchmarks, one command. See bench/README.md.
#   bench/run.sh                 full run (~20 min): results in bench/results/<date>.md and bench/results/latest.md
#   bench/run.sh --quick         short validation run (-d2s, 10k rows): results in bench/.work/results/
#   bench/run.sh --no-postgres   skip the PostgreSQL phase (otherwise started with scripts/postgres.sh)
# Every other option goes to bench/bench.py (python3 bench/bench.py --help).
set -euo pipefail
cd "$(dirname "$0")/.."
WORK=bench/.work
PRISM_VERSION=5.16.0

postgres=1
args=()
for arg in "$@"; do
  case "$arg" in
    --no-postgres) postgres=0 ;;
    *) args+=("$arg") ;;
  esac
done
case " ${args[*]:-} " in *" --phases "*) [[ " ${args[*]} " == *postgres* ]] || postgres=0 ;; esac

sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
apt_updated=0
apt_install() {
  if [ "$apt_updated" -eq 0 ]; then $sudo apt-get update -qq; apt_updated=1; fi
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$@" >/dev/null
}

echo "==> Prerequisites"
command -v wrk >/dev/null || { echo "    installing wrk (Debian)"; apt_install wrk; }
command -v curl >/dev/null || apt_install curl
command -v python3 >/dev/null || apt_install python3
command -v npm >/dev/null || { echo "    installing nodejs and npm (Debian)"; apt_install nodejs npm; }
if [ ! -x "$WORK/prism/node_modules/.bin/prism" ] || ! grep -q "\"version\": \"$PRISM_VERSION\"" "$WORK/prism/node_modules/@stoplight/prism-cli/package.json" 2>/dev/null; then
  echo "    installing @stoplight/prism-cli@$PRISM_VERSION (npm) into $WORK/prism"
  mkdir -p "$WORK/prism"
  [ -f "$WORK/prism/package.json" ] || echo '{"name":"switchboard-bench-prism","private":true}' > "$WORK/prism/package.json"
  npm install --prefix "$WORK/prism" --no-audit --no-fund --loglevel=error "@stoplight/prism-cli@$PRISM_VERSION" >/dev/null
fi

echo "==> Building (Release)"
source bench/publish.sh
publish_server
publish bench/Baseline "$WORK/baseline"
publish bench/Seeder "$WORK/seeder"

if [ "$postgres" -eq 1 ]; then
  echo "==> PostgreSQL"
  # shellcheck source=../scripts/postgres.sh
  source scripts/postgres.sh
  if postgres_start; then
    trap postgres_stop EXIT
  else
    echo "    PostgreSQL could not start: its phase is skipped" >&2
    unset SWITCHBOARD_TEST_POSTGRES
  fi
else
  unset SWITCHBOARD_TEST_POSTGRES
fi

echo "==> Benchmarks"
python3 bench/bench.py "${args[@]}"
