"""The README's integrator command, copied out of README.md and run as written (a real
shell, a real process) against a database prepared the way ``make run`` prepares it.

The test makes the command's world in a temporary directory: the repository's addon
(so that ``--addons-path=.`` and the sample file's path hold), and the
``.local/odoo.conf`` that ``make run`` writes, pointing at the test's own PostgreSQL.
The database is made there by ``tools/prepare_database.sh``, as ``make run`` makes
it, then dropped.
"""

import json
import re
import shutil
import subprocess
import sys
import tempfile
from contextlib import closing
from pathlib import Path

from odoo import sql_db
from odoo.tests import TransactionCase, tagged
from odoo.tools import SQL, config

REPO = Path(__file__).resolve().parents[2]
README = REPO / "README.md"


def readme_command():
    """The first command of the "For integrators" shell block, continuation lines
    included, exactly as a reader would copy it."""
    section = README.read_text(encoding="utf-8").split("## For integrators", 1)[1]
    block = section.split("```sh\n", 1)[1].split("```", 1)[0]
    lines = []
    for line in block.splitlines():
        lines.append(line)
        if not line.endswith("\\"):
            break
    return "\n".join(lines)


def query(database, sql, params=()):
    with sql_db.db_connect(database).cursor() as cr:
        cr.execute(sql, params)
        return cr.fetchall()


def database_exists(name):
    rows = query("postgres", "SELECT 1 FROM pg_database WHERE datname = %s", (name,))
    return bool(rows)


def drop_database(name):
    sql_db.close_db(name)
    with closing(sql_db.db_connect("postgres").cursor()) as cr:
        cr._cnx.autocommit = True  # DROP DATABASE cannot run in a transaction
        cr.execute(SQL("DROP DATABASE IF EXISTS %s WITH (FORCE)", SQL.identifier(name)))


@tagged("post_install", "-at_install")
class TestIntegratorCommand(TransactionCase):
    def test_the_readme_command_runs_as_written(self):
        command = readme_command()
        database = re.search(r"-d (\S+)", command).group(1)
        self.assertEqual(database, "client_import", "the database of make run")
        self.assertIn("-c .local/odoo.conf", command)
        self.assertFalse(database_exists(database), f"a database {database} is in the way")

        root = Path(tempfile.mkdtemp(prefix="cci-readme-"))
        self.addCleanup(shutil.rmtree, root, ignore_errors=True)
        (root / "crm_client_import").symlink_to(REPO / "crm_client_import")
        conf = root / ".local" / "odoo.conf"
        subprocess.run(
            [
                sys.executable,
                REPO / "tools" / "write_odoo_conf.py",
                conf,
                f"--addons-path={config['addons_path']}",
                f"--db-host={config['db_host'] or ''}",
                f"--db-port={config['db_port'] or ''}",
                f"--db-user={config['db_user'] or ''}",
                f"--data-dir={root / '.local' / 'odoo-data'}",
            ],
            check=True,
        )
        prepared = subprocess.run(
            ["bash", REPO / "tools" / "prepare_database.sh", conf, database],
            capture_output=True,
            text=True,
            timeout=900,
        )
        self.addCleanup(drop_database, database)
        self.assertEqual(prepared.returncode, 0, prepared.stderr)
        self.assertEqual(
            query(database, "SELECT count(*) FROM crm_client_import_job"),
            [(0,)],
            "make run leaves no import behind",
        )

        result = subprocess.run(
            command,
            shell=True,
            executable="/bin/bash",
            cwd=root,
            capture_output=True,
            text=True,
            timeout=600,
        )
        self.assertEqual(result.returncode, 0, result.stderr)
        summary = json.loads(result.stdout.strip().splitlines()[-1])
        self.assertEqual(summary["state"], "done", summary)
        self.assertEqual(summary["rows_read"], 15, "the sample client list")
        self.assertEqual(summary["rows_skipped"], 0, summary["skipped"])
        # The sample data's "Tech Solutions NV" is found and updated, and tagged.
        tagged_accounts = query(
            database,
            """SELECT p.name FROM res_partner p
                 JOIN res_partner_res_partner_category_rel r ON r.partner_id = p.id
                 JOIN res_partner_category c ON c.id = r.category_id
                WHERE c.name->>'en_US' = 'Imported 2026' AND p.parent_id IS NULL""",
        )
        names = {name for (name,) in tagged_accounts}
        self.assertIn("Tech Solutions NV", names)
        self.assertEqual(len(names), summary["accounts_created"] + summary["accounts_updated"])
        self.assertEqual(
            query(database, "SELECT name, state FROM crm_client_import_job"),
            [("sample_clients.csv", "done")],
        )
