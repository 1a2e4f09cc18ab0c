#!/usr/bin/env bash
# End-to-end check of a running HTAP stack (local/up.sh's, docker-compose's, or any router in front of a primary and
# analytic nodes): nodes up, router reachable, DML and DDL replicated, the standby refusing writes, load balancing,
# concurrent writes, replication lag back to 0. Prints a pass/fail table, writes a Markdown report, and exits 1 when
# any check fails. Needs only bash and psql.
set -uo pipefail

usage() {
  cat <<'USAGE'
Usage: devtools/htap-setup/check.sh [options]

  --data-dir DIR        take the ports of the stack local/up.sh runs in DIR (then the options below override)
  --host HOST           where the router, primary and node run (default 127.0.0.1)
  --router-port N       the router (default 9999)
  --primary-host HOST   the primary, when not on --host
  --primary-port N      the primary (default 5432)
  --node-host HOST      the analytic node, when not on --host
  --node-port N         the analytic node (default 5433)
  --user NAME           who connects, everywhere (default postgres)
  --password PASSWORD   their password (default: $PGPASSWORD, else postgres)
  --database NAME       database (default postgres)
  --slot NAME           the replicator's slot on the primary (default htap_slot)
  --writers N           concurrent writers (default 5)
  --rows N              rows each writer inserts (default 6)
  --timeout SECONDS     how long replication may take to show a change (default 60)
  --report PATH         the Markdown report (default htap-check-report.md)
  -h, --help            this text
USAGE
}

host=127.0.0.1 router_port='' primary_host='' primary_port='' node_host='' node_port=''
user=postgres password=${PGPASSWORD:-postgres} database=postgres slot=htap_slot
writers=5 rows=6 timeout=60 report=htap-check-report.md data_dir=''
while [ $# -gt 0 ]; do
  case $1 in
    --data-dir) data_dir=${2:?}; shift ;;
    --host) host=${2:?}; shift ;;
    --router-port) router_port=${2:?}; shift ;;
    --primary-host) primary_host=${2:?}; shift ;;
    --primary-port) primary_port=${2:?}; shift ;;
    --node-host) node_host=${2:?}; shift ;;
    --node-port) node_port=${2:?}; shift ;;
    --user) user=${2:?}; shift ;;
    --password) password=${2?}; shift ;;
    --database) database=${2:?}; shift ;;
    --slot) slot=${2:?}; shift ;;
    --writers) writers=${2:?}; shift ;;
    --rows) rows=${2:?}; shift ;;
    --timeout) timeout=${2:?}; shift ;;
    --report) report=${2:?}; shift ;;
    -h | --help) usage; exit 0 ;;
    *) usage >&2; exit 2 ;;
  esac
  shift
done
command -v psql >/dev/null || { echo "check.sh: psql is required (apt-get install postgresql-client)" >&2; exit 2; }

if [ -n "$data_dir" ]; then
  [ -f "$data_dir/stack.env" ] || { echo "check.sh: no stack in $data_dir (no stack.env)" >&2; exit 2; }
  PRIMARY_PORT='' NODE_PORT='' ROUTER_PORT=''
  # shellcheck source=/dev/null
  . "$data_dir/stack.env"
  [ -n "$router_port" ] || router_port=$ROUTER_PORT
  [ -n "$node_port" ] || node_port=$NODE_PORT
  [ -n "$primary_port" ] || primary_port=$PRIMARY_PORT
fi
router_port=${router_port:-9999} primary_port=${primary_port:-5432} node_port=${node_port:-5433}
primary_host=${primary_host:-$host} node_host=${node_host:-$host}
for number in "$router_port" "$primary_port" "$node_port" "$writers" "$rows" "$timeout"; do
  [[ $number =~ ^[0-9]+$ ]] || { echo "check.sh: '$number' is not a number" >&2; exit 2; }
done

