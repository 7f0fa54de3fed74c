#!/usr/bin/env bash
# prepare_database.sh CONFIG DATABASE: the database of `make run`, made with the
# Odoo configuration file CONFIG (see write_odoo_conf.py): contacts and
# crm_client_import installed without demo data (and queue_job, so the bridge
# crm_client_import_queue, when this machine has it), then the sample data of
# load_sample_data.py. tools/run.sh and the test of the README's integrator
# command both prepare their database with it.
set -euo pipefail
config=$1
database=$2
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
cd "$REPO_DIR"

modules=contacts,crm_client_import
if has_queue_job; then
    modules=$modules,queue_job
fi
python3 -m odoo -c "$config" -d "$database" -i "$modules" --without-demo=all \
    --stop-after-init --no-http --log-level=warn
python3 -m odoo shell -c "$config" -d "$database" --no-http --log-level=warn <tools/load_sample_data.py
