"""Real processes against the test database: the command line, and a worker killed
with SIGKILL in the middle of an import, then resumed.

These processes commit, so the tests check what they did through a fresh database
connection and use names no other test uses.
"""

import base64
import json
import logging
import os
import random
import signal
import subprocess
import sys
import tempfile
import time

from odoo import sql_db
from odoo.tests import TransactionCase, get_db_name, tagged
from odoo.tools import config

from .common import csv_bytes

_logger = logging.getLogger(__name__)

HEADER = ["Account name", "First name", "Last name", "Email"]


def odoo_command(*args):
    """``python3 -m odoo`` on the test database; ``--addons-path`` first so that
    Odoo finds the addon's command."""
    connection = [
        f"--{option}={config[option]}"
        for option in ("db_host", "db_port", "db_user", "db_password")
        if config.get(option)
    ]
    return [
        sys.executable,
        "-m",
        "odoo",
        f"--addons-path={config['addons_path']}",
        *args,
        "-d",
        get_db_name(),
        *connection,
        "--log-level=warn",
    ]


def run_shell(script, timeout=300):
    return subprocess.run(
        odoo_command("shell", "--no-http"),
        input=script,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=True,
    )


def query(sql, params=()):
    """Read committed data, outside the test's own transaction."""
    with sql_db.db_connect(get_db_name()).cursor() as cr:
        cr.execute(sql, params)
        return cr.fetchall()


@tagged("post_install", "-at_install")
class TestCommandLine(TransactionCase):
    def run_cli(self, *args):
        return subprocess.run(
            odoo_command("client-import", *args),
            capture_output=True,
            text=True,
            timeout=300,
        )

    def write_file(self, rows):
        with tempfile.NamedTemporaryFile(suffix=".csv", delete=False) as handle:
            handle.write(csv_bytes(HEADER, rows))
        self.addCleanup(os.unlink, handle.name)
        return handle.name

    def test_json_summary_counts_and_lists_skipped_rows(self):
        path = self.write_file(
            [
                ["CLI Client One", "Ann", "One", "ann@cli-one.example.com"],
                ["CLI Client One", "Bob", "One", "bob@cli-one.example.com"],
                ["CLI Client Two", "", "", "cyd@cli-two.example.com"],
            ]
        )
        result = self.run_cli(path, "--json", "--tags", "CLI import", "--duplicates", "update")
        self.assertEqual(result.returncode, 0, result.stderr)
        summary = json.loads(result.stdout.strip().splitlines()[-1])
        self.assertEqual(summary["state"], "done")
        self.assertEqual(summary["rows_read"], 3)
        self.assertEqual(summary["accounts_created"], 1)
        self.assertEqual(summary["contacts_created"], 2)
        self.assertEqual([row["row"] for row in summary["skipped"]], [4])
        self.assertIn("no name", summary["skipped"][0]["reason"])
        tagged_accounts = query(
            """SELECT p.name FROM res_partner p
                 JOIN res_partner_res_partner_category_rel r ON r.partner_id = p.id
                 JOIN res_partner_category c ON c.id = r.category_id
                WHERE c.name->>'en_US' = 'CLI import'"""
        )
        self.assertEqual(tagged_accounts, [("CLI Client One",)])

    def test_a_committed_import_is_undone_whole(self):
        # The batch commits, then the portal toggles (Notify, Email sync) write the
        # contacts in a later transaction: undo must not take that for later edits.
        path = self.write_file(
            [
                [f"CLI Undo {n // 2}", f"Una{n}", "Undo", f"una{n}@cli-undo.example.com"]
                for n in range(4)
            ]
        )
        result = self.run_cli(path, "--json")
        self.assertEqual(result.returncode, 0, result.stderr)
        job_id = json.loads(result.stdout.strip().splitlines()[-1])["job_id"]
        notified = query(
            "SELECT count(*) FROM res_partner WHERE email LIKE '%%@cli-undo.example.com' "
            "AND client_portal_notify"
        )
        self.assertEqual(notified, [(4,)])
        run_shell(
            f"job = env['crm.client.import.job'].browse({job_id})\n"
            "job.action_undo()\nenv.cr.commit()\n"
        )
        ((report,),) = query(
            "SELECT undo_report FROM crm_client_import_job WHERE id = %s", [job_id]
        )
        self.assertTrue(report.startswith("Everything was undone.\n"), report)
        self.assertIn("Partners archived: 6", report)
        still_active = query(
            "SELECT name FROM res_partner WHERE active AND "
            "(name LIKE 'CLI Undo %%' OR email LIKE '%%@cli-undo.example.com')"
        )
        self.assertEqual(still_active, [])

    def test_dry_run_writes_nothing(self):
        path = self.write_file([["CLI Dry Run BV", "Dee", "Dry", "dee@dry.example.com"]])
        result = self.run_cli(path, "--json", "--dry-run")
        self.assertEqual(result.returncode, 0, result.stderr)
        summary = json.loads(result.stdout.strip().splitlines()[-1])
        self.assertEqual((summary["state"], summary["new_accounts"]), ("review", 1))
        self.assertEqual(query("SELECT id FROM res_partner WHERE name = 'CLI Dry Run BV'"), [])

    def test_a_fatal_error_exits_non_zero_with_a_message(self):
        result = self.run_cli("/nonexistent/clients.csv", "--json")
        self.assertEqual(result.returncode, 1)
        self.assertEqual(json.loads(result.stdout)["state"], "error")
        bad = self.write_file([["x", "y", "z", "w"]])
        result = self.run_cli(bad, "--kind", "accounts", "--account-type", "planet")
        self.assertEqual(result.returncode, 1)
        self.assertIn("--account-type", result.stderr)


