import base64

from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, TransactionCase, tagged

from ..wizards.import_wizard import format_row_ranges, parse_row_ranges
from .common import ClientImportUsersMixin, csv_bytes

HEADER = ["Accountnaam", "Type", "Voornaam", "Achternaam", "E-mail", "Gemeente"]
ROWS = [
    ["Bakkerij Peeters BV", "Bedrijf", "Jan", "Peeters", "jan@peeters.example", "Gent"],
    ["<script>alert(1)</script>", "Bedrijf", "An", "Maes", "an@maes.example", "Brugge"],
    ["Slagerij Maes", "Bedrijf", "Luc", "Maes", "not-an-email", "Brugge"],
]


@tagged("post_install", "-at_install")
class TestImportWizard(ClientImportUsersMixin, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._create_import_users()
        cls.Job = cls.env["crm.client.import.job"].with_user(cls.import_user)

    def _wizard(self, step="upload"):
        job = self.Job.create_from_file(csv_bytes(HEADER, ROWS), "clients.csv")
        job.write({"wizard_step": step, "strictness": "strict"})  # the not-an-email row: skipped
        action = job.action_continue_in_wizard()
        return (
            self.env["crm.client.import.wizard"]
            .with_user(self.import_user)
            .browse(action["res_id"])
        )

    def test_the_menu_reopens_the_latest_own_draft_at_its_step(self):
        wizard = self._wizard(step="settings")
        action = self.Job.action_open_wizard()
        reopened = self.env["crm.client.import.wizard"].browse(action["res_id"])
        self.assertEqual(reopened.job_id, wizard.job_id)
        self.assertEqual(reopened.step, "settings")
        # Another user's draft is never reopened: they get a job of their own.
        other = self.env["crm.client.import.job"].with_user(self.import_manager)
        action = other.action_open_wizard()
        theirs = self.env["crm.client.import.wizard"].browse(action["res_id"]).job_id
        self.assertNotEqual(theirs, wizard.job_id)
        self.assertEqual(theirs.user_id, self.import_manager)
        # A started import is not reopened.
        wizard.job_id.action_start()
        action = self.Job.action_open_wizard()
        fresh = self.env["crm.client.import.wizard"].browse(action["res_id"]).job_id
        self.assertNotEqual(fresh, wizard.job_id)
        self.assertFalse(fresh.attachment_id)

    def test_the_settings_step_says_whether_archived_clients_are_restored(self):
        wizard = self._wizard(step="settings")
        with Form(wizard) as form:
            self.assertFalse(form.restore_archived, "archived matches are skipped by default")
            form.restore_archived = True
        self.assertTrue(wizard.job_id.restore_archived)

    def test_uploading_through_the_wizard_reads_the_file(self):
        action = self.Job.action_open_wizard()
        wizard = (
            self.env["crm.client.import.wizard"]
            .with_user(self.import_user)
            .browse(action["res_id"])
        )
        self.assertFalse(wizard.has_file)
        with self.assertRaises(UserError):
            wizard.action_next_step()
        wizard.write(
            {
                "upload_file": base64.b64encode(csv_bytes(HEADER, ROWS)),
                "upload_file_name": "clients.csv",
            }
        )
        self.assertEqual(wizard.job_id.file_name, "clients.csv")
        self.assertEqual(wizard.file_type, "CSV")
        self.assertEqual(wizard.line_ids.mapped("header"), HEADER)
        self.assertEqual(wizard.account_name_line_id.header, "Accountnaam")
        self.assertIn("Bakkerij Peeters BV", wizard.preview_html)

    def test_preview_and_review_escape_the_cells(self):
        wizard = self._wizard()
        self.assertIn("&lt;script&gt;alert(1)&lt;/script&gt;", wizard.preview_html)
        self.assertNotIn("<script>", wizard.preview_html)
        wizard.action_next_step()  # accounts
        wizard.action_next_step()  # settings
        wizard.action_next_step()  # contacts
        wizard.action_next_step()  # review: computed on the way in
        self.assertEqual(wizard.step, "review")
        self.assertEqual(wizard.job_id.state, "ready")
        self.assertNotIn("<script>", wizard.review_html)
        self.assertIn("&lt;script&gt;", wizard.review_html)
        self.assertIn("not-an-email", wizard.review_html)

    def test_reader_options_are_written_through_and_reread(self):
        wizard = self._wizard()
        wizard.write({"csv_delimiter": ","})
        self.assertEqual(wizard.job_id.reader_options["delimiter"], ",")
        self.assertEqual(len(wizard.job_id.header), 1)
        self.assertEqual(len(wizard.line_ids), 1)
        wizard.write({"csv_delimiter": "auto"})
        self.assertIsNone(wizard.job_id.reader_options["delimiter"])
        self.assertEqual(len(wizard.line_ids), len(HEADER))
        wizard.write({"header_row": 2})
        self.assertEqual(wizard.job_id.header[0], "Bakkerij Peeters BV")

    def test_column_choices_are_written_to_the_job_mapping(self):
        wizard = self._wizard(step="accounts")
        city = wizard.line_ids.filtered(lambda line: line.header == "Gemeente")
        self.assertEqual(city.account_target, "account.city")
        self.assertEqual(city.confidence_label, "90%")
        first_name = wizard.line_ids.filtered(lambda line: line.header == "Voornaam")
        wizard.write(
            {
                "account_line_ids": [(1, city.id, {"action": "ignore"})],
                "contact_line_ids": [(1, first_name.id, {"contact_target": "contact.name"})],
                "account_type_mode": "column",
                "account_type_line_id": wizard.line_ids.filtered(
                    lambda line: line.header == "Type"
                ).id,
            }
        )
        columns = {column["header"]: column for column in wizard.job_id.mapping["columns"]}
        self.assertEqual(columns["Gemeente"]["action"], "ignore")
        self.assertEqual(columns["Voornaam"]["target"], "contact.name")
        self.assertEqual(columns["Voornaam"]["reason"], "user")
        self.assertEqual(columns["Type"]["target"], "account.type")
        # Another column as the account name: the previous one is let go.
        surname = wizard.line_ids.filtered(lambda line: line.header == "Achternaam")
        wizard.account_name_line_id = surname
        columns = {column["header"]: column for column in wizard.job_id.mapping["columns"]}
        self.assertEqual(columns["Achternaam"]["target"], "account.name")
        self.assertEqual(columns["Accountnaam"]["action"], "ignore")

    def test_combined_columns_feed_one_field(self):
        wizard = self._wizard(step="accounts")
        first = wizard.line_ids.filtered(lambda line: line.header == "Voornaam")
        last = wizard.line_ids.filtered(lambda line: line.header == "Achternaam")
        wizard.write(
            {
                "combine_ids": [
                    (0, 0, {"target": "contact.name", "line_ids": [(6, 0, (last | first).ids)]})
                ],
                "line_ids": [
                    (1, first.id, {"action": "ignore"}),
                    (1, last.id, {"action": "ignore"}),
                ],
            }
        )
        self.assertEqual(
            wizard.job_id.mapping["combines"],
            [{"target": "contact.name", "columns": [2, 3], "separator": " "}],
        )
        wizard.job_id.action_review()
        self.assertEqual(wizard.job_id.review["accounts"][0]["contacts"][0]["name"], "Jan Peeters")

    def test_leaving_rows_out_on_review(self):
        wizard = self._wizard(step="contacts")
        wizard.action_next_step()
        self.assertEqual(wizard.job_id.review["invalid_rows"], 1)
        wizard.excluded_rows_text = "3, 4"
        self.assertEqual(wizard.job_id.excluded_rows, [3, 4])
        wizard.action_refresh_review()
        self.assertEqual(wizard.job_id.review["excluded_rows"], 2)
        self.assertEqual(wizard.job_id.review["invalid_rows"], 0)
        with self.assertRaises(UserError):
            wizard.excluded_rows_text = "three"
        action = wizard.action_start()
        self.assertEqual(action["res_model"], "crm.client.import.job")
        self.assertEqual(wizard.job_id.state, "done")
        self.assertEqual(wizard.job_id.rows_skipped, 2)

    def test_accounts_only_skips_the_contacts_step(self):
        wizard = self._wizard(step="settings")
        wizard.import_kind = "accounts"
        wizard.action_next_step()
        self.assertEqual(wizard.step, "review")
        wizard.action_previous_step()
        self.assertEqual(wizard.step, "settings")

    def test_a_preset_maps_the_columns_and_a_manager_saves_one(self):
        header = ["Firstname", "Lastname", "Email", "Type"]
        rows = [["An", "Maes", "an@maes.example", "Private person"]]
        job = self.Job.create_from_file(csv_bytes(header, rows), "accounton.csv")
        action = job.action_continue_in_wizard()
        wizard = (
            self.env["crm.client.import.wizard"]
            .with_user(self.import_user)
            .browse(action["res_id"])
        )
        preset = self.env.ref("crm_client_import.preset_accounton")
        wizard.write({"preset_id": preset.id})
        self.assertEqual(wizard.job_id.preset_id, preset)
        # Accounton names the account after first + last name: no single name column.
        self.assertTrue(wizard.name_from_combine)
        self.assertEqual(wizard.combine_ids.target, "account.name")
        self.assertEqual(wizard.combine_ids.line_ids.mapped("header"), ["Firstname", "Lastname"])
        self.assertEqual(wizard.job_id.account_type_mode, "column")
        with self.assertRaises(AccessError):
            wizard.write({"new_preset_name": "Our old CRM"})
            wizard.action_save_as_preset()
        job.sudo().user_id = self.import_manager
        # Wizards are their user's own: the manager opens one of their own on the job.
        action = job.with_user(self.import_manager).action_continue_in_wizard()
        manager_wizard = (
            self.env["crm.client.import.wizard"]
            .with_user(self.import_manager)
            .browse(action["res_id"])
        )
        manager_wizard.write({"new_preset_name": "Our old CRM"})
        manager_wizard.action_save_as_preset()
        self.assertEqual(job.preset_id.name, "Our old CRM")
        self.assertFalse(manager_wizard.new_preset_name)

    def test_row_ranges(self):
        self.assertEqual(parse_row_ranges("4, 9-11; 4"), [4, 9, 10, 11])
        self.assertEqual(parse_row_ranges(" "), [])
        self.assertEqual(format_row_ranges([11, 4, 9, 10]), "4, 9-11")
        for text in ("0", "5-3", "x", "2-"):
            with self.assertRaises(ValueError, msg=text):
                parse_row_ranges(text)
