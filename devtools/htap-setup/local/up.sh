#!/usr/bin/env bash
# shellcheck disable=SC2153 # DATA_DIR and the other layout variables come from lib.sh
# Brings the HTAP stack up on this machine, without Docker: a PostgreSQL primary (made here unless --primary names
# one), the analytic node replicating from it, and the router in front of both. Installs what is missing on Debian,
# builds, creates seed 000's `test` table, waits until its row is on the analytic node and prints how to connect.
# Running it again is harmless: what runs is left running, what exists is not made again.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../../.." && pwd)
# shellcheck source=SCRIPTDIR/lib.sh
. "$here/lib.sh"

usage() {
  cat <<'USAGE'
Usage: devtools/htap-setup/local/up.sh [options]

  --primary "<conn>"   use this PostgreSQL primary (an Npgsql connection string, e.g.
                       "Host=db;Port=5432;Username=postgres;Password=secret;Database=postgres"; it needs
                       wal_level=logical and a user with REPLICATION) instead of making one
  --data-dir DIR       where the stack keeps its data, binaries, logs and pid files (default: .htap in the checkout)
  --primary-port N     port of the local primary (default 5432, or a free port when 5432 is taken)
  --node-port N        port of the analytic node (default 5433, or a free port when 5433 is taken)
  --router-port N      port of the router (default 9999)
  --no-build           run the binaries already published in DIR/bin instead of building
  --timeout SECONDS    how long to wait for each component to come up (default 120)
  -h, --help           this text

The local primary has the user postgres with the password postgres, like seed 000's postgres:17 container.
Stop the stack with devtools/htap-setup/local/down.sh [--data-dir DIR] [--wipe].
USAGE
}

primary_arg='' data_dir=$repo/.htap primary_port_arg='' node_port_arg='' router_port_arg='' build=1 timeout=120
while [ $# -gt 0 ]; do
  case $1 in
    --primary) primary_arg=${2:?--primary needs a connection string}; shift ;;
    --data-dir) data_dir=${2:?--data-dir needs a directory}; shift ;;
    --primary-port) primary_port_arg=${2:?--primary-port needs a number}; shift ;;
    --node-port) node_port_arg=${2:?--node-port needs a number}; shift ;;
    --router-port) router_port_arg=${2:?--router-port needs a number}; shift ;;
    --no-build) build=0 ;;
    --timeout) timeout=${2:?--timeout needs seconds}; shift ;;
    -h | --help) usage; exit 0 ;;
    *) usage >&2; exit 2 ;;
  esac
  shift
done
for number in "$primary_port_arg" "$node_port_arg" "$router_port_arg" "$timeout"; do
  [[ -z $number || $number =~ ^[0-9]+$ ]] || die "'$number' is not a number"
done

layout "$(absolute_dir "$data_dir")"
mkdir -p "$LOG_DIR" "$RUN_DIR"
lock_data_dir
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

# What an earlier run chose, so this run finds the same stack.
PRIMARY_MODE='' PRIMARY_CONN='' PRIMARY_PORT='' NODE_PORT='' ROUTER_PORT=''
if [ -f "$STATE_FILE" ]; then
  # shellcheck source=/dev/null
  . "$STATE_FILE"
fi
if [ -n "$primary_arg" ]; then
  [ "$PRIMARY_MODE" != local ] || die "$DATA_DIR holds a local primary; use another --data-dir, or down.sh --wipe first"
  [ -z "$PRIMARY_CONN" ] || [ "$PRIMARY_CONN" = "$primary_arg" ] ||
    die "$DATA_DIR replicates another primary; use another --data-dir, or down.sh --wipe first"
  PRIMARY_MODE=external PRIMARY_CONN=$primary_arg
fi
[ -n "$PRIMARY_MODE" ] || PRIMARY_MODE=local

