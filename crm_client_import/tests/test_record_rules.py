"""Record rules: own jobs for Users, every job of their companies for Managers, and the
same for what a job logged (records, skipped rows); wizards are their user's own;
folder templates are per company or shared."""

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import TransactionCase, tagged

from .access_common import NATIONAL_NUMBER, TwoCompaniesMixin
from .common import csv_bytes

LOGGED_MODELS = (
    "crm.client.import.record",
    "crm.client.import.change",
    "crm.client.import.row",
    "crm.client.import.review.line",
)


@tagged("post_install", "-at_install")
class TestRecordRules(TwoCompaniesMixin, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._create_two_companies()
        Job = cls.env["crm.client.import.job"]
        cls.job_b = Job.with_user(cls.user_b).create_from_file(
            csv_bytes(["Account name"], [["Client of B"]]), "clients_b.csv"
        )

    def logged(self, model_name, job):
        return self.env[model_name].search([("job_id", "=", job.id)])

    def test_the_fixture_logged_something_to_hide(self):
        for model_name in LOGGED_MODELS:
            self.assertTrue(self.logged(model_name, self.job_a), model_name)
        self.assertIn(NATIONAL_NUMBER, self.job_a.skipped_row_ids.cells)

    def test_users_see_and_change_only_their_own_jobs(self):
        Job = self.env["crm.client.import.job"]
        self.assertEqual(Job.with_user(self.user_a).search([]), self.job_a)
        self.assertFalse(Job.with_user(self.other_user_a).search([]))
        other = self.job_a.with_user(self.other_user_a)
        with self.assertRaises(AccessError):
            other.read(["name"])
        with self.assertRaises(AccessError):
            other.write({"name": "Taken over"})
        with self.assertRaises(AccessError):
            other.action_view_accounts()

    def test_users_see_only_their_own_records_and_skipped_rows(self):
        for model_name in LOGGED_MODELS:
            with self.subTest(model=model_name):
                own = self.logged(model_name, self.job_a)
                Model = self.env[model_name]
                self.assertEqual(Model.with_user(self.user_a).search([]), own)
                self.assertFalse(Model.with_user(self.other_user_a).search([]))
                self.assertFalse(Model.with_user(self.user_b).search([]))
                with self.assertRaises(AccessError):
                    own.with_user(self.other_user_a).read(["job_id"])
                with self.assertRaises(AccessError):
                    own.with_user(self.user_b).read(["job_id"])

    def test_skipped_cells_are_not_readable_through_the_job_of_someone_else(self):
        with self.assertRaises(AccessError):
            self.job_a.with_user(self.other_user_a).skipped_row_ids.mapped("cells")
        cells = self.job_a.with_user(self.user_a).skipped_row_ids.cells
        self.assertIn(NATIONAL_NUMBER, cells, "the owner gets the original cells back")

    def test_managers_see_every_job_of_their_companies_only(self):
        Job = self.env["crm.client.import.job"]
        # Other tests may leave jobs behind (committed by real processes): look at ours.
        ours = [("id", "in", (self.job_a | self.job_b).ids)]
        self.assertEqual(Job.with_user(self.manager_a).search(ours), self.job_a)
        self.assertEqual(Job.with_user(self.manager_b).search(ours), self.job_b)
        seen_by_a = Job.with_user(self.manager_a).search([])
        self.assertEqual(seen_by_a.company_id, self.company_a)
        for model_name in LOGGED_MODELS:
            own = self.logged(model_name, self.job_a)
            Model = self.env[model_name]
            logged_ours = [("job_id", "in", (self.job_a | self.job_b).ids)]
            self.assertEqual(Model.with_user(self.manager_a).search(logged_ours), own)
            self.assertFalse(Model.with_user(self.manager_b).search(logged_ours))
            seen_by_b = Model.with_user(self.manager_b).search([]).sudo()
            self.assertNotIn(self.company_a, seen_by_b.job_id.company_id)
        with self.assertRaises(AccessError):
            self.job_a.with_user(self.manager_b).read(["name"])

    def test_a_manager_of_both_companies_sees_the_jobs_of_the_active_ones(self):
        self.manager_a.company_ids |= self.company_b
        Job = self.env["crm.client.import.job"].with_user(self.manager_a)
        ours = [("id", "in", (self.job_a | self.job_b).ids)]
        only_a = Job.with_context(allowed_company_ids=[self.company_a.id])
        self.assertEqual(only_a.search(ours), self.job_a)
        both = Job.with_context(allowed_company_ids=[self.company_a.id, self.company_b.id])
        self.assertEqual(both.search(ours), self.job_a | self.job_b)

    def test_plain_and_portal_users_have_no_access_at_all(self):
        for user in (self.plain_a, self.portal):
            for model_name in ("crm.client.import.job", *LOGGED_MODELS):
                with (
                    self.subTest(user=user.login, model=model_name),
                    self.assertRaises(AccessError),
                ):
                    self.env[model_name].with_user(user).search([])

    def test_a_user_cannot_hand_a_job_to_another_company(self):
        job = self.job_a.with_user(self.user_a)
        with self.assertRaises(AccessError):
            job.write({"company_id": self.company_b.id})
        with self.assertRaises(AccessError):
            job.write({"user_id": self.other_user_a.id})
        job.write({"name": "Renamed", "user_id": self.user_a.id})
        self.assertEqual(self.job_a.company_id, self.company_a)

    def test_a_user_cannot_create_a_job_in_another_company(self):
        Job = self.env["crm.client.import.job"].with_user(self.user_b)
        with self.assertRaises(AccessError):
            Job.create_from_file(
                csv_bytes(["Account name"], [["X"]]), "x.csv", company_id=self.company_a.id
            )

    def test_wizards_are_their_users_own(self):
        Wizard = self.env["crm.client.import.wizard"]
        own = Wizard.with_user(self.user_a).create({"job_id": self.job_a.id})
        self.assertEqual(Wizard.with_user(self.user_a).search([]), own)
        self.assertFalse(Wizard.with_user(self.other_user_a).search([]))
        with self.assertRaises(AccessError):
            own.with_user(self.other_user_a).action_next_step()
        with self.assertRaises(AccessError):
            own.with_user(self.other_user_a).write({"step": "review"})

    def test_a_wizard_cannot_be_pointed_at_someone_elses_job(self):
        Wizard = self.env["crm.client.import.wizard"]
        for user in (self.other_user_a, self.user_b):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                Wizard.with_user(user).create({"job_id": self.job_a.id})
        own = Wizard.with_user(self.other_user_a).create({})
        with self.assertRaises(AccessError):
            own.write({"job_id": self.job_a.id})
        self.assertNotEqual(own.job_id, self.job_a)

    def test_folder_templates_are_per_company_or_shared(self):
        Template = self.env["crm.client.folder.template"]
        shared = self.env.ref("crm_client_import.folder_template_tax_years")
        self.assertFalse(shared.company_id)
        template_b = Template.create({"name": "Template of B", "company_id": self.company_b.id})
        seen_by_a = Template.with_user(self.user_a).search([])
        seen_by_b = Template.with_user(self.user_b).search([])
        self.assertIn(shared, seen_by_a)
        self.assertIn(shared, seen_by_b)
        self.assertIn(self.template_a, seen_by_a)
        self.assertNotIn(template_b, seen_by_a)
        self.assertNotIn(self.template_a, seen_by_b)
        lines = self.env["crm.client.folder.template.line"].with_user(self.user_b).search([])
        self.assertNotIn(self.template_a.line_ids, lines)
        with self.assertRaises(AccessError):
            self.template_a.with_user(self.user_b).read(["name"])

    def test_only_managers_change_folder_templates(self):
        with self.assertRaises(AccessError):
            self.template_a.with_user(self.user_a).write({"name": "Mine"})
        self.template_a.with_user(self.manager_a).write({"name": "Renamed"})
        with self.assertRaises(AccessError):
            self.template_a.with_user(self.manager_b).write({"name": "Taken"})

    def test_a_job_cannot_use_another_companys_folder_template(self):
        template_b = self.env["crm.client.folder.template"].create(
            {"name": "Template of B", "company_id": self.company_b.id}
        )
        job = self.env["crm.client.import.job"].create({"company_id": self.company_a.id})
        with self.assertRaises(UserError) as caught:
            job.folder_template_id = template_b
            job.flush_recordset()
        self.assertIn("compan", str(caught.exception).lower())

    def test_client_folders_follow_their_clients_company(self):
        folder = self.env["crm.client.folder"].create(
            {"name": "Folder of A", "partner_id": self.partner_a.id}
        )
        Folder = self.env["crm.client.folder"]
        self.assertIn(folder, Folder.with_user(self.plain_a).search([]))
        self.assertNotIn(folder, Folder.with_user(self.user_b).search([]))

    def test_portal_grants_need_partner_manager_rights(self):
        partner_a = self.partner_a.with_user(self.user_a)
        partner_a._client_check_portal_rights()
        self.user_a.groups_id -= self.env.ref("base.group_partner_manager")
        with self.assertRaises(AccessError):
            partner_a._client_check_portal_rights()
        with self.assertRaises(AccessError):
            self.partner_a.with_user(self.plain_a)._client_check_portal_rights()
        partner_b = self.env["res.partner"].create(
            {"name": "Client of B", "company_id": self.company_b.id}
        )
        self.assertTrue(self.manager_a.has_group("base.group_partner_manager"))
        with self.assertRaises(AccessError):
            partner_b.with_user(self.manager_a)._client_check_portal_rights()

    def test_a_user_imports_but_cannot_forge_the_undo_log(self):
        self.assertEqual(self.job_a.user_id, self.user_a, "a plain User ran the fixture import")
        self.assertTrue(self.job_a.record_ids)
        values = {
            "job_id": self.job_a.id,
            "partner_id": self.partner_a.id,
            "kind": "account",
            "action": "updated",
        }
        with self.assertRaises(AccessError):
            self.env["crm.client.import.record"].with_user(self.user_a).create(values)
        with self.assertRaises(AccessError):
            self.job_a.record_ids[:1].with_user(self.user_a).write({"file_values": {}})
        with self.assertRaises(AccessError):
            self.env["crm.client.import.change"].with_user(self.user_a).create(
                {
                    "job_id": self.job_a.id,
                    "kind": "partner_updated",
                    "partner_id": self.partner_a.id,
                    "previous_values": {"name": "Forged"},
                }
            )
        with self.assertRaises(AccessError):
            self.job_a.change_ids[:1].with_user(self.user_a).write({"previous_values": {}})
        with self.assertRaises(AccessError):
            self.env["crm.client.import.row"].with_user(self.user_a).create(
                {"job_id": self.job_a.id, "row_number": 9, "outcome": "skipped"}
            )

    def test_team_members_come_from_the_jobs_company(self):
        job = self.job_b.with_user(self.user_b)
        with self.assertRaises(UserError):
            job.write({"assignee_ids": [Command.link(self.user_a.id)]})
        job.write({"assignee_ids": [Command.link(self.manager_b.id)]})
        self.assertEqual(job.assignee_ids, self.manager_b)
