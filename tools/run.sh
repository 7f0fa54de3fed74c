#!/usr/bin/env bash
# Runs the product: a project-local PostgreSQL cluster in .local/ (unix socket
# only), a database with contacts and crm_client_import installed plus sample
# data, and Odoo on http://127.0.0.1:8069. A second run reuses the database
# (and updates the addon). It writes .local/odoo.conf (addons path, database
# socket and user, data dir), which Odoo's commands and the README's integrator
# command use. When OCA queue_job is installed on this machine, the database gets
# it too (so the bridge crm_client_import_queue) and Odoo starts its runner.
# Ctrl-C stops everything this script started.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
cd "$REPO_DIR"

DATABASE=${CCI_DB:-client_import}
HTTP_PORT=${CCI_HTTP_PORT:-8069}
LOCAL_DIR=$REPO_DIR/.local
CONFIG=$LOCAL_DIR/odoo.conf
SAMPLE_FILE=crm_client_import/static/sample/sample_clients.csv

find_odoo
mkdir -p "$LOCAL_DIR"
odoo_pid=""
# Ctrl-C reaches Odoo directly (same process group), so on INT only wait for its
# graceful shutdown; a second signal would force it.
stop_all() {
    local signal=$1
    trap - EXIT INT TERM
    if [ -n "$odoo_pid" ] && kill -0 "$odoo_pid" 2>/dev/null; then
        [ "$signal" = INT ] || kill -TERM "$odoo_pid" 2>/dev/null || true
        wait "$odoo_pid" 2>/dev/null || true
    fi
    pg_stop "$LOCAL_DIR/pg"
    echo "Stopped Odoo and PostgreSQL."
}
trap 'stop_all EXIT' EXIT
trap 'stop_all INT' INT
trap 'stop_all TERM' TERM

pg_start "$LOCAL_DIR/pg"
python3 tools/write_odoo_conf.py "$CONFIG" --addons-path="$ODOO_ADDONS_PATH" \
    --db-host="$PG_SOCKET" --db-port="$PG_PORT" --db-user="$ODOO_DB_USER" \
    --data-dir="$LOCAL_DIR/odoo-data"
SERVER_WIDE=base,web
if has_queue_job; then
    SERVER_WIDE=base,web,queue_job
    # queue_job's runner starts with the server (server-wide module), two jobs at once.
    export ODOO_QUEUE_JOB_MAX_CAPACITY=${ODOO_QUEUE_JOB_MAX_CAPACITY:-2}
fi

database_exists=$(psql -h "$PG_SOCKET" -p "$PG_PORT" -U postgres -d postgres -tAc \
    "SELECT 1 FROM pg_database WHERE datname = '$DATABASE'")
if [ "$database_exists" != 1 ]; then
    echo "Creating database '$DATABASE'..."
    bash tools/prepare_database.sh "$CONFIG" "$DATABASE"
else
    echo "Reusing database '$DATABASE'; updating crm_client_import..."
    extra=$(has_queue_job && echo "-i queue_job" || true)
    # shellcheck disable=SC2086
    python3 -m odoo -c "$CONFIG" -d "$DATABASE" $extra -u crm_client_import --stop-after-init \
        --no-http --log-level=warn
fi

cat <<EOF

  Odoo with crm_client_import: http://127.0.0.1:$HTTP_PORT
  Login: admin   Password: admin
  Contacts > Import clients, with the sample client list:
    $REPO_DIR/$SAMPLE_FILE
  (also on the Upload step: "the sample client list").
  Odoo's configuration, for the integrator command of the README: $CONFIG
  Ctrl-C stops everything.

EOF
python3 -m odoo -c "$CONFIG" -d "$DATABASE" --max-cron-threads=1 --load="$SERVER_WIDE" \
    --db-filter="^$DATABASE\$" --http-interface=127.0.0.1 --http-port="$HTTP_PORT" \
    --gevent-port="$((HTTP_PORT + 3))" &
odoo_pid=$!
wait "$odoo_pid"