# --- clients ------------------------------------------------------------------------------------------------------
export PGPASSWORD=$password PGCONNECT_TIMEOUT=10
# Unaligned, tuples only, '|' between columns, stopping at the first error; the password stays in the environment.
sql_at() {
  local at_host=$1 at_port=$2
  shift 2
  psql -X -q -A -t -F '|' -v ON_ERROR_STOP=1 -h "$at_host" -p "$at_port" -U "$user" -d "$database" "$@" 2>&1
}
router() { sql_at "$host" "$router_port" -c "$1"; }
primary() { sql_at "$primary_host" "$primary_port" -c "$1"; }
node() { sql_at "$node_host" "$node_port" -c "$1"; }

# Runs "$@" until its output is $1's value, for at most $timeout seconds; leaves the last output in $LAST.
LAST=''
wait_for_output() {
  local expected=$1 deadline=$((SECONDS + timeout))
  shift
  while true; do
    LAST=$("$@")
    [ "$LAST" != "$expected" ] || return 0
    [ "$SECONDS" -lt "$deadline" ] || return 1
    sleep 0.3
  done
}

# SHOW POOL_NODES through the router, one "id|status|role|select_cnt|replication_delay" line per node.
pool_nodes() { router 'SHOW POOL_NODES' | awk -F '|' 'NF >= 11 { print $1 "|" $4 "|" $7 "|" $9 "|" $11 }'; }
standby_ids() { pool_nodes | awk -F '|' '$3 == "standby" { print $1 }'; }
standby_select_count() { pool_nodes | awk -F '|' '$3 == "standby" { s += $4 } END { print s + 0 }'; }

# --- the checks ---------------------------------------------------------------------------------------------------
# Each check is a function that sets DETAIL and returns 0 (pass) or 1 (fail).
names=() results=() details=() durations=()
check() {
  local name=$1 started=$SECONDS result
  shift
  DETAIL=''
  if "$@"; then result=PASS; else result=FAIL; fi
  names+=("$name") results+=("$result") details+=("${DETAIL//$'\n'/ }") durations+=("$((SECONDS - started))s")
  printf '  %-4s %s\n' "$result" "$name" >&2
}

run_id=$(date +%s)_$$
table=htap_check.run_$run_id

check_router_reachable() {
  local out
  out=$(router "SELECT current_setting('server_version')") || { DETAIL="cannot query the router at $host:$router_port: $out"; return 1; }
  DETAIL="logged in to $host:$router_port as $user, server_version $out"
}

check_nodes_up() {
  local nodes down
  nodes=$(pool_nodes)
  if [ -z "$nodes" ]; then
    DETAIL="SHOW POOL_NODES gave no nodes: $(router 'SHOW POOL_NODES')"
    return 1
  fi
  DETAIL=$(printf '%s\n' "$nodes" | awk -F '|' '{ printf "%snode %s %s %s", sep, $1, $3, $2; sep = ", " }')
  down=$(printf '%s\n' "$nodes" | awk -F '|' '$2 != "up"' | wc -l)
  [ "$down" = 0 ] && [ -n "$(standby_ids)" ] && printf '%s\n' "$nodes" | grep -q '|primary|'
}

check_roles() {
  local on_primary on_node
  on_primary=$(primary 'SELECT pg_is_in_recovery()')
  on_node=$(node 'SELECT pg_is_in_recovery()')
  DETAIL="pg_is_in_recovery(): primary $primary_host:$primary_port '$on_primary', node $node_host:$node_port '$on_node'"
  [ "$on_primary" = f ] && [ "$on_node" = t ]
}

check_slot_streaming() {
  local active
  active=$(primary "SELECT active FROM pg_replication_slots WHERE slot_name = '$slot'")
  DETAIL="slot $slot active: '${active:-absent}'"
  [ "$active" = t ]
}

