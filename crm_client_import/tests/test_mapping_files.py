"""The headers firms really have, imported with no mapping given: TaxDome's
household layout, "Contact N" column blocks and a column of full names (files
in tests/data/, written by LibreOffice), through the wizard and the command line.

The wizard tests import with "Create new: never match", so that what the
command-line test commits (it runs as a real process) never changes them; that
test undoes its imports at the end.
"""

import base64
import json
import subprocess

from odoo.tests import HttpCase, TransactionCase, tagged
from odoo.tools.misc import file_open, file_path

from .common import ClientImportUsersMixin, csv_bytes
from .test_processes import odoo_command, query, run_shell

DATA = "crm_client_import/tests/data/"
HOUSEHOLD = "mapping_taxdome_household.csv"
CONTACT_BLOCKS = "mapping_contact_blocks.xlsx"
FULL_NAMES = "mapping_full_names.csv"


def read_fixture(name):
    with file_open(DATA + name, "rb") as file:
        return file.read()


@tagged("post_install", "-at_install")
class TestMappingFilesInTheWizard(ClientImportUsersMixin, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._create_import_users()
        cls.env.company.country_id = cls.env.ref("base.be")

    def upload(self, name):
        Job = self.env["crm.client.import.job"].with_user(self.import_user)
        action = Job.action_open_wizard()
        wizard = self.env["crm.client.import.wizard"].with_user(self.import_user)
        wizard = wizard.browse(action["res_id"])
        wizard.write(
            {"upload_file": base64.b64encode(read_fixture(name)), "upload_file_name": name}
        )
        return wizard

    def line(self, wizard, header):
        return wizard.line_ids.filtered(lambda line: line.header == header)

    def run_through(self, wizard):
        """Continue to the review as a user would, then start the import."""
        wizard.duplicate_policy = "create"
        while wizard.step != "review":
            wizard.action_next_step()
        wizard.action_start()
        job = wizard.job_id
        self.assertEqual(job.state, "done", job.error_message)
        self.assertEqual(job.rows_read, job.rows_imported + job.rows_unchanged + job.rows_skipped)
        return job

    def people_of(self, job, account_name):
        records = job.record_ids.filtered(lambda record: record.kind == "account")
        account = records.partner_id.filtered(lambda partner: partner.name == account_name)
        self.assertEqual(len(account), 1, account_name)
        return sorted((partner.name, partner.email or "") for partner in account.child_ids)

    def test_taxdome_household_gives_the_taxpayer_and_the_spouse(self):
        wizard = self.upload(HOUSEHOLD)
        self.assertEqual(
            [(line.header, line.person, line.contact_target) for line in wizard.contact_line_ids],
            [
                ("Taxpayer First Name", "contact", "contact.first_name"),
                ("Taxpayer Last Name", "contact", "contact.last_name"),
                ("Taxpayer Email", "contact", "contact.email"),
                ("Taxpayer Phone", "contact", "contact.phone"),
                ("Spouse First Name", "spouse", "spouse.first_name"),
                ("Spouse Last Name", "spouse", "spouse.last_name"),
                ("Spouse Email", "spouse", "spouse.email"),
            ],
        )
        # Decided per row: the file's type column says each account's type.
        self.assertEqual(wizard.account_type_mode, "per_row")
        job = self.run_through(wizard)
        self.assertEqual(job.rows_skipped, 0)
        self.assertEqual(
            self.people_of(job, "Peeters-Claes household"),
            [
                ("Jan Peeters", "jan@mapping-household.example"),
                ("Marie Claes", "marie@mapping-household.example"),
            ],
        )
        # the spouse with a first name only takes the taxpayer's last name
        self.assertEqual(
            self.people_of(job, "Maes household"),
            [
                ("Els Maes", "els@mapping-household.example"),
                ("Luc Maes", "luc@mapping-household.example"),
            ],
        )
        # an individual account and the person of its row are one partner, though
        # the account's name is written last name first
        self.assertEqual(self.people_of(job, "Wouters Dirk"), [])
        wouters = self.env["res.partner"].search([("name", "=", "Wouters Dirk")])
        self.assertEqual(wouters.email, "dirk@mapping-household.example")

    def test_contact_blocks_give_one_contact_each(self):
        wizard = self.upload(CONTACT_BLOCKS)
        self.assertEqual(
            [(line.header, line.contact_number) for line in wizard.contact_line_ids if line.person],
            [
                ("Contact 1 Name", 1), ("Contact 1 Email", 1), ("Contact 2 First name", 2),
                ("Contact 2 Last name", 2), ("Contact 2 Email", 2), ("Contact 3 Name", 3),
                ("Contact 3 Mobile", 3),
            ],
        )  # fmt: skip
        job = self.run_through(wizard)
        self.assertEqual(job.rows_skipped, 0)
        self.assertEqual(
            self.people_of(job, "Bakkerij Blokken BV"),
            [
                ("Els Blokken", "els@mapping-blocks.example"),
                ("Jan Blokken", "jan@mapping-blocks.example"),
                ("Piet Blokken", ""),
            ],
        )
        piet = job.record_ids.partner_id.filtered(lambda partner: partner.name == "Piet Blokken")
        self.assertEqual(piet.mobile, "+32471234567")
        self.assertEqual(
            self.people_of(job, "Garage Verhulst NV"),
            [("An Verhulst", "an@mapping-blocks.example")],
        )

    def test_a_column_of_full_names_is_split_and_households_read_as_two(self):
        wizard = self.upload(FULL_NAMES)
        names = self.line(wizard, "Naam en voornaam")
        self.assertEqual((names.contact_target, names.name_split), ("contact.name", "last_first"))
        job = self.run_through(wizard)
        self.assertEqual(job.rows_skipped, 0)
        self.assertEqual(
            self.people_of(job, "Schrijnwerkerij Peeters"),
            [("Jan Peeters", "jan@mapping-names.example")],
        )
        self.assertEqual(
            self.people_of(job, "Claes"),
            [("Dirk Claes", "dirk@mapping-names.example"), ("Sofie Claes", "")],
        )
        self.assertEqual(
            self.people_of(job, "Crèmerie Van den Broeck"),
            [("Amélie Van den Broeck", "amelie@mapping-names.example")],
        )

    def test_the_user_changes_the_name_order_and_the_person(self):
        wizard = self.upload(FULL_NAMES)
        names = self.line(wizard, "Naam en voornaam")
        wizard.write({"contact_line_ids": [(1, names.id, {"name_split": "first_last"})]})
        split = wizard.job_id.mapping["splits"]
        self.assertEqual([(s["column"], s["order"]) for s in split], [(1, "first_last")])
        wizard.write({"contact_line_ids": [(1, names.id, {"name_split": "keep"})]})
        self.assertEqual(wizard.job_id.mapping["splits"], [])
        email = self.line(wizard, "E-mail")
        wizard.write({"contact_line_ids": [(1, email.id, {"person": "spouse"})]})
        self.assertEqual(email.target, "spouse.email")
        wizard.write(
            {"contact_line_ids": [(1, email.id, {"person": "contact", "contact_number": 2})]}
        )
        column = wizard.job_id.mapping["columns"][2]
        self.assertEqual((column["target"], column["contact_number"]), ("contact.email", 2))

    def test_an_export_of_a_known_tool_picks_its_preset_and_says_so(self):
        header = [
            "First Name",
            "Last Name",
            "URL",
            "Email Address",
            "Company",
            "Position",
            "Connected On",
        ]
        row = [
            "Ann",
            "Smet",
            "https://www.linkedin.com/in/ann",
            "ann@mapping-preset.example",
            "Smet BV",
            "CEO",
            "01 Jan 2024",
        ]
        job = (
            self.env["crm.client.import.job"]
            .with_user(self.import_user)
            .create_from_file(csv_bytes(header, [row], delimiter=","), "Connections.csv")
        )
        self.assertEqual(job.preset_id, self.env.ref("crm_client_import.preset_linkedin"))
        self.assertTrue(job.preset_detected)
        url = next(column for column in job.mapping["columns"] if column["header"] == "URL")
        self.assertEqual((url["action"], url["reason"]), ("ignore", "learned"))
        # another file: the preset is recognised again, or not
        job.set_file(
            csv_bytes(["Klant", "E-mail"], [["Smet BV", "ann@mapping-preset.example"]]), "x.csv"
        )
        self.assertFalse(job.preset_id)
        self.assertFalse(job.preset_detected)


@tagged("post_install", "-at_install")
class TestMappingFilesOnTheCommandLine(TransactionCase):
    def undo(self, job_ids):
        """Undo the committed imports, so that no later test meets their partners."""
        run_shell(
            f"for job in env['crm.client.import.job'].browse({job_ids}):\n"
            "    job.action_undo()\nenv.cr.commit()\n"
        )

    def test_the_three_files_import_with_no_mapping_given(self):
        job_ids = []
        self.addCleanup(self.undo, job_ids)
        # TaxDome's file says each account's type; the others are companies
        for name, options in (
            (HOUSEHOLD, ["--account-type", "column"]),
            (CONTACT_BLOCKS, []),
            (FULL_NAMES, []),
        ):
            result = subprocess.run(
                odoo_command("client-import", file_path(DATA + name), "--json", *options),
                capture_output=True, text=True, timeout=300,
            )  # fmt: skip
            self.assertEqual(result.returncode, 0, result.stderr)
            summary = json.loads(result.stdout.strip().splitlines()[-1])
            job_ids.append(summary["job_id"])
            self.assertEqual((summary["state"], summary["skipped"]), ("done", []), name)
        children = query(
            """SELECT a.name, c.name FROM res_partner c JOIN res_partner a ON a.id = c.parent_id
                WHERE c.email LIKE '%%@mapping-%%.example' OR c.name = 'Sofie Claes'
                   OR c.name = 'Piet Blokken' ORDER BY 1, 2"""
        )
        self.assertEqual(
            children,
            [
                ("Bakkerij Blokken BV", "Els Blokken"),
                ("Bakkerij Blokken BV", "Jan Blokken"),
                ("Bakkerij Blokken BV", "Piet Blokken"),
                ("Claes", "Dirk Claes"),
                ("Claes", "Sofie Claes"),
                ("Crèmerie Van den Broeck", "Amélie Van den Broeck"),
                ("Garage Verhulst NV", "An Verhulst"),
                ("Maes household", "Els Maes"),
                ("Maes household", "Luc Maes"),
                ("Peeters-Claes household", "Jan Peeters"),
                ("Peeters-Claes household", "Marie Claes"),
                ("Schrijnwerkerij Peeters", "Jan Peeters"),
            ],
        )


@tagged("post_install", "-at_install")
class TestMappingTour(ClientImportUsersMixin, HttpCase):
    def test_the_contacts_step_shows_and_changes_whose_each_column_is(self):
        self._create_import_users()
        header = ["Klant", "Naam en voornaam", "E-mail", "Contact 2 Name", "Contact 2 Email"]
        header.append("E-mail partner")
        row = ["Claes", "Claes Dirk", "dirk@mapping-tour.example", "Ann Maes"]
        row += ["ann@mapping-tour.example", "sofie@mapping-tour.example"]
        Job = self.env["crm.client.import.job"].with_user(self.import_user)
        job = Job.create_from_file(csv_bytes(header, [row]), "clients.csv")
        job.wizard_step = "accounts"
        self.start_tour("/odoo", "crm_client_import_people_columns", login="cci_user")
        self.assertEqual(job.wizard_step, "review")
        columns = {column["header"]: column for column in job.mapping["columns"]}
        partner_email = columns["E-mail partner"]
        self.assertEqual(
            (partner_email["target"], partner_email["contact_number"]), ("contact.email", 3)
        )
        self.assertEqual(columns["Contact 2 Email"]["contact_number"], 2)
        # the full names are kept as written; Contact 2's are still split
        self.assertEqual([split["column"] for split in job.mapping["splits"]], [3])
