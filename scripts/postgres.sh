#!/usr/bin/env bash
# Starts a throwaway PostgreSQL cluster for the tests, installing Debian's postgresql package if it is missing.
# Usage: source scripts/postgres.sh && postgres_start   (sets SWITCHBOARD_TEST_POSTGRES; postgres_stop removes it)
# Runs as an unprivileged user when started as root (PostgreSQL refuses to run as root).

postgres_bin() {
  local dir
  for dir in /usr/lib/postgresql/*/bin; do
    [ -x "$dir/pg_ctl" ] && { echo "$dir"; return 0; }
  done
  return 1
}

postgres_install() {
  if postgres_bin >/dev/null; then return 0; fi
  echo "==> Installing PostgreSQL from Debian's packages"
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq postgresql >/dev/null
  postgres_bin >/dev/null || { echo "PostgreSQL installation failed" >&2; return 1; }
}

postgres_free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

postgres_start() {
  postgres_install || return 1
  local bin; bin="$(postgres_bin)"
  PG_TEST_DIR="$(mktemp -d /tmp/switchboard-pg.XXXXXX)"
  PG_TEST_PORT="$(postgres_free_port)"
  local run=()
  if [ "$(id -u)" -eq 0 ]; then
    id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
    chown postgres "$PG_TEST_DIR"
    run=(runuser -u postgres --)
  fi
  PG_TEST_RUN=("${run[@]}")
  "${run[@]}" "$bin/initdb" -D "$PG_TEST_DIR/data" -U postgres --auth=trust -E UTF8 --no-locale >"$PG_TEST_DIR/initdb.log" 2>&1 \
    || { cat "$PG_TEST_DIR/initdb.log" >&2; return 1; }
  # A test cluster: durability off for speed (POSTGRES_DURABLE=1 keeps PostgreSQL's defaults, for benchmarks that
  # measure what a production server commits), enough connections for parallel test servers.
  local durability="-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
  [ "${POSTGRES_DURABLE:-0}" = 1 ] && durability=""
  "${run[@]}" "$bin/pg_ctl" -D "$PG_TEST_DIR/data" -l "$PG_TEST_DIR/server.log" -w -t 60 \
    -o "-p $PG_TEST_PORT -k $PG_TEST_DIR -c listen_addresses=127.0.0.1 $durability -c max_connections=300" \
    start >/dev/null || { cat "$PG_TEST_DIR/server.log" >&2; return 1; }
  export SWITCHBOARD_TEST_POSTGRES="Host=127.0.0.1;Port=$PG_TEST_PORT;Username=postgres;Database=postgres"
  echo "==> PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$PG_TEST_PORT ($PG_TEST_DIR)"
}

postgres_stop() {
  [ -n "${PG_TEST_DIR:-}" ] || return 0
  local bin; bin="$(postgres_bin)"
  "${PG_TEST_RUN[@]}" "$bin/pg_ctl" -D "$PG_TEST_DIR/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$PG_TEST_DIR"
  unset PG_TEST_DIR SWITCHBOARD_TEST_POSTGRES
}
