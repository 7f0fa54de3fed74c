from odoo.exceptions import AccessError
from odoo.tests import HttpCase, tagged
from odoo.tests.common import JsonRpcException

from .common import ClientImportUsersMixin


@tagged("post_install", "-at_install")
class TestImportAccess(ClientImportUsersMixin, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._create_import_users()

    def _rpc_create(self, login, model):
        self.authenticate(login, login)
        return self.make_jsonrpc_request(
            "/web/dataset/call_kw",
            {"model": model, "method": "create", "args": [{}], "kwargs": {}},
        )

    def test_settings_admin_is_import_manager(self):
        admin = self.env.ref("base.user_admin")
        self.assertTrue(admin.has_group("crm_client_import.group_client_import_manager"))
        self.assertTrue(admin.has_group("crm_client_import.group_client_import_user"))
        self.assertFalse(self.plain_user.has_group("crm_client_import.group_client_import_user"))

    def test_manager_implies_user(self):
        self.assertTrue(self.import_manager.has_group("crm_client_import.group_client_import_user"))

    def test_user_without_group_is_refused_over_rpc(self):
        for model in ("crm.client.import.wizard", "crm.client.import.job"):
            with self.subTest(model=model), self.assertRaises(JsonRpcException) as caught:
                self._rpc_create("cci_plain", model)
            self.assertEqual(caught.exception.args[0], "odoo.exceptions.AccessError")

    def test_user_without_group_is_refused_in_orm(self):
        for model in ("crm.client.import.wizard", "crm.client.import.job"):
            with self.subTest(model=model), self.assertRaises(AccessError):
                self.env[model].with_user(self.plain_user).create({})

    def test_admin_can_create_over_rpc(self):
        self.authenticate("admin", "admin")
        wizard_id = self.make_jsonrpc_request(
            "/web/dataset/call_kw",
            {
                "model": "crm.client.import.wizard",
                "method": "create",
                "args": [{"import_kind": "contacts"}],
                "kwargs": {},
            },
        )
        wizard = self.env["crm.client.import.wizard"].browse(wizard_id)
        self.assertEqual(wizard.job_id.import_kind, "contacts")
        self.assertEqual(wizard.job_id.user_id, self.env.ref("base.user_admin"))

    def test_users_see_only_their_own_jobs(self):
        Job = self.env["crm.client.import.job"]
        own_job = Job.with_user(self.import_user).create({})
        manager_job = Job.with_user(self.import_manager).create({})
        self.assertEqual(Job.with_user(self.import_user).search([]), own_job)
        self.assertEqual(
            Job.with_user(self.import_manager).search([("id", "in", (own_job | manager_job).ids)]),
            own_job | manager_job,
        )

    def test_menu_and_button_are_for_the_groups_only(self):
        menu = self.env.ref("crm_client_import.menu_import_clients")
        visible_for_plain = self.env["ir.ui.menu"].with_user(self.plain_user)._visible_menu_ids()
        visible_for_user = self.env["ir.ui.menu"].with_user(self.import_user)._visible_menu_ids()
        self.assertNotIn(menu.id, visible_for_plain)
        self.assertIn(menu.id, visible_for_user)
        for user, expected in ((self.plain_user, False), (self.import_user, True)):
            arch = (
                self.env["res.partner"]
                .with_user(user)
                .get_views([(False, "list")])["views"]["list"]["arch"]
            )
            self.assertEqual("o_client_import_button" in arch, expected, user.login)
