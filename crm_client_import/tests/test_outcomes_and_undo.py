"""Every row has one outcome, and undo puts back what the import wrote (issue 13)."""

import itertools

from odoo.tests import new_test_user, tagged
from odoo.tools.misc import file_path

from odoo.addons.mail.tests.common import MailCommon

from .common import ClientImportJobMixin, ClientImportUsersMixin

HEADER = ["Account name", "First name", "Last name", "Email", "Job position", "IBAN"]


@tagged("post_install", "-at_install")
class TestOutcomesAndUndo(ClientImportUsersMixin, ClientImportJobMixin, MailCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._create_import_users()
        cls.env.company.country_id = cls.env.ref("base.be")
        cls.Partner = cls.env["res.partner"].with_context(active_test=False)

    def import_and_finish(self, header, rows, **settings):
        """The import, then the portal work the cron does after it."""
        job = self.run_import(header, rows, **settings)
        self.env["crm.client.import.job"]._cron_run_queue()
        return job

    def undo(self, job):
        job.with_user(self.import_manager).action_undo()
        return job.undo_report

    # --- the tally ---------------------------------------------------------------------

    def test_every_row_has_exactly_one_outcome(self):
        self.Partner.create({"name": "Gedeeld Adres", "email": "thuis@gedeeld.example"})
        rows = [
            ["Acme", "Ann", "Smet", "ann@acme.example", "", ""],
            ["", "", "", "", "", ""],
            ["Huis Gedeeld", "Eva", "Gedeeld", "thuis@gedeeld.example", "", ""],
            ["Huis Gedeeld", "Bert", "Gedeeld", "thuis@gedeeld.example", "", ""],
            ["Acme", "Ann", "Smet", "ann@acme.example", "", ""],
            ["", "", "", "", "", ""],
            ["", "Zonder", "Klant", "bad@", "", ""],
            ["Acme", "Bob", "", "", "Boekhouder", ""],
        ]
        job = self.import_and_finish(HEADER, rows, strictness="strict")
        outcomes = [(row.row_number, row.outcome) for row in job.row_ids]
        self.assertEqual(
            outcomes,
            [
                (2, "created"),
                (3, "empty"),
                (4, "created"),
                (5, "created"),
                (6, "unchanged"),
                (7, "empty"),
                (8, "skipped"),
                (9, "created"),
            ],
        )
        self.assertEqual(len(job.row_ids), job.rows_read)
        counted = {
            outcome: job[f"rows_{outcome}"]
            for outcome in ("created", "updated", "linked", "unchanged", "skipped", "empty")
        }
        self.assertEqual(
            counted,
            {"created": 4, "updated": 0, "linked": 0, "unchanged": 1, "skipped": 1, "empty": 2},
        )
        self.assertEqual(job.skipped_row_ids.mapped("row_number"), [8], "no empty line in it")
        self.assertEqual(
            sorted(self.Partner.search([("email", "=", "thuis@gedeeld.example")]).mapped("name")),
            ["Bert Gedeeld", "Eva Gedeeld", "Gedeeld Adres"],
            "three people share the address: none was merged",
        )

    def test_the_tally_fails_loudly_when_a_row_has_two_outcomes(self):
        job = self.run_import(HEADER, [["Acme", "Ann", "Smet", "ann@acme.example", "", ""]])
        row = job.row_ids
        self.env["crm.client.import.row"].create(
            {"job_id": job.id, "row_number": row.row_number, "outcome": "unchanged"}
        )
        with self.assertRaisesRegex(Exception, f"Row {row.row_number} of the file has several"):
            job._check_tally()

    # --- undo ----------------------------------------------------------------------------

    def test_undo_does_not_block_itself_on_a_person_of_two_new_accounts(self):
        rows = [
            ["Peeters Bouw", "Jan", "Peeters", "jan@peeters-bouw.example", "", ""],
            ["Peeters Vastgoed", "Jan", "Peeters", "jan@peeters-bouw.example", "", ""],
        ]
        job = self.import_and_finish(HEADER, rows)
        jan = self.Partner.search([("email", "=", "jan@peeters-bouw.example")])
        accounts = self.Partner.search([("name", "in", ["Peeters Bouw", "Peeters Vastgoed"])])
        self.assertEqual(jan.client_also_contact_of_ids.name, "Peeters Vastgoed")
        report = self.undo(job)
        self.assertTrue(report.startswith("Everything was undone."), report)
        self.assertEqual((jan | accounts).mapped("active"), [False, False, False])
        self.assertFalse(jan.client_also_contact_of_ids)

    def test_undo_puts_back_an_update_and_a_link_of_an_existing_contact(self):
        account = self.Partner.create({"name": "Vos Accountancy", "is_company": True})
        sara = self.Partner.create(
            {
                "name": "Sara Vos",
                "email": "sara@vos.example",
                "parent_id": account.id,
                "function": "Boekhouder",
            }
        )
        rows = [
            ["Vos Accountancy", "Sara", "Vos", "sara@vos.example", "Zaakvoerder", ""],
            ["Vos Holding", "Sara", "Vos", "sara@vos.example", "", ""],
        ]
        job = self.import_and_finish(HEADER, rows, duplicate_policy="update")
        self.assertEqual(sara.function, "Zaakvoerder")
        self.assertEqual(sara.client_also_contact_of_ids.name, "Vos Holding")
        self.assertEqual([row.outcome for row in job.row_ids], ["updated", "created"])
        report = self.undo(job)
        self.assertTrue(report.startswith("Everything was undone."), report)
        self.assertEqual((sara.function, sara.parent_id), ("Boekhouder", account))
        self.assertFalse(sara.client_also_contact_of_ids)
        self.assertTrue(sara.active)

    def test_undo_removes_the_portal_logins_and_the_bank_accounts_it_gave(self):
        account = self.Partner.create({"name": "Bank Test NV", "is_company": True})
        rows = [
            ["Bank Test NV", "Lea", "Bank", "lea@banktest.example", "", "BE68 5390 0754 7034"],
            ["Nieuw Portaal BV", "Tim", "Poort", "tim@portaal.example", "", ""],
        ]
        job = self.import_and_finish(
            HEADER, rows, duplicate_policy="update", portal_login=True, user=self.import_user
        )
        lea = self.Partner.search([("email", "=", "lea@banktest.example")])
        tim = self.Partner.search([("email", "=", "tim@portaal.example")])
        self.assertEqual(account.bank_ids.sanitized_acc_number, "BE68539007547034")
        users = (lea | tim).with_context(active_test=False).user_ids
        self.assertEqual(len(users), 2, "a portal login each")
        report = self.undo(job)
        self.assertTrue(report.startswith("Everything was undone."), report)
        self.assertFalse(account.bank_ids, "the bank account the update added is gone")
        self.assertFalse(users.exists(), "the portal users it made are gone")
        self.assertFalse((lea | tim).filtered("active"))
        self.assertTrue(account.active)

    def test_undo_says_what_it_cannot_put_back_and_who_changed_it(self):
        account = self.Partner.create({"name": "Later NV", "is_company": True, "city": "Gent"})
        job = self.import_and_finish(
            ["Account name", "City", "Phone"],
            [["Later NV", "Leuven", "+3292345678"], ["Nieuw Later BV", "Aalst", ""]],
            duplicate_policy="update",
            import_kind="accounts",
        )
        editor = new_test_user(self.env, login="cci_editor", name="Edith Editor")
        account.with_user(editor).sudo().phone = "+3293333333"
        created = self.Partner.search([("name", "=", "Nieuw Later BV")])
        report = self.undo(job)
        self.assertEqual(account.city, "Gent", "the city nobody touched since is put back")
        self.assertEqual(account.phone, "+3293333333", "the phone edited since stays")
        self.assertFalse(report.startswith("Everything was undone."))
        self.assertIn(f"Later NV (#{account.id}): Phone changed after the import by", report)
        self.assertFalse(created.active)

    def test_skip_gives_an_existing_contact_no_portal_access_at_all(self):
        account = self.Partner.create({"name": "Overslaan BV", "is_company": True})
        kim = self.Partner.create(
            {"name": "Kim Overslaan", "email": "kim@overslaan.example", "parent_id": account.id}
        )
        followers = account.message_follower_ids
        job = self.import_and_finish(
            HEADER,
            [["Overslaan BV", "Kim", "Overslaan", "kim@overslaan.example", "", ""]],
            duplicate_policy="skip",
            portal_login=True,
            portal_notify=True,
            portal_email_sync=True,
            user=self.import_user,
        )
        self.assertEqual([row.outcome for row in job.row_ids], ["unchanged"])
        self.assertFalse(kim.with_context(active_test=False).user_ids)
        self.assertEqual(
            (kim.client_portal_login, kim.client_portal_notify, kim.client_email_sync),
            (False, False, False),
        )
        self.assertEqual(account.message_follower_ids, followers)
        self.assertFalse(job.change_ids, "skip wrote nothing")

    def test_a_review_and_the_import_count_the_same_on_ten_files(self):
        Partner = self.Partner
        Partner.create({"name": "Garage Martens", "is_company": True, "vat": "BE0312712855"})
        Partner.create({"name": "Slapend Bureau BV", "is_company": True, "active": False})
        Partner.create([{"name": "Lies Tweeling", "email": "lies@tweeling.example"}] * 2)
        Partner.create({"name": "Solo Peters", "client_account_type": "individual"})
        files = [
            "identity/shared_email_spouse.csv",
            "identity/household_both.csv",
            "identity/not_clients.csv",
            "identity/vat_placeholders.xlsx",
            "identity/name_against_vat.csv",
            "identity/two_jan_peeters.csv",
            "identity/ambiguous_contact.csv",
            "identity/person_on_three_rows.csv",
            "identity/archived_client.csv",
            "identity/individual_details.xlsx",
            "mapping_taxdome_household.csv",
            "mapping_contact_blocks.xlsx",
            "clients_libreoffice.xlsx",
            "clients_excel_semicolon_cp1252.csv",
        ]
        for name, policy in itertools.product(files, ("update", "skip", "create")):
            with self.subTest(file=name, policy=policy), self.env.cr.savepoint() as savepoint:
                with open(file_path(f"crm_client_import/tests/data/{name}"), "rb") as handle:
                    job = self.env["crm.client.import.job"].create_from_file(
                        handle.read(), name, duplicate_policy=policy
                    )
                job.action_review()
                review = dict(job.review)
                job.action_start()
                self.assertTally(job)
                expected = [review[key] for key, _counter in REVIEW_AND_RUN]
                self.assertEqual([job[counter] for _key, counter in REVIEW_AND_RUN], expected)
                savepoint.rollback()


# The review's counts and the job's counters that must agree
REVIEW_AND_RUN = (
    ("new_accounts", "accounts_created"),
    ("existing_accounts", "accounts_matched"),
    ("new_contacts", "contacts_created"),
    ("existing_contacts", "contacts_matched"),
    ("invalid_rows", "rows_skipped"),
    ("empty_rows", "rows_empty"),
)
