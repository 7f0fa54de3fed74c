"""The command line as integrators run it: real processes against the test
database, checked through fresh connections (see ``process_common``)."""

import json
import signal
from pathlib import Path

from odoo.tests import TransactionCase, tagged

from .process_common import (
    QUEUE_RUNNER,
    TALLY_QUERY,
    Worker,
    company_turn_held,
    job_named,
    odoo_command,
    portal_logins_on,
    query,
    run_cli,
    run_shell,
    set_batch_size,
    wait_for,
    write_csv,
)


@tagged("post_install", "-at_install")
class TestCommandLine(TransactionCase):
    def run_cli(self, *args):
        return run_cli(*args)

    def write_file(self, rows, name="clients.csv"):
        return write_csv(self, rows, name)

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

    def test_a_committed_import_is_undone_whole_from_the_command_line(self):
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
        result = self.run_cli("--undo", str(job_id), "--json")
        self.assertEqual(result.returncode, 0, result.stderr)
        undone = json.loads(result.stdout.strip().splitlines()[-1])
        self.assertEqual((undone["state"], undone["complete"]), ("undone", True))
        self.assertEqual(undone["reverted"]["partners_archived"], 6)
        self.assertEqual(undone["refused"], [])
        self.assertTrue(undone["report"].startswith("Everything was undone.\n"))
        again = self.run_cli("--undo", str(job_id), "--json")
        self.assertEqual(again.returncode, 1)
        self.assertIn("already undone", json.loads(again.stdout)["error"])
        still_active = query(
            "SELECT name FROM res_partner WHERE active AND "
            "(name LIKE 'CLI Undo %%' OR email LIKE '%%@cli-undo.example.com')"
        )
        self.assertEqual(still_active, [])

    def test_portal_logins_invitations_and_language_are_options(self):
        path = self.write_file(
            [
                [f"CLI Portal {n}", f"Pia{n}", "Portal", f"pia{n}@cli-portal.example.com"]
                for n in (1, 2)
            ]
        )
        result = self.run_cli(path, "--json", "--portal-login", "--no-notify", "--lang", "en_US")
        self.assertEqual(result.returncode, 0, result.stderr)
        job_id = json.loads(result.stdout.strip().splitlines()[-1])["job_id"]
        self.addCleanup(self.run_cli, "--undo", str(job_id))
        settings = query(
            "SELECT portal_login, portal_notify, portal_email_sync, send_invitations IS TRUE, lang "
            "FROM crm_client_import_job WHERE id = %s",
            (job_id,),
        )
        self.assertEqual(settings, [(True, False, True, False, "en_US")])
        logins = query(
            "SELECT count(*) FROM res_users WHERE active AND login LIKE '%%@cli-portal.example.com'"
        )
        self.assertEqual(logins, [(2,)])
        unknown = self.run_cli(path, "--lang", "xx_XX")
        self.assertEqual(unknown.returncode, 1)
        self.assertIn("--lang 'xx_XX' is not an installed language: en_US", unknown.stderr)

    def test_dry_run_writes_nothing(self):
        path = self.write_file([["CLI Dry Run BV", "Dee", "Dry", "dee@dry.example.com"]])
        result = self.run_cli(path, "--json", "--dry-run")
        self.assertEqual(result.returncode, 0, result.stderr)
        summary = json.loads(result.stdout.strip().splitlines()[-1])
        self.assertEqual((summary["state"], summary["new_accounts"]), ("review", 1))
        self.assertEqual(query("SELECT id FROM res_partner WHERE name = 'CLI Dry Run BV'"), [])

    def test_html_tables_named_xls_or_htm_are_read(self):
        data = Path(__file__).parent / "data"
        reviewed = self.run_cli(str(data / "clients_libreoffice.htm"), "--json", "--dry-run")
        self.assertEqual(reviewed.returncode, 0, reviewed.stderr)
        summary = json.loads(reviewed.stdout.strip().splitlines()[-1])
        self.assertEqual((summary["rows"], summary["new_accounts"]), (15, 15))
        old_tool = data / "clients_practice_tool.xls"
        reviewed = self.run_cli(str(old_tool), "--json", "--dry-run", "--kind", "contacts")
        self.assertEqual(reviewed.returncode, 0, reviewed.stderr)
        self.assertEqual(json.loads(reviewed.stdout.strip().splitlines()[-1])["rows"], 4)

    def test_a_fatal_error_exits_non_zero_with_a_message(self):
        result = self.run_cli("/nonexistent/clients.csv", "--json")
        self.assertEqual(result.returncode, 1)
        self.assertEqual(json.loads(result.stdout)["state"], "error")
        bad = self.write_file([["x", "y", "z", "w"]])
        result = self.run_cli(bad, "--kind", "accounts", "--account-type", "planet")
        self.assertEqual(result.returncode, 1)
        self.assertIn("--account-type", result.stderr)

    # --- stopping and resuming ---------------------------------------------------

    def test_ctrl_c_cancels_after_the_current_batch_and_says_so(self):
        set_batch_size(self, 20)
        rows = [[f"CLI Stop {n // 2}", f"Sam{n}", "Stop", ""] for n in range(600)]
        path = self.write_file(rows, "cli_stop.csv")
        worker = Worker(odoo_command("client-import", path, "--json"))
        wait_for(lambda: (job := job_named("cli_stop.csv")) and job[2] >= 40, what="2 batches")
        worker.signal(signal.SIGINT)
        code, output = worker.wait()
        self.assertEqual(code, 128 + signal.SIGINT, output)
        self.assertIn("stops after its current batch", output)
        self.assertIn("was cancelled after", output)
        job_id = job_named("cli_stop.csv")[0]
        counters = TALLY_QUERY
        state, read, accounted, accounts = ended = query(counters, [job_id])[0]
        self.assertEqual(state, "cancelled")
        self.assertTrue(40 <= read < 600 and read % 20 == 0, f"whole batches only: {read}")
        self.assertEqual(accounted, read, "tally")
        # A person who pressed Ctrl-C expects it to stay stopped: no worker goes on.
        run_shell(QUEUE_RUNNER)
        self.assertEqual(query(counters, [job_id])[0], ended)
        (written,) = query("SELECT count(*) FROM res_partner WHERE name LIKE 'CLI Stop %%'")[0]
        self.assertEqual(written, accounts)

    def test_resume_continues_a_job_killed_before_its_first_batch(self):
        portal_logins_on(self)
        rows = [[f"CLI Resume {n}", f"Rea{n}", "Resume", f"rea{n}@cli-resume.example.com"]
                for n in range(30)]  # fmt: skip
        path = self.write_file(rows, "cli_resume.csv")
        # Another import of the company runs: the new job waits, committed, for its turn.
        company_id = self.env.ref("base.main_company").id
        with company_turn_held(company_id):
            worker = Worker(odoo_command("client-import", path, "--json"))
            job_id, state, _done = wait_for(lambda: job_named("cli_resume.csv"), what="the job")
            self.assertEqual(state, "queued", "created and started in one transaction")
            # Only the job's worker may resume it while it lives.
            refused = self.run_cli("--resume", str(job_id))
            self.assertEqual(refused.returncode, 1, refused.stderr)
            self.assertIn("Another process is running the import", refused.stderr)
            worker.kill()
            wait_for(lambda: not worker.group_alive(), timeout=10, what="the worker's end")
            worker.wait()
        self.assertEqual(job_named("cli_resume.csv")[1:], ("queued", 0))

        resumed = self.run_cli("--resume", str(job_id), "--json")
        self.assertEqual(resumed.returncode, 0, resumed.stderr)
        summary = json.loads(resumed.stdout.strip().splitlines()[-1])
        self.assertEqual((summary["state"], summary["rows_read"]), ("done", 30))
        logins = query("SELECT count(*) FROM res_users WHERE login LIKE '%%@cli-resume.%%'")
        self.assertEqual(logins, [(30,)], "the portal step ran in the resuming process")
        again = self.run_cli("--resume", str(job_id))
        self.assertEqual(again.returncode, 1)
        self.assertIn("Done", again.stderr)
        mixed = self.run_cli("--resume", str(job_id), "--tags", "x")
        self.assertEqual(mixed.returncode, 2)
        self.assertIn("--tags", mixed.stderr)