# CREATE TABLE reaches the node with the table's first row (logical replication carries no DDL of its own).
check_ddl_create() {
  local out
  out=$(router "CREATE SCHEMA IF NOT EXISTS htap_check; CREATE TABLE $table (id int PRIMARY KEY, writer int, name text)") ||
    { DETAIL="CREATE TABLE through the router failed: $out"; return 1; }
  out=$(router "INSERT INTO $table VALUES (0, 0, 'created')") || { DETAIL="INSERT through the router failed: $out"; return 1; }
  if wait_for_output "0|created" node "SELECT id, name FROM $table"; then
    DETAIL="$table created through the router is on the node"
  else
    DETAIL="after ${timeout}s the node has: $LAST"
    return 1
  fi
}

check_dml() {
  local out
  out=$(router "INSERT INTO $table VALUES (1, 0, 'inserted'); UPDATE $table SET name = 'updated' WHERE id = 0") ||
    { DETAIL="INSERT and UPDATE through the router failed: $out"; return 1; }
  wait_for_output $'0|updated\n1|inserted' node "SELECT id, name FROM $table ORDER BY id" ||
    { DETAIL="INSERT and UPDATE: after ${timeout}s the node has: $LAST"; return 1; }
  out=$(router "DELETE FROM $table WHERE id = 1") || { DETAIL="DELETE through the router failed: $out"; return 1; }
  wait_for_output 0 node "SELECT id FROM $table ORDER BY id" ||
    { DETAIL="DELETE: after ${timeout}s the node has: $LAST"; return 1; }
  DETAIL="INSERT, UPDATE and DELETE through the router are on the node"
}

check_ddl_alter() {
  local out
  out=$(router "ALTER TABLE $table ADD COLUMN note text; UPDATE $table SET note = 'added' WHERE id = 0") ||
    { DETAIL="ALTER TABLE through the router failed: $out"; return 1; }
  if wait_for_output added node "SELECT note FROM $table WHERE id = 0"; then
    DETAIL="ALTER TABLE ... ADD COLUMN note: the node has the column and its value"
  else
    DETAIL="after ${timeout}s the node has: $LAST"
    return 1
  fi
}

check_standby_read_only() {
  local out sqlstate
  out=$(sql_at "$node_host" "$node_port" -v VERBOSITY=verbose -c "INSERT INTO $table VALUES (-1, 0, 'direct')")
  sqlstate=$(printf '%s\n' "$out" | sed -n 's/^ERROR: *\([0-9A-Z]\{5\}\):.*/\1/p' | head -n 1)
  DETAIL="INSERT on the node directly: SQLSTATE ${sqlstate:-none} ($(printf '%s\n' "$out" | head -n 1))"
  [ "$sqlstate" = 25006 ]
}

check_load_balancing() {
  local before after i reads=10
  before=$(standby_select_count)
  # Each read in its own session, as pgpool balances sessions.
  for ((i = 0; i < reads; i++)); do
    router "SELECT count(*) FROM $table" >/dev/null || { DETAIL="a SELECT through the router failed"; return 1; }
  done
  after=$(standby_select_count)
  DETAIL="select_cnt of the standbys: $before -> $after after $reads SELECTs through the router"
  [ "$after" -gt "$before" ]
}

check_concurrent_writes() {
  local w pids=() failed=0 expected=$((writers * rows + 1)) started=$SECONDS count
  for ((w = 1; w <= writers; w++)); do
    # One session per writer, one transaction per row.
    seq 1 "$rows" | awk -v w="$w" -v t="$table" -v q="'" \
      '{ printf "INSERT INTO %s (id, writer, name) VALUES (%d, %d, %sconcurrent%s);\n", t, w * 1000 + $1, w, q, q }' |
      sql_at "$host" "$router_port" >/dev/null &
    pids+=($!)
  done
  for w in "${pids[@]}"; do
    wait "$w" || failed=$((failed + 1))
  done
  if [ "$failed" -gt 0 ]; then
    DETAIL="$failed of $writers writers failed"
    return 1
  fi
  count=$(primary "SELECT count(*) FROM $table")
  if [ "$count" != "$expected" ]; then
    DETAIL="the primary has $count rows, expected $expected"
    return 1
  fi
  if wait_for_output "$expected" node "SELECT count(*) FROM $table"; then
    DETAIL="$writers writers x $rows rows through the router: $expected rows on the primary and the node ($((SECONDS - started))s)"
  else
    DETAIL="the primary has $expected rows, the node $LAST after ${timeout}s"
    return 1
  fi
}

