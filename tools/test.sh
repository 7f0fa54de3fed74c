#!/usr/bin/env bash
# The whole test suite: lint, the pure-Python tests of lib/, then the addon's Odoo
# tests with browser tours, in a throwaway PostgreSQL cluster and database and a
# network namespace that has only loopback. Ends with one line "N passed, N failed".
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
cd "$REPO_DIR" || exit 1

ODOO_TEST_TAGS=${ODOO_TEST_TAGS:-/crm_client_import,/test_crm_client_import_extension,/crm_client_import_queue}
WORK=$(mktemp -d /tmp/cci-test.XXXXXX)
chmod 755 "$WORK"
cleanup() {
    pg_stop "$WORK/pg"
    rm -rf "$WORK"
}
trap cleanup EXIT

section() { printf '\n==== %s ====\n' "$*"; }

# Runs a command where the only network is loopback (Odoo's iap and
# partner_autocomplete would otherwise call out).
in_loopback_namespace() {
    command -v unshare >/dev/null && command -v ip >/dev/null \
        || die "unshare and ip (util-linux, iproute2) are needed to cut the tests off the network."
    local namespace_flags=(--net)
    [ "$(id -u)" = 0 ] || namespace_flags+=(--map-root-user)
    unshare "${namespace_flags[@]}" -- sh -c 'ip link set lo up && exec "$@"' sh "$@"
}

lint_status=0
section "Lint: ruff"
ruff check . && ruff format --check . || lint_status=1

section "Pure-Python tests: pytest"
python3 -m pytest --junitxml="$WORK/pytest.xml"

section "Odoo tests: $ODOO_TEST_TAGS"
find_odoo
find_queue_job
command -v chromium >/dev/null || command -v google-chrome >/dev/null \
    || echo "WARNING: no Chromium on PATH: the browser tours will be skipped, and that fails the run."
pg_start "$WORK/pg" "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
database=cci_test_$$
in_loopback_namespace python3 -m odoo "${ODOO_OPTIONS[@]}" -d "$database" --data-dir="$WORK/data" \
    -i crm_client_import,test_crm_client_import_extension,queue_job --test-enable \
    --test-tags="$ODOO_TEST_TAGS" --stop-after-init \
    --without-demo=all --max-cron-threads=0 --http-interface=127.0.0.1 --http-port=8069 \
    2>&1 | tee "$WORK/odoo.log"
odoo_status=${PIPESTATUS[0]}

section "Summary"
python3 tools/test_summary.py --pytest-junit "$WORK/pytest.xml" --odoo-log "$WORK/odoo.log" \
    --odoo-status "$odoo_status" --lint-status "$lint_status" --test-tags "$ODOO_TEST_TAGS"