node_pid=$(running_pid "$RUN_DIR/node.pid" HtapRouter.AnalyticNode.dll || true)
router_pid=$(running_pid "$RUN_DIR/router.pid" HtapRouter.Router.dll || true)
primary_running=0
if [ "$PRIMARY_MODE" = local ] && [ -f "$PRIMARY_DATA/postmaster.pid" ] && [ -n "$(postgres_bindir)" ] &&
  as_server_account "$(postgres_bindir)/pg_ctl" -D "$PRIMARY_DATA" status >/dev/null 2>&1; then
  primary_running=1
fi

# --- what this machine needs --------------------------------------------------------------------------------------
command -v dotnet >/dev/null || die "the .NET 10 SDK is required (dotnet is not on PATH): https://dot.net/download"
missing=()
command -v psql >/dev/null || missing+=(postgresql-client)
[ "$PRIMARY_MODE" = external ] || [ -n "$(postgres_bindir)" ] || missing+=(postgresql)
# The router and the node parse SQL with libpg_query: its proto to build, its library to run.
[ -e /usr/include/pg_query/pg_query.proto ] || missing+=(libpg-query-dev)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    say "Installing ${missing[*]} ..."
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    die "please install ${missing[*]} first, e.g.: sudo apt-get install ${missing[*]}"
  fi
fi

# --- ports --------------------------------------------------------------------------------------------------------
# Port $1 (a default or what an earlier run chose) unless something listens there or it is in chosen_ports; else the
# first port above it that is neither.
free_port_from() {
  local port=$1
  while port_in_use "$port" || [[ " ${chosen_ports[*]} " == *" $port "* ]]; do
    port=$((port + 1))
  done
  printf '%s\n' "$port"
}
# $1: the requested port (may be empty), $2: the recorded or default port, $3: whether it runs already, $4: name.
choose_port() {
  local requested=$1 preferred=$2 running=$3 name=$4
  if [ "$running" = 1 ]; then
    [ -z "$requested" ] || [ "$requested" = "$preferred" ] || die "the $name already runs on port $preferred; stop the stack with down.sh to move it"
    printf '%s\n' "$preferred"
  elif [ -n "$requested" ]; then
    ! port_in_use "$requested" || die "port $requested, asked for the $name, is taken by another program"
    printf '%s\n' "$requested"
  else
    free_port_from "$preferred"
  fi
}
[ -n "$NODE_PORT" ] || NODE_PORT=5433
[ -n "$ROUTER_PORT" ] || ROUTER_PORT=9999
# A component moved off a taken port does not land on another one's.
chosen_ports=("${router_port_arg:-$ROUTER_PORT}")
if [ "$PRIMARY_MODE" = local ]; then
  [ -n "$PRIMARY_PORT" ] || PRIMARY_PORT=5432
  chosen_ports+=("${node_port_arg:-$NODE_PORT}")
  PRIMARY_PORT=$(choose_port "$primary_port_arg" "$PRIMARY_PORT" "$primary_running" primary)
  chosen_ports=("${router_port_arg:-$ROUTER_PORT}" "$PRIMARY_PORT")
  PRIMARY_CONN="Host=127.0.0.1;Port=$PRIMARY_PORT;Username=postgres;Password=postgres;Database=postgres"
fi
[ -n "$node_pid" ] && node_running=1 || node_running=0
[ -n "$router_pid" ] && router_running=1 || router_running=0
# Something else on 5433 (a second PostgreSQL) moves the node; the router's port is what users type, so it never moves.
NODE_PORT=$(choose_port "$node_port_arg" "$NODE_PORT" "$node_running" "analytic node")
if [ -z "$router_port_arg" ] && [ "$router_running" = 0 ] && port_in_use "$ROUTER_PORT"; then
  die "port $ROUTER_PORT, the router's, is taken by another program; choose another with --router-port"
