"""An office manager's first import (issue 16): each account's type decided from its
row, portal logins only when asked and counted alike everywhere, the language of
new clients, one row number on every screen, one masking rule, a history that
says what happened, and mapping screens that can be checked."""

import base64
from unittest.mock import patch

from odoo.exceptions import UserError
from odoo.tests import HttpCase, TransactionCase, new_test_user, tagged
from odoo.tools.misc import file_open

from ..lib.errors import ClientImportError
from ..models.import_results import Undo
from .common import ClientImportJobMixin, ClientImportUsersMixin, csv_bytes

ACCOUNT_TYPES_FILE = "crm_client_import/tests/data/account_types_nl.xlsx"
NATIONAL_NUMBER = "85.07.30-033.28"
IBAN = "BE68 5390 0754 7034"


class FirstImportMixin(ClientImportUsersMixin, ClientImportJobMixin):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._create_import_users()
        cls.env.company.country_id = cls.env.ref("base.be")
        cls.Job = cls.env["crm.client.import.job"].with_user(cls.import_user)

    def wizard_of(self, job):
        action = job.action_continue_in_wizard()
        return (
            self.env["crm.client.import.wizard"]
            .with_user(self.import_user)
            .browse(action["res_id"])
        )

    def account(self, job, name):
        records = job.record_ids.filtered(
            lambda record: record.kind == "account" and record.partner_id.name == name
        )
        self.assertEqual(len(records), 1, name)
        return records.partner_id


@tagged("post_install", "-at_install")
class TestAccountTypesFromAFile(FirstImportMixin, TransactionCase):
    """A Dutch client list saved by LibreOffice, with no account type column."""

    def upload(self):
        with file_open(ACCOUNT_TYPES_FILE, "rb") as file:
            job = self.Job.create_from_file(file.read(), "account_types_nl.xlsx")
        targets = {column["header"]: column["target"] for column in job.mapping["columns"]}
        self.assertEqual(targets["Klant"], "account.name")
        self.assertEqual(targets["BTW-nummer"], "account.vat")
        self.assertEqual(targets["Rijksregisternummer"], "contact.national_number")
        self.assertNotIn("account.type", targets.values())
        return job

    def test_each_account_gets_the_type_its_row_gives_with_the_reason(self):
        job = self.upload()
        self.assertEqual(job.account_type_mode, "per_row", "the default")
        job.action_review()
        self.assertEqual(
            [(item["reason"], item["type"], item["count"]) for item in job.review["account_types"]],
            [
                ("company_number", "company", 2),
                ("contact_name", "individual", 1),
                ("family_word", "family", 1),
                ("legal_form", "company", 2),
                ("national_number", "individual", 1),
                ("no_evidence", "company", 1),
                ("person_name", "individual", 1),
                ("two_people", "family", 1),
            ],
        )
        job.action_start()
        self.assertTally(job)
        expected = {
            "Bouwbedrijf De Clercq BV": "company",
            "VZW De Speelberg": "company",
            "Apotheek Maes": "company",
            "Dr. Sofie Claes": "company",
            "Garage Vermeulen": "company",
            "Peeters Jan": "individual",
            "Hendrickx Els": "individual",
            "Marie Dubois": "individual",
            "Familie Janssens": "family",
            "Jan Janssens en Marie Peeters": "family",
        }
        for name, account_type in expected.items():
            partner = self.account(job, name)
            self.assertEqual(partner.client_account_type, account_type, name)
            self.assertEqual(partner.is_company, account_type != "individual", name)
        # A private client and the person on its row are one partner.
        peeters = self.account(job, "Peeters Jan")
        self.assertFalse(peeters.child_ids)
        self.assertEqual(peeters.email, "jan@peeters.example")
        self.assertEqual(self.account(job, "Hendrickx Els").client_national_number, "88031412266")
        self.assertEqual(
            self.account(job, "Jan Janssens en Marie Peeters").child_ids.mapped("name"),
            ["Jan Janssens"],
        )
        self.assertEqual(
            sorted(self.account(job, "Bouwbedrijf De Clercq BV").child_ids.mapped("name")),
            ["An De Clercq", "Koen De Clercq"],
        )

    def test_the_user_changes_the_type_of_every_account_of_one_kind(self):
        job = self.upload()
        job.wizard_step = "settings"
        wizard = self.wizard_of(job)
        wizard.action_next_step()  # contacts
        wizard.action_next_step()  # review
        self.assertEqual(wizard.step, "review")
        lines = {line.reason: line for line in wizard.type_line_ids}
        self.assertEqual(lines["person_name"].account_type, "individual")
        self.assertEqual(lines["person_name"].count, 1)
        self.assertEqual(lines["person_name"].reason_label, "A person's name (first and last name)")
        self.assertIn("Individual: 3", wizard.review_html)
        lines["person_name"].account_type = "company"
        self.assertEqual(job.account_type_overrides, {"person_name": "company"})
        self.assertFalse(job.review, "the review counted the former types")
        wizard.action_refresh_review()
        lines = {line.reason: line for line in wizard.type_line_ids}
        self.assertEqual(lines["person_name"].account_type, "company")
        self.assertEqual(lines["person_name"].decided_type, "individual")
        self.assertIn("Individual: 2", wizard.review_html)
        job.action_start()
        self.assertTally(job)
        marie = self.account(job, "Marie Dubois")
        self.assertEqual((marie.client_account_type, marie.is_company), ("company", True))
        self.assertEqual(marie.child_ids.mapped("name"), ["Luc Dubois"])
        self.assertEqual(self.account(job, "Peeters Jan").client_account_type, "individual")
        # Back to what the row said: the choice is forgotten.
        lines["person_name"].account_type = "individual"
        self.assertFalse(job.account_type_overrides)

    def test_one_type_for_every_account_is_still_a_choice(self):
        job = self.upload()
        job.write({"account_type_mode": "bulk", "account_type": "company"})
        job.action_start()
        self.assertEqual(self.account(job, "Peeters Jan").client_account_type, "company")


