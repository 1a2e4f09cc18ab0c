#!/usr/bin/env bash
# HtapRouter's side-by-side benchmark (issue #7) in one command, from a fresh clone on Debian with the .NET 10 SDK:
# installs what is missing (PostgreSQL, PgBouncer, pgpool-II) when run as root, builds the solution in Release,
# runs bench/HtapBench, and tears everything down however the run ends.
#
#   bench/run.sh            full run (~40 min on 2 cores): writes bench/RESULTS.md
#   bench/run.sh --quick    small sizes, one run per figure (< 5 min): writes bench/RESULTS-quick.md
#   bench/run.sh --check    only the correctness checks (TPC-H results via node/router equal PostgreSQL's), for CI
#   more options: bench/run.sh --help
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

command -v dotnet >/dev/null || { echo "bench: the .NET 10 SDK is required (dotnet not on PATH)" >&2; exit 2; }

check=0
for argument in "$@"; do [ "$argument" = "--check" ] && check=1; done

missing=()
compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || missing+=(postgresql)
command -v psql >/dev/null || missing+=(postgresql-client)
command -v pg_recvlogical >/dev/null || missing+=(postgresql-client)
command -v pgbench >/dev/null || missing+=(postgresql-contrib)
[ -e /usr/include/pg_query/pg_query.proto ] || missing+=(libpg-query-dev)
# --check compares query results only; the proxies are needed for the timed scenarios.
if [ "$check" = 0 ]; then
  [ -x /usr/sbin/pgbouncer ] || command -v pgbouncer >/dev/null || missing+=(pgbouncer)
  [ -x /usr/sbin/pgpool ] || command -v pgpool >/dev/null || missing+=(pgpool2)
  command -v cc >/dev/null || missing+=(gcc)  # builds bench/relay/byte-relay.c, the OLTP floor
fi
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "bench: installing ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "bench: please install ${missing[*]} (sudo apt-get install ${missing[*]})" >&2
    exit 2
  fi
fi

# A thousand idle clients need a thousand sockets in the harness and as many in the proxy under test.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

keep=0
for argument in "$@"; do [ "$argument" = "--keep" ] && keep=1; done
work=$(mktemp -d /tmp/htap-bench.XXXXXX)
chmod 755 "$work"

# Whatever the harness did not stop (it was killed, or crashed) is named by a pid file under $work: the
# primary's postmaster.pid, pgpool's, PgBouncer's, and the harness's own for the node and router processes.
cleanup() {
  local status=$?
  while IFS= read -r pidfile; do
    pid=$(head -n 1 "$pidfile" 2>/dev/null || true)
    case "$pid" in ''|*[!0-9]*) continue ;; esac
    if kill -0 "$pid" 2>/dev/null; then
      echo "bench: stopping leftover process $pid ($pidfile)" >&2
      # SIGQUIT is PostgreSQL's immediate shutdown, which also ends its backends; the others are killed.
      if [ "$(basename "$pidfile")" = postmaster.pid ]; then kill -QUIT "$pid" 2>/dev/null || true; sleep 1; fi
      kill -KILL "$pid" 2>/dev/null || true
    fi
  done < <(find "$work" -name '*.pid' 2>/dev/null)
  if [ "$keep" = 1 ]; then echo "bench: kept $work" >&2; else rm -rf "$work"; fi
  exit "$status"
}
trap cleanup EXIT

echo "bench: building the solution (Release)" >&2
dotnet build HtapRouter.sln -c Release --nologo -v quiet -clp:ErrorsOnly
dotnet bench/HtapBench/bin/Release/net10.0/HtapBench.dll --work-dir "$work" "$@"
