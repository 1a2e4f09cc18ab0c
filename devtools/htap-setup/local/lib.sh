# shellcheck shell=bash disable=SC2034 # the layout's variables are used by the scripts that source this
# Shared by up.sh and down.sh: the data directory's layout, its state file, and the processes it records.
# Sourced, not run.

# The replicator's defaults (the node's --publication and --slot); down.sh --wipe removes them from a primary
# it did not create, so a stopped stack does not hold the primary's WAL forever.
HTAP_PUBLICATION=htap_pub
HTAP_SLOT=htap_slot

say() { printf '%s\n' "$*"; }
die() { printf '%s: %s\n' "$(basename "$0")" "$*" >&2; exit 1; }

# Absolute path of a directory that may not exist yet.
absolute_dir() {
  mkdir -p "$1"
  (cd "$1" && pwd)
}

# Sets the layout variables for data directory $1.
layout() {
  DATA_DIR=$1
  STATE_FILE=$DATA_DIR/stack.env
  PRIMARY_DATA=$DATA_DIR/primary
  DUCKDB_FILE=$DATA_DIR/analytic.duckdb
  LOG_DIR=$DATA_DIR/logs
  RUN_DIR=$DATA_DIR/run
  BIN_DIR=$DATA_DIR/bin
}

# One up.sh or down.sh at a time per data directory. What up.sh starts must not inherit fd 9 (start it with 9>&-),
# or the lock lasts as long as that process.
lock_data_dir() {
  exec 9>"$DATA_DIR/.lock"
  flock -w 300 9 || die "another up.sh or down.sh holds $DATA_DIR/.lock"
}

# Writes the state file: what up.sh chose, so later runs and down.sh find the same stack.
save_state() {
  {
    printf 'PRIMARY_MODE=%q\n' "$PRIMARY_MODE"
    printf 'PRIMARY_CONN=%q\n' "$PRIMARY_CONN"
    printf 'PRIMARY_PORT=%q\n' "$PRIMARY_PORT"
    printf 'NODE_PORT=%q\n' "$NODE_PORT"
    printf 'ROUTER_PORT=%q\n' "$ROUTER_PORT"
  } >"$STATE_FILE.tmp"
  mv "$STATE_FILE.tmp" "$STATE_FILE"
}

# Parses an Npgsql connection string ("Host=...;Port=...;Username=...") into CONN_HOST, CONN_PORT, CONN_USER,
# CONN_PASSWORD and CONN_DATABASE, with Npgsql's defaults for what it omits.
parse_connection_string() {
  CONN_HOST=localhost CONN_PORT=5432 CONN_USER=${USER:-postgres} CONN_PASSWORD='' CONN_DATABASE=''
  local part key value
  local IFS=';'
  for part in $1; do
    [[ $part == *=* ]] || continue
    key=${part%%=*}
    value=${part#*=}
    key=$(printf '%s' "$key" | tr -d ' ' | tr '[:upper:]' '[:lower:]')
    value=$(printf '%s' "$value" | sed -e 's/^ *//' -e 's/ *$//')
    case $key in
      host | server) CONN_HOST=$value ;;
      port) CONN_PORT=$value ;;
      username | user | userid) CONN_USER=$value ;;
      password | psw | pwd) CONN_PASSWORD=$value ;;
      database | db) CONN_DATABASE=$value ;;
    esac
  done
  [ -n "$CONN_DATABASE" ] || CONN_DATABASE=$CONN_USER
}

# psql against the primary named by the parsed connection string; the password travels in the environment.
primary_psql() {
  PGPASSWORD=$CONN_PASSWORD PGCONNECT_TIMEOUT=5 psql -X -q -A -t -v ON_ERROR_STOP=1 \
    -h "$CONN_HOST" -p "$CONN_PORT" -U "$CONN_USER" -d "$CONN_DATABASE" "$@"
}

# The pid in pid file $1 when that process runs and is $2 (a dll name on its command line); nothing otherwise.
running_pid() {
  local pid
  [ -s "$1" ] || return 1
  pid=$(cat "$1")
  [[ $pid =~ ^[0-9]+$ ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF "$2" || return 1
  printf '%s\n' "$pid"
}

# True when something accepts TCP connections on 127.0.0.1:$1.
port_in_use() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# The newest installed PostgreSQL server's bin directory, or nothing.
postgres_bindir() {
  local dir
  if command -v pg_config >/dev/null && dir=$(pg_config --bindir 2>/dev/null) && [ -x "$dir/initdb" ]; then
    printf '%s\n' "$dir"
    return
  fi
  compgen -G '/usr/lib/postgresql/*/bin/initdb' | sort -V | tail -n 1 | xargs -r dirname
}

# Runs a PostgreSQL server program: as the postgres account when we are root, since the server refuses root.
as_server_account() {
  if [ "$(id -u)" = 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

# Stops process $1 (named $2 in messages) with SIGTERM, waiting up to $3 seconds; SIGKILL after that.
stop_process() {
  local pid=$1 name=$2 patience=$3 waited=0
  kill -TERM "$pid" 2>/dev/null || return 0
  while kill -0 "$pid" 2>/dev/null; do
    if [ "$waited" -ge $((patience * 10)) ]; then
      say "  $name (pid $pid) did not stop within ${patience}s; killing it"
      kill -KILL "$pid" 2>/dev/null || true
      break
    fi
    sleep 0.1
    waited=$((waited + 1))
  done
}
