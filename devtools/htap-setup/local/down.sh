#!/usr/bin/env bash
# shellcheck disable=SC2153 # DATA_DIR and the other layout variables come from lib.sh
# Stops the stack up.sh started: the router, then the analytic node, then the local primary, each asked to stop
# (SIGTERM, or pg_ctl's fast shutdown) and waited for. With --wipe it then removes the stack's data, and on a primary
# it did not create, the publication and replication slot the analytic node made there.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../../.." && pwd)
# shellcheck source=SCRIPTDIR/lib.sh
. "$here/lib.sh"

usage() {
  cat <<'USAGE'
Usage: devtools/htap-setup/local/down.sh [--data-dir DIR] [--wipe]

  --data-dir DIR   the stack's directory, as given to up.sh (default: .htap in the checkout)
  --wipe           also delete the stack's data: the local primary, the DuckDB file, binaries and logs; on a
                   primary given with --primary, drop the htap_pub publication and the htap_slot slot
USAGE
}

data_dir=$repo/.htap wipe=0
while [ $# -gt 0 ]; do
  case $1 in
    --data-dir) data_dir=${2:?--data-dir needs a directory}; shift ;;
    --wipe) wipe=1 ;;
    -h | --help) usage; exit 0 ;;
    *) usage >&2; exit 2 ;;
  esac
  shift
done

if [ ! -d "$data_dir" ]; then
  say "Nothing to stop: $data_dir does not exist."
  exit 0
fi
layout "$(cd "$data_dir" && pwd)"
lock_data_dir
if [ ! -f "$STATE_FILE" ]; then
  say "No stack in $DATA_DIR (no stack.env)."
  exit 0
fi
PRIMARY_MODE='' PRIMARY_CONN=''
# shellcheck source=/dev/null
. "$STATE_FILE"

# The router first, so clients see it go rather than a half-working stack; the node may need a while to checkpoint.
if pid=$(running_pid "$RUN_DIR/router.pid" HtapRouter.Router.dll); then
  say "Stopping the router (pid $pid) ..."
  stop_process "$pid" router 30
fi
rm -f "$RUN_DIR/router.pid"
if pid=$(running_pid "$RUN_DIR/node.pid" HtapRouter.AnalyticNode.dll); then
  say "Stopping the analytic node (pid $pid) ..."
  stop_process "$pid" "analytic node" 60
fi
rm -f "$RUN_DIR/node.pid"

if [ "$PRIMARY_MODE" = local ] && [ -f "$PRIMARY_DATA/postmaster.pid" ]; then
  bindir=$(postgres_bindir)
  [ -n "$bindir" ] || die "PostgreSQL's server programs are gone; stop the postgres of $PRIMARY_DATA yourself"
  say "Stopping the primary ..."
  if ! as_server_account "$bindir/pg_ctl" -D "$PRIMARY_DATA" -m fast -w -t 60 stop >/dev/null 2>&1 &&
    as_server_account "$bindir/pg_ctl" -D "$PRIMARY_DATA" status >/dev/null 2>&1; then
    die "the primary did not stop; see $LOG_DIR/primary.log"
  fi
fi

if [ "$wipe" = 0 ]; then
  say "Stopped. The data stays in $DATA_DIR (down.sh --wipe deletes it)."
  exit 0
fi

if [ "$PRIMARY_MODE" = external ]; then
  parse_connection_string "$PRIMARY_CONN"
  say "Dropping the slot $HTAP_SLOT and the publication $HTAP_PUBLICATION on $CONN_HOST:$CONN_PORT ..."
  primary_psql -c "SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = '$HTAP_SLOT'" \
    -c "DROP PUBLICATION IF EXISTS $HTAP_PUBLICATION" >/dev/null ||
    say "  could not; drop them yourself, or the primary keeps its WAL for the slot"
fi
say "Deleting the stack's data in $DATA_DIR ..."
rm -rf "$PRIMARY_DATA" "$DUCKDB_FILE" "$DUCKDB_FILE.wal" "$LOG_DIR" "$RUN_DIR" "$BIN_DIR" "$STATE_FILE" "$DATA_DIR/.initdb-password"
# The lock file goes last; the directory too when nothing else is in it.
rm -f "$DATA_DIR/.lock"
rmdir "$DATA_DIR" 2>/dev/null || true
say "Stopped and wiped."
