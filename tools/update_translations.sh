#!/usr/bin/env bash
# Regenerates crm_client_import/i18n/crm_client_import.pot from the code (in a
# throwaway database) and merges it into every .po file, keeping their translations.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
cd "$REPO_DIR"

WORK=$(mktemp -d /tmp/cci-i18n.XXXXXX)
chmod 755 "$WORK"
trap 'pg_stop "$WORK/pg"; rm -rf "$WORK"' EXIT
find_odoo
pg_start "$WORK/pg" "-c fsync=off"
I18N_DIR=crm_client_import/i18n
python3 -m odoo "${ODOO_OPTIONS[@]}" -d cci_i18n --data-dir="$WORK/data" -i crm_client_import \
    --without-demo=all --stop-after-init --log-level=warn
python3 -m odoo "${ODOO_OPTIONS[@]}" -d cci_i18n --data-dir="$WORK/data" --log-level=warn \
    --i18n-export="$I18N_DIR/crm_client_import.pot" --modules=crm_client_import --stop-after-init
python3 tools/merge_po.py "$I18N_DIR"
