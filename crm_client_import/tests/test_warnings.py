"""A bad cell never costs a client (issue 14), on real files written by LibreOffice
(tests/data/warnings_*, see its README): each case of the issue's "What happens
today", the warnings wherever skipped rows are shown (job, review, report,
command line, end-of-import message), and a report that imports again as it is.
"""

import csv
import io
import json
import zipfile
from unittest.mock import patch

from odoo.exceptions import UserError
from odoo.tests import HttpCase, TransactionCase, tagged
from odoo.tools.misc import file_open, file_path
from odoo.tools.translate import code_translations

from ..models.import_batch import logged_fields, snapshot
from .common import ClientImportUsersMixin, csv_bytes
from .process_common import query, run_cli, run_shell

DATA = "crm_client_import/tests/data/"
BELGIAN_FIRM = "warnings_belgian_firm.csv"
PHONES_AS_NUMBERS = "warnings_phones_as_numbers.xlsx"
# Rows of BELGIAN_FIRM with bad cells; row 5 has a contact without a name, 6 is clean.
WARNED_ROWS = [2, 3, 4, 7]
EMAIL_NOTE = "%(column)s: %(value)s (not a valid e-mail address)"


def read_fixture(name):
    with file_open(DATA + name, "rb") as file:
        return file.read()


def report_files(job, data=None):
    """``{file name: rows}`` of the job's report, or of ``data`` as downloaded."""
    delimiter = (job.detection or {}).get("delimiter") or ","
    with zipfile.ZipFile(io.BytesIO(data or job.skipped_file_id.raw)) as archive:
        return {
            name: list(
                csv.reader(io.StringIO(archive.read(name).decode("utf-8-sig")), delimiter=delimiter)
            )
            for name in archive.namelist()
        }


class ImportFixtureMixin(ClientImportUsersMixin):
    @classmethod
    def _set_up_firm(cls):
        cls._create_import_users()
        cls.env.company.country_id = cls.env.ref("base.be")

    def import_fixture(self, name, data=None, **settings):
        """Import a file with the default settings (and ``settings``), as the importer."""
        Job = self.env["crm.client.import.job"].with_user(self.import_user)
        job = Job.create_from_file(data or read_fixture(name), name)
        job.write(settings)
        job.action_start()
        self.assertEqual(job.state, "done", job.error_message)
        self.assertEqual(job.rows_read, job.rows_imported + job.rows_unchanged + job.rows_skipped)
        self.assertEqual(job.rows_with_warnings, len(job.warning_row_ids))
        return job

    def partner(self, name):
        Partner = self.env["res.partner"].with_context(active_test=False)
        partner = Partner.search([("name", "=", name)])
        self.assertEqual(len(partner), 1, name)
        return partner

    def warnings_of(self, job):
        """``{row: {column: warning}}`` of the rows imported with warnings."""
        return {
            row.row_number: {warning["column"]: warning for warning in row.warnings}
            for row in job.warning_row_ids
        }