fi
ROUTER_PORT=$(choose_port "$router_port_arg" "$ROUTER_PORT" "$router_running" router)
parse_connection_string "$PRIMARY_CONN"
[ "$PRIMARY_MODE" = local ] || PRIMARY_PORT=$CONN_PORT
save_state

# Prints the end of a component's log and fails.
fail_with_log() {
  printf '%s: %s\n' "$(basename "$0")" "$2" >&2
  if [ -f "$1" ]; then
    printf -- '--- last lines of %s ---\n' "$1" >&2
    tail -n 30 "$1" >&2
  fi
  printf 'Stop what did start with: %s --data-dir %q\n' "$here/down.sh" "$DATA_DIR" >&2
  exit 1
}

# Runs "$@" every half second until it succeeds, for at most $timeout seconds.
wait_until() {
  local deadline=$((SECONDS + timeout))
  until "$@" >/dev/null 2>&1; do
    [ "$SECONDS" -lt "$deadline" ] || return 1
    sleep 0.5
  done
}

# As wait_until, for a component we started: fails at once, naming its log, when the process has gone.
# $1: name, $2: pid file, $3: its dll, $4: its log, $5: what we wait for; then the check to run.
wait_for_component() {
  local name=$1 pid_file=$2 dll=$3 log=$4 what=$5 deadline=$((SECONDS + timeout))
  shift 5
  until "$@" >/dev/null 2>&1; do
    running_pid "$pid_file" "$dll" >/dev/null || fail_with_log "$log" "the $name exited before $what"
    [ "$SECONDS" -lt "$deadline" ] || fail_with_log "$log" "the $name did not get to $what within ${timeout}s"
    sleep 0.5
  done
}

# Starts "$@" in its own session, detached from this script and the terminal, with its output in log $2 and its pid in
# pid file $1; prints the pid.
start_detached() {
  local pid_file=$1 log=$2
  shift 2
  # Without the data directory's lock (fd 9), which would otherwise be held for as long as the process runs.
  (cd "$DATA_DIR" && exec setsid "$@" </dev/null >>"$log" 2>&1 9>&-) &
  local pid=$!
  # Not this shell's job any more: no "Aborted ..." report from bash when it exits early; wait_for_component says so.
  disown "$pid"
  printf '%s\n' "$pid" >"$pid_file"
  printf '%s\n' "$pid"
}

# --- build --------------------------------------------------------------------------------------------------------
node_dll=$BIN_DIR/node/HtapRouter.AnalyticNode.dll
router_dll=$BIN_DIR/router/HtapRouter.Router.dll
if [ "$build" = 1 ] && [ -z "$node_pid" ] && [ -z "$router_pid" ]; then
  say "Building the analytic node and the router (Release) into $BIN_DIR ..."
  "$repo/devtools/htap-setup/publish.sh" "$BIN_DIR"
elif [ "$build" = 1 ]; then
  say "The stack runs already; not rebuilding (down.sh, then up.sh, to run new code)."
fi
{ [ -f "$node_dll" ] && [ -f "$router_dll" ]; } || die "no binaries in $BIN_DIR; run without --no-build"

# --- the primary --------------------------------------------------------------------------------------------------
if [ "$PRIMARY_MODE" = local ]; then
  bindir=$(postgres_bindir)
  if [ "$(id -u)" = 0 ]; then
    runuser -u postgres -- test -x "$DATA_DIR" ||
      die "PostgreSQL runs as the postgres account here, which cannot reach $DATA_DIR; choose a --data-dir it can reach (e.g. under /var/tmp)"
  fi
  if [ ! -f "$PRIMARY_DATA/PG_VERSION" ]; then
    say "Creating the primary in $PRIMARY_DATA ..."
    rm -rf "$PRIMARY_DATA"
    mkdir -p "$PRIMARY_DATA"
    chmod 700 "$PRIMARY_DATA"
    password_file=$DATA_DIR/.initdb-password
    printf 'postgres\n' >"$password_file"
    if [ "$(id -u)" = 0 ]; then
      chown postgres: "$PRIMARY_DATA" "$password_file"
    fi
    as_server_account "$bindir/initdb" -D "$PRIMARY_DATA" -U postgres --pwfile="$password_file" \
      --auth=scram-sha-256 -E UTF8 --locale=C --no-instructions >"$LOG_DIR/initdb.log" 2>&1 ||
      { rm -f "$password_file"; fail_with_log "$LOG_DIR/initdb.log" "initdb failed"; }
    rm -f "$password_file"
    printf "include_if_exists = 'htap.conf'\n" >>"$PRIMARY_DATA/postgresql.conf"
  fi
  # Rewritten on every start, so a changed port takes effect; loopback TCP only, no Unix socket to collide with
  # a system server's.
  cat >"$PRIMARY_DATA/htap.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $PRIMARY_PORT
