#!/usr/bin/env bash
# Runs every test of Switchboard on a fresh machine: installs what is missing (PostgreSQL from Debian's packages,
# the interop suite's npm packages), runs the .NET suites (the server suite on SQLite and again on PostgreSQL),
# the official Codat SDK interop suite and a short crash-safety run, then stops everything it started.
set -uo pipefail
cd "$(dirname "$0")/.."
source scripts/postgres.sh

results=()
failures=() # each failed test's name and message, repeated in the summary (CI shows only the end)
failed=0
tests_passed=0
tests_failed=0
log="$(mktemp /tmp/switchboard-test.XXXXXX.log)"
record() { # name, exit code
  if [ "$2" -eq 0 ]; then results+=("PASS  $1"); else results+=("FAIL  $1"); failed=$((failed + 1)); fi
}
logged() { # the sum of the counts a runner printed in $log since the last count: pass or fail
  grep -aoE "(${1^}ed: +[0-9]+|ℹ $1 [0-9]+)" "$log" | grep -oE '[0-9]+' | awk '{s+=$1} END {print s+0}'
}
count() { # name, exit code, least number of tests the suite passes today: records the suite and adds its counts
  local p f
  # xUnit reports a fixture that fails when it is disposed (a class or collection cleanup failure) apart from the
  # tests, which all passed: the runner exits 1 with "Failed: 0". Each counts as a failed test here.
  p=$(logged pass); f=$(( $(logged fail) + $(grep -aoE '\[[A-Za-z ]*Cleanup Failure \([^)]*\)\]' "$log" | sort -u | wc -l) ))
  # A runner that finds no tests (or fewer: a filter, a broken discovery) still exits 0.
  if [ "$2" -eq 0 ] && [ "$p" -lt "$3" ]; then
    echo "$1: $p tests passed, fewer than the $3 expected"
    record "$1 ($p tests passed, expected at least $3)" 1
  else
    record "$1" "$2"
  fi
  tests_passed=$((tests_passed + p)); tests_failed=$((tests_failed + f))
  # dotnet test prints "  Failed Name [time]" then "  Error Message:" and the message; xUnit prints a cleanup failure,
  # and the runner an aborted run (a crashed test host), on lines of their own; node prints "✖ name".
  while IFS= read -r line; do failures+=("$1: $line"); done < <(
    sed -E 's/^\[xUnit\.net [0-9:.]+\]//' "$log" |
      awk '/^[[:space:]]+Failed .+ \[[^]]*\]$/ || /Cleanup Failure \(|[Tt]est [Rr]un [Aa]borted|test run was aborted|[Cc]atastrophic/ { n = 8 }
           /^[[:space:]]+Stack Trace:/ { n = 0 }
           n > 0 && !/^[[:space:]]*(Error Message:)?[[:space:]]*$/ { print; n-- }' | sed -E 's/^\s+//' | cut -c1-300
    grep -aE '^\s*✖ ' "$log" | sed -E 's/^\s+//' | cut -c1-300 | sort -u)
  : >"$log"
}
trap 'postgres_stop; rm -f "$log"' EXIT

# The Link pages' browser tests (tests/Switchboard.Server.Tests/Browser) drive Debian's Chromium through Playwright;
# Playwright's own browser download is not used.
if ! command -v chromium >/dev/null 2>&1; then
  echo "==> Installing Chromium from Debian's packages"
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  { $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium >/dev/null; } \
    || echo "Chromium installation failed: the browser tests will fail"
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
echo "==> Building"
dotnet build Switchboard.slnx -c Release -nologo -v quiet || { echo "build failed"; exit 1; }

run_dotnet_tests() { # name, least number of tests, project, extra env...
  local name="$1" minimum="$2" project="$3"; shift 3
  echo "==> $name"
  # Only the PostgreSQL run names a database: an inherited SWITCHBOARD_TEST_POSTGRES would turn every run into one.
  # The console logger at detailed prints each failed test with its message and stack, and xUnit's cleanup failures
  # with theirs (minimal names only the fixture); each passed test's line is left out.
  env -u SWITCHBOARD_TEST_POSTGRES "$@" dotnet test "$project" -c Release --no-build --nologo -v quiet --logger "console;verbosity=detailed" 2>&1 \
    | grep --line-buffered -vE '^\s+Passed .+ \[[^]]*\]$' | tee -a "$log"
  count "$name" "${PIPESTATUS[0]}" "$minimum"
}

# The least numbers are a little below what each suite runs today; raise them as tests are added.
run_dotnet_tests "Query language" 500 tests/Switchboard.Query.Tests
run_dotnet_tests "Client SDK" 260 tests/Switchboard.Client.Tests
run_dotnet_tests "Server on SQLite" 1200 tests/Switchboard.Server.Tests

if postgres_start; then
  run_dotnet_tests "Server on PostgreSQL" 1200 tests/Switchboard.Server.Tests SWITCHBOARD_TEST_POSTGRES="$SWITCHBOARD_TEST_POSTGRES"
  postgres_stop
  # A primary and a synchronous standby of its own, two server nodes writing, the primary stopped and the standby
  # promoted mid-stream (tests/failover/README.md).
  echo "==> Database failover: PostgreSQL primary stopped, standby promoted under writes"
  env -u SWITCHBOARD_TEST_POSTGRES dotnet run --project tests/failover -c Release --no-build -v quiet
  record "Database failover (PostgreSQL)" $?
else
  record "PostgreSQL setup" 1
fi

# Streams writes at the real server on SQLite and SIGKILLs it at random moments, checking after every restart that no
# acknowledged write is lost or half applied (tests/crash/README.md). CRASH_CYCLES=200 (or more) for a longer run.
echo "==> Crash safety: SIGKILL during writes, ${CRASH_CYCLES:-50} cycles"
dotnet run --project tests/crash -c Release --no-build -v quiet
record "Crash safety (SIGKILL)" $?

if [ -f tests/interop/package.json ]; then
  echo "==> Official Codat TypeScript SDK against Switchboard"
  (cd tests/interop && npm ci --no-audit --no-fund --loglevel=error && SWITCHBOARD_SERVER_DLL="$PWD/../../src/Switchboard.Server/bin/Release/net10.0/Switchboard.Server.dll" npm test) 2>&1 | tee -a "$log"
  count "Codat SDK interop" "${PIPESTATUS[0]}" 50
fi

echo
echo "==> Summary"
printf '%s\n' "${results[@]}"
if [ "${#failures[@]}" -gt 0 ]; then
  echo "failed tests (name, then the message up to its stack trace, at most 7 lines):"
  printf '  %s\n' "${failures[@]}"
fi
echo "suites: $(( ${#results[@]} - failed )) passed, $failed failed"
# A suite that failed without reporting test counts (a crash, a build error) still fails the run.
[ "$failed" -gt 0 ] && [ "$tests_failed" -eq 0 ] && tests_failed=$failed
echo "$tests_passed passed, $tests_failed failed"
[ "$failed" -eq 0 ]