@tagged("post_install", "-at_install")
class TestPortalLoginsWhenAsked(FirstImportMixin, TransactionCase):
    HEADER = ["Account name", "First name", "Last name", "Email", "Spouse first name",
              "Spouse email"]  # fmt: skip
    ROWS = [
        ["Bakkerij Peeters BV", "Jan", "Peeters", "jan@portal-count.example", "", ""],
        ["Bakkerij Peeters BV", "Els", "Maes", "els@portal-count.example", "", ""],
        ["Garage Claes BV", "Luc", "Claes", "luc@portal-count", "", ""],  # not an address
        ["Wouters Dirk", "Dirk", "Wouters", "dirk@portal-count.example", "An",
         "an@portal-count.example"],
        ["Maes BV", "Tom", "Maes", "shared@portal-count.example", "", ""],
        ["Maes BV", "Eva", "Maes", "shared@portal-count.example", "", ""],
        ["Vos BV", "Kim", "Vos", "taken@portal-count.example", "", ""],
    ]  # fmt: skip

    def setUp(self):
        super().setUp()
        # An address that is someone's login already gets no second login.
        new_test_user(self.env, login="taken@portal-count.example", groups="base.group_portal")

    def upload(self, **values):
        job = self.Job.create_from_file(csv_bytes(self.HEADER, self.ROWS), "portal.csv")
        job.write(values)
        return job

    def test_no_login_unless_asked(self):
        job = self.upload()
        self.assertFalse(job.portal_login)
        self.assertFalse(job.spouse_portal_login)
        job.action_review()
        self.assertEqual(job.review["portal_logins"], 0)
        html = self.wizard_of(job).review_html
        self.assertIn("Portal logins", html)
        self.assertIn("Off", html)
        job.action_start()
        self.assertTally(job)
        job._portal_run()
        people = job.record_ids.partner_id
        self.assertFalse(people.user_ids.filtered("share"), "no portal user")
        self.assertEqual(job.portal_users_created, 0)

    def test_the_review_the_results_and_the_chatter_count_the_same_logins(self):
        job = self.upload(portal_login=True, spouse_portal_login=True)
        job.action_review()
        # Jan, Els, Dirk (a private client: his own account), his spouse An, one
        # login for the shared address; not Luc (no valid address), not Kim (taken).
        self.assertEqual(job.review["portal_logins"], 5)
        self.assertIn("5 to create", self.wizard_of(job).review_html)
        job.action_start()
        self.assertTally(job)
        self.assertEqual((job.portal_state, job.portal_users_created), ("queued", 0))
        self.env.cr.flush()  # the notifications so far become bus messages
        Bus = self.env["bus.bus"].sudo()
        last_message = Bus.search([], order="id desc", limit=1).id
        job._portal_run()  # what the import cron does next
        self.assertEqual(job.portal_state, "done")
        self.assertEqual(job.portal_users_created, 5)
        users = self.env["res.users"].search([("partner_id", "in", job.record_ids.partner_id.ids)])
        self.assertEqual(len(users.filtered("share")), 5)
        summary = job.message_ids.filtered(lambda message: "Portal logins created" in message.body)
        self.assertEqual(len(summary), 1)
        self.assertIn("Portal logins created: 5", summary.body)
        # The job form on screen is told to reload: its counter then says 5 too.
        self.env.cr.flush()
        sent = Bus.search([("id", ">", last_message)]).mapped("message")
        progress = [
            message
            for message in sent
            if '"crm_client_import/progress"' in message and f'"job_id":{job.id},' in message
        ]
        self.assertTrue(progress, "a progress notification follows the portal summary")


