import csv
import io
import zipfile
from unittest.mock import patch

from odoo.exceptions import AccessError, UserError
from odoo.tests import TransactionCase, tagged
from odoo.tools import SQL

from .common import ClientImportJobMixin, ClientImportUsersMixin

HEADER = ["Account name", "Account type", "First name", "Last name", "Email", "VAT number"]


@tagged("post_install", "-at_install")
class TestImportEngine(ClientImportUsersMixin, ClientImportJobMixin, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._create_import_users()
        cls.env.company.country_id = cls.env.ref("base.be")

    def test_rows_with_the_same_account_share_one_account(self):
        job = self.run_import(
            HEADER,
            [
                ["Bakkerij Peeters BV", "Company", "Jan", "Peeters", "jan@peeters.be", ""],
                ["bakkerij peeters bv", "Company", "Els", "Maes", "els@peeters.be", ""],
            ],
        )
        account = self.partners(name="Bakkerij Peeters BV")
        self.assertEqual(len(account), 1)
        self.assertTrue(account.is_company)
        self.assertEqual(account.client_account_type, "company")
        self.assertEqual(account.user_id, self.env.user, "the importer is the salesperson")
        self.assertEqual(sorted(account.child_ids.mapped("name")), ["Els Maes", "Jan Peeters"])
        self.assertEqual(set(account.child_ids.mapped("type")), {"contact"})
        self.assertEqual((job.accounts_created, job.contacts_created), (1, 2))
        self.assertEqual((job.rows_imported, job.rows_skipped), (2, 0))

    def test_the_same_person_in_several_accounts_is_one_partner(self):
        self.run_import(
            HEADER,
            [
                ["Garage Claes", "Company", "Brian", "Ross", "brian@example.com", ""],
                ["Ross Holding", "Company", "Brian", "Ross", "Brian@Example.com", ""],
                ["Ross Family", "Family", "Brian", "Ross", "brian@example.com", ""],
            ],
        )
        brian = self.partners(email_normalized="brian@example.com")
        self.assertEqual(len(brian), 1)
        self.assertEqual(brian.parent_id.name, "Garage Claes")
        self.assertEqual(
            sorted(brian.client_also_contact_of_ids.mapped("name")), ["Ross Family", "Ross Holding"]
        )
        holding = self.partners(name="Ross Holding")
        self.assertEqual(holding.client_other_contact_ids, brian)

    def test_a_taxpayer_and_spouse_on_one_row_become_two_contacts(self):
        header = [*HEADER, "Spouse first name", "Spouse email"]
        self.run_import(
            header,
            [
                [
                    "Janssens - Peeters",
                    "Family",
                    "Jan",
                    "Janssens",
                    "jan@j.be",
                    "",
                    "Marie",
                    "m@j.be",
                ]
            ],
            account_type_mode="column",
        )
        family = self.partners(name="Janssens - Peeters")
        self.assertEqual(family.client_account_type, "family")
        self.assertTrue(family.is_company)
        self.assertEqual(
            sorted(family.child_ids.mapped("name")), ["Jan Janssens", "Marie Janssens"]
        )

    def test_an_individual_and_their_own_row_are_one_person(self):
        job = self.run_import(
            HEADER,
            [["Marc Lambert", "Individual", "Marc", "Lambert", "marc@lambert.be", ""]],
            account_type_mode="column",
        )
        marc = self.partners(name="Marc Lambert")
        self.assertEqual(len(marc), 1)
        self.assertFalse(marc.is_company)
        self.assertEqual(marc.email, "marc@lambert.be")
        self.assertFalse(marc.child_ids)
        self.assertEqual((job.accounts_created, job.contacts_created), (1, 0))

    def test_bulk_account_type_overrides_the_column(self):
        self.run_import(
            HEADER,
            [["Stichting De Linde", "Individual", "Anke", "Bos", "", ""]],
            account_type_mode="bulk",
            account_type="trust",
        )
        self.assertEqual(self.partners(name="Stichting De Linde").client_account_type, "trust")

    def test_account_type_from_column_uses_value_synonyms(self):
        self.run_import(
            HEADER,
            [
                ["Dupont", "Particulier", "", "", "", ""],
                ["Acme", "Bedrijf", "", "", "", ""],
            ],
            account_type_mode="column",
        )
        self.assertEqual(self.partners(name="Dupont").client_account_type, "individual")
        self.assertFalse(self.partners(name="Dupont").is_company)
        self.assertEqual(self.partners(name="Acme").client_account_type, "company")

    def test_in_the_strict_mode_an_invalid_value_skips_the_row_with_its_reason(self):
        job = self.run_import(
            HEADER,
            [
                ["Good BV", "Company", "Ann", "Good", "ann@good.be", ""],
                ["Bad BV", "Company", "Bob", "Bad", "bob@", ""],
                ['=HYPERLINK("http://evil")', "Company", "", "", "", "BE0123456789"],
            ],
            strictness="strict",
        )
        self.assertEqual(job.rows_skipped, 2)
        self.assertFalse(self.partners(name="Bad BV"))
        reasons = dict(
            zip(
                job.skipped_row_ids.mapped("row_number"),
                job.skipped_row_ids.mapped("reason"),
                strict=True,
            )
        )
        self.assertIn("Email", reasons[3])
        self.assertIn("VAT", reasons[4])
        with zipfile.ZipFile(io.BytesIO(job.skipped_file_id.raw)) as archive:
            text = archive.read("skipped.csv").decode("utf-8-sig")
        rows = list(csv.reader(io.StringIO(text), delimiter=";"))
        self.assertEqual(rows[0][: len(HEADER)], HEADER)
        self.assertEqual(rows[0][-2:], ["Row", "Reason"])
        self.assertEqual(rows[1][:5], ["Bad BV", "Company", "Bob", "Bad", "bob@"])
        self.assertEqual(rows[1][-2], "3")
        self.assertEqual(rows[2][0], '\'=HYPERLINK("http://evil")', "formula neutralized")

    def test_by_default_a_bad_cell_keeps_the_row_and_goes_to_the_notes(self):
        job = self.run_import(HEADER, [["Bad BV", "Company", "Bob", "Bad", "bob@", "BE0123"]])
        self.assertEqual(job.strictness, "lenient")
        self.assertEqual(job.rows_skipped, 0)
        bob = self.partners(name="Bob Bad")
        self.assertTrue(bob)
        self.assertFalse(bob.email)
        self.assertIn("Email: bob@ (not a valid e-mail address)", bob.comment)
        account = self.partners(name="Bad BV")
        self.assertFalse(account.vat)
        self.assertIn("VAT number: BE0123 (not a valid VAT number)", account.comment)

    def test_an_ambiguous_match_skips_the_row(self):
        Partner = self.env["res.partner"]
        twins = Partner.create(
            [
                {"name": "Twin One", "is_company": True, "vat": "BE0403170701"},
                {"name": "Twin Two", "is_company": True, "vat": "BE 0403.170.701"},
            ]
        )
        job = self.run_import(HEADER, [["Twin", "Company", "", "", "", "BE0403170701"]])
        self.assertEqual(job.rows_skipped, 1)
        reason = job.skipped_row_ids.reason
        self.assertTrue(reason.startswith("ambiguous: VAT matches"), reason)
        for twin in twins:
            self.assertIn(f"#{twin.id}", reason)
        self.assertFalse(self.partners(name="Twin"))

    def test_duplicate_keys_in_order_and_archived_partners(self):
        Partner = self.env["res.partner"]
        by_ref = Partner.create({"name": "Old name", "is_company": True, "ref": "C-001"})
        archived = Partner.create({"name": "Sleeping BV", "is_company": True, "active": False})
        header = ["Account name", "Reference", "VAT number"]
        job = self.run_import(
            header,
            [["New name", "c-001", ""], ["Sleeping BV", "", ""]],
            import_kind="accounts",
            duplicate_policy="update",
            account_type_mode="skip",
        )
        self.assertEqual(by_ref.name, "New name", "matched on the reference, then updated")
        self.assertEqual(job.accounts_created, 0)
        self.assertEqual(job.accounts_updated, 1)
        self.assertEqual(self.partners(name="Sleeping BV"), archived)
        self.assertFalse(archived.active, "an archived match stays archived unless asked")
        self.assertEqual(job.skipped_row_ids.row_number, 3)
        self.assertIn("archived client Sleeping BV", job.skipped_row_ids.reason)

    def test_policy_skip_leaves_existing_accounts_but_attaches_new_contacts(self):
        existing = self.env["res.partner"].create(
            {"name": "Tech Solutions NV", "is_company": True, "vat": "BE0202239951", "city": "Gent"}
        )
        header = [*HEADER, "City"]
        job = self.run_import(
            header,
            [
                [
                    "Tech Solutions",
                    "Company",
                    "Jan",
                    "De Vries",
                    "jan@tech.be",
                    "BE0202239951",
                    "Antwerpen",
                ]
            ],
            duplicate_policy="skip",
        )
        self.assertEqual(existing.city, "Gent")
        self.assertEqual(existing.child_ids.name, "Jan De Vries")
        self.assertEqual(existing.child_ids.city, "Gent", "contacts take the account's address")
        self.assertEqual(
            (job.accounts_created, job.accounts_updated, job.contacts_created), (0, 0, 1)
        )

    def test_policy_update_fill_and_create(self):
        Partner = self.env["res.partner"]
        header = ["Account name", "VAT number", "City", "Zip"]
        row = [["Acme", "BE0202239951", "Leuven", "3000"]]
        acme = Partner.create(
            {"name": "Acme", "is_company": True, "vat": "BE0202239951", "city": "Gent"}
        )

        self.run_import(header, row, import_kind="accounts", duplicate_policy="fill")
        self.assertEqual((acme.city, acme.zip), ("Gent", "3000"), "fill: only blanks")

        self.run_import(header, row, import_kind="accounts", duplicate_policy="update")
        self.assertEqual(acme.city, "Leuven", "update: overwrite")

        job = self.run_import(header, row, import_kind="accounts", duplicate_policy="create")
        self.assertEqual(job.accounts_created, 1)
        self.assertEqual(len(self.partners(name="Acme")), 2, "create: never match")

    def test_update_never_clears_unless_asked(self):
        acme = self.env["res.partner"].create(
            {"name": "Acme", "is_company": True, "vat": "BE0202239951", "city": "Gent"}
        )
        header = ["Account name", "VAT number", "City"]
        self.run_import(
            header,
            [["Acme", "BE0202239951", ""]],
            import_kind="accounts",
            duplicate_policy="update",
        )
        self.assertEqual(acme.city, "Gent")
        self.run_import(
            header,
            [["Acme", "BE0202239951", ""]],
            import_kind="accounts",
            duplicate_policy="update",
            empty_clears=True,
        )
        self.assertFalse(acme.city)

    def test_accounts_only_tags_existing_partners(self):
        acme = self.env["res.partner"].create({"name": "Acme", "is_company": True})
        vip = self.env["res.partner.category"].create({"name": "VIP"})
        job = self.run_import(
            ["Account name", "Tags", "Email"],
            [["Acme", "Monthly VAT, Payroll", "info@acme.be"]],
            import_kind="accounts",
            duplicate_policy="update",
            tag_ids=[vip.id],
        )
        self.assertEqual(sorted(acme.category_id.mapped("name")), ["Monthly VAT", "Payroll", "VIP"])
        self.assertFalse(acme.child_ids, "accounts only: no contact")
        self.assertEqual(job.accounts_updated, 1)

    def test_contacts_only_creates_no_account(self):
        job = self.run_import(
            HEADER,
            [["Acme", "Company", "Nina", "Verbeke", "nina@example.com", ""]],
            import_kind="contacts",
        )
        nina = self.partners(name="Nina Verbeke")
        self.assertFalse(nina.parent_id)
        self.assertFalse(self.partners(name="Acme"))
        self.assertEqual((job.accounts_created, job.contacts_created), (0, 1))

    def test_national_number_matches_a_person_across_imports(self):
        header = ["Account name", "First name", "Last name", "National number"]
        self.run_import(header, [["Family A", "Jan", "Peeters", "85073003328"]])
        self.run_import(header, [["Family B", "Jan", "Peeters", "85.07.30-033.28"]])
        jan = self.partners(client_national_number="85073003328")
        self.assertEqual(len(jan), 1)
        self.assertEqual(jan.parent_id.name, "Family A")
        self.assertEqual(jan.client_also_contact_of_ids.name, "Family B")

    def test_bulk_settings_tags_assignees_folders_language(self):
        self.env["res.lang"]._activate_lang("nl_BE")
        tag = self.env["res.partner.category"].create({"name": "Imported 2026"})
        job = self.run_import(
            HEADER,
            [["Acme", "Company", "Ann", "Smith", "ann@acme.be", ""]],
            tag_ids=[tag.id],
            tags_on_contacts=True,
            assignee_ids=[self.import_manager.id],
            lang="nl_BE",
        )
        acme = self.partners(name="Acme")
        self.assertEqual(acme.category_id, tag)
        self.assertEqual(acme.child_ids.category_id, tag)
        self.assertEqual(acme.lang, "nl_BE")
        self.assertEqual(acme.child_ids.lang, "nl_BE")
        self.assertIn(self.import_manager.partner_id, acme.message_partner_ids)
        folders = acme.client_folder_ids
        self.assertEqual(
            job.folder_template_id, self.env.ref("crm_client_import.folder_template_tax_years")
        )
        year = acme.create_date.year
        self.assertIn(f"Tax years / {year}", folders.mapped("complete_name"))
        self.assertIn("Permanent file", folders.mapped("complete_name"))
        # Written in bulk, the folders still make a tree the ORM can search.
        tax_years = folders.filtered(lambda folder: folder.name == "Tax years")
        tree = self.env["crm.client.folder"].search([("id", "child_of", tax_years.id)])
        self.assertEqual(
            sorted(tree.mapped("name")), sorted(["Tax years", *map(str, range(year - 2, year + 1))])
        )
        self.assertEqual(folders.create_uid, self.env.user)

    def test_new_contacts_get_what_odoos_own_sync_gives(self):
        # Contacts are created pre-filled, without Odoo's sync from account to contact:
        # they must end up as a plain create() under the same account leaves them.
        self.env["res.lang"]._activate_lang("nl_BE")
        acme = self.env["res.partner"].create(
            {"name": "Acme Sync", "is_company": True, "vat": "BE0202239951",
             "street": "Veldstraat 1", "zip": "9000", "city": "Gent",
             "country_id": self.env.ref("base.be").id, "lang": "nl_BE",
             "company_registry": "0202239951", "user_id": self.import_manager.id}
        )  # fmt: skip
        self.run_import(HEADER, [["Acme Sync", "Company", "Ann", "Smith", "ann@acme-sync.be", ""]])
        imported = self.partners(email="ann@acme-sync.be")
        reference = self.env["res.partner"].create({"name": "Reference", "parent_id": acme.id})
        self.assertEqual(imported.parent_id, acme)
        synced = [
            *reference._address_fields(), *reference._commercial_fields(), "lang", "type", "user_id"
        ]  # fmt: skip
        for field in synced:
            self.assertEqual(imported[field], reference[field], field)
        self.assertEqual(imported.street, "Veldstraat 1", "the account's address")
        self.assertEqual(imported.vat, "BE0202239951", "the account's VAT, as Odoo syncs it")
        self.assertEqual(imported.user_id, self.import_manager, "the account's salesperson")
        # And later writes on the account still reach the contact.
        acme.city = "Gent-Centrum"
        self.assertEqual(imported.city, "Gent-Centrum")

    def test_bank_account_and_country(self):
        header = ["Account name", "IBAN", "Country", "Phone"]
        self.run_import(
            header,
            [["Acme", "BE68 5390 0754 7034", "België", "32471625368"]],
            import_kind="accounts",
        )
        acme = self.partners(name="Acme")
        self.assertEqual(acme.bank_ids.sanitized_acc_number, "BE68539007547034")
        self.assertEqual(acme.country_id.code, "BE")
        self.assertEqual(acme.phone, "+32471625368")

    def test_undo_archives_created_restores_updated_and_refuses_edited(self):
        Partner = self.env["res.partner"]
        acme = Partner.create(
            {"name": "Acme", "is_company": True, "vat": "BE0202239951", "city": "Gent"}
        )
        header = ["Account name", "VAT number", "City", "First name", "Last name"]
        job = self.run_import(
            header,
            [
                ["Acme", "BE0202239951", "Leuven", "Ann", "Smith"],
                ["Other BV", "", "Brugge", "Bob", "Jones"],
            ],
            duplicate_policy="update",
            user=self.import_manager,
        )
        other = self.partners(name="Other BV")
        bob = self.partners(name="Bob Jones")
        self.assertEqual(acme.city, "Leuven")
        with self.assertRaises(AccessError):
            job.with_user(self.import_user).action_undo()
        self.env.cr.execute(
            "UPDATE res_partner SET write_date = write_date + interval '1 hour' WHERE id = %s",
            [bob.id],
        )
        bob.invalidate_recordset()
        job.with_user(self.import_manager).action_undo()
        self.assertEqual(acme.city, "Gent", "updated values come back")
        self.assertFalse(other.active, "created partners are archived, never deleted")
        self.assertTrue(bob.active, "edited after the import: left alone")
        self.assertIn("Bob Jones", job.undo_report)

    def test_archive_before_import_is_for_managers_and_never_deletes(self):
        Partner = self.env["res.partner"]
        first = self.run_import(HEADER, [["Old Client", "Company", "", "", "", ""]])
        keep = Partner.create({"name": "Hand made", "is_company": True})
        with self.assertRaises(AccessError):
            self.run_import(
                HEADER,
                [["New Client", "Company", "", "", "", ""]],
                user=self.import_user,
                archive_before="imported",
                archive_confirmed=True,
            )
        job = self.run_import(
            HEADER,
            [["New Client", "Company", "", "", "", ""]],
            user=self.import_manager,
            archive_before="imported",
            archive_confirmed=True,
        )
        self.assertFalse(self.partners(name="Old Client").active)
        self.assertTrue(keep.active)
        self.assertEqual(job.accounts_archived, 1)
        self.assertTrue(first.record_ids.partner_id.exists(), "archived, not deleted")

    def test_archive_needs_a_second_confirmation(self):
        Job = self.env["crm.client.import.job"]
        from .common import csv_bytes

        job = Job.create_from_file(csv_bytes(HEADER, [["X", "Company", "", "", "", ""]]), "x.csv")
        job.archive_before = "all"
        with self.assertRaises(UserError):
            job.action_start()

    def test_large_file_runs_in_the_background_and_can_be_cancelled(self):
        self.env["ir.config_parameter"].set_param("crm_client_import.sync_row_limit", "2")
        rows = [[f"Client {n}", "Company", "", "", "", ""] for n in range(5)]
        Job = self.env["crm.client.import.job"]
        from .common import csv_bytes

        job = Job.create_from_file(csv_bytes(HEADER, rows), "big.csv")
        job.action_start()
        self.assertEqual(job.state, "queued")
        cancelled = Job.create_from_file(csv_bytes(HEADER, rows), "big2.csv")
        cancelled.action_start()
        cancelled.action_cancel()
        self.assertEqual(cancelled.state, "cancelled")
        Job._cron_run_queue()
        self.assertTally(job)
        self.assertEqual(job.accounts_created, 5)

    def test_batches_resume_from_the_next_row(self):
        self.env["ir.config_parameter"].set_param("crm_client_import.batch_size", "2")
        rows = [[f"Client {n}", "Company", "", "", "", ""] for n in range(5)]
        job = self.run_import(HEADER, rows)
        self.assertEqual(job.accounts_created, 5)
        self.assertEqual(len(job.record_ids), 5)

    def test_sql_queries_grow_with_batches_not_rows(self):
        self.env["ir.config_parameter"].set_param("crm_client_import.batch_size", "100")
        self.env["ir.config_parameter"].set_param("crm_client_import.sync_row_limit", "5000")
        from .common import csv_bytes

        def count_queries(size, prefix):
            rows = [
                [
                    f"{prefix} {n // 2}",
                    "Company",
                    f"First{n}",
                    "Last",
                    f"{prefix}{n}@example.com",
                    "",
                ]
                for n in range(size)
            ]
            job = self.env["crm.client.import.job"].create_from_file(
                csv_bytes(HEADER, rows), "q.csv"
            )
            self.env.flush_all()
            before = self.cr.sql_log_count
            job.action_start()
            self.env.flush_all()
            self.assertTally(job)
            return self.cr.sql_log_count - before

        small = count_queries(100, "Small")
        large = count_queries(1000, "Large")
        # 10 batches instead of 1: about ten times the queries of one batch, never one per row.
        self.assertLess(large, 12 * small)
        self.assertLess(large, 1000)

    def test_candidate_lookups_never_scan_the_partners(self):
        # Each batch looks partners up: a scan of the whole table would cost more with
        # every partner written. Every condition must have an index, which PostgreSQL
        # then takes even on a small table when scans are off.
        existing = self.env["res.partner"].create(
            {"name": "Lookup BV", "is_company": True, "vat": "BE0477472701"}
        )
        self.env["res.partner"].create({"name": "Ann Lookup", "parent_id": existing.id})
        queries = []
        execute_query = type(self.env).execute_query

        def spy(env, query):
            if "FROM res_partner p" in query.code:
                queries.append(query)
            return execute_query(env, query)

        with patch.object(type(self.env), "execute_query", spy):
            header = ["Account name", "VAT number", "First name", "Last name", "Email"]
            row = ["Lookup BV", "BE0477472701", "Ann", "Lookup", "ann@lookup.example"]
            self.run_import([*header, "National number"], [[*row, "85073003328"]])
        self.assertEqual(len(queries), 2, "accounts, then people")
        self.env.cr.execute("SET LOCAL enable_seqscan = off")
        for query in queries:
            self.env.cr.execute(SQL("EXPLAIN %s", query))
            plan = "\n".join(line for (line,) in self.env.cr.fetchall())
            self.assertNotIn("Seq Scan on res_partner", plan)

    def test_two_imports_of_one_company_run_one_after_the_other(self):
        from .common import csv_bytes

        Job = self.env["crm.client.import.job"]
        first = Job.create_from_file(
            csv_bytes(HEADER, [["First BV", "Company", "", "", "", ""]]), "a.csv"
        )
        first._prepare_start()
        self.assertTrue(first._take_turn())
        second = Job.create_from_file(
            csv_bytes(HEADER, [["Second BV", "Company", "", "", "", ""]]), "b.csv"
        )
        second.action_start()
        self.assertEqual(second.state, "queued", "waits for the running import of its company")
        self.assertFalse(self.partners(name="Second BV"))
        other_company = self.env["res.company"].create({"name": "Other firm"})
        third = Job.with_company(other_company).create_from_file(
            csv_bytes(HEADER, [["Third BV", "Company", "", "", "", ""]]), "c.csv"
        )
        third.action_start()
        self.assertEqual(third.state, "done", "another company's import does not wait")
        first._work_turn()
        Job._cron_run_queue()
        self.assertTally(first)
        self.assertTally(second)

    def test_an_assignee_column_names_the_salesperson_by_email_or_login(self):
        self.import_manager.email = "anne.manager@firm.example"
        job = self.run_import(
            ["Account name", "Responsible"],
            [
                ["Acme", "Anne.Manager@firm.example"],
                ["Initech", self.import_user.login],
                ["Globex", "nobody@nowhere.example"],
            ],
            import_kind="accounts",
        )
        self.assertEqual(self.partners(name="Acme").user_id, self.import_manager)
        self.assertEqual(self.partners(name="Initech").user_id, self.import_user)
        self.assertEqual(
            self.partners(name="Globex").user_id, self.env.user, "unknown: the importer"
        )
        self.assertEqual(job.rows_skipped, 0, "an unknown user is a warning, not an error")

    def test_review_buckets_samples_and_before_after(self):
        from .common import csv_bytes

        Partner = self.env["res.partner"]
        acme = Partner.create({"name": "Acme", "is_company": True, "city": "Gent"})
        Partner.create({"name": "Only In Odoo BV", "is_company": True})
        Partner.create({"name": "Ann Smith", "email": "known@example.com"})
        rows = [
            ["Acme", "Company", "Ann", "Smith", "known@example.com", "", "Leuven"],
            ["Newco", "Company", "Bob", "Jones", "bob@newco.example", "", "Brugge"],
            ["Newco", "Company", "Cyd", "Jones", "bob@", "", "Brugge"],
            ["Leftout", "Company", "", "", "", "", ""],
        ]
        job = self.env["crm.client.import.job"].create_from_file(
            csv_bytes([*HEADER, "City"], rows), "review.csv"
        )
        job.write({"duplicate_policy": "update", "excluded_rows": [5], "strictness": "strict"})
        job.action_review()
        review = job.review
        self.assertEqual(job.state, "ready")
        counts = {key: review[key] for key in (
            "rows", "new_accounts", "existing_accounts", "new_contacts", "existing_contacts",
            "invalid_rows", "excluded_rows")}  # fmt: skip
        self.assertEqual(
            counts,
            {"rows": 4, "new_accounts": 1, "existing_accounts": 1, "new_contacts": 1,
             "existing_contacts": 1, "invalid_rows": 1, "excluded_rows": 1},
        )  # fmt: skip
        self.assertEqual([row["row"] for row in review["invalid"]], [4])
        self.assertIn("bob@", review["invalid"][0]["reason"])
        lines = job.review_line_ids.filtered(lambda line: line.bucket in ("new", "existing"))
        self.assertEqual(
            [(line.name, line.bucket, line.row_number) for line in lines],
            [("Acme", "existing", 2), ("Newco", "new", 3)],
        )
        self.assertEqual(lines[1].contacts, "Bob Jones · bob@newco.example")
        self.assertEqual(lines[0].partner_id, acme)
        self.assertIn("City: Gent → Leuven", lines[0].changes.splitlines())
        invalid = job.review_line_ids.filtered(lambda line: line.bucket == "invalid")
        self.assertEqual((invalid.row_number, invalid.name), (4, "Newco"))
        only_lines = job.review_line_ids.filtered(lambda line: line.bucket == "only_in_odoo")
        self.assertIn("Only In Odoo BV", only_lines.mapped("name"))
        self.assertNotIn(acme, only_lines.partner_id)
        self.assertEqual(len(only_lines), review["only_in_odoo"]["count"])
        only = review["only_in_odoo"]
        self.assertIn("Only In Odoo BV", [partner["name"] for partner in only["names"]])
        self.assertNotIn("Acme", [partner["name"] for partner in only["names"]])
        self.assertFalse(self.partners(name="Newco"), "the review writes nothing")

    def test_a_person_is_recognised_by_either_national_number_or_email(self):
        header = ["Account name", "First name", "Last name", "Email", "National number"]
        rows = [
            ["Peeters BV", "Jan", "Peeters", "jan@peeters.example", "85073003328"],
            ["Peeters Family", "Jan", "Peeters", "jan@peeters.example", ""],
            ["Peeters Holding", "Jan", "Peeters", "", "85.07.30-033.28"],
        ]
        for batch_size in ("500", "1"):  # one batch, then one batch per row
            with self.subTest(batch_size=batch_size):
                self.env["ir.config_parameter"].set_param(
                    "crm_client_import.batch_size", batch_size
                )
                suffix = f" {batch_size}"
                self.run_import(
                    header, [[row[0] + suffix, *row[1:]] for row in rows], duplicate_policy="create"
                )
                jan = self.partners(email_normalized="jan@peeters.example").filtered(
                    lambda partner, suffix=suffix: partner.parent_id.name == "Peeters BV" + suffix
                )
                self.assertEqual(len(jan), 1)
                self.assertEqual(
                    sorted(jan.client_also_contact_of_ids.mapped("name")),
                    [f"Peeters Family{suffix}", f"Peeters Holding{suffix}"],
                )
