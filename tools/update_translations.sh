#!/usr/bin/env bash
# Regenerates each addon's i18n/MODULE.pot from the code (in a throwaway database):
# crm_client_import, and crm_client_import_queue when queue_job is installed; then
# merges it into every .po file of the addon, keeping their translations.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
cd "$REPO_DIR"

WORK=$(mktemp -d /tmp/cci-i18n.XXXXXX)
chmod 755 "$WORK"
trap 'pg_stop "$WORK/pg"; rm -rf "$WORK"' EXIT
find_odoo
pg_start "$WORK/pg" "-c fsync=off"
modules=(crm_client_import)
# The queue bridge's terms too, when this machine has queue_job.
if has_queue_job; then
    modules+=(crm_client_import_queue)
fi
python3 -m odoo "${ODOO_OPTIONS[@]}" -d cci_i18n --data-dir="$WORK/data" \
    -i "$(IFS=,; echo "${modules[*]}")" --without-demo=all --stop-after-init --log-level=warn
for module in "${modules[@]}"; do
    python3 -m odoo "${ODOO_OPTIONS[@]}" -d cci_i18n --data-dir="$WORK/data" --log-level=warn \
        --i18n-export="$module/i18n/$module.pot" --modules="$module" --stop-after-init
    python3 tools/merge_po.py "$module/i18n"
done