unix_socket_directories = ''
wal_level = logical
max_replication_slots = 10
max_wal_senders = 10
CONF
  touch "$LOG_DIR/primary.log"
  if [ "$(id -u)" = 0 ]; then
    chown postgres: "$PRIMARY_DATA/htap.conf" "$LOG_DIR/primary.log"
  fi
  if [ "$primary_running" = 1 ]; then
    say "The primary runs already on port $PRIMARY_PORT."
  else
    say "Starting the primary on port $PRIMARY_PORT ..."
    as_server_account "$bindir/pg_ctl" -D "$PRIMARY_DATA" -l "$LOG_DIR/primary.log" -w -t "$timeout" start >/dev/null 9>&- ||
      fail_with_log "$LOG_DIR/primary.log" "the primary did not start"
  fi
fi
wait_until primary_psql -c 'SELECT 1' ||
  die "cannot connect to the primary at $CONN_HOST:$CONN_PORT as $CONN_USER (database $CONN_DATABASE)"
wal_level=$(primary_psql -c 'SHOW wal_level')
[ "$wal_level" = logical ] ||
  die "the primary has wal_level=$wal_level; set wal_level=logical (ALTER SYSTEM SET wal_level = logical) and restart it"

# Seed 000's table, only when absent: a second run leaves the walkthrough's rows alone.
primary_psql -c "DO \$\$ BEGIN
  IF to_regclass('public.test') IS NULL THEN
    CREATE TABLE public.test (id int PRIMARY KEY, name text);
    INSERT INTO public.test VALUES (1, 'test');
  END IF;
END \$\$" >/dev/null

# --- the analytic node --------------------------------------------------------------------------------------------
node_psql() {
  PGPASSWORD=$CONN_PASSWORD PGCONNECT_TIMEOUT=5 psql -X -q -A -t -v ON_ERROR_STOP=1 \
    -h 127.0.0.1 -p "$NODE_PORT" -U "$CONN_USER" -d "$CONN_DATABASE" "$@"
}
if [ -n "$node_pid" ]; then
  say "The analytic node runs already on port $NODE_PORT (pid $node_pid)."
else
  say "Starting the analytic node on port $NODE_PORT, replicating from $CONN_HOST:$CONN_PORT ..."
  node_pid=$(
    export "HTAP_Node__Users__$CONN_USER=$CONN_PASSWORD"
    start_detached "$RUN_DIR/node.pid" "$LOG_DIR/node.log" dotnet "$node_dll" --listen 127.0.0.1 --port "$NODE_PORT" \
      --data "$DUCKDB_FILE" --primary "$PRIMARY_CONN"
  )
fi
wait_for_component "analytic node" "$RUN_DIR/node.pid" HtapRouter.AnalyticNode.dll "$LOG_DIR/node.log" \
  "accepting connections on port $NODE_PORT" node_psql -c 'SELECT 1'

