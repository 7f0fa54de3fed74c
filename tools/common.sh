# Shared helpers of tools/run.sh and tools/test.sh (sourced, not run).
# They find an Odoo 18 that is already installed and drive a private PostgreSQL
# cluster that listens on a unix socket only. Nothing here installs Odoo.

REPO_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PG_PORT=5432
ODOO_DB_USER=odoo

die() {
    printf '\nERROR: %s\n' "$*" >&2
    exit 1
}

# Sets ODOO_ADDONS_PATH, or fails loudly when python3 cannot import Odoo 18.
find_odoo() {
    local found
    found=$(python3 - <<'PY' 2>/dev/null
import os
import odoo.release
root = os.path.dirname(os.path.dirname(os.path.abspath(odoo.release.__file__)))
addons = [p for p in (os.path.join(root, "addons"),) if os.path.isdir(p)]
print(odoo.release.version_info[0], ",".join(addons))
PY
    ) || found=""
    local major=${found%% *}
    if [ "$major" != "18" ]; then
        die "Odoo 18 cannot be imported by python3 (found: '${major:-nothing}').
Install Odoo 18.0 so that 'python3 -c \"import odoo\"' works, with its own
requirements.txt, then run this again. This project never installs Odoo itself."
    fi
    ODOO_ADDONS_PATH=${found#* }
    ODOO_ADDONS_PATH=${ODOO_ADDONS_PATH:+$ODOO_ADDONS_PATH,}$REPO_DIR
}

# Fails loudly when OCA queue_job (a PyPI package, installed into Odoo's addons
# namespace) is missing: the bridge addon crm_client_import_queue needs it.
# Whether OCA queue_job 18.0 is installed where Odoo finds its addons.
has_queue_job() {
    python3 - <<'PY' 2>/dev/null
import os
import odoo.addons
assert any(os.path.isfile(os.path.join(path, "queue_job", "__manifest__.py"))
           for path in odoo.addons.__path__)
PY
}

find_queue_job() {
    has_queue_job || die "OCA queue_job 18.0 is not installed. Install it from PyPI, without
its 'odoo' requirement (Odoo is already here): pip install --no-deps 'odoo-addon-queue-job>=18.0,<18.1'
(.ci/run does it)."
}

# PostgreSQL refuses to run as root: run its commands as the postgres OS user then.
as_pg_owner() {
    if [ "$(id -u)" = 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

# pg_start DIR [SERVER OPTIONS]: create (once) and start a cluster in DIR,
# its socket in DIR/socket, no TCP. Sets PG_SOCKET and ODOO_OPTIONS (for python3 -m odoo).
pg_start() {
    local dir=$1 extra_options=${2:-}
    command -v initdb >/dev/null || die "PostgreSQL's initdb is not on PATH."
    mkdir -p "$dir/socket"
    dir=$(cd "$dir" && pwd)  # PostgreSQL reads a relative socket path from its data dir
    [ "$(id -u)" = 0 ] && chown -R postgres "$dir"
    if [ ! -f "$dir/data/PG_VERSION" ]; then
        as_pg_owner initdb -D "$dir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 \
            >"$dir/initdb.log" 2>&1 || die "initdb failed, see $dir/initdb.log"
    fi
    as_pg_owner pg_ctl -D "$dir/data" -l "$dir/postgres.log" -w -t 60 \
        -o "-c listen_addresses='' -k '$dir/socket' -p $PG_PORT $extra_options" start >/dev/null \
        || die "PostgreSQL did not start, see $dir/postgres.log"
    PG_SOCKET=$dir/socket
    local has_role
    has_role=$(psql -h "$PG_SOCKET" -p $PG_PORT -U postgres -d postgres -tAc \
        "SELECT 1 FROM pg_roles WHERE rolname = '$ODOO_DB_USER'")
    if [ "$has_role" != 1 ]; then
        psql -h "$PG_SOCKET" -p $PG_PORT -U postgres -d postgres -qc \
            "CREATE ROLE $ODOO_DB_USER LOGIN CREATEDB" || die "cannot create the database role"
    fi
    ODOO_OPTIONS=(--addons-path="$ODOO_ADDONS_PATH"
        --db_host="$PG_SOCKET" --db_port=$PG_PORT --db_user=$ODOO_DB_USER)
}

pg_stop() {
    local dir=$1
    [ -f "$dir/data/postmaster.pid" ] && as_pg_owner pg_ctl -D "$dir/data" -m fast -w stop >/dev/null 2>&1
    return 0
}