@tagged("post_install", "-at_install")
class TestWarnings(ImportFixtureMixin, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._set_up_firm()

    def test_every_client_of_the_belgian_firm_is_imported_with_its_bad_cells_in_the_notes(self):
        job = self.import_fixture(BELGIAN_FIRM)
        self.assertEqual(job.strictness, "lenient", "the default")
        self.assertEqual((job.rows_read, job.rows_imported, job.rows_skipped), (6, 5, 1))
        self.assertEqual(job.skipped_row_ids.row_number, 5, "only the contact without a name")
        self.assertEqual(job.rows_with_warnings, 4)
        self.assertEqual(job.warning_row_ids.mapped("row_number"), WARNED_ROWS)

        frituur = self.partner("Frituur De Hoek")
        self.assertFalse(frituur.vat, "n.v.t. is no VAT number")
        self.assertFalse(frituur.bank_ids, "an IBAN with a wrong check digit is no account")
        self.assertIn("IBAN: BE68 5390 0754 7035 (not a valid IBAN)", frituur.comment)
        self.assertIn("Open op zondag", frituur.comment)
        vermeulen = self.partner("Vermeulen Els")
        self.assertFalse(vermeulen.country_id)
        self.assertIn("Land: Vlaanderen (country not recognised)", vermeulen.comment)
        self.assertEqual(vermeulen.bank_ids.acc_number, "BE65001223344596")
        self.assertFalse(vermeulen.child_ids.filtered(lambda person: "tom" in (person.email or "")))
        claessens = self.partner("Garage Claessens BV")
        self.assertFalse(claessens.vat)
        self.assertIn("BTW-nummer: BE0123456789 (not a valid VAT number)", claessens.comment)
        self.assertEqual(self.partner("Crèmerie Lefèvre SRL").vat, "BE0534567889")

        warnings = self.warnings_of(job)
        self.assertEqual(set(warnings[3]), {"E-mail", "Telefoon", "IBAN"})
        self.assertEqual(set(warnings[4]), {"E-mail", "Land", ""}, "the spouse has no column")
        self.assertIn("spouse", warnings[4][""]["reason"])
        self.assertEqual(set(warnings[7]), {"BTW-nummer"})
        iban = warnings[3]["IBAN"]
        self.assertEqual(iban["value"], "BE68 **** **** 7035", "masked")
        self.assertIn("wrong check digit", iban["reason"])
        self.assertNotIn("7547", iban["reason"])
        self.assertEqual(warnings[4]["Land"]["value"], "Vlaanderen")
        frituur_row = job.warning_row_ids.filtered(lambda row: row.row_number == 3)
        self.assertEqual(frituur_row.partner_id.name, "Frituur De Hoek")
        self.assertEqual(
            frituur_row.cells[:4], ["Frituur De Hoek", "Jan", "Janssens", "jan janssens@telenet.be"]
        )
        self.assertIn(
            "IBAN: IBAN BE68 **** **** 7035 has a wrong check digit", frituur_row.warnings_text
        )

    def test_local_belgian_phone_numbers_are_kept_in_international_form(self):
        """`09 123 45 67` and `02 987 65 43` are in ranges libphonenumber knows as
        unassigned: the row is imported, the number stored in E.164, with a warning."""
        job = self.import_fixture(BELGIAN_FIRM)
        koen = self.partner("Koen Verstraete")
        self.assertEqual((koen.phone, koen.mobile), ("+3291234567", "+32470123456"))
        self.assertEqual(koen.parent_id.name, "Bakkerij Verstraete BV")
        self.assertEqual(self.partner("Jan Janssens").phone, "+3229876543")
        self.assertEqual(self.partner("Françoise Lefèvre").phone, "+3225123456")
        warnings = self.warnings_of(job)
        self.assertEqual(set(warnings[2]), {"Telefoon"})
        self.assertIn("not a valid number in BE", warnings[2]["Telefoon"]["reason"])
        self.assertIn("Telefoon", warnings[3])

    def test_phone_numbers_that_lost_their_plus_in_xlsx_are_read_as_international(self):
        job = self.import_fixture(PHONES_AS_NUMBERS)
        pieter = self.partner("Pieter Verbeke")
        self.assertEqual((pieter.phone, pieter.mobile), ("+3291234569", "+32471234567"))
        nathalie = self.partner("Nathalie Goossens")
        self.assertEqual((nathalie.phone, nathalie.mobile), ("+3292234567", "+32478123456"))
        self.assertEqual((job.rows_imported, job.rows_skipped, job.rows_with_warnings), (2, 1, 1))
        (warning,) = job.warning_row_ids.warnings
        self.assertEqual((warning["column"], job.warning_row_ids.row_number), ("Telefoon", 2))

    def test_an_address_with_a_space_is_never_trimmed_into_someone_elses(self):
        self.import_fixture(BELGIAN_FIRM)
        Partner = self.env["res.partner"].with_context(active_test=False)
        for name, typed, other in [
            ("Jan Janssens", "jan janssens@telenet.be", "janssens@telenet.be"),
            ("Els Vermeulen", "els vermeulen@skynet.be", "vermeulen@skynet.be"),
        ]:
            self.assertFalse(Partner.search([("email", "ilike", other)]), other)
            person = self.partner(name)
            self.assertFalse(person.email)
            self.assertIn(f"E-mail: {typed} (not a valid e-mail address)", person.comment)

    def test_the_strict_mode_still_skips_a_row_with_an_invalid_cell(self):
        job = self.import_fixture(BELGIAN_FIRM, strictness="strict")
        self.assertEqual(job.skipped_row_ids.mapped("row_number"), [2, 3, 4, 5, 7])
        self.assertEqual((job.rows_imported, job.rows_with_warnings), (1, 0))
        self.assertFalse(
            self.env["res.partner"].search([("name", "in", ["Frituur De Hoek", "Vermeulen Els"])])
        )

    def test_notes_are_written_in_the_importers_language(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        french = {EMAIL_NOTE: "%(column)s : %(value)s (adresse e-mail non valable)"}
        key = ("crm_client_import", "fr_FR")
        with patch.dict(code_translations.python_translations, {key: french}):
            Job = self.env["crm.client.import.job"].with_user(self.import_user)
            job = Job.with_context(lang="fr_FR").create_from_file(
                read_fixture(BELGIAN_FIRM), BELGIAN_FIRM
            )
            job.action_start()
        self.assertEqual(job.state, "done", job.error_message)
        jan = self.partner("Jan Janssens")
        self.assertIn("E-mail : jan janssens@telenet.be (adresse e-mail non valable)", jan.comment)
        self.assertNotIn("not a valid e-mail address", jan.comment)
        frituur = self.partner("Frituur De Hoek")
        self.assertIn("(not a valid IBAN)", frituur.comment, "no translation: the English text")

    def test_the_results_the_chatter_and_the_notification_count_the_warnings(self):
        with patch.object(type(self.env["res.users"]), "_bus_send") as bus_send:
            job = self.import_fixture(BELGIAN_FIRM)
        line = "Rows imported with warnings: 4"
        self.assertIn(line, job._summary_lines())
        self.assertTrue(any(line in body for body in job.message_ids.mapped("body")))
        notifications = [
            call.args[1]
            for call in bus_send.call_args_list
            if call.args[0] == "simple_notification"
        ]
        self.assertEqual(len(notifications), 1)
        self.assertIn(line, notifications[0]["message"])
        self.assertIn("Rows skipped: 1", notifications[0]["message"])
        mail = self.env["mail.mail"].search([("model", "=", job._name), ("res_id", "=", job.id)])
        self.assertIn(line, mail.body_html)

    def test_the_report_holds_the_skipped_rows_and_the_rows_with_warnings(self):
        job = self.import_fixture(BELGIAN_FIRM)
        files = report_files(job)
        self.assertEqual(set(files), {"skipped.csv", "warnings.csv"})
        header = job.header
        for rows in files.values():
            self.assertEqual(rows[0], [*header, "Row", "Reason"])
        skipped = files["skipped.csv"][1:]
        self.assertEqual([row[-2] for row in skipped], ["5"])
        self.assertEqual(skipped[0][header.index("Opmerking")], "'- betaalt laat", "neutralized")
        warned = {int(row[-2]): row for row in files["warnings.csv"][1:]}
        self.assertEqual(sorted(warned), WARNED_ROWS)
        typed = read_fixture(BELGIAN_FIRM).decode("cp1252").splitlines()[2].split(";")
        self.assertEqual(warned[3][: len(header)], typed, "the cells as typed")
        reason = warned[3][-1]
        self.assertIn("IBAN: IBAN BE68 **** **** 7035 has a wrong check digit", reason)
        self.assertIn("E-mail: E-mail address jan janssens@telenet.be", reason)

    def test_a_report_is_made_for_warnings_alone(self):
        header = ["Klant", "Contactpersoon", "Telefoon"]
        data = csv_bytes(header, [["Houtbouw Mertens", "Ann Mertens", "09 123 45 67"]])
        job = self.import_fixture("one_warning.csv", data=data)
        self.assertEqual((job.rows_skipped, job.rows_with_warnings), (0, 1))
        self.assertEqual(list(report_files(job)), ["warnings.csv"])
        self.assertTrue(job.action_download_skipped()["url"])

    def test_the_review_lists_the_warnings_and_leaves_their_rows_out_on_request(self):
        Job = self.env["crm.client.import.job"].with_user(self.import_user)
        job = Job.create_from_file(read_fixture(BELGIAN_FIRM), BELGIAN_FIRM)
        job.wizard_step = "contacts"
        action = job.action_continue_in_wizard()
        wizard = self.env["crm.client.import.wizard"].with_user(self.import_user)
        wizard = wizard.browse(action["res_id"])
        wizard.action_next_step()
        self.assertEqual(wizard.step, "review")
        review = job.review
        self.assertEqual((review["warning_rows"], review["invalid_rows"]), (4, 1))
        self.assertEqual(review["warning_row_numbers"], WARNED_ROWS)
        listed = {(item["row"], item["column"]): item for item in review["warnings"]}
        self.assertEqual({row for row, _column in listed}, set(WARNED_ROWS))
        self.assertEqual(listed[3, "IBAN"]["value"], "BE68 **** **** 7035")
        self.assertEqual(listed[3, "E-mail"]["value"], "jan janssens@telenet.be")
        self.assertIn("not valid before the @", listed[3, "E-mail"]["reason"])
        self.assertNotIn("7547", json.dumps(review), "masked")
        self.assertEqual(wizard.review_warning_rows, 4)
        self.assertIn("Imported with warnings", wizard.review_html)
        self.assertIn("Vlaanderen", wizard.review_html)

        wizard.excluded_rows_text = "6"
        wizard.action_exclude_warning_rows()
        self.assertEqual(job.excluded_rows, [2, 3, 4, 6, 7], "added to the rows left out")
        wizard.invalidate_recordset()  # the form is opened again
        self.assertEqual(wizard.excluded_rows_text, "2-4, 6-7")
        review = job.review
        self.assertEqual((review["warning_rows"], review["excluded_rows"]), (0, 5))
        self.assertEqual(review["warnings"], [])
        self.assertEqual(wizard.review_warning_rows, 0)
        with self.assertRaises(UserError):
            wizard.action_exclude_warning_rows()
        wizard.action_start()
        self.assertEqual((job.rows_imported, job.rows_with_warnings), (0, 0))


@tagged("post_install", "-at_install")
class TestReportImportsAgain(ImportFixtureMixin, HttpCase):
    """Download the report, fix one cell of skipped.csv, import that file as it is:
    the row comes in and nothing else changes."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._set_up_firm()

    def fix_and_import_again(self, name, column, value):
        """Import ``name``, download its report, write ``value`` in the empty cell of
        ``column`` of the one skipped row, import skipped.csv; return the new partners."""
        job = self.import_fixture(name)
        self.authenticate("cci_user", "cci_user")
        response = self.url_open(job.action_download_skipped()["url"])
        self.assertEqual(response.status_code, 200)
        header, row = report_files(job, response.content)["skipped.csv"]
        self.assertEqual(header[-2:], ["Row", "Reason"])
        self.assertEqual(row[header.index(column)], "", "the missing name")
        row[header.index(column)] = value
        fixed = io.StringIO()
        delimiter = (job.detection or {}).get("delimiter") or ","
        csv.writer(fixed, delimiter=delimiter, lineterminator="\r\n").writerows([header, row])

        Partner = self.env["res.partner"].with_context(active_test=False)
        names = logged_fields(Partner)
        before = snapshot(Partner.search([]), names)
        again = self.import_fixture("skipped.csv", data=fixed.getvalue().encode("utf-8-sig"))
        self.assertEqual((again.rows_read, again.rows_imported), (1, 1))
        actions = {column["header"]: column["action"] for column in again.mapping["columns"]}
        self.assertEqual((actions["Row"], actions["Reason"]), ("ignore", "ignore"))
        after = Partner.search([])
        new = after.filtered(lambda partner: partner.id not in before)
        self.assertEqual(snapshot(after - new, names), before, "no other partner changed")
        return new

    def test_the_fixed_row_of_the_belgian_firm_comes_in(self):
        new = self.fix_and_import_again(BELGIAN_FIRM, "Voornaam", "Bram")
        self.assertEqual(sorted(new.mapped("name")), ["Bram", "Schrijnwerkerij Maes"])
        account = new.filtered("is_company")
        self.assertEqual(account.vat, "BE0523456738")
        self.assertIn("<p>- betaalt laat</p>", account.comment, "the formula guard taken off")
        bram = new - account
        self.assertEqual((bram.parent_id, bram.email), (account, "info@schrijnwerkerij-maes.be"))
        self.assertEqual(bram.phone, "+3292234567")

    def test_a_file_without_a_vat_column_gets_no_vat_from_the_reason(self):
        new = self.fix_and_import_again(PHONES_AS_NUMBERS, "Contactpersoon", "Lies Claes")
        self.assertEqual(sorted(new.mapped("name")), ["Houthandel Claes", "Lies Claes"])
        self.assertEqual(new.mapped("vat"), [False, False])
        account = new.filtered("is_company")
        self.assertIn("<p>- betaalt laat</p>", account.comment)
        self.assertEqual((new - account).phone, "+32471987654")


@tagged("post_install", "-at_install")
class TestWarningsOnTheCommandLine(TransactionCase):
    def remove(self, job_ids):
        """Delete what the committed import made, so that no later test meets it."""
        run_shell(
            f"jobs = env['crm.client.import.job'].browse({job_ids})\n"
            "made = jobs.change_ids.filtered(lambda c: c.kind == 'partner_created').partner_id\n"
            "made.with_context(active_test=False).user_ids.unlink()\n"
            "made.unlink()\njobs.unlink()\nenv.cr.commit()\n"
        )

    def test_json_lists_the_warnings_next_to_the_skipped_rows(self):
        job_ids = []
        self.addCleanup(self.remove, job_ids)
        result = run_cli(file_path(DATA + BELGIAN_FIRM), "--json")
        self.assertEqual(result.returncode, 0, result.stderr)
        summary = json.loads(result.stdout.strip().splitlines()[-1])
        job_ids.append(summary["job_id"])
        self.assertEqual(summary["state"], "done")
        self.assertEqual((summary["rows_skipped"], summary["rows_with_warnings"]), (1, 4))
        self.assertEqual([row["row"] for row in summary["skipped"]], [5])
        self.assertEqual(
            {tuple(sorted(item)) for item in summary["warnings"]}, {("column", "reason", "row")}
        )
        listed = {(item["row"], item["column"]): item["reason"] for item in summary["warnings"]}
        self.assertEqual({row for row, _column in listed}, set(WARNED_ROWS))
        self.assertEqual(
            sorted(column for row, column in listed if row == 3), ["E-mail", "IBAN", "Telefoon"]
        )
        self.assertIn("not a valid number in BE", listed[2, "Telefoon"])
        self.assertIn("BE68 **** **** 7035", listed[3, "IBAN"])
        named = query("SELECT email FROM res_partner WHERE name = 'Jan Janssens'")
        self.assertEqual(named, [(None,)], "no address made of jan janssens@telenet.be")
