"""National numbers and IBANs stay out of logs, chatter, mails and errors; hostile cell
text stays data everywhere (HTML, searches, the skipped-rows CSV)."""

import csv
import io
import zipfile
from unittest.mock import patch

from odoo.tests import TransactionCase, tagged

from ..lib import catalogue
from .access_common import HEADER, IBAN, NATIONAL_NUMBER, ROWS, TwoCompaniesMixin
from .common import ClientImportJobMixin, csv_bytes

NN_DIGITS = "85073003329"
IBAN_COMPACT = "BE68539007547035"
SCRIPT = "<script>alert(1)</script>"
FORMULA = '=HYPERLINK("http://evil","x")'
SQL_FRAGMENT = "'); DROP TABLE res_partner;--"
LONG_CELL = "x" * 100_000


def compact(text):
    return "".join(char for char in str(text) if char.isalnum())


class FullValuesMixin:
    def assertNoFullValue(self, text, where):
        """Neither the national number nor the IBAN, however separated."""
        squashed = compact(text)
        self.assertNotIn(NN_DIGITS, squashed, where)
        self.assertNotIn(IBAN_COMPACT, squashed.upper(), where)
        self.assertNotIn("0754", text, where)


@tagged("post_install", "-at_install")
class TestMasking(FullValuesMixin, TwoCompaniesMixin, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._create_two_companies()

    def job_mails(self, job):
        return self.env["mail.mail"].search([("model", "=", job._name), ("res_id", "=", job.id)])

    def test_skipped_reasons_keep_the_values_but_chatter_and_mail_do_not(self):
        job = self.job_a
        reason = job.skipped_row_ids.reason
        self.assertIn(NATIONAL_NUMBER, reason, "the skipped rows are the one full copy")
        self.assertIn(IBAN, reason)
        bodies = job.message_ids.mapped("body")
        self.assertTrue(bodies)
        mails = self.job_mails(job)
        self.assertTrue(mails, "the importer was mailed")
        for text in [*bodies, *mails.mapped("body_html")]:
            self.assertNoFullValue(text, "chatter / mail")

    def test_review_lists_invalid_rows_masked(self):
        job = (
            self.env["crm.client.import.job"]
            .with_user(self.user_a)
            .create_from_file(csv_bytes(HEADER, ROWS), "review.csv")
        )
        job.strictness = "strict"
        job.action_review()
        invalid = job.review["invalid"]
        self.assertEqual([item["row"] for item in invalid], [3])
        self.assertIn("85.07.**-***.**", invalid[0]["reason"])
        self.assertIn("BE68 **** **** 7035", invalid[0]["reason"])
        self.assertNoFullValue(str(job.review), "review")

    def test_a_crash_on_a_cell_is_logged_and_reported_masked(self):
        """An integrator's normalizer fails and quotes the cell: the log, the job's
        error, its chatter message and its mail show the values masked."""

        def fragile(value, context, country):
            raise ValueError(f"cannot check {value}")

        def targets(job):
            return [
                *catalogue.default_targets(),
                catalogue.Target(
                    "account.legacy_check",
                    catalogue.ACCOUNT,
                    "Legacy check",
                    field_name="ref",
                    normalizer=fragile,
                ),
            ]

        Job = type(self.env["crm.client.import.job"])
        cell = f"{NATIONAL_NUMBER} / {IBAN}"
        with patch.object(Job, "_import_targets", targets):
            job = (
                self.env["crm.client.import.job"]
                .with_user(self.user_a)
                .create_from_file(
                    csv_bytes(["Account name", "Check"], [["Secret BV", cell]]), "crash.csv"
                )
            )
            mapping = dict(job.mapping)
            for column in mapping["columns"]:
                if column["header"] == "Check":
                    column.update(action="sync", target="account.legacy_check")
            job.mapping = mapping
            with self.assertLogs("odoo.addons.crm_client_import", level="DEBUG") as logs:
                job.action_start()
        self.assertEqual(job.state, "failed")
        output = "\n".join(logs.output)
        self.assertIn("Client import", output)
        self.assertIn("ValueError", output, "the traceback is logged...")
        self.assertIn("85.07.**-***.**", output, "...with the values masked")
        self.assertNoFullValue(output, "log")
        self.assertIn("cannot check", job.error_message)
        self.assertNoFullValue(job.error_message, "error_message")
        self.assertIn("cannot check", job.message_ids[0].body)
        self.assertNoFullValue(job.message_ids[0].body, "chatter")
        mails = self.job_mails(job)
        self.assertIn("cannot check", mails.body_html)
        self.assertNoFullValue(mails.body_html, "mail")


@tagged("post_install", "-at_install")
class TestHostileCells(ClientImportJobMixin, TwoCompaniesMixin, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._create_two_companies()

    def import_hostile(self, **settings):
        header = ["Account name", "VAT number", "Notes", "Assignee"]
        rows = [
            [SCRIPT, "", "<img src=x onerror=alert(2)>", ""],
            [FORMULA, "", "", ""],
            [SQL_FRAGMENT, "", "", ""],
            ["Long BV", "", LONG_CELL, "acc_plai%"],
            ["Skipped script", SCRIPT, "", ""],
            [FORMULA, "BE0000000000", "+cmd|' /C calc'!A0", ""],
        ]
        Job = self.env["crm.client.import.job"].with_user(self.user_a)
        job = Job.create_from_file(csv_bytes(header, rows), f"{SCRIPT}.csv")
        job.write(dict(settings, import_kind="accounts", strictness="strict"))
        job.action_start()
        self.assertTally(job)
        return job

    def test_cells_are_stored_as_text(self):
        job = self.import_hostile()
        self.assertEqual((job.accounts_created, job.rows_skipped), (4, 2))
        Partner = self.env["res.partner"]
        for name in (SCRIPT, FORMULA, SQL_FRAGMENT):
            self.assertEqual(len(Partner.search([("name", "=", name)])), 1, name)
        self.assertTrue(Partner.search_count([]), "res_partner is still there")
        long_bv = Partner.search([("name", "=", "Long BV")])
        self.assertIn(LONG_CELL, long_bv.comment)
        self.assertNotEqual(long_bv.user_id, self.plain_a, "a cell is no search pattern")
        cells = job.skipped_row_ids.mapped("cells")
        self.assertEqual(cells[0][1], SCRIPT)
        self.assertEqual(cells[1][0], FORMULA)

    def test_cells_are_escaped_in_html(self):
        job = self.import_hostile()
        notes = self.env["res.partner"].search([("name", "=", SCRIPT)]).comment
        self.assertIn("&lt;img src=x onerror=alert(2)&gt;", notes)
        self.assertNotIn("<img", notes)
        body = job.message_ids[0].body
        self.assertIn("&lt;script&gt;alert(1)&lt;/script&gt;", body, "the file name, escaped")
        self.assertNotIn("<script>", body)
        template = self.env.ref("crm_client_import.mail_template_import_finished")
        html = template._render_field("body_html", job.ids)[job.id]
        self.assertIn("&lt;script&gt;", html)
        self.assertNotIn("<script>", html)

    def test_the_skipped_rows_csv_is_formula_neutralized(self):
        job = self.import_hostile()
        with zipfile.ZipFile(io.BytesIO(job.skipped_file_id.raw)) as archive:
            text = archive.read("skipped.csv").decode("utf-8-sig")
        rows = list(csv.reader(io.StringIO(text), delimiter=";"))
        self.assertEqual(rows[1][:2], ["Skipped script", SCRIPT])
        self.assertEqual(rows[2][0], "'" + FORMULA)
        self.assertEqual(rows[2][2], "'+cmd|' /C calc'!A0")
        for row in rows[1:]:
            for cell in row:
                self.assertFalse(cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell)

    def test_a_second_import_matches_hostile_names_as_data(self):
        self.import_hostile()
        job = self.import_hostile(duplicate_policy="update")
        self.assertEqual(job.accounts_created, 0)
        for name in (SCRIPT, FORMULA, SQL_FRAGMENT):
            self.assertEqual(len(self.env["res.partner"].search([("name", "=", name)])), 1)