@tagged("post_install", "-at_install")
class TestLanguageOfNewClients(FirstImportMixin, TransactionCase):
    HEADER = ["Account name", "First name", "Last name", "Email", "Language"]
    ROWS = [
        ["Bakkerij Peeters BV", "Jan", "Peeters", "jan@lang.example", ""],
        ["Boulangerie Dubois SRL", "Luc", "Dubois", "luc@lang.example", "fr"],
        ["", "Nina", "Verbeke", "nina@lang.example", ""],  # a contact of no account
    ]

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Lang = cls.env["res.lang"]
        for code in ("nl_BE", "fr_BE"):
            Lang._activate_lang(code)
        cls.import_user.lang = "nl_BE"

    def import_langs(self, **values):
        job = self.run_import(self.HEADER, self.ROWS, user=self.import_user, **values)
        return {partner.name: partner.lang for partner in job.record_ids.partner_id}

    def test_the_importers_language_when_the_job_and_the_row_give_none(self):
        job = self.Job.create_from_file(csv_bytes(self.HEADER, self.ROWS), "lang.csv")
        job.action_review()
        self.assertEqual(job.review["settings"]["lang"], "Dutch (BE) / Nederlands (BE)")
        self.assertTrue(job.review["settings"]["lang_column"])
        self.assertEqual(
            self.import_langs(),
            {
                "Bakkerij Peeters BV": "nl_BE",
                "Jan Peeters": "nl_BE",
                "Boulangerie Dubois SRL": "fr_BE",  # the row's own language
                "Luc Dubois": "fr_BE",  # its account's
                "Nina Verbeke": "nl_BE",
            },
        )

    def test_the_jobs_language_first(self):
        langs = self.import_langs(lang="en_US")
        self.assertEqual(langs["Bakkerij Peeters BV"], "en_US")
        self.assertEqual(langs["Nina Verbeke"], "en_US")
        self.assertEqual(langs["Boulangerie Dubois SRL"], "fr_BE")

    def test_the_companys_language_last(self):
        self.import_user.lang = False
        self.env.company.partner_id.lang = "fr_BE"
        job = self.Job.create_from_file(csv_bytes(self.HEADER, self.ROWS), "lang.csv")
        self.assertEqual(job._new_partner_lang(), "fr_BE")
        langs = self.import_langs()
        self.assertEqual(langs["Bakkerij Peeters BV"], "fr_BE")
        self.assertEqual(langs["Nina Verbeke"], "fr_BE")


