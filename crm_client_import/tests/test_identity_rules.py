"""Who is who, on a real database, from files shaped like a Belgian firm's exports
(tests/data/identity, written by LibreOffice): the cases of issue 12, each read
back partner by partner."""

from odoo.tests import TransactionCase, tagged
from odoo.tools.misc import file_path

from .common import ClientImportJobMixin

DATA = "crm_client_import/tests/data/identity/"


@tagged("post_install", "-at_install")
class TestIdentityRules(ClientImportJobMixin, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.company.country_id = cls.env.ref("base.be")
        cls.Partner = cls.env["res.partner"].with_context(active_test=False)
        cls.admin = cls.env.ref("base.user_admin").partner_id
        cls.admin.email = "admin@example.com"

    def job_of(self, name, **settings):
        with open(file_path(DATA + name), "rb") as handle:
            data = handle.read()
        return self.env["crm.client.import.job"].create_from_file(data, name, **settings)

    def import_file(self, name, **settings):
        job = self.job_of(name, **settings)
        job.action_start()
        self.assertTally(job)
        return job

    def fields_of(self, partners, *names):
        return sorted(tuple(partner[name] for name in names) for partner in partners)

    def outcomes(self, job):
        return [(row.row_number, row.outcome) for row in job.row_ids]

    def assertAdminUntouched(self):
        self.assertEqual(
            (self.admin.name, self.admin.parent_id, self.admin.email),
            ("Administrator", self.Partner, "admin@example.com"),
        )

    # --- 1. a shared household e-mail never merges two people ---------------------

    def test_a_spouse_sharing_the_taxpayers_email_is_a_second_person(self):
        for policy in ("update", "skip"):
            with self.subTest(policy=policy), self.env.cr.savepoint(flush=False) as savepoint:
                job = self.import_file(
                    "shared_email_spouse.csv", account_type_mode="column", duplicate_policy=policy
                )
                people = self.Partner.search([("email", "=", "thuis@jacobs.example")])
                self.assertEqual(
                    self.fields_of(people, "name", "client_account_type", "is_company"),
                    [("Els Jacobs", False, False), ("Jan Jacobs", "individual", False)],
                )
                els = people.filtered(lambda partner: partner.name == "Els Jacobs")
                self.assertEqual(els.parent_id.name, "Jan Jacobs")
                self.assertEqual((job.accounts_created, job.contacts_created), (1, 1))
                self.assertIn("shares the e-mail address", job.row_ids.warnings[0]["reason"])
                savepoint.rollback()

    def test_another_national_number_behind_a_shared_email_is_another_person(self):
        self.import_file("household_first.csv", account_type_mode="column")
        job = self.import_file(
            "household_second.csv", account_type_mode="column", duplicate_policy="update"
        )
        people = self.Partner.search([("email", "=", "info@janssens.example")])
        self.assertEqual(
            self.fields_of(people, "name", "client_national_number"),
            [("Marie Janssens", "90011503356"), ("Piet Janssens", "85073003328")],
        )
        self.assertEqual(set(people.parent_id.mapped("name")), {"Familie Janssens"})
        self.assertEqual((job.accounts_matched, job.contacts_created), (1, 1))

    def test_both_people_of_a_household_in_one_file(self):
        job = self.import_file("household_both.csv", account_type_mode="column")
        people = self.Partner.search([("email", "=", "info@janssens.example")])
        self.assertEqual(sorted(people.mapped("name")), ["Marie Janssens", "Piet Janssens"])
        self.assertEqual(self.outcomes(job), [(2, "created"), (3, "created")])

    # --- 2. partners that are not clients ------------------------------------------

    def test_partners_of_users_and_accounts_are_never_taken_for_contacts(self):
        jan = self.Partner.create(
            {
                "name": "Jan Jacobs",
                "email": "jan@jacobs-individual.example",
                "client_account_type": "individual",
            }
        )
        job = self.import_file(
            "not_clients.csv", account_type_mode="column", duplicate_policy="update"
        )
        self.assertAdminUntouched()
        anne = self.Partner.search([("name", "=", "Anne Boekhouder")])
        self.assertEqual(
            (anne.email, anne.parent_id.name), ("admin@example.com", "Brouwerij Het Anker")
        )
        self.assertFalse(jan.parent_id, "an individual account is never made a contact")
        self.assertEqual(jan.commercial_partner_id, jan)
        self.assertEqual(jan.client_also_contact_of_ids.mapped("name"), ["Jacobs Bouw BV"])
        self.assertEqual(self.outcomes(job), [(2, "created"), (3, "created")])

    # --- 3. placeholders are empty --------------------------------------------------

    def test_placeholders_never_become_vat_numbers_nor_match(self):
        job = self.import_file("vat_placeholders.xlsx", import_kind="accounts")
        cities = ["Gent", "Leuven", "Aalst", "Mechelen", "Antwerpen", "Kortrijk", "Ieper"]
        accounts = self.Partner.search([("city", "in", cities)])
        self.assertEqual(len(accounts), 7, "seven clients, none merged")
        self.assertEqual(
            self.fields_of(accounts.filtered("vat"), "name", "vat"),
            [("Garage Verstraete", "BE0477111128")],
        )
        self.assertEqual(job.rows_created, 7)
        again = self.import_file(
            "vat_placeholders.xlsx", import_kind="accounts", duplicate_policy="update"
        )
        self.assertEqual((again.rows_skipped, again.accounts_matched), (0, 7))

    # --- 4. a name match never beats a conflicting VAT number ----------------------

    def test_a_name_match_against_another_vat_number_is_a_conflict(self):
        garage = self.Partner.create(
            {"name": "Garage Martens", "is_company": True, "vat": "BE0312712855", "city": "Gent"}
        )
        job = self.import_file(
            "name_against_vat.csv", import_kind="accounts", duplicate_policy="update"
        )
        self.assertEqual((garage.vat, garage.city), ("BE0312712855", "Gent"))
        self.assertEqual(job.rows_skipped, 1)
        self.assertEqual(
            job.skipped_row_ids.reason,
            f"conflict: name matches Garage Martens (#{garage.id}) but VAT BE0677482840 ≠ "
            "BE0312712855; nothing was changed",
        )
        self.assertFalse(self.Partner.search([("city", "=", "Brugge")]))

    # --- 5. two clients with one name stay two --------------------------------------

    def test_two_clients_named_alike_are_two_and_a_name_only_row_is_skipped(self):
        job = self.import_file("two_jan_peeters.csv", account_type_mode="column")
        jans = self.Partner.search([("name", "=ilike", "jan peeters")])
        self.assertEqual(
            self.fields_of(jans, "client_national_number", "email", "mobile"),
            [
                ("68051523403", "jan@peeters-brugge.example", "+32470445566"),
                ("75120112351", "jan@peeters-gent.example", "+32470112233"),
            ],
        )
        self.assertEqual(self.outcomes(job), [(2, "created"), (3, "created"), (4, "skipped")])
        self.assertIn("this file names several clients JAN PEETERS", job.skipped_row_ids.reason)

    # --- 6. a skipped row writes nothing ---------------------------------------------

    def test_a_row_skipped_for_its_contact_makes_no_account(self):
        self.Partner.create(
            [
                {"name": "Lies Tweeling", "email": "lies@tweeling.example"},
                {"name": "Lies Tweeling", "email": "lies@tweeling.example"},
            ]
        )
        job = self.import_file("ambiguous_contact.csv", duplicate_policy="update")
        self.assertEqual(self.outcomes(job), [(2, "skipped")])
        self.assertIn("ambiguous: e-mail matches Lies Tweeling", job.skipped_row_ids.reason)
        self.assertFalse(self.Partner.search([("name", "=", "Tweeling Holding")]))
        self.assertEqual((job.accounts_created, job.contacts_created), (0, 0))

    # --- 7. a person's later rows count ------------------------------------------------

    def test_a_persons_later_rows_fill_what_the_first_left_empty(self):
        job = self.import_file("person_on_three_rows.csv")
        rik = self.Partner.search([("email", "=", "rik@moens.example")])
        self.assertEqual(len(rik), 1)
        self.assertEqual(rik.mobile, "+32478123456", "the third row's mobile")
        self.assertEqual(rik.parent_id.name, "Moens Advies")
        self.assertEqual(
            sorted(rik.client_also_contact_of_ids.mapped("name")),
            ["Moens Holding", "Moens Vastgoed"],
        )
        self.assertEqual(self.outcomes(job), [(2, "created"), (3, "created"), (4, "created")])

    # --- 8. archived matches ----------------------------------------------------------------

    def test_an_archived_client_is_listed_and_restored_only_when_asked(self):
        sleeping = self.Partner.create(
            {"name": "Slapend Bureau BV", "is_company": True, "active": False}
        )
        job = self.job_of("archived_client.csv")
        job.action_review()
        self.assertEqual(job.review["archived"], 1)
        self.assertIn(
            f"archived client Slapend Bureau BV (#{sleeping.id})",
            job.review["archived_rows"][0]["reason"],
        )
        job.action_start()
        self.assertEqual(self.outcomes(job), [(2, "skipped")])
        self.assertFalse(sleeping.active)
        self.assertFalse(sleeping.child_ids, "nothing is attached to an archived client")
        job = self.import_file("archived_client.csv", restore_archived=True)
        self.assertTrue(sleeping.active)
        self.assertEqual(sleeping.child_ids.name, "Sofie Slaap")
        self.assertEqual(self.outcomes(job), [(2, "created")])

    # --- 9. fill blanks only fills blanks ---------------------------------------------------

    def test_fill_blanks_never_flips_the_company_flag(self):
        solo = self.Partner.create({"name": "Solo Peters", "client_account_type": "individual"})
        job = self.import_file(
            "fill_individual.csv",
            import_kind="accounts",
            account_type_mode="column",
            duplicate_policy="fill",
        )
        self.assertEqual(
            (solo.is_company, solo.client_account_type, solo.city, solo.vat),
            (False, "individual", "Hasselt", False),
        )
        self.assertEqual(self.outcomes(job), [(2, "updated")])

    # --- 10. a person known by a name only is found again -------------------------------

    def test_a_spouse_known_by_a_last_name_only_is_not_created_again(self):
        for policy in ("skip", "skip", "update"):
            self.import_file(
                "spouse_name_only.csv", account_type_mode="column", duplicate_policy=policy
            )
        household = self.Partner.search([("name", "=", "Huishouden Peeters")])
        self.assertEqual(len(household), 1)
        self.assertEqual(sorted(household.child_ids.mapped("name")), ["Peeters", "Tom Peeters"])

    # --- 11. an individual keeps its own details --------------------------------------------

    def test_an_individual_keeps_mobile_national_number_job_position_and_birth_date(self):
        job = self.import_file(
            "individual_details.xlsx", import_kind="accounts", account_type_mode="column"
        )
        karel = self.Partner.search([("name", "=", "Karel Indekeu")])
        self.assertEqual(
            (
                karel.mobile,
                karel.client_national_number,
                karel.function,
                str(karel.client_birthdate),
            ),
            ("+32470123456", "92030334563", "Zelfstandige", "1992-03-03"),
        )
        self.assertEqual(karel.bank_ids.sanitized_acc_number, "BE91539754703476")
        self.assertEqual(self.outcomes(job), [(2, "created")])
        # found again by the national number alone
        again = self.import_file(
            "individual_details.xlsx", import_kind="accounts", account_type_mode="column",
            duplicate_policy="update",
        )  # fmt: skip
        self.assertEqual((again.accounts_created, again.accounts_matched), (0, 1))
        self.assertEqual(self.outcomes(again), [(2, "unchanged")])