SETUP_SCRIPT = """
import base64
env["ir.config_parameter"].set_param("crm_client_import.batch_size", "40")
job = env["crm.client.import.job"].create_from_file(base64.b64decode({data!r}), "crash.csv")
job.strictness = "strict"
job._prepare_start()
env.cr.commit()
print("JOB", job.id)
"""
WORKER_SCRIPT = """
env["crm.client.import.job"]._cron_run_queue()
env.cr.commit()
"""
CLEANUP_SCRIPT = """
env["ir.config_parameter"].set_param("crm_client_import.batch_size", False)
env.cr.commit()
"""


@tagged("post_install", "-at_install")
class TestKillAndResume(TransactionCase):
    ROWS = 800  # 20 batches of 40

    def test_a_killed_worker_resumes_without_duplicate_or_loss(self):
        rows = [
            [f"Crash Client {n // 2}", f"First{n}", "Crash", f"crash{n}@example.com"]
            for n in range(self.ROWS)
        ]
        for n in range(0, self.ROWS, 50):  # every 50th row is invalid: skipped (strict)
            rows[n][3] = f"crash{n}@"
        data = base64.b64encode(csv_bytes(HEADER, rows)).decode()
        output = run_shell(SETUP_SCRIPT.format(data=data)).stdout
        job_id = int(output.split("JOB")[1].split()[0])
        self.addCleanup(run_shell, CLEANUP_SCRIPT)

        seed = random.randrange(10**6)
        _logger.info("kill-and-resume seed %s", seed)
        chance = random.Random(seed)
        kills = 0
        for _attempt in range(12):
            state, done = query(
                "SELECT state, COALESCE(next_row_index, 0) FROM crm_client_import_job "
                "WHERE id = %s",
                [job_id],
            )[0]
            if state == "done":
                break
            # Kill while the worker works on a batch, after 1 to 4 more committed batches.
            target = done + 40 * chance.randint(1, 4)
            worker = subprocess.Popen(
                odoo_command("shell", "--no-http"),
                stdin=subprocess.PIPE,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                text=True,
            )
            worker.stdin.write(WORKER_SCRIPT)
            worker.stdin.close()
            deadline = time.monotonic() + 120
            while worker.poll() is None and time.monotonic() < deadline:
                progress = query(
                    "SELECT COALESCE(next_row_index, 0) FROM crm_client_import_job WHERE id = %s",
                    [job_id],
                )[0][0]
                if progress >= target:
                    break
                time.sleep(0.05)
            if worker.poll() is None:
                worker.send_signal(signal.SIGKILL)
                kills += 1
                _logger.info("killed the worker at row %s", progress)
            worker.wait()
        # Whatever is left, a last worker finishes it.
        run_shell(WORKER_SCRIPT)

        (state, read, imported, unchanged, skipped, accounts, contacts) = query(
            """SELECT state, rows_read,
                      COALESCE(rows_created, 0) + COALESCE(rows_updated, 0)
                      + COALESCE(rows_linked, 0), COALESCE(rows_unchanged, 0),
                      rows_skipped, accounts_created, contacts_created
                 FROM crm_client_import_job WHERE id = %s""",
            [job_id],
        )[0]
        self.assertGreaterEqual(kills, 2, f"the worker was never killed mid-job (seed {seed})")
        self.assertEqual(state, "done")
        invalid = len(range(0, self.ROWS, 50))
        self.assertEqual((read, skipped), (self.ROWS, invalid))
        self.assertEqual(read, imported + unchanged + skipped)
        duplicates = query(
            "SELECT name, count(*) FROM res_partner WHERE name LIKE 'Crash Client %%' "
            "GROUP BY name HAVING count(*) > 1"
        )
        self.assertEqual(duplicates, [], "an account was created twice")
        (account_count,) = query(
            "SELECT count(*) FROM res_partner WHERE name LIKE 'Crash Client %%'"
        )[0]
        self.assertEqual(account_count, accounts)
        self.assertEqual(account_count, self.ROWS // 2, "every account is there")
        emails = query(
            "SELECT email, count(*) FROM res_partner WHERE email LIKE 'crash%%@example.com' "
            "GROUP BY email"
        )
        self.assertEqual(len(emails), self.ROWS - invalid, "every valid contact is there")
        self.assertEqual({count for _email, count in emails}, {1}, "a contact was created twice")
        self.assertEqual(contacts, self.ROWS - invalid)
        skipped_rows = query(
            "SELECT row_number FROM crm_client_import_row "
            "WHERE job_id = %s AND outcome = 'skipped'",
            [job_id],
        )
        expected_rows = [n + 2 for n in range(0, self.ROWS, 50)]  # row 1 is the header
        self.assertEqual(sorted(number for (number,) in skipped_rows), expected_rows)
