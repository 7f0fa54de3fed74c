#!/usr/bin/env bash
# Runs the product: a project-local PostgreSQL cluster in .local/ (unix socket
# only), a database with contacts, crm_client_import and queue_job (so the bridge
# crm_client_import_queue) installed plus sample data, and Odoo on
# http://127.0.0.1:8069 with queue_job's runner. A second run reuses the database
# (and updates the addon). Ctrl-C stops everything this script started.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
cd "$REPO_DIR"

DATABASE=${CCI_DB:-client_import}
HTTP_PORT=${CCI_HTTP_PORT:-8069}
LOCAL_DIR=$REPO_DIR/.local
SAMPLE_FILE=crm_client_import/static/sample/sample_clients.csv

find_odoo
find_queue_job
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
ODOO_OPTIONS+=(-d "$DATABASE" --data-dir="$LOCAL_DIR/odoo-data" --max-cron-threads=1)
# queue_job's runner starts with the server (server-wide module) and runs two jobs at once.
export ODOO_QUEUE_JOB_MAX_CAPACITY=${ODOO_QUEUE_JOB_MAX_CAPACITY:-2}

database_exists=$(psql -h "$PG_SOCKET" -p "$PG_PORT" -U postgres -d postgres -tAc \
    "SELECT 1 FROM pg_database WHERE datname = '$DATABASE'")
if [ "$database_exists" != 1 ]; then
    echo "Creating database '$DATABASE' with contacts, crm_client_import and queue_job..."
    python3 -m odoo "${ODOO_OPTIONS[@]}" -i contacts,crm_client_import,queue_job --without-demo=all --stop-after-init \
        --log-level=warn
    python3 -m odoo shell "${ODOO_OPTIONS[@]}" --no-http --log-level=warn <tools/load_sample_data.py
else
    echo "Reusing database '$DATABASE'; updating crm_client_import..."
    python3 -m odoo "${ODOO_OPTIONS[@]}" -i queue_job -u crm_client_import --stop-after-init --log-level=warn
fi

cat <<EOF

  Odoo with crm_client_import: http://127.0.0.1:$HTTP_PORT
  Login: admin   Password: admin
  Contacts > Import clients, with the sample client list:
    $REPO_DIR/$SAMPLE_FILE
  (also on the Upload step: "Download a sample file"). Ctrl-C stops everything.

EOF
python3 -m odoo "${ODOO_OPTIONS[@]}" --load=base,web,queue_job --db-filter="^$DATABASE\$" --http-interface=127.0.0.1 \
    --http-port="$HTTP_PORT" --gevent-port="$((HTTP_PORT + 3))" &
odoo_pid=$!
wait "$odoo_pid"