@tagged("post_install", "-at_install")
class TestOneRowNumber(FirstImportMixin, TransactionCase):
    """The spreadsheet's own numbers (the header row counts) on the Upload preview,
    on review, in "Leave out rows", on the job and in the skipped-rows file."""

    def test_every_step_numbers_a_row_alike(self):
        header = ["Klant", "Voornaam", "Achternaam", "E-mail"]
        body = csv_bytes(
            header,
            [
                ["Bakkerij Peeters BV", "Jan", "Peeters", "jan@rows.example"],
                ["Slagerij Maes BV", "Luc", "Maes", "not-an-email"],
                ["Garage Claes BV", "Wim", "Claes", "wim@rows.example"],
            ],
        ).decode("utf-8-sig")
        data = ("Klantenlijst 2026;;;\r\n" + body).encode("utf-8-sig")  # a title row first
        job = self.Job.create_from_file(data, "rows.csv", strictness="strict")
        job.reader_options = {"header_row": 2}
        job.action_read_file()
        self.assertEqual(job.preview_row_numbers, [3, 4, 5])
        preview = self.wizard_of(job).preview_html
        for number, name in ((3, "Bakkerij Peeters BV"), (4, "Slagerij Maes BV")):
            self.assertRegex(preview, rf'<td class="text-muted">{number}</td>\s*<td[^>]*>{name}')
        wizard = self.wizard_of(job)
        wizard.excluded_rows_text = "5"
        job.action_review()
        self.assertEqual([item["row"] for item in job.review["invalid"]], [4])
        self.assertEqual(job.review["excluded_rows"], 1)
        job.action_start()
        self.assertTally(job)
        self.assertEqual(job.skipped_row_ids.mapped("row_number"), [4, 5])
        self.assertEqual(job.skipped_row_ids[1].cells[0], "Garage Claes BV")
        csv_text = job._report_csv(job.skipped_row_ids, lambda row: row.reason)
        self.assertIn("Slagerij Maes BV;Luc;Maes;not-an-email;4;", csv_text)

    def test_a_header_on_the_first_row_makes_the_first_client_row_2(self):
        job = self.Job.create_from_file(
            csv_bytes(["Klant"], [["Bakkerij Peeters BV"]]), "first.csv"
        )
        self.assertEqual(job.preview_row_numbers, [2])
        self.assertIn('<td class="text-muted">2</td>', self.wizard_of(job).preview_html)


@tagged("post_install", "-at_install")
class TestOneMaskingRule(FirstImportMixin, TransactionCase):
    HEADER = ["Account name", "First name", "Last name", "National number", "IBAN"]
    ROWS = [
        ["Peeters BV", "Jan", "Peeters", NATIONAL_NUMBER, IBAN],
        ["Secret BV", "Eva", "Geheim", "85.07.30-033.29", "BE68 5390 0754 7035"],  # invalid
    ]

    def assertMasked(self, text, where):
        self.assertIn("85.07.**-***.**", text, where)
        self.assertIn("BE68 **** **** 7034", text, where)
        self.assertNotIn("033.28", text, where)
        self.assertNotIn("0754", text, where)

    def test_the_preview_and_the_samples_mask_the_mapped_numbers(self):
        job = self.Job.create_from_file(csv_bytes(self.HEADER, self.ROWS), "masked.csv")
        wizard = self.wizard_of(job)
        self.assertMasked(wizard.preview_html, "preview")
        samples = {line.header: line.samples for line in wizard.line_ids}
        self.assertMasked(samples["National number"] + samples["IBAN"], "samples")
        self.assertEqual(samples["Account name"], "Peeters BV · Secret BV", "others as typed")

    def test_the_job_form_masks_and_the_skipped_file_gives_back(self):
        job = self.Job.create_from_file(csv_bytes(self.HEADER, self.ROWS), "masked.csv")
        job.strictness = "strict"
        job.action_start()
        row = job.skipped_row_ids
        self.assertIn("85.07.30-033.29", row.reason, "the full copy, for the skipped file")
        self.assertIn("85.07.**-***.**", row.reason_shown)
        self.assertNotIn("033.29", row.reason_shown)
        skipped_csv = job._report_csv(job.skipped_row_ids, lambda row: row.reason)
        self.assertIn("85.07.30-033.29", skipped_csv)

    def test_error_messages_and_the_undo_report_are_masked(self):
        job = self.Job.create_from_file(csv_bytes(self.HEADER, self.ROWS), "masked.csv")
        error = job._user_error(
            ClientImportError("Cell %(value)s cannot be read", value=f"{NATIONAL_NUMBER} {IBAN}")
        )
        self.assertIsInstance(error, UserError)
        self.assertMasked(str(error), "error message")
        job.action_start()
        report = f"Not undone: {NATIONAL_NUMBER} / {IBAN}"
        with patch.object(Undo, "report", lambda undo: report):
            job.with_user(self.import_manager).action_undo()
        self.assertMasked(job.undo_report, "undo report on the job form")
        self.assertMasked(job.message_ids[0].body, "undo report in the chatter")


