#!/usr/bin/env bash
# Sourced by the bench scripts: publishes the server (as the README recommends for production: for this machine's
# runtime identifier, framework-dependent, which makes it ReadyToRun; BENCH_PORTABLE=1 publishes it portable, JIT
# only) and any other project into bench/.work. Expects WORK to be set. require_wrk stops a script that needs wrk.
require_wrk() { command -v wrk >/dev/null || { echo "wrk is missing: run bench/run.sh once (it installs it), or apt-get install wrk" >&2; exit 1; }; }

publish() { dotnet publish "$1" -c Release -o "$2" -nologo -v:quiet -clp:ErrorsOnly "${@:3}"; }

# This machine's runtime identifier, or nothing where there is none to name.
bench_rid() {
  case "$(uname -m)" in
    x86_64) echo linux-x64 ;;
    aarch64|arm64) echo linux-arm64 ;;
  esac
}

# Publish arguments for this machine's runtime identifier, framework-dependent and ReadyToRun, unless BENCH_PORTABLE=1 or there is none.
bench_rid_args() {
  local rid; rid="$(bench_rid)"
  [ -n "$rid" ] && [ "${BENCH_PORTABLE:-0}" != 1 ] && echo "-r $rid --self-contained false -p:PublishReadyToRun=true"
  return 0
}

publish_server() {
  local args; args="$(bench_rid_args)"
  rm -rf "$WORK/server"
  # shellcheck disable=SC2086 # the arguments are words
  publish src/Switchboard.Server "$WORK/server" $args
  if [ -n "$args" ]; then
    export BENCH_SERVER_BUILD="Release, -r $(bench_rid) --self-contained false (ReadyToRun)"
  else
    export BENCH_SERVER_BUILD="Release, portable (no ReadyToRun)"
  fi
}