say "Waiting for the test table's row on the analytic node ..."
row_replicated() { [ "$(node_psql -c 'SELECT count(*) FROM public.test WHERE id = 1')" = 1 ]; }
wait_for_component "analytic node" "$RUN_DIR/node.pid" HtapRouter.AnalyticNode.dll "$LOG_DIR/node.log" \
  "having the test row" row_replicated

# --- the router ---------------------------------------------------------------------------------------------------
router_psql() {
  PGPASSWORD=$CONN_PASSWORD PGCONNECT_TIMEOUT=5 psql -X -q -A -t -v ON_ERROR_STOP=1 \
    -h 127.0.0.1 -p "$ROUTER_PORT" -U "$CONN_USER" -d "$CONN_DATABASE" "$@"
}
if [ -n "$router_pid" ]; then
  say "The router runs already on port $ROUTER_PORT (pid $router_pid)."
else
  say "Starting the router on port $ROUTER_PORT ..."
  router_pid=$(
    # Clients log in as the primary's user with its password; the router logs in to both nodes the same way.
    export "HTAP_Router__Users__$CONN_USER=$CONN_PASSWORD" "HTAP_Router__BackendPasswords__$CONN_USER=$CONN_PASSWORD"
    export HTAP_Router__HealthCheckUser=$CONN_USER HTAP_Router__HealthCheckPassword=$CONN_PASSWORD
    export HTAP_Router__HealthCheckDatabase=$CONN_DATABASE
    export HTAP_Router__SrCheckUser=$CONN_USER HTAP_Router__SrCheckPassword=$CONN_PASSWORD
    export HTAP_Router__SrCheckDatabase=$CONN_DATABASE
    # Replication delay measured every second rather than pgpool's 10, so SHOW POOL_NODES shows it settle.
    export HTAP_Router__SrCheckPeriod=1
    # Node 0 the primary (weight 0: it gets no balanced reads), node 1 the analytic node, named by its replication
    # slot (backend_application_name), so SHOW POOL_NODES shows its replication_state as pgpool would.
    export HTAP_Router__Backends__0__Host=$CONN_HOST HTAP_Router__Backends__0__Port=$CONN_PORT HTAP_Router__Backends__0__Weight=0
    export HTAP_Router__Backends__1__Host=127.0.0.1 HTAP_Router__Backends__1__Port=$NODE_PORT HTAP_Router__Backends__1__Weight=1
    export HTAP_Router__Backends__1__ApplicationName=htap_slot
    start_detached "$RUN_DIR/router.pid" "$LOG_DIR/router.log" dotnet "$router_dll" --port "$ROUTER_PORT"
  )
fi
nodes_up() { [ "$(router_psql -F '|' -c 'SHOW POOL_NODES' | cut -d '|' -f 4 | sort -u)" = up ]; }
wait_for_component router "$RUN_DIR/router.pid" HtapRouter.Router.dll "$LOG_DIR/router.log" \
  "reporting both nodes up on port $ROUTER_PORT" nodes_up

data_dir_option=''
[ "$DATA_DIR" = "$repo/.htap" ] || data_dir_option=$(printf ' --data-dir %q' "$DATA_DIR")
cat <<DONE

The HTAP stack is up.
  router         127.0.0.1:$ROUTER_PORT    reads go to the analytic node, writes to the primary
  primary        $CONN_HOST:$CONN_PORT$([ "$PRIMARY_MODE" = local ] && printf '    (data in %s)' "$PRIMARY_DATA")
  analytic node  127.0.0.1:$NODE_PORT    (DuckDB file $DUCKDB_FILE)
  logs           $LOG_DIR

Connect (password: $CONN_PASSWORD):
  psql -h 127.0.0.1 -p $ROUTER_PORT -U $CONN_USER$([ "$CONN_DATABASE" = "$CONN_USER" ] || printf ' -d %s' "$CONN_DATABASE")
Check it:  devtools/htap-setup/check.sh$data_dir_option
Stop it:   devtools/htap-setup/local/down.sh$data_dir_option [--wipe]
DONE