@tagged("post_install", "-at_install")
class TestHistory(FirstImportMixin, TransactionCase):
    def test_an_import_is_named_after_its_file(self):
        job = self.Job.create_from_file(csv_bytes(["Klant"], [["Acme BV"]]), "klanten.csv")
        self.assertEqual(job.name, "klanten.csv")
        job.action_start()
        title = job.message_ids.filtered(lambda message: "Done" in message.body).body
        self.assertIn("<p>Client import klanten.csv: Done</p>", title)
        self.assertEqual(title.count("Client import"), 1)
        # A draft without a file is a new import, in the reader's language.
        draft = self.Job.create({})
        self.assertFalse(draft.name)
        self.assertTrue(draft.display_name.startswith("New import ("))
        wizard = self.wizard_of(draft)
        wizard.write(
            {
                "upload_file": base64.b64encode(csv_bytes(["Klant"], [["Acme BV"]])),
                "upload_file_name": "export_2026.csv",
            }
        )
        self.assertEqual(draft.name, "export_2026.csv")

    def test_an_undone_import_says_undone(self):
        job = self.run_import(["Klant"], [["Acme BV"]], user=self.import_user)
        job.with_user(self.import_manager).action_undo()
        self.assertEqual(job.state, "undone")
        states = dict(job._fields["state"]._description_selection(self.env))
        self.assertEqual(states[job.state], "Undone")
        self.assertIn(job, self.env["crm.client.import.job"].search([("state", "=", "undone")]))
        with self.assertRaises(UserError):
            job.with_user(self.import_manager).action_undo()
        self.assertTrue(job.undone)


@tagged("post_install", "-at_install")
class TestMappingScreens(FirstImportMixin, TransactionCase):
    def test_samples_are_distinct_found_for_every_column_and_masked(self):
        header = ["Klant", "Type", "Opmerking"]
        rows = [[f"Klant {n} BV", "Bedrijf", ""] for n in range(1, 31)]
        rows[27][2] = "Belt liever 's avonds"  # row 29: past the 20 preview rows
        job = self.Job.create_from_file(csv_bytes(header, rows), "samples.csv")
        self.assertEqual(len(job.preview_rows), 20)
        samples = {line.header: line.samples for line in self.wizard_of(job).line_ids}
        self.assertEqual(
            samples["Klant"], "Klant 1 BV · Klant 2 BV · Klant 3 BV · Klant 4 BV · Klant 5 BV"
        )
        self.assertEqual(samples["Type"], "Bedrijf", "each value once")
        self.assertEqual(samples["Opmerking"], "Belt liever 's avonds")

    def test_the_confidence_in_words_and_one_wording_of_the_action(self):
        job = self.Job.create_from_file(
            csv_bytes(["Accountnaam", "E-mail"], [["Acme BV", "info@acme.example"]]), "c.csv"
        )
        lines = self.wizard_of(job).line_ids
        words = []
        for confidence in (100, 90, 89, 70, 69, 10):
            lines[0].confidence = confidence
            words.append(lines[0].confidence_label)
        self.assertEqual(words, ["sure", "sure", "likely", "likely", "check this", "check this"])
        self.assertIn("check this (below 70%", lines._fields["confidence_label"].help)
        wizard_actions = lines._fields["action"]._description_selection(self.env)
        preset_line = self.env["crm.client.import.preset.line"]
        preset_actions = preset_line._fields["action"]._description_selection(self.env)
        self.assertEqual(wizard_actions, preset_actions)
        self.assertEqual(dict(wizard_actions)["ignore"], "Do not import")


@tagged("post_install", "-at_install")
class TestPortalResultsTour(ClientImportUsersMixin, HttpCase):
    def test_the_job_form_follows_the_portal_logins(self):
        admin = self.env.ref("base.user_admin")
        header = ["Account name", "First name", "Last name", "Email"]
        rows = [
            ["Bakkerij Peeters BV", "Jan", "Peeters", "jan@portal-tour.example"],
            ["Bakkerij Peeters BV", "Els", "Maes", "els@portal-tour.example"],
        ]
        job = (
            self.env["crm.client.import.job"]
            .with_user(admin)
            .create_from_file(csv_bytes(header, rows), "portal_tour.csv", portal_login=True)
        )
        job.action_start()
        self.assertEqual((job.state, job.portal_state), ("done", "queued"))
        self.start_tour(
            f"/odoo/action-crm_client_import.action_import_job/{job.id}",
            "crm_client_import_portal_results",
            login="admin",
        )
        self.assertEqual(job.portal_users_created, 2)
        self.assertIn("Portal logins created: 2", job.message_ids[0].body)
