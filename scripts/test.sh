#!/usr/bin/env bash
# Runs every test of Switchboard on a fresh machine: installs what is missing (PostgreSQL from Debian's packages,
# the interop suite's npm packages), runs the .NET suites (the server suite on SQLite and again on PostgreSQL),
# the official Codat SDK interop suite and a short crash-safety run, then stops everything it started.
set -uo pipefail
cd "$(dirname "$0")/.."
source scripts/postgres.sh

results=()
failed=0
record() { # name, exit code
  if [ "$2" -eq 0 ]; then results+=("PASS  $1"); else results+=("FAIL  $1"); failed=$((failed + 1)); fi
}
trap 'postgres_stop' EXIT

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
echo "==> Building"
dotnet build Switchboard.slnx -c Release -nologo -v quiet || { echo "build failed"; exit 1; }

run_dotnet_tests() { # name, project, extra env...
  local name="$1" project="$2"; shift 2
  echo "==> $name"
  env "$@" dotnet test "$project" -c Release --no-build --nologo -v quiet
  record "$name" $?
}

run_dotnet_tests "Query language" tests/Switchboard.Query.Tests
run_dotnet_tests "Client SDK" tests/Switchboard.Client.Tests
run_dotnet_tests "Server on SQLite" tests/Switchboard.Server.Tests

if postgres_start; then
  run_dotnet_tests "Server on PostgreSQL" tests/Switchboard.Server.Tests SWITCHBOARD_TEST_POSTGRES="$SWITCHBOARD_TEST_POSTGRES"
  postgres_stop
else
  record "PostgreSQL setup" 1
fi

if [ -f tests/interop/package.json ]; then
  echo "==> Official Codat TypeScript SDK against Switchboard"
  (cd tests/interop && npm ci --no-audit --no-fund --loglevel=error && SWITCHBOARD_SERVER_DLL="$PWD/../../src/Switchboard.Server/bin/Release/net10.0/Switchboard.Server.dll" npm test)
  record "Codat SDK interop" $?
fi

echo
echo "==> Summary"
printf '%s\n' "${results[@]}"
passed=$(( ${#results[@]} - failed ))
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