check_lag_zero() {
  delays() { pool_nodes | awk -F '|' '$3 == "standby" { printf "%snode %s: %s", sep, $1, $5; sep = ", " }'; }
  all_zero() { pool_nodes | awk -F '|' '$3 == "standby" { n++; if ($5 + 0 != 0) bad++ } END { exit !(n > 0 && bad == 0) }'; }
  local deadline=$((SECONDS + timeout))
  until all_zero; do
    if [ "$SECONDS" -ge "$deadline" ]; then
      DETAIL="replication_delay after ${timeout}s: $(delays)"
      return 1
    fi
    sleep 0.5
  done
  DETAIL="replication_delay in SHOW POOL_NODES: $(delays)"
}

# The node keeps a table the primary drops (no DDL travels on its own), so it is emptied first, which does travel.
cleanup() {
  router "TRUNCATE $table; DROP TABLE $table" >/dev/null 2>&1 || true
}
trap cleanup EXIT

printf 'Checking the HTAP stack: router %s:%s, primary %s:%s, analytic node %s:%s\n' \
  "$host" "$router_port" "$primary_host" "$primary_port" "$node_host" "$node_port" >&2
check "Router reachable" check_router_reachable
check "Nodes up (SHOW POOL_NODES)" check_nodes_up
check "Primary writable, node in recovery" check_roles
check "Replication slot streaming" check_slot_streaming
check "DDL replicated: CREATE TABLE" check_ddl_create
check "DML replicated: INSERT, UPDATE, DELETE" check_dml
check "DDL replicated: ALTER TABLE ADD COLUMN" check_ddl_alter
check "Standby rejects writes (25006)" check_standby_read_only
check "Load balancing to the standby" check_load_balancing
check "Concurrent writes replicated" check_concurrent_writes
check "Replication lag back to 0" check_lag_zero

# --- the results --------------------------------------------------------------------------------------------------
passed=0 failed=0
for result in "${results[@]}"; do
  if [ "$result" = PASS ]; then passed=$((passed + 1)); else failed=$((failed + 1)); fi
done

printf '\n %-2s  %-40s %-6s %-5s %s\n' '#' Check Result Time Detail
printf ' %s\n' "$(printf '%.0s-' {1..120})"
for i in "${!names[@]}"; do
  printf ' %-2s  %-40s %-6s %-5s %s\n' "$((i + 1))" "${names[$i]}" "${results[$i]}" "${durations[$i]}" "${details[$i]}"
done
printf '\n%d passed, %d failed\n' "$passed" "$failed"

{
  printf '# HTAP stack check\n\n'
  printf -- '- when: %s\n' "$(date -u '+%Y-%m-%d %H:%M:%S UTC')"
  # shellcheck disable=SC2016 # the backquotes are Markdown
  printf -- '- router: `%s:%s`, primary: `%s:%s`, analytic node: `%s:%s`, user `%s`, database `%s`\n' \
    "$host" "$router_port" "$primary_host" "$primary_port" "$node_host" "$node_port" "$user" "$database"
  printf -- '- result: **%d passed, %d failed**\n\n' "$passed" "$failed"
  printf '| # | Check | Result | Time | Detail |\n| ---: | --- | --- | ---: | --- |\n'
  for i in "${!names[@]}"; do
    printf '| %d | %s | %s | %s | %s |\n' "$((i + 1))" "${names[$i]}" \
      "$([ "${results[$i]}" = PASS ] && echo '✅ PASS' || echo '❌ FAIL')" "${durations[$i]}" "${details[$i]//|/\\|}"
  done
} >"$report"
printf 'Report: %s\n' "$report"
[ "$failed" = 0 ]
