"""The whole review (issue 16): one line per account of the file, with its type and
why, its contacts, portal logins, tags, folders and the changes to an existing
partner (masked), in a list that the search view filters per bucket."""

from lxml import etree

from odoo.tests import HttpCase, TransactionCase, new_test_user, tagged
from odoo.tools.misc import file_open
from odoo.tools.safe_eval import safe_eval

from .common import csv_bytes
from .test_first_import import ACCOUNT_TYPES_FILE, FirstImportMixin
from .test_warnings import BELGIAN_FIRM, read_fixture

# Filters of the review's search view, and the review's count of each.
BUCKET_COUNTS = {
    "new": lambda review: review["new_accounts"],
    "existing": lambda review: review["existing_accounts"],
    "invalid": lambda review: review["invalid_rows"],
    "with_warnings": lambda review: review["warning_rows"],
    "only_in_odoo": lambda review: review["only_in_odoo"]["count"],
}


@tagged("post_install", "-at_install")
class TestWholeReview(FirstImportMixin, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        # A private client already in Odoo, whose row gives a national number and
        # another town; and a client that the file does not name.
        cls.hendrickx = Partner.create(
            {
                "name": "Hendrickx Els",
                "client_account_type": "individual",
                "city": "Brussel",
            }
        )
        cls.forgotten = Partner.create({"name": "Oude Klant BV", "is_company": True})
        cls.tag = cls.env["res.partner.category"].create({"name": "Imported 2026"})
        cls.template = cls.env.ref("crm_client_import.folder_template_tax_years")

    def review_of(self, data, file_name, **settings):
        job = self.Job.create_from_file(data, file_name)
        job.write(settings)
        job.action_review()
        return job

    def account_types_review(self):
        with file_open(ACCOUNT_TYPES_FILE, "rb") as file:
            data = file.read()
        return self.review_of(
            data,
            "account_types_nl.xlsx",
            duplicate_policy="update",
            portal_login=True,
            tag_ids=[self.tag.id],
            folder_template_id=self.template.id,
        )

    def line(self, job, name):
        lines = job.review_line_ids.filtered(lambda line: line.name == name)
        self.assertEqual(len(lines), 1, name)
        return lines

    def test_every_account_with_its_type_people_logins_and_settings(self):
        job = self.account_types_review()
        review = job.review
        accounts = job.review_line_ids.filtered(lambda line: line.bucket in ("new", "existing"))
        self.assertEqual(len(accounts), 10, "one line per account of the file")
        self.assertEqual(len(accounts), review["new_accounts"] + review["existing_accounts"])
        self.assertEqual(accounts.mapped("row_number"), sorted(accounts.mapped("row_number")))

        company = self.line(job, "Bouwbedrijf De Clercq BV")
        self.assertEqual(
            (company.bucket, company.rows, company.account_type, company.type_reason),
            ("new", "2-3", "company", "legal_form"),
        )
        self.assertEqual(company.contact_count, 2)
        self.assertEqual(
            company.contacts.splitlines(),
            [
                "Koen De Clercq · koen@declercq.example · portal login",
                "An De Clercq · an@declercq.example · portal login",
            ],
        )
        self.assertEqual(company.portal_login_emails, "koen@declercq.example, an@declercq.example")
        self.assertEqual(company.tags, "Imported 2026")
        self.assertEqual(company.folder_template, self.template.name)

        private = self.line(job, "Peeters Jan")
        self.assertEqual(
            (private.account_type, private.type_reason), ("individual", "contact_name")
        )
        self.assertEqual(private.contact_count, 0, "the client and the row's person are one")
        self.assertTrue(private.portal_login)
        self.assertEqual(private.portal_login_emails, "jan@peeters.example")

        household = self.line(job, "Jan Janssens en Marie Peeters")
        self.assertEqual((household.account_type, household.type_reason), ("family", "two_people"))
        self.assertEqual(
            household.contacts, "Jan Janssens · jan@janssens-peeters.example · portal login"
        )
        self.assertEqual(self.line(job, "Familie Janssens").type_reason, "family_word")
        self.assertEqual(self.line(job, "Garage Vermeulen").type_reason, "no_evidence")

        with_login = accounts.filtered("portal_login")
        logins = sum(len(line.portal_login_emails.split(", ")) for line in with_login)
        self.assertEqual(logins, review["portal_logins"])

    def test_an_existing_client_shows_the_changes_masked(self):
        job = self.account_types_review()
        existing = self.line(job, "Hendrickx Els")
        self.assertEqual((existing.bucket, existing.partner_id), ("existing", self.hendrickx))
        self.assertEqual(
            (existing.account_type, existing.type_reason), ("individual", "national_number")
        )
        changes = existing.changes.splitlines()
        self.assertIn("City: Brussel → Leuven", changes)
        self.assertIn("National number: — → 8803*******", changes)
        self.assertEqual(existing.change_count, len(changes))
        self.assertNotIn("88031412266", existing.changes)
        self.assertNotIn("14-122", existing.changes)

        # Left as it is: no change, and the type it has.
        job.duplicate_policy = "skip"
        job.action_review()
        existing = self.line(job, "Hendrickx Els")
        self.assertFalse(existing.changes)
        self.assertEqual((existing.account_type, existing.type_reason), ("individual", False))

    def test_the_search_views_bucket_filters_count_what_the_review_counts(self):
        job = self.account_types_review()
        other = self.review_of(read_fixture(BELGIAN_FIRM), BELGIAN_FIRM, strictness="strict")
        Line = self.env["crm.client.import.review.line"].with_user(self.import_user)
        arch = etree.fromstring(Line.get_views([(False, "search")])["views"]["search"]["arch"])
        filters = {node.get("name"): node.get("domain") for node in arch.iter("filter")}
        for review_job in (job, other):
            review = review_job.review
            action = review_job.action_open_review_lines()
            self.assertEqual(Line.search_count(action["domain"]), len(review_job.review_line_ids))
            for bucket, count in BUCKET_COUNTS.items():
                with self.subTest(job=review_job.name, bucket=bucket):
                    action = review_job.action_open_review_lines(bucket)
                    self.assertEqual(action["context"][f"search_default_{bucket}"], 1)
                    domain = action["domain"] + safe_eval(filters[bucket])
                    self.assertEqual(Line.search_count(domain), count(review))
        self.assertIn(self.forgotten, job.review_line_ids.partner_id)
        invalid = other.review_line_ids.filtered(lambda line: line.bucket == "invalid")
        self.assertTrue(invalid, "the strict review of the bad cells skips rows")
        self.assertTrue(all(line.reason for line in invalid))
        self.assertNotIn("5390 0754", "".join(invalid.mapped("reason")), "masked")
        self.assertEqual(
            sorted(invalid.mapped("row_number")), [item["row"] for item in other.review["invalid"]]
        )

    def test_warnings_are_on_their_accounts_line(self):
        job = self.review_of(read_fixture(BELGIAN_FIRM), BELGIAN_FIRM)
        warned = job.review_line_ids.filtered("with_warnings")
        self.assertEqual(sorted(warned.mapped("row_number")), job.review["warning_row_numbers"])
        frituur = self.line(job, "Frituur De Hoek")
        self.assertIn("IBAN BE68 **** **** 7035 has a wrong check digit", frituur.reason)

    def test_a_skipped_row_without_an_account_is_listed_by_its_persons_name(self):
        header = ["Klant", "Voornaam", "Achternaam", "E-mail"]
        rows = [["", "Jan", "Peeters", "jan@"], ["Bakkerij Maes BV", "Lies", "Maes", "lies@"]]
        job = self.review_of(csv_bytes(header, rows), "invalid.csv", strictness="strict")
        invalid = job.review_line_ids.filtered(lambda line: line.bucket == "invalid")
        self.assertEqual(
            [(line.row_number, line.name) for line in invalid],
            [(2, "Jan Peeters"), (3, "Bakkerij Maes BV")],
        )
        self.assertTrue(all("jan@" in line.reason or "lies@" in line.reason for line in invalid))

    def test_a_new_review_replaces_the_lines(self):
        job = self.account_types_review()
        count = len(job.review_line_ids)
        job.excluded_rows = [2, 3]
        job.action_review()
        self.assertEqual(len(job.review_line_ids), count - 1)
        names = job.review_line_ids.mapped("name")
        self.assertNotIn("Bouwbedrijf De Clercq BV", names)


@tagged("post_install", "-at_install")
class TestWholeReviewTour(HttpCase):
    def test_the_review_shows_every_type_and_counts_the_logins_it_makes(self):
        # A settings administrator (a Client Import manager), who may also run the
        # import's cron from the page; a user of their own: no earlier import to reopen.
        admin = new_test_user(
            self.env,
            login="cci_admin",
            password="cci_admin",
            groups="base.group_user,base.group_partner_manager,base.group_system",
        )
        with file_open(ACCOUNT_TYPES_FILE, "rb") as file:
            # The tour fetches the file from there, as the browser would read it from disk.
            self.env["ir.attachment"].with_user(admin).create(
                {"name": "account_types_nl.xlsx", "raw": file.read()}
            )
        self.start_tour("/odoo", "crm_client_import_whole_review", login="cci_admin")
        job = self.env["crm.client.import.job"].search([("user_id", "=", admin.id)])
        self.assertEqual(len(job), 1)
        self.assertEqual(job.state, "done", job.error_message)
        self.assertTrue(job.portal_login)
        self.assertEqual(job.review["portal_logins"], 11)
        self.assertEqual(job.portal_users_created, 11)
        self.assertIn("Portal logins created: 11", job.message_ids[0].body)
        accounts = job.record_ids.filtered(lambda record: record.kind == "account").partner_id
        types = {partner.name: partner.client_account_type for partner in accounts}
        self.assertEqual(types["Peeters Jan"], "individual")
        self.assertEqual(types["Jan Janssens en Marie Peeters"], "family")
        self.assertEqual(types["Bouwbedrijf De Clercq BV"], "company")


@tagged("post_install", "-at_install")
class TestWholeReviewInBulk(FirstImportMixin, TransactionCase):
    def test_queries_grow_with_batches_not_accounts(self):
        self.env["ir.config_parameter"].set_param("crm_client_import.batch_size", "500")
        header = ["Klant", "Voornaam", "Achternaam", "E-mail", "Gemeente"]

        def count_queries(size, prefix):
            # Every other account is in Odoo already, in another town: a change each.
            self.env["res.partner"].create(
                [{"name": f"{prefix} {n} BV", "city": "Gent"} for n in range(0, size, 2)]
            )
            rows = [
                [f"{prefix} {n} BV", "Jan", f"Peeters{n}", f"{prefix}{n}@example.com", "Brugge"]
                for n in range(size)
            ]
            job = self.Job.create_from_file(csv_bytes(header, rows), "bulk.csv")
            job.duplicate_policy = "update"
            self.env.flush_all()
            before = self.cr.sql_log_count
            job.action_review()
            self.env.flush_all()
            queries = self.cr.sql_log_count - before
            lines = job.review_line_ids.filtered(lambda line: line.bucket != "only_in_odoo")
            self.assertEqual(len(lines), size)
            self.assertEqual(len(lines.filtered("change_count")), size // 2)
            return queries

        small = count_queries(500, "Small")
        large = count_queries(2000, "Large")
        # 4 batches instead of 1, a thousand accounts in Odoo: never a query per account.
        self.assertLess(large, 6 * small)
        self.assertLess(large, 500)
